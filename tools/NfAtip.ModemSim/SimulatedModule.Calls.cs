using System.Text.RegularExpressions;

namespace NfAtip.ModemSim;

// Calls: outgoing data calls (ATD), packet calls (ATD*99#), incoming calls (RING/+CRING/+CLIP, ATA), data mode with
// the "+++" escape, ATO, ATH, DTR, line drops, and the GPRS context commands. Everything runs under the module's lock
// (_gate) except opening, feeding and closing remotes.
public sealed partial class SimulatedModule
{
    // Serialises board → remote sends so chunks reach the remote in the order the board wrote them.
    private readonly object _sendGate = new();
    private readonly Dictionary<string, CallScript> _dialScripts = new(StringComparer.OrdinalIgnoreCase);
    // Scripted command faults, newest last: command prefix → result (null: no answer at all).
    private readonly List<(string Prefix, string? Result)> _faults = new();
    // URCs raised while in data mode: reported once the module is back in command mode, like a real module.
    private readonly List<string> _backlog = new();
    private CallMode _mode = CallMode.Command;
    private Call? _call;
    private Incoming? _incoming;
    private long _lastDataAt;
    private int _plusCount;
    private int _dataSeq;
    private bool _dtr = true;

    private static readonly Regex PacketDialString =
        new(@"^\*99(?:\*[^*#]*(?:\*[^*#]*(?:\*(\d+))?)?)?#$", RegexOptions.CultureInvariant);

    // ------------------------------------------------------------------ scripting API

    /// <summary>Where the module is in a call (command mode, connecting, data mode, online command mode).</summary>
    public CallMode Mode { get { lock (_gate) return _mode; } }

    /// <summary>True while an incoming call rings (until ATA, ATH, the caller giving up, or registration lost).</summary>
    public bool Ringing { get { lock (_gate) return _incoming != null; } }

    /// <summary>Rings (RING or +CRING lines) sent for the current or last incoming call.</summary>
    public int RingsSent { get { lock (_gate) return _lastRings; } }
    private int _lastRings;

    /// <summary>Outcome of ATD&lt;number&gt; for numbers without a <see cref="ScriptDial"/> entry. Default: NO CARRIER.</summary>
    public CallScript DefaultCall
    {
        get { lock (_gate) return _defaultCall; }
        set { lock (_gate) _defaultCall = value; }
    }
    private CallScript _defaultCall = CallScript.NoCarrier();

    /// <summary>
    /// A rule consulted for numbers without a <see cref="ScriptDial"/> entry before <see cref="DefaultCall"/>
    /// (e.g. "numbers ending in 7 are busy"); null from the rule, or no rule, falls through to the default.
    /// </summary>
    public Func<string, CallScript?>? DialRule
    {
        get { lock (_gate) return _dialRule; }
        set { lock (_gate) _dialRule = value; }
    }
    private Func<string, CallScript?>? _dialRule;

    /// <summary>
    /// Outcome of a packet dial (ATD*99# / ATD*99***&lt;cid&gt;#) once the checks passed (registered, attach accepted,
    /// context defined, APN accepted). Default: a bare "CONNECT" at once. A non-connect outcome gives its result.
    /// </summary>
    public CallScript PacketCall
    {
        get { lock (_gate) return _packetCall; }
        set { lock (_gate) _packetCall = value; }
    }
    private CallScript _packetCall = CallScript.Connect(speed: 0);

    /// <summary>
    /// The PPP network-side hook: makes the remote of each packet call (it receives the board's PPP bytes). Null uses
    /// <see cref="PacketCall"/>'s remote, or a <see cref="NullRemote"/>. A remote that is an <see cref="IPppNetworkSide"/>
    /// is told the dialled context before it opens.
    /// </summary>
    public Func<PacketSession, IDataRemote>? NetworkSide
    {
        get { lock (_gate) return _networkSide; }
        set { lock (_gate) _networkSide = value; }
    }
    private Func<PacketSession, IDataRemote>? _networkSide;

    /// <summary>Scripts the outcome of ATD&lt;number&gt; (the number as dialled, without the T/P prefix or spaces).</summary>
    public void ScriptDial(string number, CallScript script)
    {
        lock (_gate) _dialScripts[NormalizeNumber(number)] = script;
    }

    /// <summary>Maps a dialled number to a TCP address: the data call bridges to it (a new connection per call).</summary>
    public void ScriptDialToTcp(string number, string host, int port, int speed = 9600, int delayMs = 0) =>
        ScriptDial(number, CallScript.ToTcp(host, port, speed, delayMs));

    /// <summary>
    /// Starts an incoming call: RING (or "+CRING: &lt;type&gt;" with AT+CRC=1) at once and every
    /// <see cref="IncomingCallScript.RingIntervalMs"/>, each followed by +CLIP when AT+CLIP=1 and the call has a CLI.
    /// False when the module is busy with a call, already ringing, or not registered.
    /// </summary>
    public bool Ring(IncomingCallScript script)
    {
        lock (_gate)
        {
            if (_call != null || _incoming != null || !State.GsmRegistered) return false;
            var incoming = new Incoming(script);
            _incoming = incoming;
            _lastRings = 0;
            RingTick(incoming);
            return true;
        }
    }

    /// <summary>The caller gives up before the call is answered (the board reads the script's release result).</summary>
    public bool CallerHangsUp()
    {
        lock (_gate)
        {
            if (_incoming == null) return false;
            string? release = _incoming.Script.ReleaseResult;
            _incoming = null;
            if (release != null) Emit(release);
            return true;
        }
    }

    /// <summary>
    /// Line drop (fault): the call in progress (connecting, data or online command mode) ends at once with
    /// <paramref name="result"/> and the module is back in command mode. False when there is no call.
    /// </summary>
    public bool DropCall(string result = "NO CARRIER")
    {
        lock (_gate)
        {
            if (_call == null) return false;
            EndCall(result);
            return true;
        }
    }

    /// <summary>
    /// The DTR line (circuit 108/2) as the board drives it. An on-to-off transition during a call follows AT&amp;D:
    /// 0 ignored, 1 to online command mode ("OK"), 2 hang up ("OK").
    /// </summary>
    public void SetDtr(bool on)
    {
        lock (_gate)
        {
            bool was = _dtr;
            _dtr = on;
            if (!was || on || _call == null) return;
            switch (State.DtrMode)
            {
                case 1:
                    if (_mode == CallMode.Data) Escape();
                    break;
                case 2:
                    EndCall(Ok);
                    break;
            }
        }
    }

    /// <summary>
    /// Fault: command lines starting with <paramref name="commandPrefix"/> (after "AT", e.g. "+CGATT=1", "+CREG?",
    /// "D*99") answer <paramref name="result"/> instead of being executed. The newest matching fault wins.
    /// </summary>
    public void FailCommand(string commandPrefix, string result = Error)
    {
        lock (_gate) _faults.Add((StripAt(commandPrefix), result));
    }

    /// <summary>Fault: command lines starting with <paramref name="commandPrefix"/> get no answer at all (echo only).</summary>
    public void SilenceCommand(string commandPrefix)
    {
        lock (_gate) _faults.Add((StripAt(commandPrefix), null));
    }

    /// <summary>Removes all <see cref="FailCommand"/> / <see cref="SilenceCommand"/> faults.</summary>
    public void ClearFaults()
    {
        lock (_gate) _faults.Clear();
    }

    private static string StripAt(string prefix) =>
        prefix.StartsWith("AT", StringComparison.OrdinalIgnoreCase) ? prefix.Substring(2) : prefix;

    // ------------------------------------------------------------------ call engine (hold the lock unless noted)

    /// <summary>One call, outgoing or answered; also the link its remote talks back through.</summary>
    private sealed class Call : IDataLink
    {
        private readonly SimulatedModule _module;

        public Call(SimulatedModule module, CallScript script, PacketSession? packet)
        {
            _module = module;
            Script = script;
            Packet = packet;
        }

        public CallScript Script { get; }
        public PacketSession? Packet { get; }
        public IDataRemote? Remote { get; set; }
        /// <summary>Remote bytes waiting while not in data mode (before CONNECT, in online command mode).</summary>
        public Queue<byte> Held { get; } = new();
        /// <summary>The remote hung up while its Open was still running: the call ends right after CONNECT.</summary>
        public bool HungUpEarly { get; set; }

        public void Deliver(ReadOnlySpan<byte> data)
        {
            lock (_module._gate)
            {
                if (_module._call != this) return;
                if (_module._mode == CallMode.Data) _module.PutRaw(data);
                else foreach (byte b in data) Held.Enqueue(b);
            }
        }

        public void HangUp()
        {
            lock (_module._gate)
            {
                if (_module._call != this) return;
                // A remote may hang up from its own thread before the module has finished connecting (a server
                // that closes at once): the call still connects, then drops, as a modem shows it.
                if (_module._mode == CallMode.Connecting) HungUpEarly = true;
                else _module.EndCall("NO CARRIER");
            }
        }
    }

    private sealed class Incoming
    {
        public Incoming(IncomingCallScript script) => Script = script;
        public IncomingCallScript Script { get; }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delayMs"/> on the module's time (the action takes the lock itself).</summary>
    private void After(int delayMs, Action action) => Time.After(delayMs, action);

    private void StartConnect(Call call)
    {
        _call = call;
        _mode = CallMode.Connecting;
        After(call.Script.DelayMs, () => CompleteConnect(call));
    }

    /// <summary>The dial or answer delay is over: give the scripted result, or open the remote and go to data mode.</summary>
    private void CompleteConnect(Call call)
    {
        Func<PacketSession, IDataRemote>? networkSide;
        lock (_gate)
        {
            if (_call != call || _mode != CallMode.Connecting) return;
            if (call.Script.Outcome != CallOutcome.Connect)
            {
                EndCall(call.Script.ResultText);
                return;
            }
            networkSide = _networkSide;
        }
        IDataRemote remote;
        try
        {
            remote = call.Packet != null && networkSide != null
                ? networkSide(call.Packet)
                : call.Script.Remote?.Invoke() ?? new NullRemote();
            if (remote is IPppNetworkSide ppp && call.Packet != null) ppp.Activate(call.Packet);
            remote.Open(call);
        }
        catch (Exception)
        {
            // Unreachable remote (e.g. TCP connection refused): the call fails like an unanswered carrier.
            lock (_gate)
            {
                if (_call == call) EndCall("NO CARRIER");
            }
            return;
        }
        lock (_gate)
        {
            if (_call != call || _mode != CallMode.Connecting)
            {
                CloseLater(remote);
                return;
            }
            call.Remote = remote;
            EnterData(call.Script.ResultText);
            if (call.HungUpEarly) EndCall("NO CARRIER");
        }
    }

    /// <summary>Reports CONNECT, enters data mode and hands over remote bytes that arrived meanwhile.</summary>
    private void EnterData(string connect)
    {
        Emit(connect);
        _mode = CallMode.Data;
        _lastDataAt = Time.NowMs;
        _plusCount = 0;
        _dataSeq++;
        var held = _call!.Held;
        if (held.Count > 0)
        {
            PutRaw(held.ToArray());
            held.Clear();
        }
    }

    /// <summary>Leaves data mode for online command mode with OK (the "+++" escape, DTR with AT&amp;D1).</summary>
    private void Escape()
    {
        _mode = CallMode.OnlineCommand;
        _plusCount = 0;
        _dataSeq++;
        Emit(Ok);
        FlushBacklog();
    }

    /// <summary>Ends the call in progress, closes its remote and reports <paramref name="result"/> (if any).</summary>
    private void EndCall(string? result)
    {
        var call = _call;
        if (call == null) return;
        _call = null;
        _mode = CallMode.Command;
        _plusCount = 0;
        _dataSeq++;
        if (call.Packet != null) State.ActiveContexts.Remove(call.Packet.Cid);
        if (call.Remote != null) CloseLater(call.Remote);
        if (result != null) Emit(result);
        FlushBacklog();
    }

    private static void CloseLater(IDataRemote remote) =>
        Task.Run(() =>
        {
            try
            {
                remote.Close();
            }
            catch (Exception)
            {
                // a remote failing to close is not the board's problem
            }
        });

    private void FlushBacklog()
    {
        var urcs = _backlog.ToArray();
        _backlog.Clear();
        foreach (var urc in urcs) Emit(urc);
    }

    /// <summary>Registration is gone: calls and ringing end.</summary>
    private void NetworkLost()
    {
        _incoming = null;
        if (_call != null) EndCall("NO CARRIER");
    }

    /// <summary>
    /// One board byte in data mode: forwarded to the remote (the escape characters too, as a Hayes modem does),
    /// and watched for the escape: guard time of silence, three escape characters within the guard time, then
    /// guard time of silence → online command mode with OK.
    /// </summary>
    private void DataByte(byte b, List<byte> toRemote)
    {
        long now = Time.NowMs;
        long gap = now - _lastDataAt;
        _lastDataAt = now;
        int seq = ++_dataSeq;
        int guard = State.GuardTimeMs;
        bool escapeChar = b == State.EscapeChar;
        _plusCount = escapeChar && (_plusCount == 0 ? gap >= guard : _plusCount < 3 && gap < guard) ? _plusCount + 1 : 0;
        if (_plusCount == 3)
        {
            var call = _call;
            After(guard, () =>
            {
                lock (_gate)
                {
                    if (_call == call && _mode == CallMode.Data && _dataSeq == seq && _plusCount == 3) Escape();
                }
            });
        }
        toRemote.Add(b);
    }

    private void RingTick(Incoming incoming)
    {
        if (_incoming != incoming) return;
        var script = incoming.Script;
        if (script.Rings > 0 && _lastRings >= script.Rings)
        {
            _incoming = null;
            if (script.ReleaseResult != null) Emit(script.ReleaseResult);
            return;
        }
        _lastRings++;
        Emit(State.CrcMode == 1 ? "+CRING: " + script.CallType : "RING");
        if (State.ClipMode == 1 && (script.Number != null || script.Withheld))
            Emit("+CLIP: \"" + (script.Withheld ? "" : script.Number) + "\"," + script.TypeOfAddress);
        if (State.AutoAnswerRings > 0 && _lastRings >= State.AutoAnswerRings)
        {
            // ATS0=n: the module answers by itself, as ATA would.
            _incoming = null;
            StartConnect(new Call(this, script.Answer, null));
            return;
        }
                After(script.RingIntervalMs, () =>
        {
            lock (_gate) RingTick(incoming);
        });
    }

    /// <summary>Answers a scripted fault for this command line (true) or lets it run (false).</summary>
    private bool TryFault(string body)
    {
        for (int i = _faults.Count - 1; i >= 0; i--)
        {
            if (!body.StartsWith(_faults[i].Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (_faults[i].Result is string result) Emit(result);
            return true;
        }
        return false;
    }

    private static string NormalizeNumber(string dial)
    {
        string s = string.Concat(dial.Where(c => !char.IsWhiteSpace(c)));
        if (s.Length > 0 && (s[0] == 'T' || s[0] == 't' || s[0] == 'P' || s[0] == 'p')) s = s.Substring(1);
        return s;
    }

    // ------------------------------------------------------------------ handlers

    private static string? Dial(SimulatedModule m, Request r, List<string> after)
    {
        string number = NormalizeNumber(r.Args);
        if (number.Length == 0 || number.EndsWith(';')) return Error; // voice calls are not modelled
        if (m._call != null || m._incoming != null) return Error;
        var packet = PacketDialString.Match(number);
        if (packet.Success) return m.DialPacket(packet.Groups[1].Success ? int.Parse(packet.Groups[1].Value) : 1);
        if (!m.State.SimReady) return m.SimError();
        if (!m.State.GsmRegistered) return "NO CARRIER";
        var script = m._dialScripts.TryGetValue(number, out var scripted) ? scripted : m._dialRule?.Invoke(number) ?? m._defaultCall;
        m.StartConnect(new Call(m, script, null));
        return null;
    }

    /// <summary>ATD*99#: registered, attached (implicitly), the context defined with an accepted APN, then the script.</summary>
    private string? DialPacket(int cid)
    {
        var s = State;
        string reject = s.PacketRejectResult;
        if (!s.SimReady || !s.GsmRegistered) return reject;
        if (Attach() != null) return reject;
        if (!s.Contexts.TryGetValue(cid, out var apn)) return reject;
        if (s.ExpectedApn != null && !string.Equals(apn, s.ExpectedApn, StringComparison.OrdinalIgnoreCase)) return reject;
        s.ActiveContexts.Add(cid);
        StartConnect(new Call(this, _packetCall, new PacketSession(cid, apn)));
        return null;
    }

    private static string? Answer(SimulatedModule m, Request r, List<string> after)
    {
        var incoming = m._incoming;
        if (incoming == null || m._call != null) return "NO CARRIER";
        m._incoming = null;
        m.StartConnect(new Call(m, incoming.Script.Answer, null));
        return null;
    }

    private static string? HangUpCommand(SimulatedModule m, Request r, List<string> after)
    {
        if (r.Args != "" && r.Args != "0") return Error;
        m._incoming = null; // rejects a ringing call
        m.EndCall(null);
        return Ok;
    }

    private static string? Online(SimulatedModule m, Request r, List<string> after)
    {
        if (r.Args != "" && r.Args != "0") return Error;
        if (m._call == null || m._mode != CallMode.OnlineCommand) return "NO CARRIER";
        m.EnterData(m._call.Script.ResultText);
        return null;
    }

    /// <summary>ATV1 (verbose results, the only format modelled): OK; ATV0 (numeric) answers ERROR.</summary>
    private static string? Verbose(SimulatedModule m, Request r, List<string> after) =>
        r.Form == Form.Execute && r.Args == "1" ? Ok : Error;

    private static string? AmpD(SimulatedModule m, Request r, List<string> after)
    {
        int n = 0;
        if (r.Args != "" && !r.TryInt(0, 2, out n)) return Error;
        m.State.DtrMode = n;
        return Ok;
    }

    private static string? Crc(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info("+CRC: " + s.CrcMode);
            case Form.Test: return m.Info("+CRC: (0,1)");
            case Form.Set:
                if (!r.TryInt(0, 1, out int n)) return Error;
                s.CrcMode = n;
                return Ok;
            default: return Error;
        }
    }

    /// <summary>
    /// ATS&lt;n&gt;? / ATS&lt;n&gt;=&lt;v&gt; through a small register map: S0 auto-answer rings, S2 escape character,
    /// S12 escape guard time (1/50 s); S3, S4, S5, S7 are kept but have no effect.
    /// </summary>
    private static string? SRegister(SimulatedModule m, Request r, List<string> after)
    {
        string[] parts = r.Args.Split('=');
        if (!int.TryParse(parts[0], out int reg)) return Error;
        if (!Registers.TryGetValue(reg, out var access)) return Error;
        if (r.Form == Form.Read) return m.Info(access.Get(m.State).ToString("D3"));
        if (parts.Length != 2 || !int.TryParse(parts[1], out int value) || value < 0 || value > 255) return Error;
        access.Set(m.State, value);
        return Ok;
    }

    private static readonly Dictionary<int, (Func<ModuleState, int> Get, Action<ModuleState, int> Set)> Registers = new()
    {
        [0] = (s => s.AutoAnswerRings, (s, v) => s.AutoAnswerRings = v),
        [2] = (s => s.EscapeChar, (s, v) => s.EscapeChar = (byte)v),
        [3] = (_ => 13, (_, _) => { }),
        [4] = (_ => 10, (_, _) => { }),
        [5] = (_ => 8, (_, _) => { }),
        [7] = (_ => 60, (_, _) => { }),
        [12] = (s => s.GuardTimeMs / 20, (s, v) => s.GuardTimeMs = v * 20),
    };

    private static string Unquote(string s) => s.Trim().Trim('"');

    private static string? Cgdcont(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read:
                foreach (var (cid, apn) in s.Contexts) m.Emit("+CGDCONT: " + cid + ",\"IP\",\"" + apn + "\",\"0.0.0.0\",0,0");
                return Ok;
            case Form.Test:
                return m.Info("+CGDCONT: (1-3),\"IP\",,,(0-2),(0-4)");
            case Form.Set:
                string[] parts = r.Args.Split(',');
                if (!int.TryParse(parts[0].Trim(), out int id) || id < 1 || id > 3) return Error;
                if (parts.Length == 1)
                {
                    s.Contexts.Remove(id); // AT+CGDCONT=<cid> undefines the context
                    return Ok;
                }
                if (!string.Equals(Unquote(parts[1]), "IP", StringComparison.OrdinalIgnoreCase)) return Error;
                if (s.ActiveContexts.Contains(id)) return m.CmeError(3);
                s.Contexts[id] = parts.Length > 2 ? Unquote(parts[2]) : "";
                return Ok;
            default:
                return Error;
        }
    }

    private static string? Cgact(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read:
                foreach (var cid in s.Contexts.Keys) m.Emit("+CGACT: " + cid + "," + (s.ActiveContexts.Contains(cid) ? 1 : 0));
                return Ok;
            case Form.Test:
                return m.Info("+CGACT: (0,1)");
            case Form.Set:
                string[] parts = r.Args.Split(',');
                if (!int.TryParse(parts[0].Trim(), out int state) || state < 0 || state > 1) return Error;
                var cids = new List<int>();
                foreach (var p in parts.Skip(1))
                {
                    if (!int.TryParse(p.Trim(), out int cid)) return Error;
                    cids.Add(cid);
                }
                if (cids.Count == 0) cids.AddRange(s.Contexts.Keys);
                if (state == 0)
                {
                    foreach (var cid in cids) s.ActiveContexts.Remove(cid);
                    if (m._call?.Packet is PacketSession session && cids.Contains(session.Cid)) m.EndCall("NO CARRIER");
                    return Ok;
                }
                if (m.Attach() is string refused) return refused;
                foreach (var cid in cids)
                {
                    if (!s.Contexts.TryGetValue(cid, out var apn)) return m.CmeError(3);
                    if (s.ExpectedApn != null && !string.Equals(apn, s.ExpectedApn, StringComparison.OrdinalIgnoreCase))
                        return m.CmeError(s.ApnRejectCode);
                    s.ActiveContexts.Add(cid);
                }
                return Ok;
            default:
                return Error;
        }
    }
}
