using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.PppHost;

namespace NfAtip.Host;

/// <summary>
/// Everything around the virtual board a rig or a field engineer may change while it runs: the simulated
/// module's directives (<see cref="WorldControl"/>) plus the board's own surroundings — the ISP, the PC that
/// calls in, the flash and the clock. Applied from `--world` before the board starts and from the control
/// socket (`--control`) while it runs.
/// </summary>
public sealed class VirtualWorld
{
    private readonly RadioAndIp _link;

    private readonly Action<string> _log;
    private readonly SimulatedClock? _simulated;

    /// <param name="jump">Moves the board's clock ahead by so many ms (`clock +DURATION`).</param>
    /// <param name="simulated">The board's simulated clock: control directives are then carried out on the board's thread.</param>
    public VirtualWorld(RadioAndIp link, FaultyFlash flash, Action<long> jump, Action<string> log, SimulatedClock? simulated = null)
    {
        _link = link;
        _log = log;
        _simulated = simulated;
        Control = link.Module != null ? new WorldControl(link.Module) : null;
        if (Control == null) return;
        Control.Add("isp", "auth none|pap USER PASSWORD|chap USER PASSWORD | silent | answering",
            "the simulated ISP of the next calls: what it asks the board to authenticate with, or a line that never answers PPP", Isp);
        Control.Add("caller", "ppp USER PASSWORD | silent",
            "what the next incoming call's PC does once answered: a PPP client logging in with USER/PASSWORD (nfatip-ppp-peer), or nothing", Caller);
        Control.Add("flash", "fail-next-write|fail-writes|ok", "the flash refuses the next sector write (one Save), every write, or works again", args =>
        {
            switch (args.Length == 1 ? args[0] : "")
            {
                case "fail-next-write": flash.FailNext(); return null;
                case "fail-writes": flash.FailAlways = true; return null;
                case "ok": flash.Heal(); return null;
                default: return "flash fail-next-write|fail-writes|ok";
            }
        });
        Control.Add("clock", "+DURATION | run DURATION [after-input=N] [until-output=N]",
            "the board's clock jumps ahead (+90s, +1500ms): every wait it runs is that much nearer its end. " +
            "On --clock simulated, `run` lets up to DURATION of board time pass once the board has read N bytes of host input " +
            "and done what it can with them, stopping early once its host output passes byte N; answered `OK t=<board ms> output=<bytes written>`",
            args =>
            {
                if (args.Length >= 1 && args[0] == "run") return "clock run needs the simulated clock (--clock simulated)"; // the simulated clock takes it first
                if (args.Length != 1 || !args[0].StartsWith('+')) return "clock +DURATION (e.g. +61s, +500ms)";
                jump(Milliseconds(args[0][1..]));
                return null;
            });
    }

    /// <summary>Null with a real module (--radio): there is no simulated world to change.</summary>
    public WorldControl? Control { get; }

    /// <summary>Applies one directive; null when done, else why not.</summary>
    public string? Apply(string line) =>
        Control == null ? "no simulated world: the board drives a real module (--radio)" : Control.Apply(line);

    internal static long Milliseconds(string text)
    {
        bool ms = text.EndsWith("ms", StringComparison.Ordinal);
        string number = ms ? text[..^2] : text.EndsWith('s') ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0 || v > 1e9)
            throw new FormatException("bad duration '" + text + "' (e.g. 61s, 500ms)");
        return (long)(ms ? v : v * 1000);
    }

    private string? Isp(string[] args)
    {
        string what = args.Length == 0 ? "" : args[0];
        if (what is "silent" or "answering" && args.Length == 1)
        {
            bool silent = what == "silent";
            if (_link.Direct is { } direct) direct.Network = direct.Network with { Timeout = silent };
            else _link.IspSilent = silent;
            return null;
        }
        if (what != "auth" || args.Length < 2) return "isp auth none|pap USER PASSWORD|chap USER PASSWORD | silent | answering";
        string kind = args[1];
        if (!(kind == "none" && args.Length == 2) && !(kind is "pap" or "chap" && args.Length == 4))
            return "isp auth none|pap USER PASSWORD|chap USER PASSWORD";
        string? user = kind == "none" ? null : args[2];
        string password = kind == "none" ? "" : args[3];
        if (_link.Direct is { } d)
        {
            d.Network = d.Network with { ExpectedUser = user, ExpectedPassword = kind == "none" ? null : password };
            return null;
        }
        if (_link.Isp is not { } isp) return "no simulated ISP";
        lock (isp)
        {
            isp.User = user;
            isp.Password = password;
            isp.Chap = kind == "chap";
        }
        return null;
    }

    private string? Caller(string[] args)
    {
        string what = args.Length == 0 ? "" : args[0];
        if (!(what == "ppp" && args.Length == 3) && !(what == "silent" && args.Length == 1)) return "caller ppp USER PASSWORD | silent";
        if (_link.Direct is { } direct)
        {
            // --ip direct: the simulated link plays the caller's PPP client.
            direct.Network = what == "ppp"
                ? direct.Network with { Timeout = false, ClientUser = args[1], ClientPassword = args[2] }
                : direct.Network with { Timeout = true };
            return null;
        }
        Control!.Answer = what == "ppp"
            ? () => CallScript.Connect(9600, () => new CallerRemote(new[] { "--role", "client", "--user", args[1], "--password", args[2], "--timeout-ms", "60000", "--after-up", "stay" }, _log))
            : () => CallScript.Connect();
        return null;
    }

    /// <summary>
    /// The control socket: a TCP listener (loopback by intent) where each line is a directive, answered
    /// "OK" or "ERROR: why" (`help` answers the list, then OK). Clients may come and go; each is served on
    /// its own thread.
    /// </summary>
    public void Serve(IPEndPoint where, Action<string> log)
    {
        var listener = new TcpListener(where);
        listener.Start();
        log("control: world directives on " + listener.LocalEndpoint + " (one per line; 'help' lists them)");
        new Thread(() =>
        {
            while (true)
            {
                TcpClient client;
                try { client = listener.AcceptTcpClient(); }
                catch (SocketException) { return; }
                new Thread(() => ServeClient(client, log)) { IsBackground = true, Name = "control client" }.Start();
            }
        }) { IsBackground = true, Name = "control" }.Start();
    }

    private void ServeClient(TcpClient client, Action<string> log)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    string directive = line.Trim();
                    if (directive.Length == 0) continue;
                    if (directive == "help")
                    {
                        writer.Write(Control?.Directives ?? "");
                        writer.WriteLine("OK");
                        continue;
                    }
                    string? Logged(string d)
                    {
                        string? why = Apply(d);
                        log("control: " + d + (why == null ? "" : " → " + why));
                        return why;
                    }
                    if (_simulated != null) writer.WriteLine(_simulated.Submit(directive, Logged));
                    else writer.WriteLine(Logged(directive) is { } refused ? "ERROR: " + refused : "OK");
                }
            }
            catch (IOException)
            {
                // the client went away
            }
        }
    }
}

/// <summary>The PC behind an incoming call: nfatip-ppp-peer as PPP client; what it printed goes to the board's log when the call ends.</summary>
internal sealed class CallerRemote(string[] arguments, Action<string> log) : PppProgramRemote("nfatip-ppp-peer", arguments, CallRates.Csd), IDataRemote
{
    void IDataRemote.Close()
    {
        string said = Process?.Output ?? "";
        Close();
        log("caller's PPP client: " + (said.Length == 0 ? "(nothing)" : said));
    }
}

/// <summary>The board's flash with a fault switch: a refused write throws, as a failing flash driver does (34824).</summary>
public sealed class FaultyFlash(IFlash inner) : IFlash
{
    private int _failNext;

    /// <summary>Every write fails while set.</summary>
    public volatile bool FailAlways;

    /// <summary>The next write fails (one Save: FlashStore then keeps the previous record).</summary>
    public void FailNext() => Interlocked.Exchange(ref _failNext, 1);

    /// <summary>Every write works again (a pending <see cref="FailNext"/> too).</summary>
    public void Heal()
    {
        FailAlways = false;
        Interlocked.Exchange(ref _failNext, 0);
    }

    public int SectorSize => inner.SectorSize;
    public int SectorCount => inner.SectorCount;
    public void Read(int address, byte[] buffer, int offset, int count) => inner.Read(address, buffer, offset, count);
    public void EraseSector(int sector) => inner.EraseSector(sector);

    public void Write(int address, byte[] buffer, int offset, int count)
    {
        if (FailAlways || Interlocked.Exchange(ref _failNext, 0) == 1) throw new IOException("flash write refused (world directive)");
        inner.Write(address, buffer, offset, count);
    }
}

/// <summary>The board's clock, which the world may move ahead (`clock +61s`): both the tick and the date jump.</summary>
public sealed class JumpClock(IClock inner) : IClock
{
    private long _offsetMs;

    public void Jump(long ms) => Interlocked.Add(ref _offsetMs, ms);

    public long TickMs => inner.TickMs + Interlocked.Read(ref _offsetMs);
    public DateTime UtcNow => inner.UtcNow.AddMilliseconds(Interlocked.Read(ref _offsetMs));
}
