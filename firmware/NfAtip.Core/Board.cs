using NfAtip.Platform;

namespace NfAtip
{
    /// <summary>
    /// The whole smart modem: wires the host line, the radio, the settings store and the clock to the
    /// AT interpreter. A platform builds one and calls <see cref="Run"/> (or <see cref="Start"/> then
    /// <see cref="Step"/> from its own loop).
    /// </summary>
    public sealed class Board
    {
        private readonly ISerialLine _host;
        private readonly byte[] _rx = new byte[256];

        public Board(ISerialLine host, ISerialLine radio, IFlash flash, IClock clock, INetwork network, BoardIdentity identity)
        {
            _host = host;
        }

        /// <summary>Loads the settings (defaults when the store is blank) and applies the line settings.</summary>
        public void Start()
        {
        }

        /// <summary>
        /// Handles whatever the host sent within <paramref name="waitMs"/>, and any radio output.
        /// Returns false once the host line is closed for good.
        /// </summary>
        public bool Step(int waitMs)
        {
            int n = _host.Read(_rx, 0, _rx.Length, waitMs);
            if (n < 0) return false;
            if (n > 0) _host.Write(_rx, 0, n);
            return true;
        }

        /// <summary>Starts the board and serves the host line until it closes.</summary>
        public void Run()
        {
            Start();
            while (Step(50)) { }
        }
    }
}
