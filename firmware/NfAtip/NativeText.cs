using System;
using System.Text;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// The board's block copy of text: nanoCLR keeps a string as UTF-8, and its UTF8Encoding.GetBytes is native
    /// (a memcpy of those bytes), one call where the core's loop runs ~20 IL instructions a character.
    /// </summary>
    internal sealed class NativeText : ITextEncoder
    {
        private readonly Encoding _utf8 = Encoding.UTF8;

        public int Encode(string text, int index, int count, byte[] bytes, int at)
        {
            try
            {
                // ASCII text gives count bytes; anything else more, which the caller then rewrites.
                return _utf8.GetBytes(text, index, count, bytes, at);
            }
            catch (ArgumentException)
            {
                // Non-ASCII text that would not fit: nanoCLR checks the room before it copies, so nothing was written.
                return -1;
            }
        }
    }
}
