using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics;

namespace NfAtip.Rig;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The rig's version (the project's Version, without the build metadata the SDK appends).</summary>
    public static string Version =>
        (typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>The command line, parsed by System.CommandLine; --help is generated from these descriptions.</summary>
    private sealed class CommandLine
    {
        public readonly RootCommand Root = new(
            "nf-atip-rig: plays scenario files against an nf-atip board (hardware-in-the-loop rig). The target is one of " +
            "--virtual (the default), --virtual-tcp, --tcp, --serial.\n" +
            "Exit codes: 0 every scenario that ran passed, 1 some failed, 2 bad options or scenario files.");
        public readonly Option<bool> Virtual = new("--virtual") { Description = "target: start the virtual board (tools/NfAtip.Host) for each scenario, with a fresh --state directory, on --stdio" };
        public readonly Option<bool> VirtualTcp = new("--virtual-tcp") { Description = "target: the same, each board on --listen 127.0.0.1:<free port>" };
        public readonly Option<string> Tcp = new("--tcp") { Description = "target: a board already listening (nf-atip-board --listen HOST:PORT)", HelpName = "HOST:PORT" };
        public readonly Option<string> Serial = new("--serial") { Description = "target: a real board on a serial port (/dev/ttyUSB0, COM3), 8N1", HelpName = "DEVICE" };
        public readonly Option<int> Baud = new("--baud") { Description = "with --serial: the rate (default 115200)", HelpName = "N" };
        public readonly Option<bool> RtsCts = new("--rtscts") { Description = "with --serial: RTS/CTS flow control" };
        public readonly Option<string> JUnit = new("--junit") { Description = "write JUnit XML (one testcase per scenario)", HelpName = "FILE" };
        public readonly Option<string[]> Filter = new("--filter") { Description = "only scenarios whose name contains TEXT (repeatable)", HelpName = "TEXT" };
        public readonly Option<string[]> Set = new("--set") { Description = "a variable for ${NAME} in scenarios (servers to point to; repeatable)", HelpName = "NAME=VALUE" };
        public readonly Option<string> Timeout = new("--timeout") { Description = "default time an expectation waits (default 3s; e.g. 500ms, 10s)", HelpName = "DURATION" };
        public readonly Option<int> Jobs = new("--jobs") { Description = "virtual targets: scenarios run N at a time (default: processor count, at most 8)", HelpName = "N" };
        public readonly Option<string> Module = new("--module") { Description = "virtual targets: the module the simulator plays (SIM800 default, SIM7080, BG96, SIM7600; the board's --module)", HelpName = "NAME" };
        public readonly Option<string> BoardDll = new("--board-dll") { Description = "the virtual board's nf-atip-board.dll (default: the build under tools/NfAtip.Host)", HelpName = "PATH" };
        public readonly Option<string> Clock = new("--clock")
        {
            Description = "virtual targets: auto (default) runs each scenario that starts no process (server, shell command) and does " +
                "not say 'needs real-time' on the board's simulated clock, which moves only while the rig waits, so its transcript " +
                "is the same on every run; real: every scenario on the PC's clock",
            HelpName = "auto|real",
        };
        public readonly Option<string> Transcripts = new("--transcripts") { Description = "write each scenario's transcript to DIR/NAME.txt", HelpName = "DIR" };
        public readonly Option<bool> List = new("--list") { Description = "list the scenarios and exit" };
        public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "print the transcript of passed scenarios too" };
        public readonly Option<bool> ShowVersion = new("--version") { Description = "the rig's version, and exit" };
        public readonly Argument<string[]> Paths = new("FILE|DIR")
        {
            Description = "scenario files (*.rig) or directories of them; default: the scenarios/ folder shipped with the rig",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public CommandLine()
        {
            // Our --version prints "nf-atip-rig <version>" without the commit the SDK appends.
            for (int i = Root.Options.Count - 1; i >= 0; i--)
                if (Root.Options[i] is VersionOption) Root.Options.RemoveAt(i);
            Clock.AcceptOnlyFromAmong("auto", "real");
            foreach (Option o in new Option[] { Virtual, VirtualTcp, Tcp, Serial, Baud, RtsCts, JUnit, Filter, Set, Timeout, Jobs, Module, BoardDll, Clock, Transcripts, List, Verbose, ShowVersion })
                Root.Options.Add(o);
            Root.Arguments.Add(Paths);
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var cli = new CommandLine();
        // No response files: "--set PW=@x" is a value, not a file to read arguments from.
        ParseResult parsed = cli.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is HelpAction)
        {
            parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return 0;
        }
        string? serial, tcp, junit, boardDll, transcripts, module;
        int baud, jobs;
        bool rtscts, list, verbose, virtualTcp;
        List<string> filters, paths;
        var options = new RunnerOptions();
        try
        {
            // System.CommandLine takes an unknown "--jobz" for a FILE; nothing that starts with '-' is one.
            string? unknown = parsed.GetValue(cli.Paths)?.FirstOrDefault(a => a.StartsWith('-'));
            if (unknown != null) throw new FormatException("unknown option '" + unknown + "'");
            if (parsed.Errors.Count > 0) throw new FormatException(System.Text.RegularExpressions.Regex.Replace(parsed.Errors[0].Message, @"\s+", " ").Trim());
            if (parsed.GetValue(cli.ShowVersion))
            {
                stdout.WriteLine("nf-atip-rig " + Version);
                return 0;
            }
            serial = parsed.GetValue(cli.Serial);
            tcp = parsed.GetValue(cli.Tcp);
            junit = parsed.GetValue(cli.JUnit);
            boardDll = parsed.GetValue(cli.BoardDll);
            module = parsed.GetValue(cli.Module);
            transcripts = parsed.GetValue(cli.Transcripts);
            bool baudGiven = parsed.GetResult(cli.Baud) is { Implicit: false };
            baud = baudGiven ? parsed.GetValue(cli.Baud) : 115200;
            jobs = parsed.GetResult(cli.Jobs) is { Implicit: false } ? Math.Max(1, parsed.GetValue(cli.Jobs)) : Math.Min(8, Environment.ProcessorCount);
            rtscts = parsed.GetValue(cli.RtsCts);
            list = parsed.GetValue(cli.List);
            verbose = parsed.GetValue(cli.Verbose);
            virtualTcp = parsed.GetValue(cli.VirtualTcp);
            filters = (parsed.GetValue(cli.Filter) ?? Array.Empty<string>()).ToList();
            paths = (parsed.GetValue(cli.Paths) ?? Array.Empty<string>()).ToList();
            foreach (string kv in parsed.GetValue(cli.Set) ?? Array.Empty<string>())
            {
                int eq = kv.IndexOf('=');
                if (eq <= 0) throw new FormatException("--set needs NAME=VALUE");
                options.Variables[kv[..eq]] = kv[(eq + 1)..];
            }
            string? timeout = parsed.GetValue(cli.Timeout);
            if (timeout != null) options.DefaultTimeout = ScenarioParser.Duration(timeout);
            if (parsed.GetValue(cli.Clock) is string clock) options.SimulatedClock = clock == "auto";
            if (tcp != null && !tcp.Contains(':')) throw new FormatException("--tcp needs HOST:PORT");
            if (module != null && (serial != null || tcp != null)) throw new FormatException("--module goes with the virtual targets");
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
                : new VirtualTarget(VirtualTarget.FindBoardCommand(boardDll), virtualTcp, jobs > 1, module);
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
