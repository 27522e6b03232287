using NfAtip.Platform;

namespace NfAtip.Radio
{
    /// <summary>Where the module is, as the driver sees it.</summary>
    public enum RadioState
    {
        /// <summary><see cref="RadioDriver.Start"/> not called yet.</summary>
        Off,
        /// <summary>Running the start-up script (probing, configuring).</summary>
        Starting,
        /// <summary>The SIM wants a PIN or PUK (<see cref="RadioDriver.SimStatus"/>): the driver waits; the host decides.</summary>
        SimLocked,
        /// <summary>No SIM (+CME ERROR: 10) or a SIM failure.</summary>
        NoSim,
        /// <summary>Configured, not (yet, or no longer) registered: tracking URCs, querying now and then.</summary>
        Registering,
        /// <summary>Configured and registered.</summary>
        Ready,
        /// <summary>The serial line closed.</summary>
        Closed,
    }

    /// <summary>
    /// The module driver's start-up and supervision: runs the profile's start-up script, tracks
    /// registration from URCs and queries, and recovers a module that stops answering by power-cycling
    /// or resetting it through <see cref="IModemControl"/> after <see cref="FailureLimit"/> failed
    /// start-ups in a row. <see cref="Poll"/> never blocks (the board loop calls it between host
    /// commands); <see cref="RunStartup"/> is the blocking form.
    /// Later sessions add the connection manager on the same <see cref="Chat"/> engine.
    /// </summary>
    public sealed class RadioDriver
    {
        /// <summary>Failed start-ups in a row before the driver power-cycles / resets the module.</summary>
        public int FailureLimit = 3;

        /// <summary>Pause before retrying a failed start-up, so a module answering ERROR is not hammered.</summary>
        public int RetryDelayMs = 2000;

        /// <summary>While not registered, the registration is read this often (URCs can be lost on a noisy line).</summary>
        public int RegistrationPollMs = 30000;

        /// <summary>
        /// While registered, the registration is read this often too: the liveness probe. A module that went
        /// silent after registering is noticed here (the read times out and the start-up recovery runs), and
        /// coverage lost while the host left the +CREG URCs off still shows up in AT#VSTATE.
        /// </summary>
        public int LivenessPollMs = 60000;

        /// <summary>Called with every URC the driver sees (RING, +CRING, +CLIP, NO CARRIER …): the connection manager's ear.</summary>
        public UrcHandler CallUrc;

        private readonly IClock _clock;
        private readonly IModemControl _control;
        private int _failures;
        private long _resumeAt;
        private bool _waiting;
        private bool _querying;
        private bool _restart;
        private long _nextQuery;
        private int _registrationApplied; // Registration.Changes when UpdateRegistered last ran (see QuietUntil)
        private bool _held;
        private readonly bool _pinned;
        private ChatScript _startup;
        private ChatScript _query;

        /// <param name="profile">The module the board expects, until AT+CGMM names another one.</param>
        /// <param name="pinned">True when the board profile names the module: AT+CGMM is then not followed.</param>
        public RadioDriver(ISerialLine line, IClock clock, IModemControl control, ModuleProfile profile, bool pinned)
        {
            _clock = clock;
            _control = control;
            _pinned = pinned;
            Profile = profile;
            Channel = new ModuleChannel(line, 16);
            Channel.SetModuleUrcs(profile.Urcs);
            Channel.UrcArrived = OnUrc;
            Chat = new ChatEngine(Channel, clock);
            Registration = new Registration();
            _startup = StartupScripts.Startup(profile);
            _query = StartupScripts.RegistrationQuery(profile);
            _state = RadioState.Off;
        }

        /// <summary>
        /// The module's profile: the board's, then the one AT+CGMM names (unless the board pinned it). It
        /// changes at most once per start-up, and only before the driver is ready: callers that build
        /// scripts from it check it again before they use them.
        /// </summary>
        public ModuleProfile Profile { get; private set; }

        /// <summary>The module's AT+CGMM answer from the last start-up ("SIMCOM_SIM800"), or null before it (or without one).</summary>
        public string Model { get; private set; }

        public ModuleChannel Channel { get; private set; }

        public ChatEngine Chat { get; private set; }

        public Registration Registration { get; private set; }

        public RadioState State
        {
            get { return _state; }
        }

        // The field itself inside the driver: its idle step reads the state several times, and on the board
        // every property read is an interpreted call (issue H, executed IL).
        private RadioState _state;

        /// <summary>The +CPIN code when the SIM is not READY ("SIM PIN", "SIM PUK"), or the +CME error line without a SIM.</summary>
        public string SimStatus { get; private set; }

        /// <summary>True while a start-up attempt runs (not in the pause before a retry): it ends within its rows' timeouts.</summary>
        public bool StartupRunning
        {
            get { return _state == RadioState.Starting && !_waiting; }
        }

        /// <summary>Power cycles / resets done so far.</summary>
        public int Recoveries { get; private set; }

        /// <summary>Start-up attempts (first one included).</summary>
        public int Attempts { get; private set; }

        /// <summary>Why the last start-up failed (script result), for diagnostics.</summary>
        public ChatResult LastFailure { get; private set; }

        /// <summary>Begins the start-up; <see cref="Poll"/> carries it on.</summary>
        public void Start()
        {
            _failures = 0;
            BeginStartup();
        }

        /// <summary>Advances start-up and supervision; never waits.</summary>
        public RadioState Poll()
        {
            Step();
            return _state;
        }

        /// <summary>
        /// The tick before which <see cref="Poll"/> has nothing to do unless the module sends something (long.MaxValue:
        /// nothing is timed), or 0 while it must run every step (a start-up, a query or a pause under way).
        /// </summary>
        public long QuietUntil
        {
            get
            {
                if (_state == RadioState.Closed || _state == RadioState.Off || _held) return long.MaxValue;
                if (_restart || _waiting || _querying || _state == RadioState.Starting) return 0;
                // A report the channel took outside Step (while a command or the connection manager ran an exchange):
                // only Step turns it into the state.
                if (Registration.Changes != _registrationApplied) return 0;
                // Registering or Ready: the next registration query; SimLocked or NoSim: the next start-up.
                return _nextQuery;
            }
        }

        /// <summary>Runs until the start-up has an outcome (Ready, Registering, SimLocked, NoSim, Closed) or <paramref name="maxMs"/> passes.</summary>
        public RadioState RunStartup(int maxMs)
        {
            if (_state == RadioState.Off) Start();
            long end = _clock.TickMs + maxMs;
            while (_clock.TickMs < end)
            {
                if (_waiting)
                {
                    // Let the retry pause elapse while still dispatching URCs.
                    long left = _resumeAt - _clock.TickMs;
                    if (left > 0) Channel.Pump(_clock, (int)left);
                }
                else if (Chat.Result == ChatResult.Running)
                {
                    Chat.Complete();
                }
                Step();
                if (_state != RadioState.Starting && !_querying) return _state;
            }
            return _state;
        }

        /// <summary>
        /// Frees the channel for an exchange of the caller's (the host's pass-through command). A running
        /// start-up or registration query stops; when its command is already out, the module's answer to
        /// it is awaited (at most the rest of that row's timeout) and dropped, so it cannot be taken for
        /// the caller's answer. The stopped script starts over on the next <see cref="Poll"/>: the
        /// start-up from its first row (not counted as a failure), the query at once.
        /// </summary>
        public void Interrupt()
        {
            if (Chat.Result != ChatResult.Running) return;
            bool awaiting = Chat.Awaiting;
            long deadline = Chat.RowDeadline;
            Chat.Cancel();
            if (_querying)
            {
                _querying = false;
                _nextQuery = _clock.TickMs;
            }
            else if (_state == RadioState.Starting)
            {
                _restart = true;
            }
            if (!awaiting) return;
            Channel.BeginPassThrough();
            while (true)
            {
                long left = deadline - _clock.TickMs;
                if (!Channel.ReadAnswerLine(_clock, left > 0 ? (int)left : 0)) break;
                byte[] line = Channel.Line;
                int length = Channel.LineLength;
                if (ChatMatch.FindIn(ChatScript.Ok, line, length) >= 0 || ChatMatch.FindIn(ChatScript.CommandAborts, line, length) >= 0) break;
            }
            Channel.EndExchange();
        }

        /// <summary>
        /// The host has had an exchange with the module (pass-through). A driver waiting on the SIM starts
        /// over at once: the host may just have entered the PIN (Appendix A's AT+CPIN=xxxx) or the PUK.
        /// </summary>
        public void HostExchangeDone()
        {
            if (_state == RadioState.SimLocked || _state == RadioState.NoSim) BeginStartup();
        }

        /// <summary>True while the connection manager holds the module (dialling, in a call, hanging up).</summary>
        public bool Held
        {
            get { return _held; }
        }

        /// <summary>
        /// The connection manager takes the module for a call: a running start-up step or query is
        /// interrupted (see <see cref="Interrupt"/>) and the driver's own supervision pauses, so the
        /// manager's scripts are the only traffic on the line, and during PPP nothing reads the UART
        /// lwIP owns.
        /// </summary>
        public void Acquire()
        {
            Interrupt();
            _held = true;
        }

        /// <summary>The manager gives the module back; registration is read again at once (a call may have ended for lack of coverage).</summary>
        public void Release()
        {
            _held = false;
            _nextQuery = _clock.TickMs;
        }

        /// <summary>
        /// Takes the answers of a finished registration query (<see cref="StartupScripts.RegistrationQuery"/>,
        /// the driver's or the connection manager's) into <see cref="Registration"/>.
        /// </summary>
        public void TakeRegistrationAnswers()
        {
            for (int i = 0; i < Profile.RegistrationPrefixes.Length; i++)
            {
                string value = Chat.Capture(i);
                if (value != null) Registration.Take(Profile.RegistrationPrefixes[i] + " " + value);
            }
        }

        private void BeginStartup()
        {
            Attempts++;
            _state = RadioState.Starting;
            _waiting = false;
            _querying = false;
            _restart = false;
            Registration.Reset();
            Chat.Start(_startup, null);
        }

        private void Step()
        {
            if (_state == RadioState.Closed || _state == RadioState.Off || _held) return;
            if (_restart)
            {
                _restart = false;
                Chat.Start(_startup, null);
            }
            if (_waiting)
            {
                if (_clock.TickMs < _resumeAt)
                {
                    Channel.Pump(_clock, 0);
                    return;
                }
                BeginStartup();
            }
            if (_state == RadioState.Starting)
            {
                ChatResult r = Chat.Poll();
                if (r == ChatResult.Running) return;
                if (r == ChatResult.Ok)
                {
                    Identify();
                    _failures = 0;
                    _state = RadioState.Registering;
                    StartQuery();
                    return;
                }
                StartupFailed(r);
                return;
            }
            if (_querying)
            {
                ChatResult r = Chat.Poll();
                if (r == ChatResult.Running) return;
                _querying = false;
                if (r == ChatResult.Ok) TakeRegistrationAnswers();
                else if (r == ChatResult.Silent)
                {
                    // The module went quiet after start-up: treat it like a failed start-up.
                    StartupFailed(r);
                    return;
                }
                else if (r == ChatResult.Closed)
                {
                    _state = RadioState.Closed;
                    return;
                }
                UpdateRegistered();
                _nextQuery = _clock.TickMs + (_state == RadioState.Ready ? LivenessPollMs : RegistrationPollMs);
                return;
            }
            if ((_state == RadioState.SimLocked || _state == RadioState.NoSim) && _clock.TickMs >= _nextQuery)
            {
                BeginStartup();
                return;
            }
            // Idle supervision: URCs update the registration through OnUrc.
            ModuleChannel channel = Channel;
            channel.Pump(_clock, 0);
            if (channel.Closed)
            {
                _state = RadioState.Closed;
                return;
            }
            UpdateRegistered();
            if ((_state == RadioState.Registering || _state == RadioState.Ready) && _clock.TickMs >= _nextQuery) StartQuery();
        }

        /// <summary>
        /// Takes the AT+CGMM answer of the start-up just run and, unless the board pinned its module, the
        /// profile it names (the host's presentation settings left to the host, as the board's profile
        /// does). An unknown model keeps the profile the driver has: the board's default.
        /// </summary>
        private void Identify()
        {
            string model = Chat.Capture(StartupScripts.ModelSlot);
            if (model == null || model.Length == 0) return;
            Model = model;
            if (_pinned) return;
            ModuleProfile found = ModuleProfiles.Find(model);
            if (found == null || found.Name == Profile.Name) return;
            Profile = found.LeavingPresentationToHost();
            _control.UseModule(found); // its power-key and reset times for the next recovery
            Channel.SetModuleUrcs(Profile.Urcs);
            _startup = StartupScripts.Startup(Profile);
            _query = StartupScripts.RegistrationQuery(Profile);
        }

        private void StartQuery()
        {
            _querying = true;
            Chat.Start(_query, null);
        }

        private void UpdateRegistered()
        {
            _registrationApplied = Registration.Changes;
            if (_state != RadioState.Registering && _state != RadioState.Ready) return;
            _state = Registration.Registered ? RadioState.Ready : RadioState.Registering;
        }

        private void StartupFailed(ChatResult r)
        {
            LastFailure = r;
            if (r == ChatResult.Closed)
            {
                _state = RadioState.Closed;
                return;
            }
            if (Chat.Script == _startup && Chat.Step == StartupScripts.SimRow)
            {
                Identify(); // the model row has run: the host may still want to know the module
                // The module answers but the SIM is not usable: power cycles will not help, the host must act.
                // It is read again every RegistrationPollMs (a SIM inserted, a PIN entered some other way).
                _nextQuery = _clock.TickMs + RegistrationPollMs;
                if (r == ChatResult.Unexpected)
                {
                    SimStatus = Chat.Capture(StartupScripts.SimSlot);
                    _state = RadioState.SimLocked;
                    return;
                }
                if (r == ChatResult.Aborted)
                {
                    SimStatus = Chat.AbortLine;
                    _state = RadioState.NoSim;
                    return;
                }
            }
            _failures++;
            if (_failures >= FailureLimit)
            {
                Recover();
                _failures = 0;
            }
            _state = RadioState.Starting;
            _waiting = true;
            _resumeAt = _clock.TickMs + RetryDelayMs;
        }

        /// <summary>
        /// Alternates the two remedies: a power-key cycle (the module logs off cleanly) first, the reset
        /// line next time, for a module hung too hard to see the power key. Without control lines the
        /// driver can only keep probing.
        /// </summary>
        private void Recover()
        {
            Recoveries++;
            if (_control.HasPowerKey && Recoveries % 2 == 1)
            {
                _control.PowerOff();
                _control.PowerOn();
            }
            else
            {
                _control.Reset();
            }
            Channel.Discard();
            Channel.Urcs.Clear();
        }

        private void OnUrc(string line)
        {
            Registration.Take(line);
            UrcHandler call = CallUrc;
            if (call != null) call(line);
        }
    }
}
