namespace NfAtip.Services.DataMode
{
    /// <summary>
    /// DLE coding on the host line (chapters 4–5): in data mode an ETX not preceded by DLE marks the
    /// end of the data (or a close request), so ETX and DLE inside the payload travel as DLE ETX and
    /// DLE DLE. Used by FTP in both directions and by TCP sockets when DLEMODE is 1.
    /// </summary>
    public static class Dle
    {
        public const byte Etx = 0x03;
        public const byte Escape = 0x10;

        // Boxed once, for ByteSearch.Next.
        internal static readonly object BoxedEtx = Etx;
        internal static readonly object BoxedEscape = Escape;

        /// <summary>
        /// Codes payload bytes into <paramref name="destination"/>, which must have room for
        /// 2 × <paramref name="count"/> bytes (the worst case: every byte escaped). Returns the coded
        /// length. The data pump uses this to hand the UART one write per chunk instead of one call
        /// per byte.
        /// </summary>
        public static int EncodeInto(byte[] source, int offset, int count, byte[] destination, int at)
        {
            int start = at;
            int end = offset + count;
            int i = offset;
            // Runs of ordinary bytes between the bytes to escape go over in one block copy each.
            int nextEtx = ByteSearch.Next(source, BoxedEtx, i, end);
            int nextEscape = ByteSearch.Next(source, BoxedEscape, i, end);
            while (true)
            {
                int stop = nextEtx < nextEscape ? nextEtx : nextEscape;
                if (stop > i)
                {
                    System.Array.Copy(source, i, destination, at, stop - i);
                    at += stop - i;
                    i = stop;
                }
                if (i == end) break;
                destination[at++] = Escape;
                destination[at++] = source[i];
                if (i == nextEtx) nextEtx = ByteSearch.Next(source, BoxedEtx, i + 1, end);
                else nextEscape = ByteSearch.Next(source, BoxedEscape, i + 1, end);
                i++;
            }
            return at - start;
        }
    }

    /// <summary>
    /// Undoes DLE coding of host data, one chunk (or one byte) at a time: a DLE at the end of one
    /// chunk escapes the first byte of the next. DLE followed by any byte stands for that byte.
    /// Decoding stops at the first unescaped ETX.
    /// </summary>
    public sealed class DleDecoder
    {
        private bool _escaped;

        /// <summary>True once an unescaped ETX was seen (the end of the data).</summary>
        public bool EndSeen;

        /// <summary>Source bytes used by the last <see cref="Decode"/> (the ETX included).</summary>
        public int Consumed;

        public void Reset()
        {
            _escaped = false;
            EndSeen = false;
            Consumed = 0;
        }

        /// <summary>
        /// Decodes <paramref name="count"/> bytes into <paramref name="destination"/> (room for count
        /// bytes); returns the payload length. Stops after the first unescaped ETX (nothing is decoded
        /// once <see cref="EndSeen"/>); <see cref="Consumed"/> tells how many source bytes were used,
        /// so a caller can leave the rest (the next command line) where it was. One loop, no call per
        /// byte: the path every service's host → network data takes (TCP pump, FTPPUT).
        /// </summary>
        public int Decode(byte[] source, int offset, int count, byte[] destination, int at)
        {
            if (EndSeen)
            {
                Consumed = 0;
                return 0;
            }
            int i = offset;
            int end = offset + count;
            int w = at;
            bool escaped = _escaped;
            // Runs of ordinary bytes go over in one block copy each (the next DLE and ETX found natively,
            // ByteSearch.Next); a search result stays valid until the run reaches it. Overlap-safe: w never passes i
            // (FTPPUT decodes in place), and Array.Copy moves overlapping ranges correctly.
            int nextEtx = -1;
            int nextEscape = -1;
            while (i < end)
            {
                if (escaped)
                {
                    escaped = false;
                    destination[w++] = source[i++];
                    continue;
                }
                if (nextEtx < i) nextEtx = ByteSearch.Next(source, Dle.BoxedEtx, i, end);
                if (nextEscape < i) nextEscape = ByteSearch.Next(source, Dle.BoxedEscape, i, end);
                int stop = nextEtx < nextEscape ? nextEtx : nextEscape;
                if (stop > i)
                {
                    System.Array.Copy(source, i, destination, w, stop - i);
                    w += stop - i;
                    i = stop;
                }
                if (i == end) break;
                if (source[i++] == Dle.Escape)
                {
                    escaped = true;
                    continue;
                }
                EndSeen = true; // an unescaped ETX
                break;
            }
            _escaped = escaped;
            Consumed = i - offset;
            return w - at;
        }
    }
}
