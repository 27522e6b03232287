using System.Diagnostics;

namespace NfAtip.Rig;

public static class Program
{
    public const string Usage =
@"nf-atip-rig - plays scenario files against an nf-atip board (hardware-in-the-loop rig).

Usage: nf-atip-rig [TARGET] [options] [FILE|DIR ...]

TARGET (one):
  --virtual             start the virtual board (tools/NfAtip.Host) for each scenario, with a fresh
                        --state directory, on --stdio (default target)
  --virtual-tcp         the same, each board on --listen 127.0.0.1:<free port>
  --tcp HOST:PORT       a board already listening (nf-atip-board --listen HOST:PORT)
  --serial DEVICE       a real board on a serial port (/dev/ttyUSB0, COM3) ...
  --baud N              ... at N baud (default 115200), 8N1
  --rtscts              ... with RTS/CTS flow control

Options:
  --junit FILE          write JUnit XML (one testcase per scenario)
  --filter TEXT         only scenarios whose name contains TEXT (repeatable)
  --set NAME=VALUE      a variable for ${NAME} in scenarios (servers to point to; repeatable)
  --timeout DURATION    default time an expectation waits (default 3s; e.g. 500ms, 10s)
  --jobs N              virtual targets: scenarios run N at a time (default: processor count, max 8)
  --board-dll PATH      the virtual board's nf-atip-board.dll (default: the build under tools/NfAtip.Host)
  --clock auto|real     virtual targets: auto (default) runs each scenario that starts no process
                        (server, shell command) and does not say 'needs real-time' on the board's
                        simulated clock, which moves only while the rig waits: its transcript is
                        the same on every run; real: every scenario on the PC's clock
  --transcripts DIR     write each scenario's transcript to DIR/NAME.txt
  --list                list the scenarios and exit
  -v, --verbose         print the transcript of passed scenarios too
  --version             the rig's version and exit
  -h, --help            this text

FILE|DIR: scenario files (*.rig) or directories of them; default: the scenarios/ folder shipped with
the rig. Exit codes: 0 all ran scenarios passed, 1 some failed, 2 bad options or scenario files.
";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The rig's version (the project's Version, without the build metadata the SDK appends).</summary>
    public static string Version =>
        (typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0").Split('+')[0];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? serial = null, tcp = null, junit = null, boardDll = null, transcripts = null;
        int baud = 115200, jobs = Math.Min(8, Environment.ProcessorCount);
        bool rtscts = false, list = false, verbose = false, virtualTcp = false, baudGiven = false;
        var filters = new List<string>();
        var paths = new List<string>();
        var options = new RunnerOptions();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException(a + " needs a value");
                switch (a)
                {
                    case "-h": case "--help": stdout.Write(Usage); return 0;
                    case "--version": stdout.WriteLine("nf-atip-rig " + Version); return 0;
                    case "--virtual": break;
                    case "--virtual-tcp": virtualTcp = true; break;
                    case "--tcp": tcp = Value(); if (!tcp.Contains(':')) throw new FormatException("--tcp needs HOST:PORT"); break;
                    case "--serial": serial = Value(); break;
                    case "--baud": baud = int.Parse(Value()); baudGiven = true; break;
                    case "--rtscts": rtscts = true; break;
                    case "--junit": junit = Value(); break;
                    case "--filter": filters.Add(Value()); break;
                    case "--set":
                        string kv = Value();
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) throw new FormatException("--set needs NAME=VALUE");
                        options.Variables[kv[..eq]] = kv[(eq + 1)..];
                        break;
                    case "--timeout": options.DefaultTimeout = ScenarioParser.Duration(Value()); break;
                    case "--jobs": jobs = Math.Max(1, int.Parse(Value())); break;
                    case "--board-dll": boardDll = Value(); break;
                    case "--clock":
                        options.SimulatedClock = Value() switch
                        {
                            "auto" => true,
                            "real" => false,
                            var c => throw new FormatException("--clock needs auto or real, got '" + c + "'"),
                        };
                        break;
                    case "--transcripts": transcripts = Value(); break;
                    case "--list": list = true; break;
                    case "-v": case "--verbose": verbose = true; break;
                    default:
                        if (a.StartsWith('-')) throw new FormatException("unknown option '" + a + "'");
                        paths.Add(a);
                        break;
                }
            }
            if (serial != null && tcp != null) throw new FormatException("--serial and --tcp exclude each other");
            if ((baudGiven || rtscts) && serial == null) throw new FormatException("--baud and --rtscts go with --serial");
        }
        catch (FormatException e)
        {
            // One line saying what is wrong, and where the usage is (the whole text would bury the line).
            stderr.WriteLine("nf-atip-rig: " + e.Message);
            stderr.WriteLine("nf-atip-rig: see nf-atip-rig --help");
            return 2;
        }

        List<Scenario> scenarios;
        try
        {
            if (paths.Count == 0) paths.Add(Path.Combine(AppContext.BaseDirectory, "scenarios"));
            scenarios = new List<Scenario>();
            foreach (string file in ExpandPaths(paths)) scenarios.AddRange(ScenarioParser.ParseFile(file));
            if (filters.Count > 0) scenarios = scenarios.Where(s => filters.Any(f => s.Name.Contains(f, StringComparison.Ordinal))).ToList();
            var dup = scenarios.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new FormatException("scenario '" + dup.Key + "' is defined in " + string.Join(" and ", dup.Select(s => s.File)));
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            stderr.WriteLine("nf-atip-rig: " + e.Message);
            return 2;
        }
        if (list)
        {
            foreach (var s in scenarios) stdout.WriteLine(s.Name + "\t" + s.File + ":" + s.Line + "\t" + s.About);
            return 0;
        }

        IBoardTarget target;
        try
        {
            target = serial != null ? SharedLineTarget.Serial(serial, baud, rtscts)
                : tcp != null ? SharedLineTarget.Tcp(tcp)
                : new VirtualTarget(VirtualTarget.FindBoardCommand(boardDll), virtualTcp, jobs > 1);
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine("nf-atip-rig: " + e.Message);
            return 2;
        }

        var sw = Stopwatch.StartNew();
        var results = new ScenarioResult[scenarios.Count];
        using (target)
        {
            var runner = new ScenarioRunner(target, options);
            if (target.Parallel)
                Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i => results[i] = runner.Run(scenarios[i]));
            else
                for (int i = 0; i < scenarios.Count; i++) results[i] = runner.Run(scenarios[i]);
        }
        sw.Stop();
        Report.WriteText(stdout, results, target.Describe, sw.Elapsed, verbose);
        if (transcripts != null)
        {
            Directory.CreateDirectory(transcripts);
            foreach (var r in results) File.WriteAllText(Path.Combine(transcripts, r.Scenario.Name + ".txt"), r.Transcript);
        }
        if (junit != null)
        {
            Report.WriteJUnit(junit, results, target.Describe, sw.Elapsed);
            stdout.WriteLine("junit: " + Path.GetFullPath(junit));
        }
        return results.Any(r => r.Outcome == Outcome.Failed) ? 1 : 0;
    }

    private static IEnumerable<string> ExpandPaths(List<string> paths)
    {
        foreach (string p in paths)
        {
            if (Directory.Exists(p))
            {
                foreach (string f in Directory.GetFiles(p, "*.rig", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)) yield return f;
            }
            else if (File.Exists(p)) yield return p;
            else throw new FormatException("no such scenario file or directory: " + p);
        }
    }
}
