namespace NfAtip.Platform
{
    /// <summary>
    /// Copies text into bytes in one call. Everything the board sends the host as text is ASCII (values are
    /// checked at entry and at load, radio lines are made ASCII as they are read), so the copy is a byte per
    /// character — on the board nanoCLR's native UTF-8 encoder, a memcpy of the string's own bytes. Copying
    /// char by char in IL costs ~20 instructions a character there, and each string indexer call walks the
    /// string from its start (nanoCLR keeps strings as UTF-8): AT#VALL spent two thirds of its IL so (issue H).
    /// </summary>
    public interface ITextEncoder
    {
        /// <summary>
        /// Writes <paramref name="count"/> characters of <paramref name="text"/> from <paramref name="index"/> into
        /// <paramref name="bytes"/> at <paramref name="at"/> and returns the number of bytes written. Any other result
        /// than <paramref name="count"/> means the text was not ASCII (or did not fit): the caller writes those characters
        /// itself. Never writes outside <paramref name="bytes"/>.
        /// </summary>
        int Encode(string text, int index, int count, byte[] bytes, int at);
    }
}
