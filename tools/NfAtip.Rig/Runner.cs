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
    /// <summary>False (--clock real): every scenario on the real clock; true: the virtual board's simulated clock where it can serve (<see cref="ScenarioRunner.OnSimulatedClock"/>).</summary>
    public bool SimulatedClock { get; set; } = true;
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

    /// <summary>
    /// Process steps (servers, shell commands, their files) live in real time, and so does a scenario that says
    /// <c>needs real-time</c> (a real PPP peer); every other scenario runs on the virtual board's simulated
    /// clock, which the rig lets run only while it waits for the board: its transcript is the same on every run.
    /// </summary>
    public static bool OnSimulatedClock(Scenario sc) =>
        !sc.Needs.Exists(n => n.Kind == "real-time")
        && !sc.Steps.Exists(s => s.Keyword is "before" or "after" or "start" or "wait-port" or "port" or "run" or "expect-file" or "match-file");

    public ScenarioResult Run(Scenario sc)
    {
        var result = new ScenarioResult { Scenario = sc };
        var sw = Stopwatch.StartNew();
        bool simulated = _target.IsVirtual && _options.SimulatedClock && OnSimulatedClock(sc);
        // On the simulated clock every entry carries board time (0 until the board answers its first clock run).
        var transcript = new Transcript(simulated ? () => 0 : () => sw.Elapsed.TotalMilliseconds);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in _target.Variables(simulated))
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
            link = _target.Open(world, simulated);
            var line = new Line(link, transcript, simulated ? _target : null);
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
                    case "wait": line.Wait(ScenarioParser.Duration(arg)); break;
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
                        line.Barrier();
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
                string log = _target.Release(link);
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
        if (_target.Module is string module && module != "SIM800" && !sc.Needs.Exists(n => n.Kind == "any-module"))
            return "plays the SIM800 (GSM data calls, +CREG/+CGREG): not with --module " + module;
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

    /// <summary>
    /// The scenario's view of the line: a cursor into what the board sent. On the real clock it reads what has
    /// arrived and waits on the wall clock. On the simulated clock it judges only what the board had written
    /// when it last answered a <c>clock run</c> (its output count), and lets board time pass only while it waits,
    /// so what it sees, and when, is the same on every run.
    /// </summary>
    private sealed class Line
    {
        private BoardLink _link;
        private readonly Transcript _t;
        private readonly IBoardTarget? _clocked; // the simulated clock's target; null on the real clock
        private int _cursor;
        private long _sent;   // bytes written to this board
        private int _synced;  // bytes of the board's output as of its last clock answer (all logged)
        private long _now;    // board time (ms) of that answer

        /// <summary>The longest the rig waits (wall clock) for bytes the board says it wrote to arrive through the pipe.</summary>
        private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

        public Line(BoardLink link, Transcript t, IBoardTarget? simulatedClock)
        {
            _link = link;
            _t = t;
            _clocked = simulatedClock;
            if (_clocked == null) _link.Received = t.Received;
            else t.Now = () => _now;
        }

        private bool Simulated => _clocked != null;

        /// <summary>A shared line may still carry bytes of an earlier scenario: wait until it is quiet and drop them.</summary>
        public void Settle(bool fresh)
        {
            if (Simulated)
            {
                Sync(0, stopOnOutput: false);
                _cursor = _synced;
                return;
            }
            if (fresh) { _cursor = _link.Count; return; }
            int seen;
            do
            {
                seen = _link.Count;
                Thread.Sleep(200);
            } while (_link.Count != seen);
            _cursor = seen;
        }

        /// <summary>Simulated clock: the board has taken everything sent and done what it can without time passing.</summary>
        public void Barrier()
        {
            if (Simulated) Sync(0, stopOnOutput: false);
        }

        /// <summary>
        /// Lets up to <paramref name="ms"/> of board time pass once the board has read all the rig sent (stopping
        /// early at new output when asked), then waits for the output the board reports to arrive, and logs it.
        /// </summary>
        private void Sync(long ms, bool stopOnOutput)
        {
            string request = "clock run " + Math.Max(0, ms) + "ms after-input=" + _sent + (stopOnOutput ? " until-output=" + _synced : "");
            string answer = _clocked!.Control(_link, request);
            var m = Regex.Match(answer, @"^OK t=(\d+) output=(\d+)$");
            if (!m.Success) throw new StepFailure("the board's simulated clock answered '" + answer + "' to '" + request + "'");
            _now = long.Parse(m.Groups[1].Value);
            int output = int.Parse(m.Groups[2].Value);
            var deadline = DateTime.UtcNow + Delivery;
            while (_link.Count < output && !_link.Closed && DateTime.UtcNow < deadline) _link.WaitBeyond(_link.Count, deadline);
            if (_link.Count < output) throw new StepFailure("the board wrote " + output + " bytes; " + _link.Count + " arrived within " + Delivery.TotalSeconds + " s");
            if (output > _synced) _t.Received(_link.Snapshot(_synced, output - _synced));
            _synced = output;
        }

        /// <summary>What the board sent from the cursor on that the scenario may judge.</summary>
        private byte[] Got() => Simulated ? _link.Snapshot(_cursor, _synced - _cursor) : _link.Snapshot(_cursor);

        /// <summary>The simulated clock has moved past <paramref name="deadline"/>, or the line is done: nothing more will come.</summary>
        private bool Over(long deadline) => _now >= deadline || (_link.Closed && _link.Count == _synced);

        public void Drain()
        {
            if (Simulated) Sync(100, stopOnOutput: false);
            else Thread.Sleep(100);
            _cursor = Simulated ? _synced : _link.Count;
        }

        public void Wait(TimeSpan span)
        {
            if (Simulated) Sync((long)span.TotalMilliseconds, stopOnOutput: false);
            else Thread.Sleep(span);
        }

        public BoardLink Restart(IBoardTarget target)
        {
            _t.Note("restarting the board (same flash)");
            _link = target.Restart(_link);
            if (!Simulated) _link.Received = _t.Received;
            _cursor = 0;
            _sent = 0;
            _synced = 0;
            _now = 0;
            return _link;
        }

        public void Send(byte[] data)
        {
            _t.Sent(data);
            _link.Write(data);
            _sent += data.Length;
        }

        public void Expect(byte[] want, TimeSpan timeout, Step step, string? what)
        {
            var deadline = DateTime.UtcNow + timeout;
            long boardDeadline = _now + (long)timeout.TotalMilliseconds;
            while (true)
            {
                var got = Got();
                int common = 0;
                while (common < got.Length && common < want.Length && got[common] == want[common]) common++;
                if (common == want.Length)
                {
                    _cursor += want.Length;
                    return;
                }
                bool diverged = common < got.Length;
                bool over = Simulated ? Over(boardDeadline) : DateTime.UtcNow >= deadline || _link.Closed;
                if (diverged || over)
                {
                    // Give a diverging answer a moment to arrive whole, so the report shows it complete.
                    if (diverged && !Simulated) Thread.Sleep(150);
                    else if (diverged) Sync(150, stopOnOutput: false);
                    got = Got();
                    string reason = diverged ? "differs at byte " + common
                        : _link.Closed ? "the line closed after " + got.Length + " of " + want.Length + " bytes"
                        : "timed out after " + timeout.TotalSeconds + " s" + (Simulated ? " of board time" : "") + " with " + got.Length + " of " + want.Length + " bytes";
                    throw new StepFailure(Describe(step, what) + ": " + reason + "\n  expected: " + Bytes.Show(want) + "\n  received: " + Bytes.Show(got));
                }
                if (Simulated) Sync(boardDeadline - _now, stopOnOutput: true);
                else _link.WaitBeyond(_cursor + got.Length, deadline);
            }
        }

        public void Match(Regex regex, TimeSpan timeout, Step step)
        {
            var anchored = new Regex(@"\G(?:" + regex + ")", regex.Options);
            var deadline = DateTime.UtcNow + timeout;
            long boardDeadline = _now + (long)timeout.TotalMilliseconds;
            while (true)
            {
                var got = Got();
                string text = Encoding.Latin1.GetString(got);
                var m = anchored.Match(text, 0);
                if (m.Success)
                {
                    _cursor += m.Length;
                    return;
                }
                bool over = Simulated ? Over(boardDeadline) : DateTime.UtcNow >= deadline || _link.Closed;
                if (over)
                    throw new StepFailure(Describe(step, null) + ": no match " + (_link.Closed ? "before the line closed" : "within " + timeout.TotalSeconds + " s" + (Simulated ? " of board time" : ""))
                        + "\n  expected: /" + regex + "/\n  received: " + Bytes.Show(got));
                if (Simulated) Sync(boardDeadline - _now, stopOnOutput: true);
                else _link.WaitBeyond(_cursor + got.Length, deadline);
            }
        }

        public void Quiet(TimeSpan span, Step? step)
        {
            if (Simulated) Sync((long)span.TotalMilliseconds, stopOnOutput: true);
            else Thread.Sleep(span);
            var got = Got();
            if (got.Length == 0) return;
            if (Simulated) Sync(100, stopOnOutput: false);
            else Thread.Sleep(100);
            got = Got();
            string where = step == null ? "after the last step" : Describe(step, null);
            throw new StepFailure(where + ": unexpected bytes\n  expected: (nothing)\n  received: " + Bytes.Show(got));
        }

        private static string Describe(Step step, string? what) =>
            "line " + step.Line + (step.Label != null ? " [" + step.Label + "]" : "") + " '" + step.Text + "'" + (what != null ? " (" + what + ")" : "");
    }

    /// <summary>What went each way, with times (wall clock, or board time on the simulated clock), for the report.</summary>
    private sealed class Transcript(Func<double> now)
    {
        private readonly StringBuilder _sb = new();

        /// <summary>The time each entry is stamped with.</summary>
        public Func<double> Now { get; set; } = now;

        private void Add(string tag, string text)
        {
            lock (_sb) _sb.Append($"{Now(),8:0} ms {tag} {text}\n");
        }

        public void Step(Step s) => Add("--", "line " + s.Line + ": " + s.Text);
        public void Sent(byte[] d) => Add(">>", Bytes.Show(d));
        public void Received(byte[] d) => Add("<<", Bytes.Show(d));
        public void Note(string text) => Add("..", text.Replace("\n", "\n            "));
        public override string ToString() { lock (_sb) return _sb.ToString(); }
    }
}
