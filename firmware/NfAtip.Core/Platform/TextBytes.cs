namespace NfAtip.Platform
{
    /// <summary>Text into bytes, one byte a character, through the platform's <see cref="ITextEncoder"/> when it has one.</summary>
    public static class TextBytes
    {
        /// <summary>
        /// Writes <paramref name="count"/> characters of <paramref name="text"/> from <paramref name="index"/> at
        /// <paramref name="at"/>: the encoder's block copy, or the loop below when there is none or the text is not
        /// ASCII (then each character outside ASCII becomes '?'). Exactly <paramref name="count"/> bytes either way.
        /// </summary>
        public static void Put(ITextEncoder encoder, string text, int index, int count, byte[] bytes, int at)
        {
            if (encoder != null && encoder.Encode(text, index, count, bytes, at) == count) return;
            int end = index + count;
            for (int i = index; i < end; i++)
            {
                char c = text[i];
                bytes[at++] = c < (char)0x80 ? (byte)c : (byte)'?';
            }
        }
    }
}
