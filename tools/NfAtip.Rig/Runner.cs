using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace NfAtip.Rig;

public enum Outcome { Passed, Failed, Skipped }

public sealed class ScenarioResult
{
    public required Scenario Scenario { get; init; }
    public Outcome Outcome { get; set; }
    /// <summary>Failure: the step and expected vs received; skip: the reason.</summary>
    public string Message { get; set; } = "";
    public TimeSpan Elapsed { get; set; }
    public string Transcript { get; set; } = "";
}

public sealed class RunnerOptions
{
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>After the last step, bytes arriving within this time that no step expected fail the scenario.</summary>
    public TimeSpan TrailingQuiet { get; set; } = TimeSpan.FromMilliseconds(150);
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
}

/// <summary>Plays one scenario on a line from the target.</summary>
public sealed class ScenarioRunner
{
    private readonly IBoardTarget _target;
    private readonly RunnerOptions _options;

    public ScenarioRunner(IBoardTarget target, RunnerOptions options)
    {
        _target = target;
        _options = options;
    }

    private sealed class StepFailure(string message) : Exception(message);

    public ScenarioResult Run(Scenario sc)
    {
        var result = new ScenarioResult { Scenario = sc };
        var sw = Stopwatch.StartNew();
        var transcript = new Transcript(sw);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in _target.Variables)
        {
            if (Environment.GetEnvironmentVariable(name) == null) vars[name] = value;
        }
        foreach (var (name, value) in _options.Variables) vars[name] = value;
        // Built-in variables: the scenario's own temp directory (removed at its end) and the rig's servers/ folder.
        string scratch = Directory.CreateTempSubdirectory("nf-atip-rig-").FullName;
        // Servers may drop privileges (Dovecot's mail processes run as nobody): they must reach their files in it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(scratch, (UnixFileMode)0x1ED); // 0755
        vars.TryAdd("RIG_TMP", scratch);
        vars.TryAdd("RIG_SERVERS", ServersDir(sc.File));
        var background = new List<(Process Process, StringBuilder Output, string Command)>();
        var afters = new List<string>();
        BoardLink? link = null;
        try
        {
            string? why = Unmet(sc, vars);
            if (why != null) throw new RigSkip(why);
            // Hooks and servers come first, before the board line opens; world directives there are the
            // board's power-on state (given at its start, and again at each restart).
            var steps = sc.Steps;
            var world = new List<string>();
            int first = 0;
            for (; first < steps.Count && steps[first].Keyword is "before" or "start" or "wait-port" or "after" or "set" or "port" or "run" or "world"; first++)
            {
                if (steps[first].Keyword == "world")
                {
                    transcript.Step(steps[first]);
                    world.Add(Expand(steps[first].Argument, vars, steps[first]));
                }
                else Hook(steps[first], vars, background, afters, transcript);
            }
            link = _target.Open(world);
            var line = new Line(link, transcript);
            line.Settle(_target.IsVirtual);
            TimeSpan timeout = _options.DefaultTimeout;
            for (int i = first; i < steps.Count; i++)
            {
                var step = steps[i];
                transcript.Step(step);
                string arg = Expand(step.Argument, vars, step);
                switch (step.Keyword)
                {
                    case "before": case "after": case "start": case "wait-port": case "set": case "port": case "run":
                        Hook(step, vars, background, afters, transcript);
                        break;
                    case "expect-file": case "match-file":
                        ExpectFile(step, arg, timeout, transcript);
                        break;
                    case "timeout": timeout = ScenarioParser.Duration(arg); break;
                    case "wait": Thread.Sleep(ScenarioParser.Duration(arg)); break;
                    case "send": line.Send(Bytes.Parse(arg)); break;
                    case "send-dle": line.Send(Bytes.DleCoded(Bytes.Parse(arg))); break;
                    case "send-dot": line.Send(Bytes.DotTerminated(Bytes.Parse(arg))); break;
                    case "cmd":
                        var cmd = Bytes.Parse(arg + "\\r");
                        line.Send(cmd);
                        line.Expect(cmd, timeout, step, "the echo of the command");
                        break;
                    case "type-file":
                        // Typed as at a terminal: each line with CR LF, its echo awaited before the next.
                        foreach (string text in File.ReadAllText(arg, Encoding.Latin1).Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        {
                            byte[] typed = Encoding.Latin1.GetBytes(text + "\r\n");
                            line.Send(typed);
                            line.Expect(typed, timeout, step, "the echo of the line typed");
                        }
                        break;
                    case "expect": line.Expect(Bytes.Parse(arg), timeout, step, null); break;
                    case "expect-dle": line.Expect(Bytes.DleCoded(Bytes.Parse(arg)), timeout, step, "DLE-coded data ending in ETX"); break;
                    case "expect-dot": line.Expect(Bytes.DotTerminated(Bytes.Parse(arg)), timeout, step, "a CR LF . CR LF terminated body"); break;
                    case "ok": line.Expect(Bytes.Parse("\\r\\nOK\\r\\n"), timeout, step, null); break;
                    case "error": line.Expect(Encoding.ASCII.GetBytes("\r\n#CME ERROR: " + arg.Trim() + "\r\n"), timeout, step, null); break;
                    case "match": line.Match(new Regex(arg, RegexOptions.CultureInvariant), timeout, step); break;
                    case "quiet": line.Quiet(ScenarioParser.Duration(arg), step); break;
                    case "drain": line.Drain(); break;
                    case "world":
                        if (_target.World(link, arg) is { } refused)
                            throw new StepFailure("line " + step.Line + " 'world " + arg + "': the board refused it: " + refused);
                        transcript.Note("world: " + arg + " → OK");
                        break;
                    case "restart":
                        link = line.Restart(_target);
                        line.Settle(true);
                        break;
                    default: throw new InvalidOperationException(step.Keyword);
                }
            }
            line.Quiet(_options.TrailingQuiet, null);
            result.Outcome = Outcome.Passed;
        }
        catch (RigSkip skip)
        {
            result.Outcome = Outcome.Skipped;
            result.Message = skip.Message;
        }
        catch (StepFailure f)
        {
            result.Outcome = Outcome.Failed;
            result.Message = f.Message;
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or FormatException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            result.Outcome = Outcome.Failed;
            result.Message = "rig error: " + e.Message;
        }
        finally
        {
            foreach (string a in afters)
            {
                try { Shell(a, transcript, wait: true); }
                catch (Exception e) { transcript.Note("after failed: " + e.Message); }
            }
            foreach (var (p, output, command) in background)
            {
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); p.WaitForExit(5000); } catch (InvalidOperationException) { }
                p.Dispose();
                lock (output) if (output.Length > 0) transcript.Note("output of " + command + ":\n" + output.ToString().TrimEnd());
            }
            if (link != null)
            {
                string log = _target.Log(link);
                _target.Release(link);
                if (log.Length > 0) transcript.Note("board log:\n" + log.TrimEnd());
            }
            try { Directory.Delete(scratch, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        result.Elapsed = sw.Elapsed;
        result.Transcript = transcript.ToString();
        return result;
    }

    /// <summary>The reason a scenario cannot run here, or null.</summary>
    private string? Unmet(Scenario sc, Dictionary<string, string> vars)
    {
        if (!_target.IsVirtual && sc.Steps.Exists(s => s.Keyword == "world")) return "needs the virtual board (world directives)";
        foreach (var need in sc.Needs)
        {
            switch (need.Kind)
            {
                case "virtual":
                    if (!_target.IsVirtual) return "needs the virtual board (fresh flash, simulated module)";
                    break;
                case "program":
                    if (FindProgram(need.Value) == null) return "needs program '" + need.Value + "': not found on PATH";
                    break;
                case "var":
                    if (!vars.ContainsKey(need.Value) && Environment.GetEnvironmentVariable(need.Value) == null)
                        return "needs variable " + need.Value + " (--set " + need.Value + "=VALUE or the environment)";
                    break;
                case "file":
                    if (!File.Exists(need.Value) && !Directory.Exists(need.Value)) return "needs " + need.Value + ": not found";
                    break;
                case "root":
                    if (!OperatingSystem.IsWindows() && Environment.UserName != "root") return "needs root (a server on a privileged port, e.g. DNS on 53)";
                    if (OperatingSystem.IsWindows()) return "needs root (a Unix machine)";
                    break;
            }
        }
        return null;
    }

    /// <summary>The rig's servers/ folder (server launchers for scenarios): next to the scenario file's folder.</summary>
    public static string ServersDir(string scenarioFile) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenarioFile))!, "..", "servers"));

    /// <summary>A TCP port free on 127.0.0.1 right now (for a server the scenario starts).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>expect-file PATH BYTES / match-file PATH REGEX: the file (written by a server) has exactly these bytes / matches
    /// the regex as a whole (Latin-1), waiting up to the timeout for it to appear and be complete.</summary>
    private static void ExpectFile(Step step, string arg, TimeSpan timeout, Transcript t)
    {
        int cut = arg.IndexOfAny(new[] { ' ', '\t' });
        string path = cut < 0 ? arg : arg[..cut];
        string rest = cut < 0 ? "" : arg[(cut + 1)..].TrimStart(' ', '\t');
        bool regex = step.Keyword == "match-file";
        byte[] want = regex ? Array.Empty<byte>() : Bytes.Parse(rest);
        var anchored = regex ? new Regex(@"\A(?:" + rest + @")\z", RegexOptions.CultureInvariant) : null;
        var deadline = DateTime.UtcNow + timeout;
        byte[]? got = null;
        while (true)
        {
            try { got = File.ReadAllBytes(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { got = null; }
            if (got != null && (regex ? anchored!.IsMatch(Encoding.Latin1.GetString(got)) : got.AsSpan().SequenceEqual(want)))
            {
                t.Note(path + ": " + got.Length + " bytes as expected");
                return;
            }
            if (DateTime.UtcNow >= deadline) break;
            Thread.Sleep(50);
        }
        string where = "line " + step.Line + (step.Label != null ? " [" + step.Label + "]" : "") + " '" + step.Text + "'";
        throw new StepFailure(where + ": " + (got == null ? "no file " + path + " after " + timeout.TotalSeconds + " s" : "the file differs")
            + "\n  expected: " + (regex ? "/" + rest + "/" : Bytes.Show(want)) + "\n  received: " + (got == null ? "(no file)" : Bytes.Show(got)));
    }

    public static string? FindProgram(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Concat(new[] { "/usr/sbin", "/sbin" }))
        {
            string p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
            if (OperatingSystem.IsWindows() && File.Exists(p + ".exe")) return p + ".exe";
        }
        return null;
    }

    private static string Expand(string text, Dictionary<string, string> vars, Step step)
    {
        if (!text.Contains("${")) return text;
        return Regex.Replace(text, @"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", m =>
        {
            string n = m.Groups[1].Value;
            if (vars.TryGetValue(n, out var v)) return v;
            return Environment.GetEnvironmentVariable(n) ?? throw new StepFailure("line " + step.Line + ": variable ${" + n + "} is not set");
        });
    }

    private void Hook(Step step, Dictionary<string, string> vars, List<(Process, StringBuilder, string)> background, List<string> afters, Transcript t)
    {
        string arg = Expand(step.Argument, vars, step);
        switch (step.Keyword)
        {
            case "set":
                int cut = arg.IndexOfAny(new[] { ' ', '=' });
                vars[arg[..cut]] = arg[(cut + 1)..].Trim();
                break;
            case "after": afters.Insert(0, arg); break;
            case "port":
                vars[arg.Trim()] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
                t.Note(arg.Trim() + " = " + vars[arg.Trim()]);
                break;
            case "before": case "run":
                int rc = Shell(arg, t, wait: true)!.Value;
                if (rc != 0) throw new StepFailure("line " + step.Line + ": " + step.Keyword + "-command exited " + rc + ": " + arg);
                break;
            case "start":
                var server = Launch(arg, t, background: true, out var serverOutput);
                background.Add((server, serverOutput, arg));
                break;
            case "wait-port":
                string[] parts = arg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var patience = parts.Length > 1 ? ScenarioParser.Duration(parts[1]) : TimeSpan.FromSeconds(10);
                var until = DateTime.UtcNow + patience;
                int colon = parts[0].LastIndexOf(':');
                while (true)
                {
                    try
                    {
                        using var c = new TcpClient();
                        c.Connect(parts[0][..colon], int.Parse(parts[0][(colon + 1)..]));
                        break;
                    }
                    catch (SocketException)
                    {
                        if (DateTime.UtcNow > until) throw new StepFailure("line " + step.Line + ": nothing listens on " + parts[0] + " after " + patience.TotalSeconds + " s");
                        Thread.Sleep(100);
                    }
                }
                t.Note(parts[0] + " is listening");
                break;
        }
    }

    private static int? Shell(string command, Transcript t, bool wait)
    {
        var p = Launch(command, t, background: false, out var output);
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new StepFailure("command did not finish in 120 s: " + command);
        }
        p.WaitForExit();
        lock (output) if (output.Length > 0) t.Note(output.ToString().TrimEnd());
        int rc = p.ExitCode;
        p.Dispose();
        return rc;
    }

    private static Process Launch(string command, Transcript t, bool background, out StringBuilder output)
    {
        var psi = new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        psi.ArgumentList.Add(command);
        t.Note("$ " + command + (background ? " &" : ""));
        var p = Process.Start(psi)!;
        var o = new StringBuilder();
        output = o;
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (o) o.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (o) o.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>The scenario's view of the line: a cursor into what the board sent.</summary>
    private sealed class Line
    {
        private BoardLink _link;
        private readonly Transcript _t;
        private int _cursor;

        public Line(BoardLink link, Transcript t)
        {
            _link = link;
            _t = t;
            _link.Received = t.Received;
        }

        /// <summary>A shared line may still carry bytes of an earlier scenario: wait until it is quiet and drop them.</summary>
        public void Settle(bool fresh)
        {
            if (fresh) { _cursor = _link.Count; return; }
            int seen;
            do
            {
                seen = _link.Count;
                Thread.Sleep(200);
            } while (_link.Count != seen);
            _cursor = seen;
        }

        public void Drain()
        {
            Thread.Sleep(100);
            _cursor = _link.Count;
        }

        public BoardLink Restart(IBoardTarget target)
        {
            _t.Note("restarting the board (same flash)");
            _link = target.Restart(_link);
            _link.Received = _t.Received;
            _cursor = 0;
            return _link;
        }

        public void Send(byte[] data)
        {
            _t.Sent(data);
            _link.Write(data);
        }

        public void Expect(byte[] want, TimeSpan timeout, Step step, string? what)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var got = _link.Snapshot(_cursor);
                int common = 0;
                while (common < got.Length && common < want.Length && got[common] == want[common]) common++;
                if (common == want.Length)
                {
                    _cursor += want.Length;
                    return;
                }
                bool diverged = common < got.Length;
                if (diverged || DateTime.UtcNow >= deadline || _link.Closed)
                {
                    // Give a diverging answer a moment to arrive whole, so the report shows it complete.
                    if (diverged) Thread.Sleep(150);
                    got = _link.Snapshot(_cursor);
                    string reason = diverged ? "differs at byte " + common
                        : _link.Closed ? "the line closed after " + got.Length + " of " + want.Length + " bytes"
                        : "timed out after " + timeout.TotalSeconds + " s with " + got.Length + " of " + want.Length + " bytes";
                    throw new StepFailure(Describe(step, what) + ": " + reason + "\n  expected: " + Bytes.Show(want) + "\n  received: " + Bytes.Show(got));
                }
                _link.WaitBeyond(_cursor + got.Length, deadline);
            }
        }

        public void Match(Regex regex, TimeSpan timeout, Step step)
        {
            var anchored = new Regex(@"\G(?:" + regex + ")", regex.Options);
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var got = _link.Snapshot(_cursor);
                string text = Encoding.Latin1.GetString(got);
                var m = anchored.Match(text, 0);
                if (m.Success)
                {
                    _cursor += m.Length;
                    return;
                }
                if (DateTime.UtcNow >= deadline || _link.Closed)
                    throw new StepFailure(Describe(step, null) + ": no match " + (_link.Closed ? "before the line closed" : "within " + timeout.TotalSeconds + " s")
                        + "\n  expected: /" + regex + "/\n  received: " + Bytes.Show(got));
                _link.WaitBeyond(_cursor + got.Length, deadline);
            }
        }

        public void Quiet(TimeSpan span, Step? step)
        {
            Thread.Sleep(span);
            var got = _link.Snapshot(_cursor);
            if (got.Length == 0) return;
            Thread.Sleep(100);
            got = _link.Snapshot(_cursor);
            string where = step == null ? "after the last step" : Describe(step, null);
            throw new StepFailure(where + ": unexpected bytes\n  expected: (nothing)\n  received: " + Bytes.Show(got));
        }

        private static string Describe(Step step, string? what) =>
            "line " + step.Line + (step.Label != null ? " [" + step.Label + "]" : "") + " '" + step.Text + "'" + (what != null ? " (" + what + ")" : "");
    }

    /// <summary>What went each way, with times, for the report of a failed scenario.</summary>
    private sealed class Transcript(Stopwatch clock)
    {
        private readonly StringBuilder _sb = new();

        private void Add(string tag, string text)
        {
            lock (_sb) _sb.Append($"{clock.Elapsed.TotalMilliseconds,8:0} ms {tag} {text}\n");
        }

        public void Step(Step s) => Add("--", "line " + s.Line + ": " + s.Text);
        public void Sent(byte[] d) => Add(">>", Bytes.Show(d));
        public void Received(byte[] d) => Add("<<", Bytes.Show(d));
        public void Note(string text) => Add("..", text.Replace("\n", "\n            "));
        public override string ToString() { lock (_sb) return _sb.ToString(); }
    }
}
