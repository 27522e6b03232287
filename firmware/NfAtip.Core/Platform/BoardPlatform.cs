namespace NfAtip.Platform
{
    /// <summary>
    /// Everything the core needs from the platform, in one place: the board's drivers on
    /// nanoFramework, the PC adapters on the virtual board, fakes in the tests.
    /// </summary>
    public sealed class BoardPlatform
    {
        /// <summary>The host UART (attached equipment).</summary>
        public readonly ISerialLine Host;

        /// <summary>The cellular module's UART.</summary>
        public readonly ISerialLine Radio;

        /// <summary>Non-volatile memory for the settings (sectors 0–3) and later stores.</summary>
        public readonly IFlash Flash;

        public readonly IClock Clock;

        /// <summary>Sockets over the IP link.</summary>
        public readonly INetwork Network;

        /// <summary>IP over the physical link (PPP / GPRS).</summary>
        public readonly IIpLink IpLink;

        /// <summary>The module's control lines (power key, reset, DTR, RI); a no-op on boards without them.</summary>
        public readonly IModemControl ModemControl;

        /// <summary>The status LED; a no-op on boards without one.</summary>
        public readonly IStatusLed StatusLed;

        /// <summary>
        /// The module the board profile names (radio.module: "SIM800", "SIM7080", "BG96", "SIM7600"), or
        /// null: then the driver takes it from the module's AT+CGMM answer at start-up.
        /// </summary>
        public string Module;

        /// <summary>
        /// The platform's block copy of ASCII text into bytes (the board: nanoCLR's native UTF-8 encoder), or
        /// null: then the core copies text char by char, which the board can afford far less (issue H).
        /// </summary>
        public ITextEncoder Text;

        /// <summary>A platform without module control lines or status LED (virtual board, tests).</summary>
        public BoardPlatform(ISerialLine host, ISerialLine radio, IFlash flash, IClock clock, INetwork network, IIpLink ipLink)
            : this(host, radio, flash, clock, network, ipLink, null, null)
        {
        }

        /// <summary>The board's platform; null control lines or LED mean the board has none.</summary>
        public BoardPlatform(ISerialLine host, ISerialLine radio, IFlash flash, IClock clock, INetwork network, IIpLink ipLink,
            IModemControl modemControl, IStatusLed statusLed)
        {
            Host = host;
            Radio = radio;
            Flash = flash;
            Clock = clock;
            Network = network;
            IpLink = ipLink;
            ModemControl = modemControl != null ? modemControl : (IModemControl)NoModemControl.Instance;
            StatusLed = statusLed != null ? statusLed : (IStatusLed)NoStatusLed.Instance;
        }
    }
}
