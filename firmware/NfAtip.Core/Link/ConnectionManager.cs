using NfAtip.At;
using NfAtip.Net;
using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Radio;

namespace NfAtip.Link
{
    /// <summary>
    /// The link (spec chapter 2): AT#CONNECTIONSTART in GSM (dial DIALN1/2, redial) and GPRS (PDP
    /// context, packet dial), then PPP per PPPMODE over <see cref="IIpLink"/> or a transparent data call;
    /// AT#ACCEPT and the automatic answer / call-back modes for incoming calls; AT#CONNECTIONSTOP at any
    /// stage; AT#DISPLAYIP; PHYTIMEOUT; the link lost.
    ///
    /// It is a state machine that never blocks: a command starts a phase and returns, and
    /// <see cref="Poll"/> (the board's loop) carries it on, so the host can send AT#CONNECTIONSTOP while
    /// a dial or a redial wait runs, and AT#VSTATE shows where it is. Module dialogues are chat scripts
    /// built once from the module profile (<see cref="ModuleProfile"/>): no module text is spelt here.
    /// </summary>
    public sealed class ConnectionManager
    {
        // Phases. LinkState (AT#VSTATE) is derived from them: Checking … Answering are DIALING,
        // Negotiating AUTHENTICATING, Online / Transparent / Escaped CONNECTED, the hang-up DISCONNECTING.
        private const int Idle = 0;
        private const int Checking = 1;       // registration read before dialling
        private const int Dialing = 2;        // ATD<number> until CONNECT / BUSY / NO ANSWER / NO CARRIER
        private const int RedialWait = 3;     // REDIALDELAY between attempts
        private const int PacketDialing = 4;  // AT+CGDCONT, ATD*99***<cid>#
        private const int Answering = 5;      // ATA until CONNECT
        private const int Negotiating = 6;    // PPP over the IP link
        private const int Online = 7;         // IP up: services may run
        private const int Transparent = 8;    // PPPMODE 0: host bytes <-> remote modem
        private const int Escaped = 9;        // PPPMODE 0 after the host's "+++": command mode, call still up
        private const int EscapeLead = 10;    // hang-up: silence before "+++"
        private const int EscapeTrail = 11;   // hang-up: silence after "+++", the module's OK
        private const int HangingUp = 12;     // ATH

        private static readonly byte[] Escape = { (byte)'+', (byte)'+', (byte)'+' };
        private static readonly byte[] Cr = { 13 };
        private static readonly byte[] NoCarrierText = { 13, 10, (byte)'N', (byte)'O', (byte)' ', (byte)'C', (byte)'A', (byte)'R', (byte)'R', (byte)'I', (byte)'E', (byte)'R', 13, 10 };

        private readonly RadioDriver _radio;
        private readonly ChatEngine _chat;
        private readonly ModuleChannel _channel;
        private readonly IIpLink _ip;
        private readonly IClock _clock;
        private readonly Settings _settings;
        private readonly ResponseWriter _out;
        private readonly LinkState _state;
        private readonly LinkTimings _timings;
        private readonly IncomingCall _call = new IncomingCall();

        // The module's scripts, built from its profile (FollowProfile: again when AT+CGMM named another module).
        private ModuleProfile _scriptsFor;
        private ChatScript _check;
        private ChatScript _dial;
        private ChatScript _packet;
        private ChatScript _answer;
        private ChatScript _escapeAnswer;
        private ChatScript _hangUp;
        private readonly string[] _args = new string[2];

        private readonly IpLinkRequest _request = new IpLinkRequest();
        private readonly char[] _text = new char[16];
        private readonly byte[] _raw;       // the module's bytes of a transparent call, the bytes behind CONNECT
        private readonly byte[] _toModule;  // the host's bytes of a transparent call, on their way to the module

        private int _phase = Idle;
        private long _phaseEnds;
        private bool _gprs;
        private bool _incoming;
        private string _number;
        private int _redialsLeft;
        private bool _replyOk;
        // AT#CONNECTIONSTART came while the line was not free — a hang-up running (L20) or the module's start-up
        // attempt _startupAttempt (L4): the call starts from Idle once the line is free and that attempt is over.
        private bool _startWaiting;
        private int _startupAttempt;
        private bool _lost;
        private long _lastActivity;

        private bool _callbackPending;
        private string _callbackNumber;
        private long _callbackAt;

        // Transparent mode: the host's "+++" escape (guard, three '+', guard) and the module's NO CARRIER.
        private int _pluses;
        private long _lastPlus;
        private long _lastHostByte;
        private int _noCarrierMatched;
        private bool _skipLf;
        private bool _hangUpRetried;

        /// <param name="raw">A buffer for the module's bytes (at least 256): borrowed, used only while a call is set up or transparent, when no service runs.</param>
        /// <param name="toModule">A buffer for the host's bytes to the module (at least 256), borrowed the same way.</param>
        public ConnectionManager(RadioDriver radio, IIpLink ip, IClock clock, Settings settings, ResponseWriter output, LinkState state, LinkTimings timings,
            byte[] raw, byte[] toModule)
        {
            _raw = raw;
            _toModule = toModule;
            _radio = radio;
            _chat = radio.Chat;
            _channel = radio.Channel;
            _ip = ip;
            _clock = clock;
            _settings = settings;
            _out = output;
            _state = state;
            _timings = timings;

            FollowProfile();
            radio.CallUrc = OnUrc;
            radio.Channel.Consumer = TakesUrc;
        }

        /// <summary>
        /// Builds the module's scripts from the driver's profile when they were built for another one: the
        /// driver takes the module's own profile from AT+CGMM at start-up, after this manager was made.
        /// Called before every call starts (the profile never changes while a call holds the module).
        /// </summary>
        private void FollowProfile()
        {
            ModuleProfile profile = _radio.Profile;
            if (profile == _scriptsFor) return;
            _scriptsFor = profile;
            _check = StartupScripts.RegistrationQuery(profile);
            _packet = StartupScripts.PacketConnect(profile);
            _dial = Connect(profile.Name + " dial", profile.CsdDial, profile.DialTimeoutMs);
            _answer = Connect(profile.Name + " answer", "ATA", _timings.AnswerMs);
            // After "+++" nothing is sent: the row waits for the module's OK (none when the call had dropped already).
            _escapeAnswer = new ChatScript(profile.Name + " escape", new ChatStep[]
            {
                new ChatStep(null, ChatScript.Ok, _timings.EscapeGuardMs + _timings.EscapeAnswerMs),
            });
            _hangUp = new ChatScript(profile.Name + " hang-up", new ChatStep[]
            {
                ChatScript.Command(profile.HangUp, _timings.HangUpMs),
            });
        }

        /// <summary>True while IP is up: the services may run.</summary>
        public bool IsUp
        {
            get { return _phase == Online && !_lost; }
        }

        /// <summary>True while the host line carries a transparent data call (PPPMODE 0): the board hands it host bytes.</summary>
        public bool DataMode
        {
            get { return _phase == Transparent; }
        }

        /// <summary>
        /// True when <see cref="Poll"/> has nothing to do until a command or the module changes something: no
        /// call, none ringing or just ended, no call-back or start waiting (the board's quiet idle step).
        /// </summary>
        public bool Quiet
        {
            get { return _phase == Idle && !_startWaiting && !_callbackPending && !_call.Ringing && !_call.Ended; }
        }

        /// <summary>
        /// True while something is under way that will print more on its own (a dial, a redial wait,
        /// negotiation, a hang-up, a call-back waiting for its timer) — the board's idle states are
        /// IDLE and the three connected ones.
        /// </summary>
        public bool Busy
        {
            get
            {
                return _callbackPending || _startWaiting || (_phase != Idle && _phase != Online && _phase != Transparent && _phase != Escaped);
            }
        }

        /// <summary>The call ringing now, as the module reported it.</summary>
        public IncomingCall Call
        {
            get { return _call; }
        }

        /// <summary>
        /// DNS server <paramref name="index"/> (0 or 1): the one the link supplied if any, else DNSSERV1/2
        /// ("In the case of GPRS, the DNS server addresses are provided by the GPRS operator … used in
        /// place of DNSSERV1 and DNSSERV2"). 0 when none is configured.
        /// </summary>
        public uint DnsServer(int index)
        {
            uint supplied = IsUp ? (index == 0 ? _ip.PrimaryDns : _ip.SecondaryDns) : 0;
            if (supplied != 0) return supplied;
            uint configured;
            return Ipv4.TryParse(_settings.Get(index == 0 ? "DNSSERV1" : "DNSSERV2"), out configured) ? configured : 0;
        }

        /// <summary>Data moved between the host, the board and the network: PHYTIMEOUT starts over.</summary>
        public void Touch()
        {
            _lastActivity = _clock.TickMs;
        }

        /// <summary>
        /// For the services' sockets (<see cref="LinkBoundNetwork"/>): true while IP is up. Polls the IP
        /// link, so a call that dropped during a transfer fails the transfer at once instead of after
        /// TCP's own timeouts; the loss itself is reported by the next <see cref="Poll"/>.
        /// </summary>
        public bool LinkAlive()
        {
            if (_phase != Online || _lost) return false;
            if (_ip.Poll() != IpLinkStatus.Up) _lost = true;
            return !_lost;
        }

        // ------------------------------------------------------------------ commands

        /// <summary>AT#CONNECTIONSTART: starts the call; its result lines follow from <see cref="Poll"/>.</summary>
        public void Start(int unused)
        {
            if (_phase == EscapeLead || _phase == EscapeTrail || _phase == HangingUp)
            {
                // The last call is still being hung up (a lost carrier, PHYTIMEOUT, a stop): that is no session
                // running, only the line not free yet. The new call starts as soon as it is (spec decision L20).
                WaitForTheLine();
                return;
            }
            if (_phase != Idle || _startWaiting)
            {
                _out.Error(CmeError.AlreadyRunning);
                return;
            }
            _callbackPending = false;
            if (_radio.StartupRunning)
            {
                // The module is being configured (after the host's AT+CPIN, or a command of the host's that
                // interrupted the start-up): the call starts when this attempt ends, or 35865 (decision L4).
                WaitForTheLine();
                return;
            }
            BeginOutgoing(null);
        }

        /// <summary>AT#CONNECTIONSTOP: ends whatever runs (a dial, a redial wait, a call, PPP) and answers OK once the line is released.</summary>
        public void Stop(int unused)
        {
            _callbackPending = false;
            _startWaiting = false; // a stop after it cancels a start still waiting for the line
            switch (_phase)
            {
                case Idle:
                    _out.Ok();
                    return;
                case RedialWait:
                    // Between attempts the module is in command mode with no call: nothing to hang up.
                    Finish();
                    _out.Ok();
                    return;
                case Checking:
                case Dialing:
                case PacketDialing:
                case Answering:
                    _chat.Cancel();
                    // V.250: any character aborts a dial or an answer in progress; a bare CR is ignored otherwise.
                    _channel.Write(Cr, 0, 1);
                    BeginHangUp(false, true);
                    return;
                case Negotiating:
                case Online:
                    _ip.Close();
                    BeginHangUp(true, true);
                    return;
                case Transparent:
                case Escaped:
                    BeginHangUp(true, true);
                    return;
                default:
                    _replyOk = true; // already hanging up: OK when the line is released
                    return;
            }
        }

        /// <summary>AT#ACCEPT: answers the call ringing now ("OK", then CONNECT and the protocol per PPPMODE).</summary>
        public void Accept(int unused)
        {
            if (_phase != Idle)
            {
                _out.Error(CmeError.AlreadyRunning);
                return;
            }
            if (!_call.Ringing)
            {
                _out.Result(ResultCode.NoCarrier); // nothing to answer, as ATA says
                return;
            }
            if (_call.NotData)
            {
                _out.Error(CmeError.InvalidIncomingCall);
                return;
            }
            _out.Ok(); // "OK — Beginning of the call setting process"
            BeginAnswer();
        }

        /// <summary>AT#DISPLAYIP: "MY IP: a.b.c.d" and "PEER IP:" (GSM) or "Gateway IP:" (GPRS).</summary>
        public void DisplayIp(int unused)
        {
            if (!IsUp)
            {
                _out.Error(CmeError.LinkNotActive);
                return;
            }
            _out.Text("MY IP: ");
            _out.Text(Address(_ip.LocalAddress));
            _out.CrLf();
            _out.Text(_gprs ? "Gateway IP: " : "PEER IP: ");
            _out.Text(Address(_ip.PeerAddress));
            _out.CrLf();
            _out.Ok();
        }

        // ------------------------------------------------------------------ the loop

        /// <summary>Carries the phase on; never waits. The board calls it between host commands.</summary>
        public void Poll()
        {
            if (_phase == Idle)
            {
                if (_startWaiting && (!_radio.StartupRunning || _radio.Attempts != _startupAttempt))
                {
                    _startWaiting = false;
                    _callbackPending = false;
                    BeginOutgoing(null);
                    return;
                }
                // Nothing rings, nothing rang, no call-back waits: nothing to decide and no clock to read
                // (the idle step's usual case; issue H, executed IL).
                if (_call.Ringing || _call.Ended || _callbackPending) PollIncoming(_clock.TickMs);
                return;
            }
            long now = _clock.TickMs;
            switch (_phase)
            {
                case Checking:
                    PollCheck();
                    break;
                case Dialing:
                    PollDial();
                    break;
                case RedialWait:
                    if (now >= _phaseEnds) Dial();
                    break;
                case PacketDialing:
                    PollPacketDial();
                    break;
                case Answering:
                    PollAnswer();
                    break;
                case Negotiating:
                    PollNegotiation(now);
                    break;
                case Online:
                    if (!LinkAlive())
                    {
                        _ip.Close();
                        _out.Result(ResultCode.NoCarrier);
                        BeginHangUp(true, false);
                    }
                    else
                    {
                        CheckInactivity(now);
                    }
                    break;
                case Transparent:
                    PumpFromModule();
                    if (_phase == Transparent) CheckEscape(now);
                    if (_phase == Transparent) CheckInactivity(now);
                    break;
                case Escaped:
                    CheckInactivity(now);
                    break;
                case EscapeLead:
                    if (now >= _phaseEnds)
                    {
                        _channel.Write(Escape, 0, Escape.Length);
                        _chat.Start(_escapeAnswer, null);
                        _phase = EscapeTrail;
                    }
                    break;
                case EscapeTrail:
                    if (_chat.Poll() == ChatResult.Running) break;
                    // Whatever the answer (OK, or none when the call had dropped already): end the "+++"
                    // as a line of its own so the module's command parser starts clean, then hang up.
                    _channel.Write(Cr, 0, 1);
                    _chat.Start(_hangUp, null);
                    _phase = HangingUp;
                    break;
                case HangingUp:
                    ChatResult hung = _chat.Poll();
                    if (hung == ChatResult.Running) break;
                    if (hung != ChatResult.Ok && hung != ChatResult.Closed && !_hangUpRetried)
                    {
                        // The module did not confirm ATH: the escape may have been missed (the "+++" arrived
                        // amid data) and the ATH gone to the remote. Escape and hang up once more.
                        _hangUpRetried = true;
                        _phaseEnds = _clock.TickMs + _timings.EscapeGuardMs;
                        SetPhase(EscapeLead);
                        break;
                    }
                    Finish();
                    // "OK — Phone line is released": only when the module said so; otherwise chapter 7's
                    // "ERROR — Operation or command unsuccessful" (the driver's supervision takes the module on).
                    if (_replyOk) _out.Result(hung == ChatResult.Ok ? ResultCode.Ok : ResultCode.Error);
                    _replyOk = false;
                    break; // a start waiting for the line goes on from Idle
            }
        }

        /// <summary>
        /// Host bytes during a transparent call (PPPMODE 0) go to the remote modem, except the escape
        /// "+++" framed by a guard time of silence, which returns the host to command mode with the call up.
        /// </summary>
        public void FromHost(Services.HostPort port)
        {
            long now = _clock.TickMs;
            int n;
            while ((n = port.Peek(_raw, 0, _raw.Length)) > 0)
            {
                port.Skip(n);
                int m = 0;
                for (int i = 0; i < n; i++)
                {
                    byte b = _raw[i];
                    if (_pluses > 0)
                    {
                        if (b == (byte)'+' && _pluses < 3 && now - _lastPlus < _timings.EscapeGuardMs)
                        {
                            _pluses++;
                            _lastPlus = now;
                            continue;
                        }
                        m = FlushPluses(m); // not an escape: the '+' were data
                    }
                    else if (b == (byte)'+' && now - _lastHostByte >= _timings.EscapeGuardMs)
                    {
                        _pluses = 1;
                        _lastPlus = now;
                        continue;
                    }
                    _lastHostByte = now;
                    if (m == _toModule.Length)
                    {
                        _channel.Write(_toModule, 0, m);
                        m = 0;
                    }
                    _toModule[m++] = b;
                }
                if (m > 0) _channel.Write(_toModule, 0, m);
            }
            Touch();
        }

        // ------------------------------------------------------------------ outgoing calls

        /// <summary>AT#CONNECTIONSTART is held, unanswered, until the line is free (see _startWaiting).</summary>
        private void WaitForTheLine()
        {
            _startWaiting = true;
            _startupAttempt = _radio.Attempts;
        }

        /// <summary>
        /// CONNECTIONSTART, typed or internal (call-back): <paramref name="callbackNumber"/> is the caller's
        /// number for a dynamic call-back (ANSWERMODE 3, always a GSM call), null for the usual number or GPRS.
        /// </summary>
        private void BeginOutgoing(string callbackNumber)
        {
            FollowProfile();
            _gprs = callbackNumber == null && _settings.GetInt("GPRSMODE") == 1;
            _incoming = false;
            if (!_gprs)
            {
                _number = callbackNumber != null ? callbackNumber
                    : _settings.Get(_settings.GetInt("DIALSELECT") == 2 ? "DIALN2" : "DIALN1");
                if (_number.Length == 0)
                {
                    _out.Error(CmeError.BadConfiguration); // no number to dial
                    return;
                }
                if (_radio.Profile.CsdDial == null)
                {
                    _out.Error(CmeError.ResourceUnavailable); // a module without circuit-switched data
                    return;
                }
            }
            if (!ModuleReady())
            {
                _out.Error(CmeError.NotRegistered);
                return;
            }
            _redialsLeft = _settings.GetInt("REDIALCOUNT");
            _radio.Acquire();
            _chat.Start(_check, null);
            SetPhase(Checking);
        }

        /// <summary>"Network available?" — the first box of both process diagrams, read fresh from the module.</summary>
        private void PollCheck()
        {
            ChatResult r = _chat.Poll();
            if (r == ChatResult.Running) return;
            if (r == ChatResult.Ok) _radio.TakeRegistrationAnswers();
            if (r != ChatResult.Ok || !_radio.Registration.Registered)
            {
                Finish();
                _out.Error(CmeError.NotRegistered);
                return;
            }
            if (_gprs)
            {
                _args[0] = _settings.Get("GPRSCID");
                _args[1] = _settings.Get("APNSERV");
                _chat.Start(_packet, _args);
                SetPhase(PacketDialing);
                return;
            }
            Dial();
        }

        private void Dial()
        {
            _out.InfoLine("DIALING");
            _out.InfoLine(_number);
            _args[0] = _number;
            _args[1] = null;
            _chat.Start(_dial, _args);
            SetPhase(Dialing);
        }

        private void PollDial()
        {
            ChatResult r = _chat.Poll();
            if (r == ChatResult.Running) return;
            if (r == ChatResult.Ok)
            {
                Connected();
                return;
            }
            int code = ResultCode.NoCarrier;
            if (r == ChatResult.Aborted)
            {
                string line = _chat.AbortLine;
                if (line == "BUSY") code = ResultCode.Busy;
                else if (line == "NO ANSWER") code = ResultCode.NoAnswer;
                else if (line == "NO DIALTONE") code = ResultCode.NoDialtone;
            }
            else if (r == ChatResult.Timeout || r == ChatResult.Silent)
            {
                _channel.Write(Cr, 0, 1); // the module may still be dialling: abort it (its NO CARRIER is taken by TakesUrc)
            }
            _out.Result(code);
            if (_redialsLeft > 0 && r != ChatResult.Closed)
            {
                // "TCP/IP stack will wait REDIALDELAY seconds then dial again … until success or until the
                // number of call retries defined in parameter REDIALCOUNT has been reached."
                _redialsLeft--;
                _phaseEnds = _clock.TickMs + (long)_settings.GetInt("REDIALDELAY") * _timings.SecondMs;
                SetPhase(RedialWait);
                return;
            }
            Finish();
        }

        private void PollPacketDial()
        {
            ChatResult r = _chat.Poll();
            if (r == ChatResult.Running) return;
            if (r == ChatResult.Ok)
            {
                Connected();
                return;
            }
            // The context could not be defined or the packet call was refused: "All connection attempts
            // will return this message if the GPRS session cannot be established."
            _out.Error(CmeError.InvalidActivationEvent);
            if (r == ChatResult.Timeout || r == ChatResult.Silent)
            {
                _channel.Write(Cr, 0, 1);
                BeginHangUp(false, false);
                return;
            }
            Finish();
        }

        // ------------------------------------------------------------------ incoming calls

        private void OnUrc(string line)
        {
            _call.Take(line, _clock.TickMs);
        }

        /// <summary>
        /// While the manager holds the module (a call, a dial it aborted, a hang-up), the module's own
        /// "NO CARRIER" is part of what the manager reports: it is not relayed as well.
        /// </summary>
        private bool TakesUrc(string line)
        {
            return _radio.Held && line == "NO CARRIER";
        }

        private void BeginAnswer()
        {
            FollowProfile();
            _gprs = false;
            _incoming = true;
            _call.Clear();
            _radio.Acquire();
            _answer.Steps[0].TimeoutMs = _timings.AnswerMs;
            _chat.Start(_answer, null);
            SetPhase(Answering);
        }

        private void PollAnswer()
        {
            ChatResult r = _chat.Poll();
            if (r == ChatResult.Running) return;
            if (r == ChatResult.Ok)
            {
                Connected();
                return;
            }
            if (r == ChatResult.Timeout || r == ChatResult.Silent) _channel.Write(Cr, 0, 1);
            _out.Result(ResultCode.NoCarrier);
            Finish();
        }

        /// <summary>
        /// ANSWERMODE 1–3 (the automatic answer and call-back process diagrams): after RINGCOUNT rings
        /// and the caller's number, screen it against CALLSCREENNUM; answer (1), or call back once the
        /// ringing has stopped and CALLBACKTIMER has passed (2: the usual CONNECTIONSTART, 3: the caller).
        /// </summary>
        private void PollIncoming(long now)
        {
            _call.Expire(now, _timings.RingGapMs);
            // A call that stopped ringing before the board decided (the caller rang once and hung up, as a
            // call-back request does) is decided at its end with what it brought. ANSWERMODE is read only
            // when there is a call: the idle loop runs this on every step (issue H, executed IL).
            int mode = (_call.Ringing || _call.Ended) && !_call.Decided ? _settings.GetInt("ANSWERMODE") : 0;
            if (mode != 0)
            {
                int needed = _settings.GetInt("RINGCOUNT");
                if (needed < 1) needed = 1; // "must be > 0": 0 is taken as the first ring rather than never
                if (_call.Rings >= needed && (_call.Number != null || !_call.Ringing || now - _call.LastRingMs >= _timings.ClipWaitMs))
                {
                    Decide(mode);
                    if (_phase != Idle) return;
                }
            }
            if (_callbackPending)
            {
                if (_call.Ringing) return;
                if (_callbackAt == 0) _callbackAt = now + (long)_settings.GetInt("CALLBACKTIMER") * _timings.SecondMs;
                if (now < _callbackAt) return;
                _callbackPending = false;
                BeginOutgoing(_callbackNumber);
            }
        }

        private void Decide(int mode)
        {
            _call.Decided = true;
            string screen = _settings.Get("CALLSCREENNUM");
            if (screen == "0") return; // "Not remote caller authorized"
            string caller = _call.Number;
            bool numberNeeded = screen != "*" || mode == 3;
            if (numberNeeded && (caller == null || caller.Length == 0))
            {
                _out.Error(CmeError.NoCallerId);
                return;
            }
            if (screen != "*" && caller != screen) return; // "If an incoming phone number is not authorized, the TCP/IP stack will ignore it."
            if (mode == 1)
            {
                if (!_call.Ringing) return; // gone before it could be answered
                if (_call.NotData)
                {
                    _out.Error(CmeError.InvalidIncomingCall);
                    return;
                }
                BeginAnswer();
                return;
            }
            _callbackPending = true;
            _callbackNumber = mode == 3 ? caller : null;
            _callbackAt = 0;
        }

        // ------------------------------------------------------------------ the call is up

        /// <summary>CONNECT [speed] came: report it, then PPP per PPPMODE (GPRS: always the client), or the transparent call.</summary>
        private void Connected()
        {
            Touch();
            if (_gprs)
            {
                OpenIp(false, _settings.Get("APNUN"), _settings.Get("APNPW"));
                return;
            }
            WriteConnect(_chat.Capture(0));
            int mode = _settings.GetInt("PPPMODE");
            if (mode == 0)
            {
                // "The TCP/IP stack behaves as a standard modem … there are no more return codes."
                _pluses = 0;
                _noCarrierMatched = 0;
                _skipLf = true; // the LF of the module's "CONNECT 9600" CR LF, when it was not framed yet
                _lastHostByte = _clock.TickMs;
                SetPhase(Transparent);
                return;
            }
            bool server = _incoming ? (mode == 1 || mode == 4) : (mode == 2 || mode == 4);
            if (server) OpenIp(true, _settings.Get("PPPSERVUN"), _settings.Get("PPPSERVPW"));
            else OpenIp(false, _settings.Get("ISPUN"), _settings.Get("ISPPW"));
        }

        private void OpenIp(bool server, string user, string password)
        {
            _request.Server = server;
            _request.User = user;
            _request.Password = password;
            uint address;
            _request.ServerLocalAddress = server && Ipv4.TryParse(_settings.Get("PPPMYIP"), out address) ? address : 0;
            _request.ServerPeerAddress = server && Ipv4.TryParse(_settings.Get("PPPPEERIP"), out address) ? address : 0;
            _request.TimeoutMs = _timings.NegotiationTimeoutMs;
            if (server && !Ipv4.ServerPair(_request.ServerLocalAddress, _request.ServerPeerAddress))
            {
                // Spec decision L19: no address pair to hand out (the 0.0.0.0 defaults, or not on one network)
                // is the server negotiation failing, before any PPP: a peer is never offered 0.0.0.0.
                _out.Error(CmeError.PppServerFailed);
                BeginHangUp(true, false);
                return;
            }
            _lost = false;
            // The PPP link takes the module line from here: what the driver already read behind CONNECT is its.
            _request.Received = _raw;
            _request.ReceivedCount = _channel.TakeUnframed(_raw, 0, _raw.Length);
            _ip.Open(_request);
            // A backstop a little after the link's own limit, for a link that never reports its timeout.
            _phaseEnds = _clock.TickMs + _timings.NegotiationTimeoutMs + 2000;
            SetPhase(Negotiating);
        }

        private void PollNegotiation(long now)
        {
            int status = _ip.Poll();
            if (status == IpLinkStatus.Negotiating)
            {
                if (now < _phaseEnds) return;
                status = _request.Server ? CmeError.PppServerTimeout : CmeError.PppClientTimeout;
            }
            if (status == IpLinkStatus.Up)
            {
                Touch();
                SetPhase(Online);
                _out.InfoLine(Address(_ip.LocalAddress));
                _out.Result(_gprs ? ResultCode.InfoGprsActivation : ResultCode.InfoPpp);
                return;
            }
            _ip.Close();
            // GPRS: the process diagram's "GPRS Negotiation Successful? N → 35868"; GSM: the PPP code itself.
            _out.Error(_gprs ? CmeError.GprsAborted : status);
            BeginHangUp(true, false);
        }

        private void CheckInactivity(long now)
        {
            long limit = (long)_settings.GetInt("PHYTIMEOUT") * _timings.MinuteMs;
            if (now - _lastActivity < limit) return;
            // "When the inactivity timer expires, the modem ends the communication."
            _out.Error(CmeError.PhyInactivityTimeout);
            if (_phase == Online) _ip.Close();
            BeginHangUp(true, false);
        }

        /// <summary>Transparent call: the remote modem's bytes go to the host as they are; its NO CARRIER ends the call.</summary>
        private void PumpFromModule()
        {
            int n = _channel.ReadRaw(_raw, 0, _raw.Length, 0);
            if (n < 0)
            {
                Finish();
                return;
            }
            if (n == 0) return;
            int start = 0;
            if (_skipLf)
            {
                _skipLf = false;
                if (_raw[0] == 10) start = 1;
            }
            _out.Bytes(_raw, start, n - start);
            Touch();
            for (int i = 0; i < n; i++)
            {
                byte b = _raw[i];
                if (b == NoCarrierText[_noCarrierMatched]) _noCarrierMatched++;
                else _noCarrierMatched = b == 13 ? 1 : 0;
                if (_noCarrierMatched == NoCarrierText.Length)
                {
                    // The module left data mode: the host has seen its NO CARRIER, the call is over.
                    // What followed it in this block is the module's command-mode output: framed from now on.
                    Finish();
                    return;
                }
            }
        }

        private void CheckEscape(long now)
        {
            if (_pluses == 0 || now - _lastPlus < _timings.EscapeGuardMs) return;
            if (_pluses == 3)
            {
                _pluses = 0;
                _lastHostByte = now;
                SetPhase(Escaped);
                _out.Ok(); // like a V.250 modem's online command mode: the call stays up until AT#CONNECTIONSTOP
                return;
            }
            int m = FlushPluses(0); // one or two '+' and silence: data after all
            _channel.Write(_toModule, 0, m);
        }

        /// <summary>Sends the '+' held back as a possible escape; returns the fill of the outgoing block.</summary>
        private int FlushPluses(int m)
        {
            if (m + _pluses > _toModule.Length)
            {
                _channel.Write(_toModule, 0, m);
                m = 0;
            }
            for (int i = 0; i < _pluses; i++) _toModule[m++] = (byte)'+';
            _pluses = 0;
            return m;
        }

        // ------------------------------------------------------------------ ending

        /// <summary>
        /// Hangs up: after a call's CONNECT the module is in data mode, so "+++" framed by guard times
        /// first (<paramref name="escape"/>), then ATH. <paramref name="replyOk"/>: AT#CONNECTIONSTOP's OK once done.
        /// </summary>
        private void BeginHangUp(bool escape, bool replyOk)
        {
            _replyOk = _replyOk || replyOk;
            _hangUpRetried = false;
            _escapeAnswer.Steps[0].TimeoutMs = _timings.EscapeGuardMs + _timings.EscapeAnswerMs;
            _hangUp.Steps[0].TimeoutMs = _timings.HangUpMs;
            if (escape)
            {
                _phaseEnds = _clock.TickMs + _timings.EscapeGuardMs;
                SetPhase(EscapeLead);
                return;
            }
            _chat.Start(_hangUp, null);
            SetPhase(HangingUp);
        }

        /// <summary>Back to IDLE: the module goes back to the driver.</summary>
        private void Finish()
        {
            _lost = false;
            SetPhase(Idle);
            _call.Clear();
            _radio.Release();
        }

        private void SetPhase(int phase)
        {
            _phase = phase;
            switch (phase)
            {
                case Idle:
                    _state.State = LinkState.Idle;
                    break;
                case Negotiating:
                    _state.State = LinkState.Authenticating;
                    break;
                case Online:
                case Transparent:
                case Escaped:
                    _state.State = LinkState.Connected;
                    break;
                case EscapeLead:
                case EscapeTrail:
                case HangingUp:
                    _state.State = LinkState.Disconnecting;
                    break;
                default:
                    _state.State = LinkState.Dialing;
                    break;
            }
        }

        /// <summary>"CONNECT 9600" as the module said it (ATV1), or its number from chapter 7's table (ATV0).</summary>
        private void WriteConnect(string speed)
        {
            if (speed == null) speed = "";
            _out.Result(ResultCode.ConnectCode(speed), speed.Length == 0 ? "CONNECT" : "CONNECT " + speed);
        }

        /// <summary>The module's "true" answer: the registration is known and the module answers.</summary>
        private bool ModuleReady()
        {
            return _radio.State == RadioState.Ready || _radio.State == RadioState.Registering;
        }

        private static ChatScript Connect(string name, string command, int timeoutMs)
        {
            if (command == null) return null;
            ChatStep row = new ChatStep(command, new ChatMatch[] { ChatMatch.Prefix("CONNECT") }, timeoutMs).AbortOn(ChatScript.CallAborts);
            row.CaptureSlot = 0;
            return new ChatScript(name, new ChatStep[] { row });
        }

        private string Address(uint address)
        {
            return new string(_text, 0, Ipv4.Format(address, _text, 0));
        }
    }
}
