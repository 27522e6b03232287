namespace NfAtip
{
    /// <summary>
    /// Finding a byte with the runtime's native search. Array.IndexOf is native in nanoCLR (a memcmp loop; mscorlib's
    /// wrapper runs 8 IL a call), so scanning for a delimiter costs no interpreted IL per byte (issue H: the DLE coding
    /// loops ran 25–28 IL a byte). The byte is passed boxed, boxed once by the caller: nanoCLR boxes on the heap, and a
    /// box per search would allocate.
    /// </summary>
    public static class ByteSearch
    {
        /// <summary>The first <paramref name="boxedByte"/> in data[from, end), or <paramref name="end"/>.</summary>
        public static int Next(byte[] data, object boxedByte, int from, int end)
        {
            if (from >= end) return end;
            int k = System.Array.IndexOf(data, boxedByte, from, end - from);
            return k < 0 ? end : k;
        }

        /// <summary>The first <paramref name="boxedA"/> or <paramref name="boxedB"/> in data[from, end), or <paramref name="end"/>: two searches for one call.</summary>
        public static int NextOf(byte[] data, object boxedA, object boxedB, int from, int end)
        {
            if (from >= end) return end;
            int k = System.Array.IndexOf(data, boxedA, from, end - from);
            if (k >= 0) end = k;
            k = System.Array.IndexOf(data, boxedB, from, end - from);
            return k < 0 ? end : k;
        }
    }
}
