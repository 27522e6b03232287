using System.Globalization;

namespace NfAtip.ModemSim;

/// <summary>
/// The simulated world's control language: one directive per line, applied to a <see cref="SimulatedModule"/>
/// (the network, the SIM, the module itself) and to whatever the owner adds (<see cref="Add"/>: the virtual
/// board adds the ISP, the caller's PC, the flash and the clock). The same text drives rig scenarios
/// (`world …`), the virtual board's `--world` and its control socket (`--control`). The table
/// <see cref="Directives"/> is the one definition: name, argument synopsis and meaning; `help` lists it.
/// </summary>
public sealed class WorldControl
{
    /// <summary>A directive: gets the words after its name, returns null when applied or why it was not.</summary>
    public delegate string? Handler(string[] args);

    private sealed record Entry(string Name, string Synopsis, string Meaning, Handler Handler);

    private readonly List<Entry> _entries = new();
    private readonly SimulatedModule _module;

    public WorldControl(SimulatedModule module)
    {
        _module = module;
        Add("ring", "[NUMBER|withheld|no-cli] [rings=N] [every=MS] [type=data|voice|fax]",
            "an incoming call: RING (+CRING with AT+CRC=1) at once and every MS (default 3000), +CLIP with AT+CLIP=1; "
            + "the caller gives up after N rings (default 0: rings until answered or rejected)", Ring);
        Add("caller-hangs-up", "", "the ringing caller gives up (NO CARRIER)", _ => _module.CallerHangsUp() ? null : "nothing is ringing");
        Add("drop-call", "", "the network drops the call in progress (NO CARRIER)", _ => _module.DropCall() ? null : "no call in progress");
        Add("register", "[home|roaming]", "network registration (+CREG 1 or 5; +CEREG on an LTE module)", Register);
        Add("unregister", "[searching|denied|none]", "registration lost (+CREG 2, 3 or 0; +CEREG on an LTE module); a call in progress ends", Unregister);
        Add("gprs", "attach|detach|reject CODE|accept", "the packet domain: attach or detach now, refuse every attach with +CME ERROR CODE, or accept again", Gprs);
        Add("signal", "RSSI [BER]", "what AT+CSQ answers (RSSI 0-31 or 99, BER 0-7 or 99)", Signal);
        Add("sim", "ready|absent|pin PIN|puk PUK", "the SIM: usable, not inserted, asking for PIN (AT+CPIN=PIN unlocks it), or PUK-blocked", Sim);
        Add("module", "normal|silent|slow MS", "the module answers, says nothing at all, or answers every command MS late", ModuleMode);
        Add("fail", "PREFIX [RESULT]", "command lines starting with PREFIX (after AT) answer RESULT (default ERROR) and are not run", Fail);
        Add("silence", "PREFIX", "command lines starting with PREFIX get no answer", args => args.Length != 1 ? "silence PREFIX" : Do(() => _module.SilenceCommand(args[0])));
        Add("clear-faults", "", "removes every fail/silence", _ => Do(_module.ClearFaults));
    }

    /// <summary>Adds (or replaces) a directive.</summary>
    public void Add(string name, string synopsis, string meaning, Handler handler)
    {
        _entries.RemoveAll(e => e.Name == name);
        _entries.Add(new Entry(name, synopsis, meaning, handler));
    }

    /// <summary>One line per directive: "name synopsis — meaning".</summary>
    public string Directives =>
        string.Concat(_entries.Select(e => (e.Name + " " + e.Synopsis).TrimEnd() + "\n    " + e.Meaning + "\n"));

    /// <summary>Applies one directive line; null when done, else the reason it was refused (nothing changed).</summary>
    public string? Apply(string line)
    {
        string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].StartsWith('#')) return null;
        if (words[0] == "help") return null;
        var entry = _entries.Find(e => e.Name == words[0]);
        if (entry == null) return "unknown directive '" + words[0] + "' (help lists them)";
        try
        {
            return entry.Handler(words[1..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IOException)
        {
            return e.Message;
        }
    }

    /// <summary>What an answered incoming call reaches; the owner sets it (the virtual board: `caller`). Default: no remote.</summary>
    public Func<CallScript> Answer { get; set; } = () => CallScript.Connect();

    private static string? Do(Action action)
    {
        action();
        return null;
    }

    /// <summary>"key=value" options after the positional words.</summary>
    private static Dictionary<string, string> Options(IEnumerable<string> words, out List<string> positional)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        positional = new List<string>();
        foreach (string w in words)
        {
            int eq = w.IndexOf('=');
            if (eq > 0) options[w[..eq]] = w[(eq + 1)..];
            else positional.Add(w);
        }
        return options;
    }

    public static int Number(string text, int min, int max, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new FormatException(what + " must be a number " + min + "-" + max + ", got '" + text + "'");
        return n;
    }

    private string? Ring(string[] args)
    {
        var options = Options(args, out var positional);
        if (positional.Count > 1) return "ring [NUMBER|withheld|no-cli] [rings=N] [every=MS] [type=data|voice|fax]";
        string who = positional.Count == 1 ? positional[0] : "no-cli";
        foreach (string key in options.Keys)
            if (key is not ("rings" or "every" or "type")) return "ring: unknown option '" + key + "'";
        string type = options.GetValueOrDefault("type", "data") switch
        {
            "data" => "ASYNC",
            "voice" => "VOICE",
            "fax" => "FAX",
            var t => throw new FormatException("ring: type is data, voice or fax, got '" + t + "'"),
        };
        var script = new IncomingCallScript
        {
            Number = who is "withheld" or "no-cli" ? null : who,
            Withheld = who == "withheld",
            Rings = options.TryGetValue("rings", out var r) ? Number(r, 0, 1000, "rings") : 0,
            RingIntervalMs = options.TryGetValue("every", out var e) ? Number(e, 10, 600_000, "every") : 3000,
            CallType = type,
            Answer = Answer(),
        };
        return _module.Ring(script) ? null : "the module cannot ring now (a call in progress, already ringing, or not registered)";
    }

    private string? Register(string[] args)
    {
        if (args.Length > 1) return "register [home|roaming]";
        int status = args.Length == 0 || args[0] == "home" ? 1 : args[0] == "roaming" ? 5 : -1;
        if (status < 0) return "register home or roaming, got '" + args[0] + "'";
        _module.Register(status);
        return null;
    }

    private string? Unregister(string[] args)
    {
        if (args.Length > 1) return "unregister [searching|denied|none]";
        int status = args.Length == 0 ? 2 : args[0] switch { "searching" => 2, "denied" => 3, "none" => 0, _ => -1 };
        if (status < 0) return "unregister searching, denied or none, got '" + args[0] + "'";
        _module.LoseRegistration(status);
        return null;
    }

    private string? Gprs(string[] args)
    {
        switch (args.Length == 0 ? "" : args[0])
        {
            case "attach" when args.Length == 1:
                _module.Update(s => s.GprsAttached = true);
                return null;
            case "detach" when args.Length == 1:
                _module.Update(s => s.GprsAttached = false);
                return null;
            case "reject" when args.Length == 2:
                int code = Number(args[1], 0, 999, "the +CME ERROR code");
                _module.Update(s => s.AttachRejectCode = code);
                return null;
            case "accept" when args.Length == 1:
                _module.Update(s => s.AttachRejectCode = null);
                return null;
            default:
                return "gprs attach|detach|reject CODE|accept";
        }
    }

    private string? Signal(string[] args)
    {
        if (args.Length is < 1 or > 2) return "signal RSSI [BER]";
        int rssi = Number(args[0], 0, 99, "RSSI");
        if (rssi > 31 && rssi != 99) return "RSSI is 0-31 or 99";
        int ber = args.Length == 2 ? Number(args[1], 0, 99, "BER") : 0;
        if (ber > 7 && ber != 99) return "BER is 0-7 or 99";
        _module.Update(s =>
        {
            s.Rssi = rssi;
            s.Ber = ber;
        });
        return null;
    }

    private string? Sim(string[] args)
    {
        string what = args.Length == 0 ? "" : args[0];
        if (!(what is "ready" or "absent" && args.Length == 1) && !(what is "pin" or "puk" && args.Length == 2))
            return "sim ready|absent|pin PIN|puk PUK";
        _module.Update(s =>
        {
            s.SimInserted = what != "absent";
            s.PinRequired = what == "pin";
            s.PinEntered = false;
            s.PukRequired = what == "puk";
            s.PinAttemptsLeft = 3;
            if (what == "pin") s.Pin = args[1];
            if (what == "puk") s.Puk = args[1];
        });
        return null;
    }

    private string? ModuleMode(string[] args)
    {
        switch (args.Length == 0 ? "" : args[0])
        {
            case "normal" when args.Length == 1:
                _module.Update(s =>
                {
                    s.Silent = false;
                    s.ResponseDelayMs = 0;
                });
                return null;
            case "silent" when args.Length == 1:
                _module.Update(s => s.Silent = true);
                return null;
            case "slow" when args.Length == 2:
                int ms = Number(args[1], 1, 600_000, "the delay in ms");
                _module.Update(s => s.ResponseDelayMs = ms);
                return null;
            default:
                return "module normal|silent|slow MS";
        }
    }

    private string? Fail(string[] args)
    {
        if (args.Length == 0) return "fail PREFIX [RESULT]";
        _module.FailCommand(args[0], args.Length == 1 ? SimulatedModule.Error : string.Join(' ', args[1..]));
        return null;
    }
}
