namespace NfAtip.Platform
{
    /// <summary>
    /// The board's status LED. Whoever owns the link state (the connection manager, issue C) calls
    /// <see cref="Show"/> when it changes; the board blinks the pattern on its own timer so the caller
    /// never waits on it.
    /// </summary>
    public interface IStatusLed
    {
        /// <summary>Shows one of the <see cref="StatusLedPattern"/> constants.</summary>
        void Show(int pattern);
    }

    /// <summary>What the LED shows. Values are stable: the board profile documentation refers to them.</summary>
    public static class StatusLedPattern
    {
        /// <summary>Dark.</summary>
        public const int Off = 0;
        /// <summary>Steady on: firmware starting, module being powered.</summary>
        public const int Booting = 1;
        /// <summary>Short flash every 2 s: idle, module answering, no link.</summary>
        public const int Idle = 2;
        /// <summary>Flash twice a second: no radio coverage (#NO SERVICE) or module not answering.</summary>
        public const int NoService = 3;
        /// <summary>Fast blink (5 Hz): dialling, authenticating or disconnecting.</summary>
        public const int Connecting = 4;
        /// <summary>Long on, short off: link up (CONNECTED).</summary>
        public const int Connected = 5;
    }

    /// <summary>A board without a status LED (the virtual board, tests).</summary>
    public sealed class NoStatusLed : IStatusLed
    {
        public static readonly NoStatusLed Instance = new NoStatusLed();

        public void Show(int pattern) { }
    }
}
