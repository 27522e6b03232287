using NfAtip.At;
using NfAtip.Link;
using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Services;
using NfAtip.Storage;

namespace NfAtip
{
    /// <summary>
    /// The whole smart modem: wires the host line, the radio, the settings store and the clock to the
    /// AT interpreter. A platform builds one and calls <see cref="Run"/> (or <see cref="Start"/> then
    /// <see cref="Step"/> from its own loop).
    /// </summary>
    public sealed class Board
    {
        /// <summary>
        /// Flash layout: the settings use sectors 0–3 (two pages of two sectors each, see
        /// Parameters/Settings); sectors from <see cref="FirstFreeSector"/> on are free for later stores.
        /// </summary>
        public const int SettingsSector = 0;
        public const int FirstFreeSector = 4;

        private readonly ISerialLine _host;
        private readonly HostPort _port;
        private readonly ResponseWriter _out;
        private readonly Settings _settings;
        private readonly RadioRelay _radio;
        private readonly AtInterpreter _at;
        private readonly LinkState _link = new LinkState();

        public Board(ISerialLine host, ISerialLine radio, IFlash flash, IClock clock, INetwork network, BoardIdentity identity)
        {
            _host = host;
            _port = new HostPort(host);
            _out = new ResponseWriter(host);
            _settings = new Settings(new FlashStore(flash, SettingsSector), new FlashStore(flash, SettingsSector + 2));
            _radio = new RadioRelay(radio, clock, _out);
            _at = new AtInterpreter(_out, _settings, host, _radio);
            Displays displays = new Displays(_out, _at, identity, _link);
            _at.SetActions(new ActionCommand[]
            {
                // Displays (chapters 2–6)
                new ActionCommand("VPHY", displays.ShowGroup, DisplayGroup.Phy),
                new ActionCommand("VPPP", displays.ShowGroup, DisplayGroup.Ppp),
                new ActionCommand("VGPRS", displays.ShowGroup, DisplayGroup.Gprs),
                new ActionCommand("VDNS", displays.ShowGroup, DisplayGroup.Dns),
                new ActionCommand("VFTP", displays.ShowGroup, DisplayGroup.Ftp),
                new ActionCommand("VPOP3", displays.ShowGroup, DisplayGroup.Pop3),
                new ActionCommand("VSMTP", displays.ShowGroup, DisplayGroup.Smtp),
                new ActionCommand("VMAIL1", displays.ShowGroup, DisplayGroup.Mail1),
                new ActionCommand("VMAIL2", displays.ShowGroup, DisplayGroup.Mail2),
                new ActionCommand("VMAIL3", displays.ShowGroup, DisplayGroup.Mail3),
                new ActionCommand("VTCP", displays.ShowGroup, DisplayGroup.Tcp),
                new ActionCommand("VALL", displays.ShowAll, 0),
                new ActionCommand("VVERSION", displays.ShowVersion, 0),
                new ActionCommand("VSTATE", displays.ShowState, 0),

                // Link (chapter 2) — the connection manager comes with issue C.
                new ActionCommand("CONNECTIONSTART", Unavailable, 0),
                new ActionCommand("ACCEPT", Unavailable, 0),
                new ActionCommand("CONNECTIONSTOP", NothingToStop, 0),
                new ActionCommand("DISPLAYIP", NoLink, 0),

                // Services (chapters 3–5) need an established link: issue B adds them.
                new ActionCommand("GETMAIL", NoLink, 0),
                new ActionCommand("SENDMAIL1", NoLink, 1),
                new ActionCommand("SENDMAIL2", NoLink, 2),
                new ActionCommand("SENDMAIL3", NoLink, 3),
                new ActionCommand("PUTMAIL", NoLink, 0),
                new ActionCommand("FTPGET", NoLink, 0),
                new ActionCommand("FTPPUT", NoLink, 0),
                new ActionCommand("OTCP", NoLink, 0),
                new ActionCommand("LTCPSTART", NoLink, 0),
                new ActionCommand("LTCPSTOP", NothingToStop, 0),
            });
        }

        /// <summary>The settings in RAM (services read their parameters here).</summary>
        public Settings Settings
        {
            get { return _settings; }
        }

        /// <summary>Loads the settings (defaults when the store is blank) and applies the line settings.</summary>
        public void Start()
        {
            _settings.Load();
            _host.Configure(_settings.BaudRate, _settings.HardwareFlowControl);
            _radio.Start();
        }

        /// <summary>
        /// Handles whatever the host sent within <paramref name="waitMs"/>, and any unsolicited radio
        /// output. Returns false once the host line is closed for good.
        /// </summary>
        public bool Step(int waitMs)
        {
            int n = _port.Fill(waitMs);
            // A command may hand the line to a data-mode service, which then reads on from the port.
            while (_port.Pending > 0) _at.Feed(_port.Take());
            if (_at.Idle) _radio.Poll();
            _out.Flush();
            return n >= 0;
        }

        /// <summary>Starts the board and serves the host line until it closes.</summary>
        public void Run()
        {
            Start();
            while (Step(50)) { }
        }

        /// <summary>Services and link information need an active link; none exists yet.</summary>
        private void NoLink(int unused)
        {
            _out.Error(CmeError.LinkNotActive);
        }

        /// <summary>Stopping what is not running succeeds: the line is released either way.</summary>
        private void NothingToStop(int unused)
        {
            _out.Ok();
        }

        /// <summary>Dialling and answering need the module driver, which this build does not contain yet.</summary>
        private void Unavailable(int unused)
        {
            _out.Error(CmeError.ResourceUnavailable);
        }
    }
}
