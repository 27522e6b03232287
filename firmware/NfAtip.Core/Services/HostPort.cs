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
        private const int Size = 256;

        private readonly ISerialLine _line;
        private bool _closed;

        /// <summary>
        /// The receive buffer: the pending bytes are Buffer[Next, End). Fields, not properties, as the command
        /// interpreter reads them for every line it takes and moves Next past the bytes it took (issue H: a
        /// property is a call on nanoCLR). Others read them only, and take bytes through <see cref="Take"/>,
        /// <see cref="Read"/> and <see cref="Skip"/>.
        /// </summary>
        public readonly byte[] Buffer = new byte[Size];

        /// <summary>Index in <see cref="Buffer"/> of the first pending byte.</summary>
        public int Next;

        /// <summary>Index in <see cref="Buffer"/> after the last pending byte.</summary>
        public int End;

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

        /// <summary>Bytes received and not yet taken.</summary>
        public int Pending
        {
            get { return End - Next; }
        }

        /// <summary>
        /// Makes sure some bytes are pending, waiting at most <paramref name="timeoutMs"/>. Returns the
        /// number pending, 0 when none arrived in time, -1 once the line is closed and drained.
        /// </summary>
        public int Fill(int timeoutMs)
        {
            if (Next < End) return End - Next;
            if (_closed) return -1;
            int n = _line.Read(Buffer, 0, Size, timeoutMs);
            if (n < 0)
            {
                _closed = true;
                return -1;
            }
            Next = 0;
            End = n;
            return n;
        }

        /// <summary>Takes the next pending byte; call only while <see cref="Pending"/> is above 0.</summary>
        public byte Take()
        {
            return Buffer[Next++];
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
            System.Array.Copy(Buffer, Next, destination, offset, n);
            Next += n;
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
            int pending = End - Next;
            int n = pending < count ? pending : count;
            System.Array.Copy(Buffer, Next, destination, offset, n);
            return n;
        }

        /// <summary>Takes (drops) the next <paramref name="count"/> pending bytes; at most <see cref="Pending"/>.</summary>
        public void Skip(int count)
        {
            Next += count;
        }
    }
}
