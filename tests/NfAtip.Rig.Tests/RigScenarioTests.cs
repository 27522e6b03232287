using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace NfAtip.Rig.Tests;

/// <summary>The rig plays every shipped scenario against the virtual board, as CI does.</summary>
public class RigScenarioTests(ITestOutputHelper output)
{
    private static (int Rc, string Stdout, string Stderr) RunRig(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = Program.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    private static int Attr(XElement e, string name) => int.Parse(e.Attribute(name)!.Value);

    [Fact]
    public void Every_shipped_scenario_passes_on_the_virtual_board_and_the_JUnit_file_counts_them()
    {
        var files = Directory.GetFiles(Repo.Scenarios, "*.rig");
        Assert.NotEmpty(files);
        var scenarios = files.SelectMany(ScenarioParser.ParseFile).ToList();
        Assert.True(scenarios.Count >= 100, "only " + scenarios.Count + " scenarios");

        using var tmp = new TempDir();
        string junit = Path.Combine(tmp.Path, "rig.xml");
        string first = Path.Combine(tmp.Path, "first");
        var (rc, stdout, stderr) = RunRig("--virtual", "--junit", junit, "--transcripts", first, Repo.Scenarios);
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(rc == 0, "rig exit " + rc + "\n" + stdout + stderr);

        // Issue I: the scenarios on the simulated clock give byte-identical transcripts on a second run (board
        // times, every byte each way, world answers and the board's log).
        var clocked = scenarios.Where(ScenarioRunner.OnSimulatedClock).Select(s => s.Name).ToList();
        Assert.True(clocked.Count >= 100, "only " + clocked.Count + " scenarios on the simulated clock");
        string second = Path.Combine(tmp.Path, "second");
        var again = RunRig(new[] { "--virtual", "--transcripts", second }.Concat(clocked.SelectMany(n => new[] { "--filter", n })).Append(Repo.Scenarios).ToArray());
        Assert.True(again.Rc == 0, "second run: rig exit " + again.Rc + "\n" + again.Stdout);
        foreach (string name in clocked)
        {
            string a = File.ReadAllText(Path.Combine(first, name + ".txt")), b = File.ReadAllText(Path.Combine(second, name + ".txt"));
            Assert.True(a == b, name + ": the transcripts of two runs differ\n--- first\n" + a + "\n--- second\n" + b);
            Assert.Contains("; simulated clock", a);
        }
        // Servers, shell commands and real PPP peers keep real time: those scenarios ran on the real clock.
        foreach (var sc in scenarios.Where(s => !ScenarioRunner.OnSimulatedClock(s)))
            Assert.DoesNotContain("; simulated clock", File.ReadAllText(Path.Combine(first, sc.Name + ".txt")));
        Assert.Contains($"rig: {scenarios.Count} scenarios on virtual board", stdout);
        Assert.Contains($": {scenarios.Count} passed, 0 failed, 0 skipped", stdout);

        var doc = XDocument.Load(junit); // throws if not well-formed
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(scenarios.Count, Attr(root, "tests"));
        Assert.Equal(0, Attr(root, "failures"));
        Assert.Equal(0, Attr(root, "skipped"));
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(files.Length, suites.Count);
        Assert.Equal(scenarios.Count, suites.Sum(s => Attr(s, "tests")));
        var cases = root.Descendants("testcase").ToList();
        Assert.Equal(scenarios.Count, cases.Count);
        Assert.Equal(scenarios.Select(s => s.Name).OrderBy(n => n), cases.Select(c => c.Attribute("name")!.Value).OrderBy(n => n));
        Assert.DoesNotContain(cases, c => c.Elements().Any());
    }

    /// <summary>
    /// Issue J: the link scenarios every module profile plays (<c>needs any-module</c>) pass against the
    /// simulator playing each LTE module, which the board tells from AT+CGMM and reads by +CEREG; the others
    /// (GSM data calls, +CREG URCs) are skipped with the reason.
    /// </summary>
    [Theory]
    [InlineData("SIM7080")]
    [InlineData("BG96")]
    [InlineData("SIM7600")]
    public void The_link_scenarios_pass_against_every_module_profile(string module)
    {
        var scenarios = Directory.GetFiles(Repo.Scenarios, "*.rig").SelectMany(ScenarioParser.ParseFile).ToList();
        int any = scenarios.Count(s => s.Needs.Exists(n => n.Kind == "any-module"));
        Assert.True(any >= 8, "only " + any + " scenarios for every module");
        var (rc, stdout, stderr) = RunRig("--virtual", "--module", module, Repo.Scenarios);
        output.WriteLine(stdout);
        Assert.True(rc == 0, "rig exit " + rc + "\n" + stdout + stderr);
        Assert.Contains($": {any} passed, 0 failed, {scenarios.Count - any} skipped", stdout);
        Assert.Contains("--module " + module, stdout);
        Assert.Contains("plays the SIM800 (GSM data calls, +CREG/+CGREG): not with --module " + module, stdout);
    }

    /// <summary>
    /// Issue I: every link code and path that needs the network, the SIM, the caller or the flash to misbehave
    /// is reached by a shipped scenario (through world directives), so the run above proves it on the virtual board.
    /// </summary>
    [Fact]
    public void Every_world_driven_code_and_path_has_a_shipped_scenario()
    {
        var steps = Directory.GetFiles(Repo.Scenarios, "*.rig").SelectMany(ScenarioParser.ParseFile).SelectMany(s => s.Steps).ToList();
        var errors = steps.Where(st => st.Keyword == "error").Select(st => st.Argument).ToHashSet();
        foreach (string code in new[] { "35865", "35866", "35868", "35869", "35870", "37120", "37121", "38980", "38981", "34824" })
            Assert.Contains(code, errors);
        var world = steps.Where(st => st.Keyword == "world").Select(st => st.Argument.Split(' ')[0]).ToHashSet();
        foreach (string directive in new[] { "ring", "caller-hangs-up", "drop-call", "register", "unregister", "gprs", "signal", "sim", "fail", "isp", "caller", "flash", "clock" })
            Assert.Contains(directive, world);
        var sent = steps.Where(st => st.Keyword == "cmd").Select(st => st.Argument).ToHashSet();
        foreach (string command in new[] { "AT#ACCEPT", "AT+CPIN=1234", "AT#ANSWERMODE=1", "AT#ANSWERMODE=2", "AT#ANSWERMODE=3", "AT#RINGCOUNT=2", "AT#CALLSCREENNUM=\"0612345678\"" })
            Assert.Contains(command, sent);
    }

    /// <summary>The issue B scenarios (real servers started by the scenarios) are shipped, so the run above covers them.</summary>
    [Fact]
    public void The_service_scenarios_against_real_servers_are_shipped()
    {
        var names = Directory.GetFiles(Repo.Scenarios, "*.rig").SelectMany(ScenarioParser.ParseFile).Select(s => s.Name).ToHashSet();
        foreach (string n in new[]
        {
            "smtp.putmail-appendix-a", "smtp.sendmail-combinations", "smtp.errors",
            "pop3.getmail-appendix-a", "pop3.errors",
            "ftp.put-get-appendix-a", "ftp.paths", "ftp.errors",
            "tcp.client-appendix-a", "tcp.client-remote-close", "tcp.server-appendix-a", "tcp.errors",
            "dns.names",
        })
            Assert.Contains(n, names);
        foreach (string launcher in new[] { "py-server.sh", "pop3-dovecot.sh" })
            Assert.True(File.Exists(Path.Combine(Repo.Root, "tools", "NfAtip.Rig", "servers", launcher)), launcher);
    }

    [Fact]
    public void Free_ports_the_scenario_temp_dir_run_and_file_expectations()
    {
        using var tmp = new TempDir();
        string seen = Path.Combine(tmp.Path, "seen");
        string file = Path.Combine(tmp.Path, "files.rig");
        File.WriteAllText(file, $$"""
            scenario files.pass
            port    P
            run     test ${P} -gt 0 && test ${P} -lt 65536
            run     echo ${RIG_TMP} > '{{seen}}' && printf 'a\001b\r\n' > ${RIG_TMP}/out.bin && : > ${RIG_TMP}/empty
            cmd     AT
            ok
            expect-file ${RIG_TMP}/out.bin a\x01b\r\n
            expect-file ${RIG_TMP}/empty
            match-file ${RIG_TMP}/out.bin a.b\r\n
            run     test -d ${RIG_SERVERS} || test ! -e ${RIG_SERVERS}

            scenario files.differs
            run     printf 'abc' > ${RIG_TMP}/out.bin
            timeout 300ms
            expect-file ${RIG_TMP}/out.bin abd

            scenario files.missing
            timeout 300ms
            match-file ${RIG_TMP}/none x

            scenario files.run-fails
            cmd     AT
            ok
            run     false
            """);
        var (rc, stdout, _) = RunRig("--virtual", file);
        output.WriteLine(stdout);
        Assert.Equal(1, rc);
        Assert.Contains("PASS  files.pass", stdout);
        Assert.Contains("line 15 'expect-file ${RIG_TMP}/out.bin abd': the file differs\n  expected: abd\n  received: abc", stdout.Replace("\r", ""));
        Assert.Contains("no file ", stdout);
        Assert.Contains("line 24: run-command exited 1: false", stdout);
        Assert.Contains("1 passed, 3 failed, 0 skipped", stdout);
        // The temp dir was the scenario's own and is gone.
        string dir = File.ReadAllText(seen).Trim();
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), dir);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Bad_file_and_port_directives_exit_2()
    {
        using var tmp = new TempDir();
        string file = Path.Combine(tmp.Path, "bad.rig");
        File.WriteAllText(file, "scenario x\nport 1bad\n");
        var (rc, _, stderr) = RunRig("--virtual", file);
        Assert.Equal(2, rc);
        Assert.Contains("bad.rig:2: port NAME", stderr);
        File.WriteAllText(file, "scenario x\nmatch-file /tmp/x\n");
        (rc, _, stderr) = RunRig("--virtual", file);
        Assert.Equal(2, rc);
        Assert.Contains("bad.rig:2: match-file PATH REGEX", stderr);
    }

    [Fact]
    public void A_failing_scenario_is_reported_with_expected_and_received_bytes_in_JUnit_and_on_stdout()
    {
        using var tmp = new TempDir();
        string file = Path.Combine(tmp.Path, "deliberate.rig");
        File.WriteAllText(file, """
            scenario deliberate.passes
            cmd     AT
            ok

            scenario deliberate.fails
            about   expects PPPMODE 3 on a fresh board, which has 1
            cmd     AT#PPPMODE?
            expect  #PPPMODE: 3\r\n
            ok

            scenario deliberate.skipped
            needs   program nf-atip-no-such-program
            cmd     AT
            ok
            """);
        string junit = Path.Combine(tmp.Path, "out", "rig.xml");
        var (rc, stdout, _) = RunRig("--virtual", "--junit", junit, file);
        output.WriteLine(stdout);
        Assert.Equal(1, rc);
        Assert.Contains("PASS  deliberate.passes", stdout);
        Assert.Contains("FAIL  deliberate.fails", stdout);
        Assert.Contains("SKIP  deliberate.skipped", stdout);
        Assert.Contains("needs program 'nf-atip-no-such-program'", stdout);
        // The readable report: the step, expected vs received, and the transcript.
        Assert.Contains("line 8 'expect #PPPMODE: 3\\r\\n': differs at byte 10", stdout);
        Assert.Contains("  expected: #PPPMODE: 3<CR><LF>", stdout);
        Assert.Contains("  received: #PPPMODE: 1<CR><LF><CR><LF>OK<CR><LF>", stdout);
        Assert.Contains(">> AT#PPPMODE?<CR>", stdout);
        Assert.Contains("1 passed, 1 failed, 1 skipped", stdout);

        var root = XDocument.Load(junit).Root!;
        Assert.Equal(3, Attr(root, "tests"));
        Assert.Equal(1, Attr(root, "failures"));
        Assert.Equal(1, Attr(root, "skipped"));
        var failed = root.Descendants("testcase").Single(c => c.Attribute("name")!.Value == "deliberate.fails");
        var failure = failed.Element("failure")!;
        string message = failure.Attribute("message")!.Value;
        Assert.Contains("expected: #PPPMODE: 3<CR><LF>", message);
        Assert.Contains("received: #PPPMODE: 1<CR><LF><CR><LF>OK<CR><LF>", message);
        Assert.Contains("transcript:", failure.Value);
        Assert.Contains("<< AT#PPPMODE?<CR>#PPPMODE: 1<CR><LF>", failure.Value);
        var skipped = root.Descendants("testcase").Single(c => c.Attribute("name")!.Value == "deliberate.skipped");
        Assert.Contains("nf-atip-no-such-program", skipped.Element("skipped")!.Attribute("message")!.Value);
        Assert.Empty(root.Descendants("testcase").Single(c => c.Attribute("name")!.Value == "deliberate.passes").Elements());
    }

    /// <summary>
    /// On the simulated clock a timeout is board time: the ISP's silence ends at the 60 s negotiation bound, stamped
    /// 60 000 ms in the transcript, in a run that takes a fraction of that; `needs real-time` keeps the PC's clock.
    /// </summary>
    [Fact]
    public void On_the_simulated_clock_waits_are_board_time_and_real_time_scenarios_keep_the_PCs_clock()
    {
        using var tmp = new TempDir();
        string file = Path.Combine(tmp.Path, "clock.rig");
        File.WriteAllText(file, """
            scenario clock.simulated
            world   isp silent
            cmd     AT#CONNECTIONSTART
            timeout 90s
            error   35868
            quiet   10s
            wait    1s

            scenario clock.real
            needs   real-time
            cmd     AT
            ok
            """);
        string transcripts = Path.Combine(tmp.Path, "t");
        var (rc, stdout, _) = RunRig("--virtual", "--transcripts", transcripts, file);
        output.WriteLine(stdout);
        Assert.Equal(0, rc);
        string simulated = File.ReadAllText(Path.Combine(transcripts, "clock.simulated.txt"));
        Assert.Contains("   60000 ms << <CR><LF>#CME ERROR: 35868<CR><LF>", simulated);
        Assert.Contains("   70000 ms -- line 7: wait 1s", simulated); // the quiet 10 s passed in full, in board time
        Assert.Contains("   71150 ms .. board log:", simulated);     // then the wait, and the rig's trailing quiet (150 ms)
        Assert.Contains("; simulated clock", simulated);
        Assert.DoesNotContain("; simulated clock", File.ReadAllText(Path.Combine(transcripts, "clock.real.txt")));
    }

    [Fact]
    public void The_virtual_board_over_TCP_and_hooks_run_too()
    {
        using var tmp = new TempDir();
        string marker = Path.Combine(tmp.Path, "marker");
        string file = Path.Combine(tmp.Path, "hooks.rig");
        File.WriteAllText(file, $"""
            scenario hooks.tcp
            set     WHO 3
            before  echo before > '{marker}'
            after   echo after >> '{marker}'
            cmd     AT#PPPMODE={"${WHO}"}
            ok
            cmd     AT#PPPMODE?
            expect  #PPPMODE: {"${WHO}"}\r\n
            ok
            """);
        var (rc, stdout, _) = RunRig("--virtual-tcp", file);
        output.WriteLine(stdout);
        Assert.Equal(0, rc);
        Assert.Contains("--listen", stdout);
        Assert.Equal("before\nafter\n", File.ReadAllText(marker));
    }

    /// <summary>Issue J: --version, and a bad option is one line plus a pointer to --help (the usage used to bury it).</summary>
    [Fact]
    public void Version_and_a_bad_option_in_one_line_with_a_hint()
    {
        var (rc, stdout, _) = RunRig("--version");
        Assert.Equal(0, rc);
        Assert.Matches(@"^nf-atip-rig \d+\.\d+\.\d+\r?\n$", stdout);
        (rc, stdout, var stderr) = RunRig("--jobz", "2");
        Assert.Equal(2, rc);
        Assert.Equal("", stdout);
        Assert.Equal(new[] { "nf-atip-rig: unknown option '--jobz'", "nf-atip-rig: see nf-atip-rig --help" }, stderr.TrimEnd().Split(Environment.NewLine));
        // Values System.CommandLine refuses read the same way: one line, then the hint.
        foreach (string[] bad in new[] { new[] { "--jobs", "x" }, new[] { "--clock", "fast" }, new[] { "--timeout" }, new[] { "--baud", "9600" } })
        {
            (rc, stdout, stderr) = RunRig(bad);
            Assert.Equal(2, rc);
            Assert.Equal("", stdout);
            string[] lines = stderr.TrimEnd().Split(Environment.NewLine);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("nf-atip-rig: ", lines[0]);
            Assert.Equal("nf-atip-rig: see nf-atip-rig --help", lines[1]);
        }
        (rc, stdout, _) = RunRig("--help");
        Assert.Equal(0, rc);
        foreach (string option in new[] { "--virtual-tcp", "--serial", "--clock", "--transcripts", "--version" }) Assert.Contains(option, stdout);
    }

    [Fact]
    public void Bad_scenario_files_exit_2_with_the_file_and_line()
    {
        using var tmp = new TempDir();
        string file = Path.Combine(tmp.Path, "bad.rig");
        File.WriteAllText(file, "scenario x\ncmd AT\nexpekt OK\n");
        var (rc, _, stderr) = RunRig("--virtual", file);
        Assert.Equal(2, rc);
        Assert.Contains("bad.rig:3: unknown directive 'expekt'", stderr);
    }
}
