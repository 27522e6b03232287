using System.Text;
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
/// </summary>
public sealed class SimulatedModule : ISerialLine
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
    /// ("OK", "ERROR", or a <see cref="CmeError"/>).
    /// </summary>
    public delegate string Handler(SimulatedModule module, Request request, List<string> after);

    private readonly object _gate = new();
    private readonly Queue<byte> _output = new();
    private readonly StringBuilder _line = new();
    private readonly Dictionary<string, Handler> _commands;

    public SimulatedModule() : this(new ModuleState())
    {
    }

    public SimulatedModule(ModuleState state)
    {
        State = state;
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
            ["+CGATT"] = Cgatt,
            ["+CLIP"] = Clip,
            ["+CSQ"] = Csq,
            ["+COPS"] = Cops,
            ["+CMEE"] = Cmee,
        };
    }

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
            if (_output.Count == 0 && timeoutMs != 0)
            {
                long deadline = Environment.TickCount64 + Math.Max(0, timeoutMs);
                while (_output.Count == 0)
                {
                    int left = timeoutMs < 0 ? Timeout.Infinite : (int)(deadline - Environment.TickCount64);
                    if (timeoutMs >= 0 && left <= 0) break;
                    Monitor.Wait(_gate, left);
                }
            }
            int n = 0;
            while (n < count && _output.Count > 0) buffer[offset + n++] = _output.Dequeue();
            return n;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            for (int i = offset; i < offset + count; i++) Receive(buffer[i]);
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
            int gsm = State.GsmStatus, gprs = State.GprsStatus;
            change(State);
            var urcs = new List<string>();
            ReportChanges(gsm, gprs, urcs);
            foreach (var u in urcs) Emit(u);
        }
    }

    /// <summary>Sends an unsolicited result code ("RING", "+CLIP: \"0612345678\",129", ...) to the board.</summary>
    public void InjectUrc(string text)
    {
        lock (_gate) Emit(text);
    }

    /// <summary>Bytes waiting for the board to read (handy for tests).</summary>
    public int Pending { get { lock (_gate) return _output.Count; } }

    // ------------------------------------------------------------------ line discipline

    private void Receive(byte b)
    {
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
        var request = Parse(text.Substring(2));
        var after = new List<string>();
        string result;
        if (request == null || !_commands.TryGetValue(request.Name, out var handler))
        {
            result = Error;
        }
        else
        {
            result = handler(this, request, after);
        }
        Emit(result);
        foreach (var urc in after) Emit(urc);
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

    /// <summary>Queues "\r\n&lt;text&gt;\r\n" (must hold the lock).</summary>
    private void Emit(string text)
    {
        foreach (char c in "\r\n" + text + "\r\n") _output.Enqueue((byte)c);
        Monitor.PulseAll(_gate);
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
        16 => "incorrect password",
        30 => "no network service",
        100 => "unknown",
        _ => "unknown",
    };

    private void ReportChanges(int oldGsm, int oldGprs, List<string> into)
    {
        if (State.GsmStatus != oldGsm && State.CregMode > 0) into.Add(RegLine("+CREG", State.CregMode, State.GsmStatus, false));
        if (State.GprsStatus != oldGprs && State.CgregMode > 0) into.Add(RegLine("+CGREG", State.CgregMode, State.GprsStatus, false));
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

    private static string Cpin(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read:
                return m.Info("+CPIN: " + (s.SimReady ? "READY" : "SIM PIN"));
            case Form.Test:
                return Ok;
            case Form.Set:
                if (s.SimReady) return m.CmeError(3);
                string pin = r.Args.Split(',')[0].Trim().Trim('"');
                if (pin != s.Pin) return m.CmeError(16);
                int gsm = s.GsmStatus, gprs = s.GprsStatus;
                s.PinEntered = true;
                m.ReportChanges(gsm, gprs, after);
                return Ok;
            default:
                return Error;
        }
    }

    private static string Creg(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info(m.RegLine("+CREG", s.CregMode, s.GsmStatus, true));
            case Form.Test: return m.Info("+CREG: (0-2)");
            case Form.Set:
                if (!r.TryInt(0, 2, out int n)) return Error;
                s.CregMode = n;
                // As in the spec's Appendix A: enabling the URC reports the current state right away.
                if (n > 0) after.Add(m.RegLine("+CREG", n, s.GsmStatus, false));
                return Ok;
            default: return Error;
        }
    }

    private static string Cgreg(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info(m.RegLine("+CGREG", s.CgregMode, s.GprsStatus, true));
            case Form.Test: return m.Info("+CGREG: (0-2)");
            case Form.Set:
                if (!r.TryInt(0, 2, out int n)) return Error;
                s.CgregMode = n;
                if (n > 0) after.Add(m.RegLine("+CGREG", n, s.GprsStatus, false));
                return Ok;
            default: return Error;
        }
    }

    private static string Cgatt(SimulatedModule m, Request r, List<string> after)
    {
        var s = m.State;
        switch (r.Form)
        {
            case Form.Read: return m.Info("+CGATT: " + (s.GprsAttached ? 1 : 0));
            case Form.Test: return m.Info("+CGATT: (0,1)");
            case Form.Set:
                if (!r.TryInt(0, 1, out int n)) return Error;
                if (!s.SimReady) return m.CmeError(11);
                if (n == 1)
                {
                    if (!s.GsmRegistered) return m.CmeError(30);
                    if (s.GprsAttached) return Ok;
                    // Spec Appendix A: the attach reports searching (2) then registered (1) before the result.
                    if (s.CgregMode > 0) m.Emit(m.RegLine("+CGREG", s.CgregMode, 2, false));
                    s.GprsAttached = true;
                    if (s.CgregMode > 0) m.Emit(m.RegLine("+CGREG", s.CgregMode, s.GprsStatus, false));
                    return Ok;
                }
                int gsm = s.GsmStatus, gprs = s.GprsStatus;
                s.GprsAttached = false;
                m.ReportChanges(gsm, gprs, after);
                return Ok;
            default: return Error;
        }
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
                if (!s.SimReady) return m.CmeError(11);
                return m.Info(s.GsmRegistered ? "+COPS: 0,0,\"" + s.Operator + "\"" : "+COPS: 0");
            case Form.Test:
                return m.Info("+COPS: (2,\"" + s.Operator + "\",\"" + s.Operator + "\",\"00101\"),,(0-4),(0-2)");
            case Form.Set:
                return s.SimReady ? Ok : m.CmeError(11);
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
