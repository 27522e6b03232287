using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.Platform;

namespace NfAtip.ModemSim;

/// <summary>
/// An in-process GSM/GPRS module behaving like a SIMCom SIM800 with V.250 framing, used as the virtual
/// board's radio line. What the board writes are command bytes to the module; what it reads are the
/// module's answers: the echo (on by default, ATE0/ATE1), then responses framed as "\r\n&lt;text&gt;\r\n",
/// the final result ("\r\nOK\r\n", "\r\nERROR\r\n" or "\r\n+CME ERROR: &lt;n&gt;\r\n") and unsolicited result
/// codes (+CREG:, +CGREG:, RING, ...).
/// Commands are looked up in a table (<see cref="Commands"/>); one command per line ("AT" prefix, any case).
/// Thread-safe: the board may read and write from different threads while a test changes the state.
/// <para>
/// Scripting (all thread-safe, usable while the board runs): <see cref="Update"/> the <see cref="State"/> (SIM,
/// registration, signal, operator, GPRS rules, slow/silent faults), <see cref="ScriptDial"/> /
/// <see cref="DefaultCall"/> for ATD outcomes and remotes, <see cref="PacketCall"/> and <see cref="NetworkSide"/>
/// for ATD*99#, <see cref="Ring"/> for incoming calls, <see cref="DropCall"/>, <see cref="LoseRegistration"/>,
/// <see cref="FailCommand"/> / <see cref="SilenceCommand"/> for faults, <see cref="SetDtr"/> for the DTR line.
/// Calls are in SimulatedModule.Calls.cs.
/// </para>
/// </summary>
public sealed partial class SimulatedModule : ISerialLine
{
    /// <summary>How a command was invoked.</summary>
    public enum Form { Execute, Read, Test, Set }

    /// <summary>One parsed command: its name ("+CREG", "E", "I"), form and argument text.</summary>
    public sealed class Request
    {
        public Request(string name, Form form, string args)
        {
            Name = name;
            Form = form;
            Args = args;
        }

        public string Name { get; }
        public Form Form { get; }
        /// <summary>Text after '=' for <see cref="Form.Set"/>; the digits after a basic command (ATE0 → "0").</summary>
        public string Args { get; }

        /// <summary>Args as an integer in [min, max]; false when missing or out of range.</summary>
        public bool TryInt(int min, int max, out int value) =>
            int.TryParse(Args.Trim(), out value) && value >= min && value <= max;
    }

    /// <summary>
    /// A command handler: writes information responses with <see cref="Info"/> (and, after the final result,
    /// URCs with <see cref="Urc"/> queued in <paramref name="after"/>) and returns the final result text
    /// ("OK", "ERROR", or a <see cref="CmeError"/>), or null when the final result comes later or never
    /// (a dial in progress; the handler then emits what it needs itself).
    /// </summary>
    public delegate string? Handler(SimulatedModule module, Request request, List<string> after);

    private readonly object _gate = new();
    private readonly Queue<byte> _output = new();
    private readonly StringBuilder _line = new();
    private readonly Dictionary<string, Handler> _commands;
    // Answers of a slow module, readable from their due time on (oldest first).
    private readonly Queue<(long Due, byte[] Bytes)> _delayed = new();
    // While a command runs on a slow module, what it emits is collected here and queued with a due time.
    private List<byte>? _capture;

    public SimulatedModule() : this(new ModuleState())
    {
    }

    /// <param name="time">The world's time: <see cref="SimTime.Real"/> (the virtual board), or a <see cref="VirtualTime"/>
    /// shared with the board's clock on a bench, where waits let time pass instead of sleeping.</param>
    public SimulatedModule(ModuleState state, SimTime? time = null)
    {
        State = state;
        Time = time ?? SimTime.Real;
        _commands = new Dictionary<string, Handler>(StringComparer.OrdinalIgnoreCase)
        {
            [""] = (_, _, _) => Ok,
            ["E"] = Echo,
            ["I"] = (m, _, _) => m.Info(m.State.Product),
            ["+CGMI"] = (m, r, _) => Identity(m, r, m.State.Manufacturer),
            ["+CGMM"] = (m, r, _) => Identity(m, r, m.State.Model),
            ["+CGMR"] = (m, r, _) => Identity(m, r, m.State.Revision),
            ["+CGSN"] = (m, r, _) => Identity(m, r, m.State.Imei),
            ["+CPIN"] = Cpin,
            ["+CREG"] = Creg,
            ["+CGREG"] = Cgreg,
            ["+CEREG"] = Cereg,
            ["+CGATT"] = Cgatt,
            ["+CLIP"] = Clip,
            ["+CSQ"] = Csq,
            ["+COPS"] = Cops,
            ["+CMEE"] = Cmee,
            ["+CRC"] = Crc,
            ["D"] = Dial,
            ["A"] = Answer,
            ["H"] = HangUpCommand,
            ["O"] = Online,
            ["&D"] = AmpD,
            ["S"] = SRegister,
            ["V"] = Verbose,
            ["+CGDCONT"] = Cgdcont,
            ["+CGACT"] = Cgact,
        };
    }

    /// <summary>The time the module's answers, rings, escapes and dials run on.</summary>
    public SimTime Time { get; }

    /// <summary>The module's state. Change it through <see cref="Update"/> while the board runs.</summary>
    public ModuleState State { get; }

    /// <summary>The command table (name → handler); a test may add or replace entries before the board starts.</summary>
    public IDictionary<string, Handler> Commands => _commands;

    /// <summary>Every command line the module received (without "AT" prefix handling), oldest first.</summary>
    public List<string> Received { get; } = new();

    // ------------------------------------------------------------------ ISerialLine

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        lock (_gate)
        {
            ReleaseDelayed();
            if (_output.Count == 0 && timeoutMs != 0)
            {
                long deadline = Time.NowMs + Math.Max(0, timeoutMs);
                while (_output.Count == 0)
                {
                    int left = timeoutMs < 0 ? Timeout.Infinite : (int)(deadline - Time.NowMs);
                    if (timeoutMs >= 0 && left <= 0) break;
                    if (_delayed.Count > 0)
                    {
                        int due = (int)Math.Max(1, _delayed.Peek().Due - Time.NowMs);
                        left = left == Timeout.Infinite ? due : Math.Min(left, due);
                    }
                    Time.Wait(_gate, left);
                    ReleaseDelayed();
                }
            }
            int n = 0;
            while (n < count && _output.Count > 0) buffer[offset + n++] = _output.Dequeue();
            return n;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        // Data-mode bytes go to the remote outside the module's lock (a TCP send may block), in order.
        lock (_sendGate)
        {
            var toRemote = new List<byte>();
            IDataRemote? remote = null;
            lock (_gate)
            {
                for (int i = offset; i < offset + count; i++)
                {
                    if (_mode == CallMode.Data && _call != null)
                    {
                        remote = _call.Remote;
                        DataByte(buffer[i], toRemote);
                    }
                    else
                    {
                        Receive(buffer[i]);
                    }
                }
            }
            if (remote != null && toRemote.Count > 0) remote.Send(toRemote.ToArray());
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        lock (_gate)
        {
            State.BaudRate = baudRate;
            State.HardwareFlowControl = hardwareFlowControl;
        }
    }

    // ------------------------------------------------------------------ scripting

    /// <summary>
    /// Changes the state under the module's lock; registration changes are then reported as +CREG/+CGREG URCs
    /// (when enabled by AT+CREG/AT+CGREG), as the network would.
    /// </summary>
    public void Update(Action<ModuleState> change)
    {
        lock (_gate)
        {
            int gsm = State.GsmStatus, gprs = State.GprsStatus, eps = State.EpsStatus;
            change(State);
            var urcs = new List<string>();
            ReportChanges(gsm, gprs, eps, urcs);
            foreach (var u in urcs) Emit(u);
            // Without the network a call cannot survive: the board sees the line drop.
            if (!State.GsmRegistered) NetworkLost();
        }
    }

    /// <summary>
    /// Registration lost (fault): the network status becomes <paramref name="status"/> (0 not registered,
    /// 2 searching, 3 denied), reported as +CREG/+CGREG URCs where enabled; a call in progress ends with NO CARRIER.
    /// </summary>
    public void LoseRegistration(int status = 2) => Update(s => s.NetworkStatus = status);

    /// <summary>Registration (re)gained with <paramref name="status"/> 1 (home) or 5 (roaming), reported as URCs.</summary>
    public void Register(int status = 1) => Update(s => s.NetworkStatus = status);

    /// <summary>
    /// Sends an unsolicited result code ("RING", "+CLIP: \"0612345678\",129", ...) to the board; in data mode it
    /// is held until the module is back in command mode.
    /// </summary>
    public void InjectUrc(string text)
    {
        lock (_gate) Emit(text);
    }

    /// <summary>Bytes waiting for the board to read (handy for tests).</summary>
    public int Pending { get { lock (_gate) return _output.Count; } }

    // ------------------------------------------------------------------ line discipline

    private void Receive(byte b)
    {
        if (State.Silent) return; // a hung module: nothing echoed, nothing executed
        if (_mode == CallMode.Connecting)
        {
            // V.250 6.3.1: any character aborts a dial or answer in progress (the LF after the command's CR excepted).
            if (b != 0x0A) EndCall("NO CARRIER");
            return;
        }
        if (State.Echo) Put(b);
        switch (b)
        {
            case 0x0D:
                string line = _line.ToString();
                _line.Clear();
                Execute(line);
                break;
            case 0x0A:
                break; // LF after CR: ignored, like V.250's S4
            case 0x08:
            case 0x7F:
                if (_line.Length > 0) _line.Length--;
                break;
            default:
                if (_line.Length < 556) _line.Append((char)b);
                break;
        }
    }

    private void Execute(string line)
    {
        string text = line.Trim();
        if (text.Length == 0) return;
        Received.Add(text);
        if (text.Length < 2 || !text.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return; // not a command line: a V.250 DCE ignores it
        }
        string body = text.Substring(2);
        if (State.ResponseDelayMs > 0) _capture = new List<byte>();
        try
        {
            if (TryFault(body)) return;
            var request = Parse(body);
            var after = new List<string>();
            string? result;
            if (request == null || !_commands.TryGetValue(request.Name, out var handler))
            {
                result = Error;
            }
            else
            {
                result = handler(this, request, after);
            }
            if (result != null) Emit(result);
            foreach (var urc in after) Emit(urc);
        }
        finally
        {
            if (_capture != null)
            {
                long due = Time.NowMs + State.ResponseDelayMs;
                if (_delayed.Count > 0) due = Math.Max(due, _delayed.Last().Due);
                if (_capture.Count > 0) _delayed.Enqueue((due, _capture.ToArray()));
                _capture = null;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Splits "+CREG=1" / "+CREG?" / "+CREG=?" / "+CSQ" / "E0" / "I" / "" into a request.</summary>
    public static Request? Parse(string body)
    {
        if (body.Length == 0) return new Request("", Form.Execute, "");
        char first = body[0];
        if (first == '+' || first == '#' || first == '*' || first == '^')
        {
            int i = 1;
            while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] == '_')) i++;
            string name = body.Substring(0, i).ToUpperInvariant();
            string rest = body.Substring(i);
            if (rest.Length == 0) return new Request(name, Form.Execute, "");
            if (rest == "?") return new Request(name, Form.Read, "");
            if (rest == "=?") return new Request(name, Form.Test, "");
            if (rest[0] == '=') return new Request(name, Form.Set, rest.Substring(1));
            return null;
        }
        if (first == 'D' || first == 'd') return new Request("D", Form.Execute, body.Substring(1)); // the dial string
        if (first == '&' && body.Length > 1 && char.IsLetter(body[1]))
        {
            string rest = body.Substring(2);
            foreach (char c in rest)
                if (!char.IsDigit(c)) return null;
            return new Request("&" + char.ToUpperInvariant(body[1]), Form.Execute, rest);
        }
        if (first == 'S' || first == 's')
        {
            // S-registers: ATS<n>? reads, ATS<n>=<v> sets (Args "n" or "n=v").
            string rest = body.Substring(1);
            if (rest.EndsWith('?')) return new Request("S", Form.Read, rest.TrimEnd('?'));
            return rest.Contains('=') ? new Request("S", Form.Set, rest) : null;
        }
        if (char.IsLetter(first))
        {
            string name = char.ToUpperInvariant(first).ToString();
            string rest = body.Substring(1);
            if (rest == "?") return new Request(name, Form.Read, "");
            foreach (char c in rest)
                if (!char.IsDigit(c)) return null; // one basic command per line in this simulator
            return new Request(name, Form.Execute, rest);
        }
        return null;
    }

    // ------------------------------------------------------------------ output

    private void Put(byte b)
    {
        _output.Enqueue(b);
        Monitor.PulseAll(_gate);
    }

    /// <summary>Queues "\r\n&lt;text&gt;\r\n" (must hold the lock); nothing on a silent module; delayed on a slow one.</summary>
    private void Emit(string text)
    {
        if (State.Silent) return;
        if (_mode == CallMode.Data)
        {
            _backlog.Add(text); // never inside the data stream: reported after leaving data mode
            return;
        }
        foreach (char c in "\r\n" + text + "\r\n")
        {
            if (_capture != null) _capture.Add((byte)c);
            else _output.Enqueue((byte)c);
        }
        Monitor.PulseAll(_gate);
    }

    /// <summary>Queues data-mode bytes from the remote as they are (must hold the lock).</summary>
    private void PutRaw(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (_capture != null) _capture.Add(b); // keeps a slow module's CONNECT ahead of the data after ATO
            else _output.Enqueue(b);
        }
        Monitor.PulseAll(_gate);
    }

    /// <summary>Moves a slow module's answers whose time has come to the output (must hold the lock).</summary>
    private void ReleaseDelayed()
    {
        long now = Time.NowMs;
        while (_delayed.Count > 0 && _delayed.Peek().Due <= now)
            foreach (byte b in _delayed.Dequeue().Bytes) _output.Enqueue(b);
    }

    public const string Ok = "OK";
    public const string Error = "ERROR";

    /// <summary>Writes an information response line and returns OK.</summary>
    public string Info(string text)
    {
        Emit(text);
        return Ok;
    }

    /// <summary>The error result for a +CME error, according to AT+CMEE.</summary>
    public string CmeError(int code)
    {
        switch (State.CmeeMode)
        {
            case 1: return "+CME ERROR: " + code;
            case 2: return "+CME ERROR: " + CmeText(code);
            default: return Error;
        }
    }

    private static string CmeText(int code) => code switch
    {
        3 => "operation not allowed",
        4 => "operation not supported",
        10 => "SIM not inserted",
        11 => "SIM PIN required",
        12 => "SIM PUK required",
        16 => "incorrect password",
        30 => "no network service",
        148 => "unspecified GPRS error",
        533 => "missing or unknown APN",
        100 => "unknown",
        _ => "unknown",
    };

    private void ReportChanges(int oldGsm, int oldGprs, int oldEps, List<string> into)
    {
        if (State.GsmStatus != oldGsm && State.CregMode > 0) into.Add(RegLine("+CREG", State.CregMode, State.GsmStatus, false));
        if (State.GprsStatus != oldGprs && State.CgregMode > 0) into.Add(RegLine("+CGREG", State.CgregMode, State.GprsStatus, false));
        if (State.EpsStatus != oldEps && State.CeregMode > 0) into.Add(RegLine("+CEREG", State.CeregMode, State.EpsStatus, false));
    }

    /// <summary>"+CREG: 1" (URC) or "+CREG: 1,1" (read); mode 2 appends ,"lac","ci" while registered.</summary>
    private string RegLine(string name, int mode, int stat, bool withMode)
    {
        var s = new StringBuilder(name).Append(": ");
        if (withMode) s.Append(mode).Append(',');
        s.Append(stat);
        if (mode == 2 && (stat == 1 || stat == 5)) s.Append(",\"").Append(State.Lac).Append("\",\"").Append(State.CellId).Append('"');
        return s.ToString();
    }

    // ------------------------------------------------------------------ handlers

    private static string Echo(SimulatedModule m, Request r, List<string> after)
    {
        if (r.Form != Form.Execute) return Error;
        if (r.Args == "" || r.Args == "0") m.State.Echo = false;
        else if (r.Args == "1") m.State.Echo = true;
        else return Error;
        return Ok;
    }

    private static string Identity(SimulatedModule m, Request r, string value) =>
        r.Form switch
        {
            Form.Execute => m.Info(value),
            Form.Test => Ok,
            _ => Error,
        };

    /// <summary>The +CME error for the SIM's current state: 10 not inserted, 12 PUK, 11 PIN (must hold the lock).</summary>
    public string SimError() => CmeError(!State.SimInserted ? 10 : State.PukRequired ? 12 : 11);

    private static string Cpin(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read:
                return s.CpinCode == null ? m.CmeError(10) : m.Info("+CPIN: " + s.CpinCode);
            case Form.Test:
                return Ok;
            case Form.Set:
                if (!s.SimInserted) return m.CmeError(10);
                if (s.SimReady) return m.CmeError(3);
                string[] args = r.Args.Split(',');
                string code = args[0].Trim().Trim('"');
                int gsm = s.GsmStatus, gprs = s.GprsStatus, eps = s.EpsStatus;
                if (s.PukRequired)
                {
                    if (args.Length < 2 || code != s.Puk) return m.CmeError(16);
                    s.Pin = args[1].Trim().Trim('"');
                    s.PukRequired = false;
                }
                else if (code != s.Pin)
                {
                    // Three wrong PINs block the SIM.
                    if (--s.PinAttemptsLeft <= 0) s.PukRequired = true;
                    return m.CmeError(16);
                }
                s.PinAttemptsLeft = 3;
                s.PinEntered = true;
                m.ReportChanges(gsm, gprs, eps, after);
                return Ok;
            default:
                return Error;
        }
    }

    private static string Creg(SimulatedModule m, Request r, List<string> after) =>
        m.Registration(r, after, "+CREG", m.State.CregMode, n => m.State.CregMode = n, m.State.GsmStatus);

    private static string Cgreg(SimulatedModule m, Request r, List<string> after) =>
        m.Registration(r, after, "+CGREG", m.State.CgregMode, n => m.State.CgregMode = n, m.State.GprsStatus);

    /// <summary>AT+CEREG (LTE registration): an LTE module only; a 2G module answers ERROR, as a SIM800 does.</summary>
    private static string Cereg(SimulatedModule m, Request r, List<string> after) =>
        !m.State.Lte ? Error : m.Registration(r, after, "+CEREG", m.State.CeregMode, n => m.State.CeregMode = n, m.State.EpsStatus);

    /// <summary>
    /// AT+CREG / AT+CGREG / AT+CEREG (27.007: the same form for each domain): read "+CREG: n,stat", test the
    /// modes, set the URC mode. As in the spec's Appendix A, enabling the URC reports the current state at once.
    /// </summary>
    private string Registration(Request r, List<string> after, string name, int mode, Action<int> setMode, int status)
    {
        switch (r.Form)
        {
            case Form.Read: return Info(RegLine(name, mode, status, true));
            case Form.Test: return Info(name + ": (0-2)");
            case Form.Set:
                if (!r.TryInt(0, 2, out int n)) return Error;
                setMode(n);
                if (n > 0) after.Add(RegLine(name, n, status, false));
                return Ok;
            default: return Error;
        }
    }

    private static string Cgatt(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info("+CGATT: " + (s.PacketAttached ? 1 : 0));
            case Form.Test: return m.Info("+CGATT: (0,1)");
            case Form.Set:
                if (!r.TryInt(0, 1, out int n)) return Error;
                if (!s.SimReady) return m.SimError();
                if (n == 1) return m.Attach() ?? Ok;
                int gsm = s.GsmStatus, gprs = s.GprsStatus, eps = s.EpsStatus;
                s.GprsAttached = false;
                s.ActiveContexts.Clear();
                m.ReportChanges(gsm, gprs, eps, after);
                return Ok;
            default: return Error;
        }
    }

    /// <summary>
    /// GPRS attach (must hold the lock): null when attached, else the error result (not registered: +CME ERROR: 30;
    /// a scripted reject: <see cref="ModuleState.AttachRejectCode"/>).
    /// </summary>
    private string? Attach()
    {
        var s = State;
        if (!s.SimReady) return SimError();
        if (!s.GsmRegistered) return CmeError(30);
        if (s.GprsAttached) return null;
        if (s.AttachRejectCode is int reject) return CmeError(reject);
        if (s.Lte) return null; // the EPS attach came with the registration: nothing is reported
        // Spec Appendix A: the attach reports searching (2) then registered (1) before the result.
        if (s.CgregMode > 0) Emit(RegLine("+CGREG", s.CgregMode, 2, false));
        s.GprsAttached = true;
        if (s.CgregMode > 0) Emit(RegLine("+CGREG", s.CgregMode, s.GprsStatus, false));
        return null;
    }

    private static string Clip(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info("+CLIP: " + s.ClipMode + ",1");
            case Form.Test: return m.Info("+CLIP: (0,1)");
            case Form.Set:
                if (!r.TryInt(0, 1, out int n)) return Error;
                s.ClipMode = n;
                return Ok;
            default: return Error;
        }
    }

    private static string Csq(SimulatedModule m, Request r, List<string> after) =>
        r.Form switch
        {
            Form.Execute => m.Info("+CSQ: " + m.State.Rssi + "," + m.State.Ber),
            Form.Test => m.Info("+CSQ: (0-31,99),(0-7,99)"),
            _ => Error,
        };

    private static string Cops(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read:
                if (!s.SimReady) return m.SimError();
                return m.Info(s.GsmRegistered ? "+COPS: 0,0,\"" + s.Operator + "\"" : "+COPS: 0");
            case Form.Test:
                return m.Info("+COPS: (2,\"" + s.Operator + "\",\"" + s.Operator + "\",\"00101\"),,(0-4),(0-2)");
            case Form.Set:
                return s.SimReady ? Ok : m.SimError();
            default: return Error;
        }
    }

    private static string Cmee(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info("+CMEE: " + s.CmeeMode);
            case Form.Test: return m.Info("+CMEE: (0-2)");
            case Form.Set:
                if (!r.TryInt(0, 2, out int n)) return Error;
                s.CmeeMode = n;
                return Ok;
            default: return Error;
        }
    }
}
