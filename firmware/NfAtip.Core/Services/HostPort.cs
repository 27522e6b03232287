using NfAtip.Platform;

namespace NfAtip.Services
{
    /// <summary>
    /// The host line's receive side, shared by the command interpreter and the data-mode services.
    /// Bytes arrive in chunks; a command that switches to data mode (AT#PUTMAIL, AT#FTPPUT, AT#OTCP …)
    /// may be followed in the same chunk by the first data bytes, so the service must read on from
    /// exactly where the interpreter stopped: both take bytes from this one buffer.
    /// </summary>
    public sealed class HostPort
    {
        private readonly ISerialLine _line;
        private readonly byte[] _buffer = new byte[256];
        private int _next;
        private int _count;
        private bool _closed;

        public HostPort(ISerialLine line)
        {
            _line = line;
        }

        /// <summary>The serial line itself (for writes and line settings).</summary>
        public ISerialLine Line
        {
            get { return _line; }
        }

        /// <summary>True once the line reported end of stream.</summary>
        public bool Closed
        {
            get { return _closed; }
        }

        /// <summary>The receive buffer: the pending bytes are Buffer[Next, Next + Pending), for a reader that takes a block and then <see cref="Skip"/>s what it used.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Index in <see cref="Buffer"/> of the first pending byte.</summary>
        public int Next
        {
            get { return _next; }
        }

        /// <summary>Bytes received and not yet taken.</summary>
        public int Pending
        {
            get { return _count - _next; }
        }

        /// <summary>
        /// Makes sure some bytes are pending, waiting at most <paramref name="timeoutMs"/>. Returns the
        /// number pending, 0 when none arrived in time, -1 once the line is closed and drained.
        /// </summary>
        public int Fill(int timeoutMs)
        {
            if (_next < _count) return _count - _next;
            if (_closed) return -1;
            int n = _line.Read(_buffer, 0, _buffer.Length, timeoutMs);
            if (n < 0)
            {
                _closed = true;
                return -1;
            }
            _next = 0;
            _count = n;
            return n;
        }

        /// <summary>Takes the next pending byte; call only while <see cref="Pending"/> is above 0.</summary>
        public byte Take()
        {
            return _buffer[_next++];
        }

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes: pending ones first, else waits at most
        /// <paramref name="timeoutMs"/>. Returns bytes read, 0 on timeout, -1 when the line is closed.
        /// </summary>
        public int Read(byte[] destination, int offset, int count, int timeoutMs)
        {
            int available = Fill(timeoutMs);
            if (available <= 0) return available;
            int n = available < count ? available : count;
            System.Array.Copy(_buffer, _next, destination, offset, n);
            _next += n;
            return n;
        }

        /// <summary>
        /// Copies up to <paramref name="count"/> pending bytes into <paramref name="destination"/>
        /// without taking them (no wait, no line read); returns how many. With <see cref="Skip"/> this
        /// lets a reader look at a block and then take only the part it used, so the bytes after a
        /// closing ETX stay here for the command interpreter.
        /// </summary>
        public int Peek(byte[] destination, int offset, int count)
        {
            int pending = _count - _next;
            int n = pending < count ? pending : count;
            System.Array.Copy(_buffer, _next, destination, offset, n);
            return n;
        }

        /// <summary>Takes (drops) the next <paramref name="count"/> pending bytes; at most <see cref="Pending"/>.</summary>
        public void Skip(int count)
        {
            _next += count;
        }
    }
}
