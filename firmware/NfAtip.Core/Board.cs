using NfAtip.At;
using NfAtip.Link;
using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Radio;
using NfAtip.Services;
using NfAtip.Services.Dns;
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
        /// Parameters/Settings), the CA certificate sectors 4–5; 6 and up are free.
        /// </summary>
        public const int SettingsSector = 0;
        public const int FirstFreeSector = 4;

        private readonly ISerialLine _host;
        private readonly HostPort _port;
        private readonly IHostSessions _sessions; // null for a line that never changes hands (a board's UART)
        private int _session;
        private readonly ResponseWriter _out;
        private readonly Settings _settings;
        private readonly RadioDriver _radio;
        private readonly HostPassThrough _passThrough;
        private readonly AtInterpreter _at;
        private readonly LinkState _link = new LinkState();
        private readonly ServiceCommands _services;
        private readonly CertificateStore _certificates;
        private readonly Displays _displays;
        private readonly ConnectionManager _connection;
        private readonly IStatusLed _led;
        private readonly IClock _clock;
        private int _ledPattern = -1;
        // What ShowStatus last showed from (-1: nothing yet).
        private RadioState _shownRadio = (RadioState)(-1);
        private int _shownLink = -1;
        private int _shownAttempts = -1;

        /// <summary>While a transparent data call runs, the loop waits at most this long on the host so the module's bytes flow back promptly.</summary>
        private const int DataPollMs = 5;

        public Board(BoardPlatform platform, BoardIdentity identity)
        {
            _host = platform.Host;
            _port = new HostPort(_host);
            _sessions = _host as IHostSessions;
            if (_sessions != null) _session = _sessions.Session;
            _out = new ResponseWriter(_host, platform.Text);
            IFlash flash = platform.Flash;
            FlashStore mainPage = new FlashStore(flash, SettingsSector);
            _settings = new Settings(mainPage, new FlashStore(flash, SettingsSector + 2, mainPage), platform.Text);
            // The module driver owns the radio UART; host pass-through goes through its channel.
            // The board profile's module, else SIM800 until the module's AT+CGMM names its own (RadioDriver.Identify).
            ModuleProfile named = ModuleProfiles.Named(platform.Module);
            _radio = new RadioDriver(platform.Radio, platform.Clock, platform.ModemControl,
                named != null ? named.LeavingPresentationToHost() : BoardModule, named != null);
            _passThrough = new HostPassThrough(_radio, platform.Clock, _out);
            _at = new AtInterpreter(_out, _settings, _host, _passThrough);
            Displays displays = new Displays(_out, _at, identity, _link);
            _displays = displays;
            // The CA certificate store takes the two sectors after the settings, when the flash has them.
            _certificates = new CertificateStore(flash.SectorCount >= FirstFreeSector + 2 ? new FlashStore(flash, FirstFreeSector, mainPage) : null, _settings.PageImage);
            _at.SetCertificateStore(_certificates);
            _led = platform.StatusLed;
            _clock = platform.Clock;
            // One set of buffers for the services and the resolver they call first (only one runs at a time);
            // a transparent data call, during which no service runs, moves its bytes through two of them.
            ServiceBuffers buffers = new ServiceBuffers(platform.Clock);
            ConnectionManager connection = new ConnectionManager(_radio, platform.IpLink, platform.Clock, _settings, _out, _link, LinkTimings,
                buffers.Data, buffers.Out);
            _connection = connection;
            // The services' sockets fail as soon as the link drops, instead of after TCP's own timeouts.
            INetwork network = new LinkBoundNetwork(platform.Network, connection, platform.Clock);
            Resolver resolver = new Resolver(network, platform.Clock, connection, Tunables, buffers);
            _services = new ServiceCommands(new ServiceContext(_settings, network, platform.Clock, _port, _out, connection, resolver, Tunables, _certificates, buffers));
            // One delegate per handler, not per row: nanoCLR keeps each delegate on the heap (issue H).
            ExecuteHandler showGroup = displays.ShowGroup;
            ExecuteHandler sendMail = _services.SendMail;
            // "The LTCP command can be aborted before an incoming TCP request has been received by issuing an <ETX>".
            _at.EtxBetweenCommands = _services.AbortListening;
            _at.SetActions(new ActionCommand[]
            {
                // Displays (chapters 2–6)
                new ActionCommand("VPHY", showGroup, DisplayGroup.Phy),
                new ActionCommand("VPPP", showGroup, DisplayGroup.Ppp),
                new ActionCommand("VGPRS", showGroup, DisplayGroup.Gprs),
                new ActionCommand("VDNS", showGroup, DisplayGroup.Dns),
                new ActionCommand("VFTP", showGroup, DisplayGroup.Ftp),
                new ActionCommand("VPOP3", showGroup, DisplayGroup.Pop3),
                new ActionCommand("VSMTP", showGroup, DisplayGroup.Smtp),
                new ActionCommand("VMAIL1", showGroup, DisplayGroup.Mail1),
                new ActionCommand("VMAIL2", showGroup, DisplayGroup.Mail2),
                new ActionCommand("VMAIL3", showGroup, DisplayGroup.Mail3),
                new ActionCommand("VTCP", showGroup, DisplayGroup.Tcp),
                new ActionCommand("VTLS", showGroup, DisplayGroup.Tls),
                new ActionCommand("CACERT", _at.BeginCertificateEntry, _at.ShowCertificate),
                new ActionCommand("VALL", displays.ShowAll, 0),
                new ActionCommand("VVERSION", displays.ShowVersion, 0),
                new ActionCommand("VSTATE", displays.ShowState, 0),

                // Link (chapter 2)
                new ActionCommand("CONNECTIONSTART", connection.Start, 0),
                new ActionCommand("CONNECTIONSTOP", connection.Stop, 0),
                new ActionCommand("DISPLAYIP", connection.DisplayIp, 0),
                new ActionCommand("ACCEPT", connection.Accept, 0),

                // Services (chapters 3–5)
                new ActionCommand("SENDMAIL1", sendMail, 1),
                new ActionCommand("SENDMAIL2", sendMail, 2),
                new ActionCommand("SENDMAIL3", sendMail, 3),
                new ActionCommand("PUTMAIL", _services.PutMail, 0),
                new ActionCommand("GETMAIL", _services.GetMail, 0),
                new ActionCommand("FTPGET", _services.FtpGet, 0),
                new ActionCommand("FTPPUT", _services.FtpPut, 0),
                new ActionCommand("OTCP", _services.OpenTcp, 0),
                new ActionCommand("LTCPSTART", _services.ListenTcp, 0),
                new ActionCommand("LTCPSTOP", _services.StopListening, 0),
            });
        }

        /// <summary>
        /// The module profile the board starts with: SIM800, with the host keeping the +CREG/+CGREG/+CLIP
        /// presentation settings it reaches through pass-through (see <see cref="ModuleProfile.LeavingPresentationToHost"/>).
        /// The start-up's AT+CGMM replaces it with the module's own (<see cref="ModuleProfiles.Find"/>)
        /// unless the board profile names the module (<see cref="BoardPlatform.Module"/>).
        /// Built on first use, not by a static initializer: nanoCLR runs static constructors at start-up
        /// in metadata order, so an initializer here would read ModuleProfiles.Sim800 before it is set
        /// (guard rule NFG101).
        /// </summary>
        public static ModuleProfile BoardModule
        {
            get
            {
                if (_boardModule == null) _boardModule = ModuleProfiles.Sim800.LeavingPresentationToHost();
                return _boardModule;
            }
        }

        private static ModuleProfile _boardModule;

        /// <summary>The module driver (start-up state, registration).</summary>
        public RadioDriver Radio
        {
            get { return _radio; }
        }

        /// <summary>Service timeouts and ports; tests shorten them, the firmware keeps the spec's values.</summary>
        public readonly ServiceTunables Tunables = new ServiceTunables();

        /// <summary>The connection manager's waits (escape guard, ring gap, the spec's second and minute); tests shorten them.</summary>
        public readonly LinkTimings LinkTimings = new LinkTimings();

        /// <summary>The link: AT#CONNECTIONSTART/STOP, AT#ACCEPT, incoming calls.</summary>
        public ConnectionManager Connection
        {
            get { return _connection; }
        }

        /// <summary>Where the link stands (AT#VSTATE).</summary>
        public LinkState Link
        {
            get { return _link; }
        }

        /// <summary>The settings in RAM (services read their parameters here).</summary>
        public Settings Settings
        {
            get { return _settings; }
        }

        /// <summary>
        /// The worst of what the settings pages and the certificate store found at <see cref="Start"/>
        /// (a <see cref="Storage.StoreRecovery"/> value; AT#VSTATE shows it, spec decision S6).
        /// </summary>
        public int StoreRecovery
        {
            get { return _storeRecovery; }
        }

        /// <summary>
        /// One line for a log (the virtual board's stderr, the board's debug output) naming each store that
        /// found a damaged record at <see cref="Start"/>; null when none did.
        /// </summary>
        public string StoreReport
        {
            get { return _storeReport; }
        }

        private int _storeRecovery;
        private string _storeReport;

        /// <summary>Takes what the stores' loads found (they may rescan later; the report is about the start).</summary>
        private void TakeStoreReport()
        {
            int worst = _certificates.Recovery;
            for (int page = 0; page < Settings.PageCount; page++)
            {
                int found = _settings.PageRecovery(page);
                if (found > worst) worst = found;
            }
            _storeRecovery = worst;
            string report = null;
            report = AddToReport(report, "settings (sectors 0-1)", _settings.PageRecovery(0));
            report = AddToReport(report, "mail settings (sectors 2-3)", _settings.PageRecovery(1));
            report = AddToReport(report, "CA certificate (sectors 4-5)", _certificates.Recovery);
            _storeReport = report;
            _displays.StoreRecovery = worst;
        }

        private static string AddToReport(string report, string store, int recovery)
        {
            if (recovery == Storage.StoreRecovery.None) return report;
            string what = recovery == Storage.StoreRecovery.Previous
                ? store + ": newest record damaged, the previous one loaded (its last change is lost)"
                : store + ": every record damaged, its defaults apply";
            return report == null ? what : report + "; " + what;
        }

        /// <summary>
        /// Loads the settings (defaults when the store is blank), applies the line settings and begins the
        /// module start-up. The start-up does not block: its first command goes out here and
        /// <see cref="Step"/> carries it on, so the host line is served at once even when the module is
        /// off or silent (a module answering at once is configured before Start returns).
        /// </summary>
        public void Start()
        {
            _settings.Load();
            _certificates.Load();
            TakeStoreReport();
            _host.Configure(_settings.BaudRate, _settings.HardwareFlowControl);
            _radio.Start();
            _radio.Poll();
        }

        /// <summary>
        /// Handles whatever the host sent within <paramref name="waitMs"/>, advances the module driver
        /// and relays the module's unsolicited output. Returns false once the host line is closed for good.
        /// </summary>
        public bool Step(int waitMs)
        {
            // A quiet board is in no call (Quiet asks the connection manager), and only a poll or a command starts one.
            bool dataMode = !_quiet && _connection.DataMode;
            if (dataMode && waitMs > DataPollMs) waitMs = DataPollMs;
            int n = _port.Fill(waitMs);
            // Nothing from the host: most steps of an idle board end here (see Quiet).
            if (n == 0 && (_quiet ? StillQuiet() : (_quiet = Quiet()))) return true;
            // _quiet stays as the last step left it until this one knows (the read-only exit below keeps it).
            bool wasQuiet = _quiet;
            _at.Acted = false;
            if (_sessions != null && _sessions.Session != _session)
            {
                // A new host on the line (--listen): it starts with an empty command line.
                _session = _sessions.Session;
                _at.AbandonInput();
            }
            // A quiet board is in no call: there is no inactivity to time, and no remote modem to pass bytes to (a
            // call that starts takes its own start as its first activity).
            if (!wasQuiet)
            {
                // "data … between the TCP/IP stack software and the attached equipment" (PHYTIMEOUT).
                if (n > 0) _connection.Touch();
                // A transparent data call (PPPMODE 0): the host's bytes are the remote modem's, not commands.
                if (dataMode) _connection.FromHost(_port);
            }
            // Command lines; a command may hand the line to a data-mode service, which then reads on from the port.
            _at.Feed(_port);
            // Quiet before, and the line only read (AT, reads, tests, refusals) and left the interpreter idle (see
            // AtInterpreter.Acted): as quiet as before, with nothing new to show; what the module sent meanwhile the
            // next step sees.
            if (wasQuiet && !_at.Acted && n > 0)
            {
                _out.Flush();
                return true;
            }
            if (_at.Idle)
            {
                // After a command, the parts that can have work are the ones Quiet asks about: a command that starts
                // a call, a service, a module start-up or exchange shows there. Otherwise polling them would be an idle
                // step's work done again (issue H: ~100 IL of a plain AT).
                bool quiet = n > 0 && Quiet();
                if (!quiet)
                {
                    _services.Poll();
                    _connection.Poll();
                    _radio.Poll();
                    // In a transparent call the host line is the remote's: URCs wait until the call ends.
                    if (!_connection.DataMode) _passThrough.RelayUrcs();
                }
                // A command may have changed what the status shows (AT#CONNECTIONSTOP ends the link at once).
                ShowStatus();
                _quiet = quiet;
            }
            else _quiet = false;
            _out.Flush();
            return n >= 0;
        }

        /// <summary>
        /// True when this step, with nothing from the host, has nothing to do either: no command half typed, no
        /// service, call or module exchange under way, nothing from the module, no URC waiting, and the module
        /// driver's next timed check not due. Most steps of an idle board end here, asking each part one question
        /// instead of polling them all (issue H, executed IL).
        /// </summary>
        private bool Quiet()
        {
            if (!_at.Idle || _services.Active || !_connection.Quiet) return false;
            if (_sessions != null && _sessions.Session != _session) return false;
            if (_radio.Channel.Urcs.Count > 0) return false;
            _radioDue = _radio.QuietUntil;
            return StillQuiet();
        }

        /// <summary>
        /// The board was <see cref="Quiet"/> at the last step and the host sent nothing since: only the module
        /// (bytes, or its driver's clock) can have work now. The command interpreter, the services and the
        /// connection manager change only through a command, a module line or a poll, and none ran since.
        /// </summary>
        private bool StillQuiet()
        {
            if (_radio.Channel.HasInput()) return false;
            long due = _radioDue;
            return due == long.MaxValue || (due != 0 && _clock.TickMs < due);
        }

        // The last step ended in Quiet (no poll ran since, so StillQuiet is all the next step asks).
        private bool _quiet;

        // The radio driver's QuietUntil as Quiet read it: it changes only through a poll, a command or the module's
        // bytes, and each of those ends the quiet.
        private long _radioDue;

        /// <summary>
        /// AT#VSTATE's "#NO SERVICE" and the status LED, from the link and the module: no service when
        /// the module is not registered, has no usable SIM, is gone, or failed its start-up (booting the
        /// first time is not "no service" yet).
        /// </summary>
        private void ShowStatus()
        {
            RadioState radio = _radio.State;
            int link = _link.State;
            int attempts = _radio.Attempts;
            // What it shows follows from these three alone: unchanged, nothing to do (the idle step runs
            // this every time; issue H, executed IL).
            if (radio == _shownRadio && link == _shownLink && attempts == _shownAttempts) return;
            _shownRadio = radio;
            _shownLink = link;
            _shownAttempts = attempts;
            bool booting = radio == RadioState.Off || (radio == RadioState.Starting && attempts <= 1);
            _link.NoService = link == LinkState.Idle && radio != RadioState.Ready && !booting;
            int pattern;
            if (link == LinkState.Connected) pattern = StatusLedPattern.Connected;
            else if (link != LinkState.Idle) pattern = StatusLedPattern.Connecting;
            else if (_link.NoService) pattern = StatusLedPattern.NoService;
            else if (booting) pattern = StatusLedPattern.Booting;
            else pattern = StatusLedPattern.Idle;
            if (pattern == _ledPattern) return;
            _ledPattern = pattern;
            _led.Show(pattern);
        }

        /// <summary>Starts the board and serves the host line until it closes.</summary>
        public void Run()
        {
            Start();
            while (Step(50)) { }
        }
    }
}
