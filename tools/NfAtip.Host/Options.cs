using System.CommandLine;
using NfAtip.ModemSim;

namespace NfAtip.Host;

/// <summary>Which host line the virtual board serves.</summary>
public enum LineKind { Interactive, Stdio, Listen, Pty, Serial }

/// <summary>How the board's IP reaches the network: real PPP on the PC (lwIP), or the PC's sockets directly.</summary>
public enum IpMode { Auto, Ppp, Direct }

/// <summary>The parsed command line (see <see cref="Usage"/>).</summary>
public sealed class Options
{
    public LineKind Line { get; private set; } = LineKind.Interactive;
    public string? ListenAddress { get; private set; }
    public string? SerialDevice { get; private set; }
    public int Baud { get; private set; } = 115200;
    public bool HardwareFlowControl { get; private set; }
    /// <summary>A real cellular module on this serial port instead of the simulated one; null: simulated.</summary>
    public string? RadioDevice { get; private set; }

    /// <summary>--dial: numbers the simulated network connects to a TCP service.</summary>
    public List<(string Number, string Host, int Port)> Dials { get; } = new();
    public int RadioBaud { get; private set; } = 115200;
    public string? StateDir { get; private set; }
    public bool Help { get; private set; }

    /// <summary>--version: print the firmware identity (as AT#VVERSION gives it) and exit.</summary>
    public bool Version { get; private set; }

    /// <summary>--ip: ppp, direct, or (not given) PPP when the PC's PPP build is there, else direct.</summary>
    public IpMode Ip { get; private set; } = IpMode.Auto;

    /// <summary>--isp-user / --isp-password: the PAP credentials the simulated ISP requires; null user: none.</summary>
    public string? IspUser { get; private set; }
    public string IspPassword { get; private set; } = "";

    /// <summary>--isp-auth chap: the simulated ISP asks CHAP (MD5) instead of PAP for --isp-user.</summary>
    public bool IspChap { get; private set; }

    /// <summary>--line-rate: true models the air interface (CSD 9600 bit/s, GPRS class 10), false is unthrottled.</summary>
    public bool ModelledLineRate { get; private set; } = true;

    /// <summary>--isp-dns PORT: the name server on the PC's loopback the ISP's DNS address (10.0.2.3) reaches; 0 none.</summary>
    public int IspDnsPort { get; private set; }

    /// <summary>--control HOST:PORT: where the world's control socket listens; null: none.</summary>
    public string? ControlAddress { get; private set; }

    /// <summary>--clock simulated: board, module and network on one virtual time that moves only when a party lets it (SimulatedClock).</summary>
    public bool SimulatedClock { get; private set; }

    /// <summary>--trace FILE: the module line both ways and the driver's and link's states, stamped (Trace); "-" is stderr.</summary>
    public string? TraceFile { get; private set; }

    /// <summary>--module NAME: the module the simulator plays (its AT+CGMM answer and network), SIM800 by default.</summary>
    public string Module { get; private set; } = "SIM800";

    /// <summary>--board-module NAME: the board profile's radio.module (the board takes that profile, not AT+CGMM's), or null.</summary>
    public string? BoardModule { get; private set; }

    /// <summary>--world DIRECTIVE: world directives applied before the board starts, in order.</summary>
    public List<string> World { get; } = new();

    public const string Usage =
@"nf-atip-board - the nf-atip virtual board: the firmware core on a PC, with a simulated (or a real) GSM module.

Usage: nf-atip-board [LINE] [--radio DEVICE [--radio-baud N]] [IP] [--state DIR]

LINE (the board's host serial line; at most one):
  (none)                interactive terminal: keys go raw to the board (Ctrl-C = ETX 0x03,
                        Ctrl-P = DLE 0x10, Ctrl-Z = 0x1A, Enter = CR); Ctrl-] quits.
                        Output CRs are shown as new lines (display only).
  --stdio               raw bytes on stdin/stdout; stdout carries board output only,
                        logs go to stderr. At end of stdin the board finishes what is
                        under way (a connection being set up or hung up; at most 180 s),
                        then exits 0.
  --listen HOST:PORT    serve the line over TCP (e.g. 127.0.0.1:5000); one client at a
                        time, a new client replaces the current one and starts with an
                        empty command line; the board keeps running between clients
                        (stop it with Ctrl-C / SIGTERM). A client that closes its
                        sending side (printf … | socat) is answered, then closed once
                        the board has been quiet for 1 s (at most 180 s).
  --pty                 create a pseudo-terminal (Linux/macOS) and print its path on
                        stdout (one line); attach picocom/minicom/screen to it; they may
                        close and reopen it.
  --serial DEVICE       a real serial port (e.g. /dev/ttyUSB0, COM3) ...
  --baud N              ... at N baud (default 115200), 8N1
  --rtscts              ... with RTS/CTS flow control from the start

Radio (the module line):
  (none)                a simulated SIM800-like module. Its data calls (GPRS ATD*99***n#,
                        and GSM calls to any number not listed below) reach a simulated ISP:
                        a real PPP server in a process of its own (nfatip-ppp-isp), whose
                        Internet is this PC's loopback at 10.0.2.2 (the board gets
                        10.0.2.15; use 10.0.2.2 as the address of servers on this PC).
  --dial NUMBER=HOST:PORT  the simulated network connects a data call to NUMBER to this
                        TCP service (a transparent call, PPPMODE 0); may be repeated.
                        Numbers ending in 7 are BUSY, in 8 NO ANSWER, in 3 NO CARRIER (the
                        result codes' numbers), so redials can be tried.
  --module SIM800|SIM7080|BG96|SIM7600   the module the simulator plays instead: its
                        AT+CGMM answer, and the network it registers on (the LTE ones with
                        +CEREG, packet calls only; SIM7080 and BG96 without +CREG). The board
                        tells it from AT+CGMM, as on the bench.
  --board-module NAME   the board profile's radio.module: the board takes NAME's profile and
                        does not follow AT+CGMM (simulated or real module).
  --radio DEVICE        a real module on this serial port (e.g. /dev/ttyUSB1, COM4) ...
  --radio-baud N        ... at N baud (default 115200), 8N1. The board dials through the
                        module and runs PPP over its call, as on the board.

IP (how the board's sockets reach a network):
  --ip ppp              the board's own PPP session code and lwIP, built on this PC from
                        Debian's lwIP (tools/NfAtip.PppHost/build.sh; the build runs it):
                        the services' traffic crosses the PPP link. The default when built.
  --ip direct           no PPP: the simulated module decides the link's outcome and the
                        sockets are the PC's own, reaching any address the PC can (the
                        default when the PPP build is missing, e.g. on Windows or macOS).
  --isp-user U --isp-password P   the PAP credentials the simulated ISP requires (GSM
                        ISPUN/ISPPW, GPRS APNUN/APNPW); without them it asks for none.
  --isp-auth pap|chap   how the ISP asks for them: PAP (default) or CHAP with MD5.
  --isp-dns PORT        a name server on this PC's loopback port PORT answers at the DNS
                        address the ISP gives in IPCP (10.0.2.3, port 53).
  --line-rate modelled|off   modelled (default): GSM calls carry 9600 bit/s, GPRS calls
                        class 10 (53.6 kbit/s down, 26.8 up); off: as fast as the PC.

The simulated world (tools/NfAtip.Host/README.md, World directives):
  --world DIRECTIVE     applied before the board starts, e.g. --world 'sim pin 1234';
                        may be repeated.
  --control HOST:PORT   a TCP socket (e.g. 127.0.0.1:5001) taking the same directives
                        while the board runs, one per line, each answered OK or ERROR:
                        ring 0612345678, unregister, isp auth pap login pw, clock +61s …
                        ('help' lists them all).
  --clock real|simulated  real (default): the PC's clock. simulated: the board, its module
                        and network share one clock that stands still until a directive
                        lets time pass ('clock run 5s', 'clock +61s'; the rig sends them
                        whenever it waits for the board), so a scripted session gives the
                        same bytes at the same board times on every run, as fast as the
                        PC allows. Simulated module only, with --ip direct (the default
                        then: the PPP programs keep real time).

Other options:
  --trace FILE          log what the board says to its module and what the module answers,
                        and each state change of the module driver and the link, one line
                        each, stamped with the board's clock in ms (FILE '-': stderr).
  --state DIR           where the flash image (flash.bin) lives; created if needed. One
                        board at a time: a second one on the same folder exits 1.
                        Default: $XDG_DATA_HOME/nf-atip or ~/.local/share/nf-atip
                        (the local application data folder on Windows).
  --version             the firmware identity (as AT#VVERSION shows it) and exit.
  -h, --help            this text.

Exit codes: 0 normal end (end of input, quit key), 1 runtime failure (e.g. the --state
folder is in use by another board), 2 bad options (one line on stderr says which).
";

    /// <summary>
    /// The command line's grammar for System.CommandLine: which options exist, which take a value, which are
    /// repeatable, which values are allowed. The help text stays <see cref="Usage"/> (it groups the options the
    /// way a user picks them), so the library's own --help and --version are replaced by plain flags.
    /// </summary>
    private sealed class Grammar
    {
        public readonly RootCommand Root = new("nf-atip-board");
        public readonly Option<bool> Help = Flag("--help", "-h");
        public readonly Option<bool> Version = Flag("--version");
        public readonly Option<bool> Stdio = Flag("--stdio");
        public readonly Option<bool> Pty = Flag("--pty");
        public readonly Option<bool> RtsCts = Flag("--rtscts");
        public readonly Option<string> Listen = new("--listen");
        public readonly Option<string> Serial = new("--serial");
        public readonly Option<int> Baud = new("--baud");
        public readonly Option<string> Radio = new("--radio");
        public readonly Option<int> RadioBaud = new("--radio-baud");
        public readonly Option<string[]> Dial = new("--dial");
        public readonly Option<string> State = new("--state");
        public readonly Option<string> Ip = OneOf("--ip", "ppp", "direct");
        public readonly Option<string> IspUser = new("--isp-user");
        public readonly Option<string> IspPassword = new("--isp-password");
        public readonly Option<string> IspAuth = OneOf("--isp-auth", "pap", "chap");
        public readonly Option<int> IspDns = new("--isp-dns");
        public readonly Option<string> Control = new("--control");
        public readonly Option<string> Clock = OneOf("--clock", "real", "simulated");
        public readonly Option<string> Trace = new("--trace");
        public readonly Option<string[]> World = new("--world");
        public readonly Option<string> Module = OneOf("--module", ModuleState.Modules);
        public readonly Option<string> BoardModule = OneOf("--board-module", ModuleState.Modules);
        public readonly Option<string> LineRate = OneOf("--line-rate", "modelled", "off");

        public Grammar()
        {
            Root.Options.Clear(); // the library's --help and --version: ours print Usage and the firmware identity
            foreach (Option option in new Option[] { Help, Version, Stdio, Pty, RtsCts, Listen, Serial, Baud, Radio, RadioBaud, Dial, State, Ip,
                         IspUser, IspPassword, IspAuth, IspDns, Control, Clock, Trace, World, Module, BoardModule, LineRate })
                Root.Options.Add(option);
        }

        private static Option<bool> Flag(string name, params string[] aliases) => new(name, aliases) { Arity = ArgumentArity.Zero };

        private static Option<string> OneOf(string name, params string[] values)
        {
            var option = new Option<string>(name);
            option.AcceptOnlyFromAmong(values);
            return option;
        }
    }

    /// <summary>Parses the arguments; throws <see cref="FormatException"/> with a one-line message for bad ones.</summary>
    public static Options Parse(string[] args)
    {
        var g = new Grammar();
        // No response files: "--isp-password @secret" is a password, not a file to read arguments from.
        ParseResult r = g.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (r.Errors.Count > 0)
        {
            string message = System.Text.RegularExpressions.Regex.Replace(r.Errors[0].Message, @"\s+", " ").Trim();
            if (r.UnmatchedTokens.Count > 0) message = "unknown option '" + r.UnmatchedTokens[0] + "'";
            throw new FormatException(message);
        }
        bool Given(Option option) => r.GetResult(option) is { Implicit: false };
        // The library hands "--radio --stdio" the next token as the value; no value here starts with "--".
        foreach (Option option in g.Root.Options)
            if (r.GetResult(option) is { } given && given.Tokens.Any(t => t.Value.StartsWith("--", StringComparison.Ordinal)))
                throw new FormatException(option.Name + " needs a value");
        var o = new Options
        {
            Help = r.GetValue(g.Help),
            Version = r.GetValue(g.Version),
            HardwareFlowControl = r.GetValue(g.RtsCts),
            ListenAddress = r.GetValue(g.Listen),
            SerialDevice = r.GetValue(g.Serial),
            RadioDevice = r.GetValue(g.Radio),
            StateDir = r.GetValue(g.State),
            IspUser = r.GetValue(g.IspUser),
            IspPassword = r.GetValue(g.IspPassword) ?? "",
            IspChap = r.GetValue(g.IspAuth) == "chap",
            ControlAddress = r.GetValue(g.Control),
            SimulatedClock = r.GetValue(g.Clock) == "simulated",
            TraceFile = r.GetValue(g.Trace),
            Module = r.GetValue(g.Module) ?? "SIM800",
            BoardModule = r.GetValue(g.BoardModule),
            ModelledLineRate = r.GetValue(g.LineRate) != "off",
            Ip = r.GetValue(g.Ip) switch { "ppp" => IpMode.Ppp, "direct" => IpMode.Direct, _ => IpMode.Auto },
        };
        var lines = new List<(Option Option, LineKind Kind)> { (g.Stdio, LineKind.Stdio), (g.Listen, LineKind.Listen), (g.Pty, LineKind.Pty), (g.Serial, LineKind.Serial) }
            .Where(l => Given(l.Option))
            .OrderBy(l => Array.FindIndex(args, a => a == l.Option.Name || a.StartsWith(l.Option.Name + "=", StringComparison.Ordinal)))
            .ToList(); // in the order typed, so the message names the second one given
        if (lines.Count > 1)
            throw new FormatException("only one of --stdio, --listen, --pty, --serial may be given (" + lines[1].Option.Name + ")");
        if (lines.Count == 1) o.Line = lines[0].Kind;
        if (o.ListenAddress != null && o.ListenAddress.LastIndexOf(':') < 0) throw new FormatException("--listen needs HOST:PORT");
        if (o.ControlAddress != null && o.ControlAddress.LastIndexOf(':') < 0) throw new FormatException("--control needs HOST:PORT");
        bool baudGiven = Given(g.Baud), radioBaudGiven = Given(g.RadioBaud);
        if (baudGiven) o.Baud = Positive(r.GetValue(g.Baud), "--baud");
        if (radioBaudGiven) o.RadioBaud = Positive(r.GetValue(g.RadioBaud), "--radio-baud");
        if (Given(g.IspDns))
        {
            int dnsPort = r.GetValue(g.IspDns);
            if (dnsPort <= 0 || dnsPort > 65535) throw new FormatException("--isp-dns needs a port number, got '" + dnsPort + "'");
            o.IspDnsPort = dnsPort;
        }
        foreach (string d in r.GetValue(g.Dial) ?? Array.Empty<string>())
        {
            int eqd = d.IndexOf('=');
            int colon = d.LastIndexOf(':');
            if (eqd <= 0 || colon <= eqd + 1 || !int.TryParse(d.AsSpan(colon + 1), out int dialPort) || dialPort <= 0 || dialPort > 65535)
                throw new FormatException("--dial needs NUMBER=HOST:PORT, got '" + d + "'");
            o.Dials.Add((d.Substring(0, eqd), d.Substring(eqd + 1, colon - eqd - 1), dialPort));
        }
        o.World.AddRange(r.GetValue(g.World) ?? Array.Empty<string>());
        bool ispPasswordGiven = Given(g.IspPassword), ispAuthGiven = Given(g.IspAuth);
        if ((baudGiven || o.HardwareFlowControl) && o.Line != LineKind.Serial)
            throw new FormatException("--baud and --rtscts go with --serial");
        if (o.Dials.Count > 0 && o.RadioDevice != null)
            throw new FormatException("--dial goes with the simulated module, not --radio");
        if (radioBaudGiven && o.RadioDevice == null)
            throw new FormatException("--radio-baud goes with --radio");
        if (ispPasswordGiven && o.IspUser == null)
            throw new FormatException("--isp-password goes with --isp-user");
        if (ispAuthGiven && o.IspUser == null)
            throw new FormatException("--isp-auth goes with --isp-user");
        if ((o.IspUser != null || o.IspDnsPort != 0) && (o.RadioDevice != null || o.Ip == IpMode.Direct))
            throw new FormatException("--isp-user, --isp-password and --isp-dns set up the simulated ISP: not with --radio or --ip direct");
        if (Given(g.Module) && o.RadioDevice != null)
            throw new FormatException("--module chooses the simulated module: not with --radio (--board-module names a real one)");
        if ((o.ControlAddress != null || o.World.Count > 0) && o.RadioDevice != null)
            throw new FormatException("--world and --control change the simulated world: not with --radio");
        if (o.SimulatedClock && o.RadioDevice != null)
            throw new FormatException("--clock simulated goes with the simulated module, not --radio");
        if (o.SimulatedClock && (o.Ip == IpMode.Ppp || o.IspUser != null || o.IspDnsPort != 0))
            throw new FormatException("--clock simulated needs --ip direct (the PPP programs keep real time)");
        if (o.SimulatedClock) o.Ip = IpMode.Direct;
        if (o.RadioDevice != null && o.Line == LineKind.Serial && o.RadioDevice == o.SerialDevice)
            throw new FormatException("--radio and --serial need two different ports");
        return o;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new FormatException(option + " needs a positive number, got '" + value + "'");

    /// <summary>The state directory to use: the one given, else the per-user data folder.</summary>
    public string ResolveStateDir()
    {
        if (!string.IsNullOrEmpty(StateDir)) return Path.GetFullPath(StateDir);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "nf-atip");
        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "nf-atip");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "nf-atip");
    }
}
