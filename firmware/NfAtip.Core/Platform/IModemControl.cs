namespace NfAtip.Platform
{
    /// <summary>
    /// The module's control lines, for the radio driver (issue C): power key, reset, DTR and the ring
    /// indicator. The board drives GPIOs per its board profile; the virtual board and the tests use
    /// <see cref="NoModemControl"/>. Every call may block for the pulse it makes (about 1–3 s for the
    /// power key), so the driver calls them from its own state machine, never while a host answer is due.
    /// </summary>
    public interface IModemControl
    {
        /// <summary>False when the board wired none of the lines: the driver then relies on AT commands alone.</summary>
        bool HasPowerKey { get; }

        /// <summary>Switches the module on: supply enable (if the board has one), then the power-key pulse.</summary>
        void PowerOn();

        /// <summary>Switches the module off with the power key (it logs off the network first).</summary>
        void PowerOff();

        /// <summary>Emergency reset through the RESET line, for a module that answers neither AT nor the power key.</summary>
        void Reset();

        /// <summary>Drives DTR: true = asserted (module may not sleep; in data mode a drop hangs up when AT&amp;D says so).</summary>
        void SetDtr(bool asserted);

        /// <summary>True while the module holds RI asserted (an incoming call or a URC pulse).</summary>
        bool RingIndicator { get; }

        /// <summary>
        /// Count of RI assertions seen since start (wraps). The driver polls it from its loop: a change means
        /// the module signalled a call or a URC even if the UART bytes are still on their way.
        /// </summary>
        int RingCount { get; }

        /// <summary>
        /// The driver has told the module from AT+CGMM: its row's press and boot times apply from now on
        /// (the next recovery's power cycle or reset), except those the board profile sets itself.
        /// </summary>
        void UseModule(NfAtip.Radio.ModuleProfile module);
    }

    /// <summary>A board without control lines (the virtual board, tests): every operation is a no-op.</summary>
    public sealed class NoModemControl : IModemControl
    {
        public static readonly NoModemControl Instance = new NoModemControl();

        public bool HasPowerKey { get { return false; } }

        public void PowerOn() { }

        public void PowerOff() { }

        public void Reset() { }

        public void SetDtr(bool asserted) { }

        public bool RingIndicator { get { return false; } }

        public int RingCount { get { return 0; } }
        public void UseModule(NfAtip.Radio.ModuleProfile module) { }
    }
}
