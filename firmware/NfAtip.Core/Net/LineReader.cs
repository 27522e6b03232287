using NfAtip.Platform;

namespace NfAtip.Net
{
    /// <summary>
    /// Reads CR LF (or bare LF) terminated lines from a TCP connection into a fixed buffer: the one
    /// reply reader under the SMTP, POP3 and FTP clients. A line longer than the buffer is cut
    /// (<see cref="Truncated"/>) and the rest of it skipped, so a hostile server sending a 10 MB line
    /// costs time, never memory. Bytes that arrive after a line stay buffered for
    /// <see cref="ReadRaw"/>, so a client can switch from lines to a raw stream without losing any.
    /// </summary>
    public sealed class LineReader
    {
        private readonly IClock _clock;
        private readonly byte[] _buffer;
        private int _next;
        private int _count;
        private ITcpConnection _connection;
        private bool _complete;
        private int _capacity;   // bytes of Line a line may fill: Line.Length, or less for this connection

        /// <summary>The last complete line, without its line end (valid up to <see cref="Length"/>).</summary>
        public readonly byte[] Line;

        public int Length;

        /// <summary>True when the last line was longer than <see cref="Line"/> and was cut.</summary>
        public bool Truncated;

        /// <summary>
        /// Bytes one line may take, its skipped rest included (spec decision N1): an endless line is ended
        /// here as a cut line (garbage to every caller) instead of being read until the reply's deadline.
        /// The rest of it is skipped by the next read, within the same bound.
        /// </summary>
        public const int MaxLineBytes = 16 * 1024 * 1024;

        private int _lineBytes;  // bytes of the current line so far, its skipped part included
        private bool _skipRest;  // the last line was ended at MaxLineBytes: its rest comes first

        public LineReader(IClock clock, int lineCapacity, int bufferSize)
        {
            _clock = clock;
            Line = new byte[lineCapacity];
            _capacity = lineCapacity;
            _buffer = new byte[bufferSize];
        }

        /// <summary>Starts reading a new connection (drops anything buffered from the previous one).</summary>
        public void Attach(ITcpConnection connection)
        {
            Attach(connection, Line.Length);
        }

        /// <summary>The same, keeping at most <paramref name="lineCapacity"/> bytes of a line (longer ones are cut, <see cref="Truncated"/>).</summary>
        public void Attach(ITcpConnection connection, int lineCapacity)
        {
            _capacity = lineCapacity < Line.Length ? lineCapacity : Line.Length;
            _connection = connection;
            _next = 0;
            _count = 0;
            Length = 0;
            Truncated = false;
            _complete = false;
            _lineBytes = 0;
            _skipRest = false;
        }

        /// <summary>
        /// Reads the next line within <paramref name="timeoutMs"/>. Returns 1 with the line in
        /// <see cref="Line"/>/<see cref="Length"/>, 0 on timeout (a partial line is kept for the next
        /// call), -1 when the connection closed or failed.
        /// </summary>
        public int ReadLine(int timeoutMs)
        {
            if (_complete)
            {
                Length = 0;
                // The rest of a line ended at MaxLineBytes is no line of its own: it is cut as well.
                Truncated = _skipRest;
                _skipRest = false;
                _complete = false;
                _lineBytes = 0;
            }
            long deadline = _clock.TickMs + timeoutMs;
            while (true)
            {
                while (_next < _count)
                {
                    byte b = _buffer[_next++];
                    if (b == 10)
                    {
                        if (!Truncated && Length > 0 && Line[Length - 1] == 13) Length--;
                        _complete = true;
                        return 1;
                    }
                    if (Length < _capacity) Line[Length++] = b;
                    else Truncated = true; // the rest of an overlong line is skipped
                    if (++_lineBytes >= MaxLineBytes)
                    {
                        Truncated = true;
                        _skipRest = true;
                        _complete = true;
                        return 1;
                    }
                }
                int wait = (int)(deadline - _clock.TickMs);
                if (wait < 0) return 0;
                int n = _connection.Read(_buffer, 0, _buffer.Length, wait);
                if (n < 0) return -1;
                if (n == 0 && _clock.TickMs >= deadline) return 0;
                _next = 0;
                _count = n;
            }
        }

        /// <summary>True when the last line starts with <paramref name="prefix"/> (ASCII, case-sensitive).</summary>
        public bool StartsWith(string prefix)
        {
            if (Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (Line[i] != (byte)prefix[i]) return false;
            }
            return true;
        }

        /// <summary>
        /// The reply code of an SMTP or FTP reply line (RFC 5321 4.2, RFC 959 4.2: three digits, the first 1-5,
        /// then the line's end, a space or '-'), or -1 for anything else: a line with a control character
        /// other than HT in it is garbage too, whatever its first bytes ("250\0\0" is no 250). A line cut
        /// at the buffer's size keeps its code (FTP's PASV numbers come first).
        /// </summary>
        public int ReplyCode()
        {
            if (Length < 3 || HasControl()) return -1;
            if (Length > 3 && Line[3] != (byte)' ' && Line[3] != (byte)'-') return -1;
            int code = 0;
            for (int i = 0; i < 3; i++)
            {
                int d = Line[i] - '0';
                if (d < 0 || d > 9) return -1;
                code = code * 10 + d;
            }
            return code >= 100 && code < 600 ? code : -1;
        }

        /// <summary>
        /// True when the line is the POP3 status <paramref name="status"/> ("+OK", "-ERR"; RFC 1939 3): the
        /// whole first word, then the line's end or a space, and no control character other than HT.
        /// </summary>
        public bool IsStatus(string status)
        {
            if (!StartsWith(status) || HasControl()) return false;
            return Length == status.Length || Line[status.Length] == (byte)' ';
        }

        /// <summary>A byte below 32 (HT excepted) or DEL in the line: no reply line has one.</summary>
        private bool HasControl()
        {
            for (int i = 0; i < Length; i++)
            {
                byte b = Line[i];
                if ((b < 32 && b != 9) || b == 127) return true;
            }
            return false;
        }

        /// <summary>
        /// Raw bytes after the last line: what is already buffered first, then the connection.
        /// Returns bytes read, 0 on timeout, -1 when the connection closed.
        /// </summary>
        public int ReadRaw(byte[] destination, int offset, int count, int timeoutMs)
        {
            if (_next < _count)
            {
                int n = _count - _next < count ? _count - _next : count;
                for (int i = 0; i < n; i++) destination[offset + i] = _buffer[_next + i];
                _next += n;
                return n;
            }
            return _connection.Read(destination, offset, count, timeoutMs);
        }
    }
}
