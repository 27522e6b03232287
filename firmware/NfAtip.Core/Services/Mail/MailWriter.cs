using NfAtip.Platform;

namespace NfAtip.Services.Mail
{
    /// <summary>
    /// Collects what the SMTP client sends (commands, headers, body) in one fixed buffer and writes
    /// it to the connection in chunks: nothing is allocated per byte, per line or per message. A
    /// failed write sets <see cref="Failed"/>; later bytes are then dropped, so a long body pumped
    /// after a dead connection costs no memory and the caller checks once.
    /// </summary>
    public sealed class MailWriter
    {
        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        private readonly byte[] _buffer;
        private readonly char[] _digits = new char[20];
        private int _count;
        private ITcpConnection _connection;

        /// <summary>True once a write to the connection failed.</summary>
        public bool Failed;

        public MailWriter(int size)
        {
            _buffer = new byte[size];
        }

        /// <summary>A writer over a buffer it borrows (<see cref="ServiceBuffers.Out"/>).</summary>
        public MailWriter(byte[] buffer)
        {
            _buffer = buffer;
        }

        /// <summary>Starts writing to a new connection (drops anything unsent).</summary>
        public void Attach(ITcpConnection connection)
        {
            _connection = connection;
            _count = 0;
            Failed = false;
        }

        public void Detach()
        {
            _connection = null;
            _count = 0;
        }

        public void Byte(byte b)
        {
            if (_count == _buffer.Length) Flush();
            _buffer[_count++] = b;
        }

        /// <summary>ASCII text; anything outside ASCII becomes '?' (the settings are ASCII already).</summary>
        public void Text(string text)
        {
            if (text == null) return;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                Byte(c < (char)0x80 ? (byte)c : (byte)'?');
            }
        }

        public void CrLf()
        {
            Byte(13);
            Byte(10);
        }

        /// <summary>A non-negative number, zero-padded to at least <paramref name="width"/> digits.</summary>
        public void Number(long value, int width)
        {
            if (value < 0) value = 0;
            int n = 0;
            do
            {
                _digits[n++] = (char)('0' + (int)(value % 10));
                value /= 10;
            } while (value > 0 && n < _digits.Length);
            while (n < width && n < _digits.Length) _digits[n++] = '0';
            while (n > 0) Byte((byte)_digits[--n]);
        }

        /// <summary>
        /// RFC 4648 Base64 of the bytes, written straight into the buffer (AUTH PLAIN/LOGIN). By
        /// hand: Convert.ToBase64String would allocate a string per call.
        /// </summary>
        public void Base64(byte[] data, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            while (end - i >= 3)
            {
                int v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                Byte((byte)Base64Alphabet[(v >> 18) & 63]);
                Byte((byte)Base64Alphabet[(v >> 12) & 63]);
                Byte((byte)Base64Alphabet[(v >> 6) & 63]);
                Byte((byte)Base64Alphabet[v & 63]);
                i += 3;
            }
            int rest = end - i;
            if (rest == 1)
            {
                int v = data[i] << 16;
                Byte((byte)Base64Alphabet[(v >> 18) & 63]);
                Byte((byte)Base64Alphabet[(v >> 12) & 63]);
                Byte((byte)'=');
                Byte((byte)'=');
            }
            else if (rest == 2)
            {
                int v = (data[i] << 16) | (data[i + 1] << 8);
                Byte((byte)Base64Alphabet[(v >> 18) & 63]);
                Byte((byte)Base64Alphabet[(v >> 12) & 63]);
                Byte((byte)Base64Alphabet[(v >> 6) & 63]);
                Byte((byte)'=');
            }
        }

        /// <summary>Sends what is buffered; false when this or an earlier write failed.</summary>
        public bool Flush()
        {
            if (_count > 0 && !Failed && _connection != null)
            {
                if (!_connection.Write(_buffer, 0, _count)) Failed = true;
            }
            _count = 0;
            return !Failed && _connection != null;
        }
    }
}
