using NfAtip.At;

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

        /// <summary>Sends payload bytes to the host with ETX and DLE escaped.</summary>
        public static void Encode(byte[] source, int offset, int count, ResponseWriter host)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = source[i];
                if (b == Etx || b == Escape) host.Byte(Escape);
                host.Byte(b);
            }
        }
    }

    /// <summary>
    /// Undoes DLE coding of host data, one chunk at a time: a DLE at the end of one chunk escapes the
    /// first byte of the next. DLE followed by any byte stands for that byte. Decoding stops at the
    /// first unescaped ETX.
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

        /// <summary>Decodes <paramref name="count"/> bytes into <paramref name="destination"/> (room for count bytes); returns the payload length.</summary>
        public int Decode(byte[] source, int offset, int count, byte[] destination, int at)
        {
            int written = 0;
            int i = 0;
            while (i < count && !EndSeen)
            {
                byte b = source[offset + i++];
                if (_escaped)
                {
                    _escaped = false;
                    destination[at + written++] = b;
                }
                else if (b == Dle.Escape)
                {
                    _escaped = true;
                }
                else if (b == Dle.Etx)
                {
                    EndSeen = true;
                }
                else
                {
                    destination[at + written++] = b;
                }
            }
            Consumed = i;
            return written;
        }
    }
}
