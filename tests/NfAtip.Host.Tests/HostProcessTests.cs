using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.HostAdapters.Lines;
using Xunit;

namespace NfAtip.Host.Tests;

public class HostProcessTests
{
    private static readonly byte[] At = Encoding.ASCII.GetBytes("AT\r");

    private static bool StartsWith(byte[] data, byte[] prefix) => data.Length >= prefix.Length && data.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    [Fact]
    public void Help_exits_0_and_prints_usage()
    {
        using var board = BoardProcess.Start("--help");
        Assert.Equal(0, board.WaitForExit());
        string text = Encoding.UTF8.GetString(board.StdoutBytes);
        foreach (var option in new[] { "--stdio", "--listen", "--pty", "--serial", "--baud", "--state" })
            Assert.Contains(option, text);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--listen")]
    [InlineData("--stdio", "--pty")]
    [InlineData("--serial", "/dev/null", "--baud", "fast")]
    [InlineData("--baud", "9600")]
    public void Bad_options_exit_2_with_one_line_and_a_hint_on_stderr(params string[] args)
    {
        using var board = BoardProcess.Start(args);
        Assert.Equal(2, board.WaitForExit());
        Assert.Empty(board.StdoutBytes);
        string[] lines = board.Stderr.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length); // the problem, then where the usage is: not the whole usage text
        Assert.StartsWith("nf-atip-board: ", lines[0]);
        Assert.Equal("nf-atip-board: see nf-atip-board --help", lines[1].TrimEnd('\r'));
    }

    [Fact]
    public void Version_prints_the_firmware_identity_and_exits_0()
    {
        using var board = BoardProcess.Start("--version");
        Assert.Equal(0, board.WaitForExit());
        string text = Encoding.ASCII.GetString(board.StdoutBytes);
        // The AT#VVERSION identity: name_version, the loaded core's size, its build date.
        Assert.Matches(@"^nf-atip-board nf-atip_V\d+\.\d+ \d+ [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}\r?\n$", text);
    }

    [Fact]
    public void Stdio_echoes_the_bytes_and_exits_0_at_end_of_input_with_only_board_bytes_on_stdout()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--state", state.Path);
        board.Stdin.Write(At);
        board.Stdin.Flush();
        // The echo (E1 is the default) of what we sent comes back before we close the input.
        var early = board.WaitForStdout(d => d.Length >= At.Length);
        Assert.True(StartsWith(early, At), "stdout: " + Encoding.ASCII.GetString(early));
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit());
        var all = board.StdoutBytes;
        Assert.True(StartsWith(all, At));
        // Nothing but board bytes: no log text, only ASCII a board sends.
        Assert.DoesNotContain("nf-atip-board", Encoding.ASCII.GetString(all));
        Assert.All(all, b => Assert.True(b < 0x80, "non-ASCII byte " + b));
        Assert.Contains("nf-atip-board", board.Stderr);
    }

    [Fact]
    public void Stdio_AT_is_eventually_answered()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--state", state.Path);
        board.Stdin.Write(At);
        board.Stdin.Flush();
        var got = board.WaitForStdout(d => Encoding.ASCII.GetString(d).Contains("OK"));
        Assert.Contains("OK", Encoding.ASCII.GetString(got));
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit());
    }

    [Fact]
    public void End_of_stdio_input_still_gets_the_answer_of_a_connection_under_way()
    {
        // The README's kind of one-liner: printf 'AT#CONNECTIONSTART\r' | nf-atip-board --stdio
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--state", state.Path, "--ip", "direct");
        board.Type("ATE0\rAT#CONNECTIONSTART\r");
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit(60_000));
        Assert.EndsWith("\r\nOK_Info_GprsActivation\r\n", board.Text());
    }

    [Fact]
    public void State_dir_is_created_and_holds_the_flash_image()
    {
        using var state = new TempDir();
        string dir = Path.Combine(state.Path, "nested", "state");
        using var board = BoardProcess.Start("--stdio", "--state", dir);
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit());
        var image = new FileInfo(Path.Combine(dir, "flash.bin"));
        Assert.True(image.Exists, "no flash image in " + dir);
        Assert.True(image.Length > 0);
    }

    [Fact]
    public void A_second_board_on_the_same_state_folder_is_refused_and_the_first_goes_on()
    {
        using var state = new TempDir();
        using var first = BoardProcess.Start("--stdio", "--state", state.Path);
        first.Type("ATE0\r");
        Assert.Contains("OK", first.WaitForText(t => t.Contains("OK")));
        using (var second = BoardProcess.Start("--stdio", "--state", state.Path))
        {
            Assert.Equal(1, second.WaitForExit());
            Assert.Contains("is in use by another board (each board needs its own --state folder)", second.Stderr);
            Assert.Empty(second.StdoutBytes);
        }
        int before = first.StdoutBytes.Length;
        first.Type("AT#SUBJ1=\"mine\"\r");
        first.WaitForText(t => t.Contains("OK"), before);
        first.Stdin.Close();
        Assert.Equal(0, first.WaitForExit());
    }

    [Fact]
    public void A_damaged_settings_record_is_reported_on_stderr_at_start_and_in_vstate()
    {
        using var state = new TempDir();
        using (var first = BoardProcess.Start("--stdio", "--state", state.Path))
        {
            first.Type("ATE0\rAT#SMTPSERV=\"a.example\"\rAT#SMTPSERV=\"b.example\"\r");
            first.WaitForText(t => CountOf(t, "OK") >= 3);
            first.Stdin.Close();
            Assert.Equal(0, first.WaitForExit());
            Assert.DoesNotContain("flash store", first.Stderr);
        }
        // Bit rot in the newest record of the settings page (sector 1's payload; Board's flash layout).
        string image = Path.Combine(state.Path, "flash.bin");
        using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 4096 + 32 + 3;
            int b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0x01));
        }
        using var board = BoardProcess.Start("--stdio", "--state", state.Path);
        board.Type("ATE0\rAT#VSTATE\rAT#SMTPSERV?\r");
        string got = board.WaitForText(t => t.Contains("#SMTPSERV:") && CountOf(t, "OK") >= 3);
        Assert.Contains("#STATE: \"IDLE\"\r\n#STORE: \"RECOVERED\"\r\n", got);
        Assert.Contains("#SMTPSERV: \"a.example\"", got);
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit()); // and stderr's events are all delivered
        Assert.Contains("nf-atip-board: flash store: settings (sectors 0-1): newest record damaged, the previous one loaded", board.Stderr);
    }

    [Fact]
    public void World_directives_lock_the_sim_at_start_ring_the_board_and_fail_a_flash_write()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--state", state.Path, "--control", "127.0.0.1:0", "--world", "sim pin 1234");
        string Until(string what) => board.WaitForText(t => t.Contains(what));
        // Asks AT#VSTATE every 100 ms (at most 100 times) until the output from byte `from` on shows `what`.
        string VStateUntil(string what, int from)
        {
            for (int i = 0; i < 100 && !board.Text(from).Contains(what); i++)
            {
                board.Type("AT#VSTATE\r");
                Thread.Sleep(100);
            }
            return board.Text(from);
        }
        board.Type("ATE0\r");
        // IDLE while the module boots (L18), then #NO SERVICE: the SIM waits for its PIN.
        Assert.Contains("#NO SERVICE\r\n", VStateUntil("#NO SERVICE", 0));
        // Appendix A's PIN step answers as the manual shows, and the board registers.
        int before = board.StdoutBytes.Length;
        board.Type("AT+CPIN=1234\r");
        board.WaitForText(t => t.Contains("\r\nOK\r\n"), before);
        Assert.Contains("#STATE: \"IDLE\"", VStateUntil("IDLE", before));

        using var control = new ControlSocket(board);
        string Directive(string line) => control.Send(line);
        Assert.Equal("OK", Directive("ring 0612345678 every=200"));
        Assert.StartsWith("ERROR: the module cannot ring now", Directive("ring 0699999999"));
        Assert.Contains("\r\nRING\r\n", Until("RING"));
        Assert.Equal("OK", Directive("caller-hangs-up"));
        Assert.Contains("NO CARRIER", Until("NO CARRIER"));
        Assert.StartsWith("ERROR: unknown directive", Directive("teleport"));
        Assert.StartsWith("ERROR: ", Directive("signal 40"));

        Assert.Equal("OK", Directive("flash fail-next-write"));
        board.Type("AT#SUBJ1=\"lost\"\rAT#SUBJ1=\"kept\"\rAT#SUBJ1?\r");
        string got = Until("#SUBJ1: \"kept\"\r\n\r\nOK\r\n");
        Assert.Contains("\r\n#CME ERROR: 34824\r\n\r\nOK\r\n#SUBJ1: \"kept\"", got);
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit());
    }

    /// <summary>
    /// --clock simulated: time stands still until a `clock run` lets it pass, input is all taken first, a run
    /// stops at the board's next output, and the 60 s PPP negotiation bound (GPRS: 35868) is passed in one run
    /// at exactly 60 000 ms of board time, whatever the PC's speed.
    /// </summary>
    [Fact]
    public void The_simulated_clock_moves_only_when_a_run_lets_it_and_stops_at_the_boards_output()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--clock", "simulated", "--state", state.Path, "--control", "127.0.0.1:0", "--world", "isp silent");
        using var control = new ControlSocket(board);
        string Directive(string line) => control.Send(line);
        Assert.Equal("OK t=0 output=0", Directive("clock run 0"));
        board.Type("AT\r");
        Assert.Equal("OK t=0 output=9", Directive("clock run 0 after-input=3")); // AT<CR> echoed, <CR><LF>OK<CR><LF>
        Thread.Sleep(300); // the PC's time passes; the board's does not
        Assert.Equal("OK t=0 output=9", Directive("clock run 0 after-input=3"));
        board.Type("AT#CONNECTIONSTART\r");
        // The echo is output at once, so a run asked to stop at new output beyond byte 9 passes no time.
        Assert.Equal("OK t=0 output=28", Directive("clock run 120s after-input=22 until-output=9"));
        Assert.Equal("OK t=60000 output=49", Directive("clock run 120s after-input=22 until-output=28"));
        Assert.EndsWith("\r\n#CME ERROR: 35868\r\n", board.WaitForText(t => t.Length >= 49)); // the 49 bytes reported, through the pipe
        Assert.Equal("OK", Directive("clock +5s"));
        Assert.Equal("OK t=65000 output=49", Directive("clock run 0"));
        Assert.Equal("OK t=67500 output=49", Directive("clock run 2500ms until-output=49"));
        Assert.StartsWith("ERROR: bad duration", Directive("clock run soon"));
        Assert.StartsWith("ERROR: clock run DURATION", Directive("clock run 1s after-output=3"));
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit());
        Assert.Contains("; simulated clock", board.Stderr);
    }

    /// <summary>
    /// Issue J: the virtual board is a dotnet tool. Packed from the Release build (dotnet pack --no-build, as a
    /// user after the README's build), installed with dotnet tool install --add-source into a tool path, it answers
    /// --version and serves AT on --stdio from its own folder, far from the checkout.
    /// </summary>
    [Fact]
    public void The_virtual_board_packs_installs_as_a_dotnet_tool_and_answers()
    {
        using var tmp = new TempDir();
        string project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(BoardProcess.BoardDll)!, "..", "..", "..", "NfAtip.Host.csproj"));
        string config = new DirectoryInfo(Path.GetDirectoryName(BoardProcess.BoardDll)!).Parent!.Name;
        string packages = Path.Combine(tmp.Path, "pkg"), tools = Path.Combine(tmp.Path, "tools");
        Dotnet("pack", project, "-c", config, "--no-build", "-o", packages, "-nologo");
        Dotnet("tool", "install", "nf-atip-board", "--add-source", packages, "--tool-path", tools);
        string tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "nf-atip-board.exe" : "nf-atip-board");
        Assert.Matches(@"^nf-atip-board nf-atip_V\d\d\.\d\d \d+ [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d\n$", Run(tool, "", "--version"));
        Assert.Equal("AT\r\r\nOK\r\n", Run(tool, "AT\r", "--stdio", "--ip", "direct", "--state", Path.Combine(tmp.Path, "state")));
    }

    /// <summary>Runs dotnet with these arguments (bounded: 5 min); fails the test with its output on a non-zero exit.</summary>
    private static void Dotnet(params string[] args)
    {
        Run(DotnetHost(), "", args);
    }

    private static string Run(string program, string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(300_000), program + " did not end within 5 min");
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, program + " " + string.Join(' ', args) + " exited " + p.ExitCode + ":\n" + stdout.Result + stderr.Result);
        return stdout.Result;
    }

    /// <summary>
    /// Issue J: --trace FILE logs the module dialogue both ways and the link's state changes, stamped with the
    /// board's clock — on the simulated clock the whole file is the same on every run.
    /// </summary>
    [Fact]
    public void Trace_logs_the_module_dialogue_and_the_link_states_with_board_times()
    {
        using var tmp = new TempDir();
        string Session(string name)
        {
            string file = Path.Combine(tmp.Path, name);
            string output = Run(DotnetHost(), "AT#CONNECTIONSTART\r", BoardProcess.BoardDll, "--stdio", "--clock", "simulated",
                "--state", Path.Combine(tmp.Path, name + ".state"), "--trace", file);
            Assert.EndsWith("\r\nOK_Info_GprsActivation\r\n", output);
            return File.ReadAllText(file);
        }
        string trace = Session("first.trace");
        Assert.Matches(@"(?m)^ +\d+ ms >> ATD\*99\*\*\*1#<CR>$", trace);
        Assert.Matches(@"(?m)^ +\d+ ms << <CR><LF>CONNECT<CR><LF>$", trace);
        int dialing = trace.IndexOf(" link DIALING", StringComparison.Ordinal), connected = trace.IndexOf(" link CONNECTED", StringComparison.Ordinal);
        Assert.True(dialing > 0 && connected > dialing, trace);
        Assert.Equal(trace, Session("second.trace"));
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";

    /// <summary>
    /// A client of the board's control socket. The board binds a free port itself (--control 127.0.0.1:0: a port
    /// the test picked could be taken first by a parallel process) and logs it; read from there (bounded: 30 s).
    /// </summary>
    private sealed class ControlSocket : IDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        public ControlSocket(BoardProcess board)
        {
            string log = board.WaitForStderr(t => t.Contains("control: world directives on "), 30_000);
            var m = System.Text.RegularExpressions.Regex.Match(log, @"control: world directives on ([\d.]+):(\d+) ");
            Assert.True(m.Success, "no control address in the board's log:\n" + log);
            _client = new TcpClient(m.Groups[1].Value, int.Parse(m.Groups[2].Value));
            _reader = new StreamReader(_client.GetStream());
            _writer = new StreamWriter(_client.GetStream()) { NewLine = "\n", AutoFlush = true };
        }

        /// <summary>One directive; its answer line.</summary>
        public string Send(string line)
        {
            _writer.WriteLine(line);
            return _reader.ReadLine() ?? "";
        }

        public void Dispose() => _client.Dispose();
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public void Listen_serves_a_tcp_client_and_a_reconnecting_one()
    {
        int port = FreePort();
        using var state = new TempDir();
        using var board = BoardProcess.Start("--listen", "127.0.0.1:" + port, "--state", state.Path);
        using (var first = Connect(port))
        {
            Assert.True(StartsWith(Exchange(first, At), At));
        }
        using (var second = Connect(port))
        {
            Assert.True(StartsWith(Exchange(second, At), At));
        }
        Assert.False(board.Process.HasExited, "the board must keep running between clients");
        Assert.Empty(board.StdoutBytes);
    }

    [Fact]
    public void Listen_answers_a_client_that_closed_its_sending_side_then_closes()
    {
        // The README's kind of script: printf 'AT\rAT#VTCP\r' | socat - TCP:127.0.0.1:PORT (socat half-closes at EOF).
        int port = FreePort();
        using var state = new TempDir();
        using var board = BoardProcess.Start("--listen", "127.0.0.1:" + port, "--state", state.Path);
        using var client = Connect(port);
        client.ReceiveTimeout = 20_000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("AT\rAT#VTCP\r"));
        client.Client.Shutdown(SocketShutdown.Send);
        var got = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0) got.Write(chunk, 0, n); // ends at the board's close
        string text = Encoding.ASCII.GetString(got.ToArray());
        Assert.StartsWith("AT\r\r\nOK\r\nAT#VTCP\r#DLEMODE: 1\r\n#TCPPORT: ", text);
        Assert.EndsWith("\r\nOK\r\n", text);
        Assert.False(board.Process.HasExited, "the board keeps running for the next client");
    }

    [Fact]
    public void Listen_a_new_client_replaces_the_current_one()
    {
        int port = FreePort();
        using var state = new TempDir();
        using var board = BoardProcess.Start("--listen", "127.0.0.1:" + port, "--state", state.Path);
        using var first = Connect(port);
        Assert.True(StartsWith(Exchange(first, At), At));
        using var second = Connect(port);
        Assert.True(StartsWith(Exchange(second, At), At));
        // The first connection was closed by the board (after whatever it had answered it before).
        first.ReceiveTimeout = 5000;
        var buffer = new byte[256];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int n = 1;
        while (n > 0 && sw.ElapsedMilliseconds < 10000)
        {
            try { n = first.GetStream().Read(buffer, 0, buffer.Length); }
            catch (IOException) { n = 0; }
        }
        Assert.Equal(0, n);
    }

    [Fact]
    public void Listen_a_new_client_starts_with_an_empty_command_line()
    {
        // Issue I, hole 4: client A's unfinished "AT#SUBJ1=" and client B's "AT" once made SUBJ1 = "AT".
        int port = FreePort();
        using var state = new TempDir();
        using var board = BoardProcess.Start("--listen", "127.0.0.1:" + port, "--state", state.Path);
        using (var a = Connect(port))
        {
            byte[] half = Encoding.ASCII.GetBytes("AT#SUBJ1=");
            Assert.True(StartsWith(Exchange(a, half), half)); // echoed: the board holds it in its command line
        }
        using var b = Connect(port);
        Assert.Equal("AT\r\r\nOK\r\n", Until(b, "AT\r", "OK\r\n"));
        Assert.Equal("AT#SUBJ1?\r#SUBJ1: \"\"\r\n\r\nOK\r\n", Until(b, "AT#SUBJ1?\r", "OK\r\n"));
    }

    /// <summary>Sends <paramref name="line"/> and reads until the answer ends with <paramref name="end"/> (bounded).</summary>
    private static string Until(TcpClient client, string line, string end)
    {
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(line));
        client.ReceiveTimeout = 10000;
        var got = new StringBuilder();
        var buffer = new byte[256];
        while (!got.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            int n = stream.Read(buffer, 0, buffer.Length);
            if (n <= 0) break;
            got.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        return got.ToString();
    }

    [Fact]
    public void Pty_prints_a_path_that_a_terminal_program_can_open_close_and_reopen()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var state = new TempDir();
        using var board = BoardProcess.Start("--pty", "--state", state.Path);
        var output = board.WaitForStdout(d => Array.IndexOf(d, (byte)'\n') >= 0);
        string path = Encoding.ASCII.GetString(output).Split('\n')[0].Trim();
        Assert.StartsWith("/dev/", path);
        for (int round = 0; round < 2; round++)
        {
            using var port = new SerialPortLine(path, 115200);
            port.Write(At, 0, At.Length);
            // What the board answers after the echo (and what a previous round left unread) may follow or precede it.
            var got = ReadUntil((b, o, c, t) => port.Read(b, o, c, t), d => Contains(d, At));
            Assert.True(Contains(got, At), "got: " + Encoding.ASCII.GetString(got));
        }
        Assert.False(board.Process.HasExited);
    }

    private delegate int Reader(byte[] buffer, int offset, int count, int timeoutMs);

    private static byte[] ReadAtLeast(Reader read, int count, int timeoutMs = 10000)
    {
        var data = new List<byte>();
        var buffer = new byte[256];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (data.Count < count && sw.ElapsedMilliseconds < timeoutMs)
        {
            int n = read(buffer, 0, Math.Min(buffer.Length, count - data.Count), 200);
            if (n < 0) break;
            data.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return data.ToArray();
    }

    private static bool Contains(byte[] data, byte[] part) => data.AsSpan().IndexOf(part) >= 0;

    private static byte[] ReadUntil(Reader read, Func<byte[], bool> done, int timeoutMs = 10000)
    {
        var data = new List<byte>();
        var buffer = new byte[256];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!done(data.ToArray()) && sw.ElapsedMilliseconds < timeoutMs)
        {
            int n = read(buffer, 0, buffer.Length, 200);
            if (n < 0) break;
            data.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return data.ToArray();
    }

    private static byte[] Exchange(TcpClient client, byte[] send)
    {
        var stream = client.GetStream();
        stream.Write(send);
        client.ReceiveTimeout = 10000;
        return ReadAtLeast((b, o, c, t) =>
        {
            try { return stream.Read(b, o, c); }
            catch (IOException) { return -1; }
        }, send.Length);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static TcpClient Connect(int port)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var client = new TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (sw.ElapsedMilliseconds < 15000)
            {
                client.Dispose();
                Thread.Sleep(100);
            }
        }
    }
}

/// <summary>The virtual board process with its default IP: real PPP to the simulated ISP (tools/NfAtip.PppHost).</summary>
public class HostPppProcessTests
{
    private static string Text(byte[] b) => System.Text.Encoding.Latin1.GetString(b);

    [Fact]
    public void Connectionstart_negotiates_ppp_with_the_isp_and_answers_the_address_ipcp_gave()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--ip", "ppp", "--state", state.Path);
        board.Stdin.Write("AT#CONNECTIONSTART\r"u8);
        board.Stdin.Flush();
        // Bounds, not timings: the ISP process starts per call and the line rate is modelled.
        string answer = Text(board.WaitForStdout(o => Text(o).Contains("OK_Info_GprsActivation\r\n"), 60000));
        Assert.Contains("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", answer);
        board.Stdin.Write("AT#DISPLAYIP\r"u8);
        board.Stdin.Flush();
        answer = Text(board.WaitForStdout(o => Text(o).Contains("Gateway IP:") && Text(o).EndsWith("OK\r\n"), 60000));
        Assert.Contains("MY IP: 10.0.2.15\r\nGateway IP: 10.0.2.1\r\n", answer); // GPRS: the peer is the gateway
        Assert.Contains("IP: PPP to the simulated ISP", board.Stderr);
    }

    [Fact]
    public void A_wrong_gsm_isp_password_is_the_spec_s_ppp_client_failure()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--ip", "ppp", "--isp-user", "login", "--isp-password", "password", "--state", state.Path);
        board.Stdin.Write("AT#GPRSMODE=0\rAT#DIALN1=\"0860000000\"\rAT#ISPUN=\"login\"\rAT#ISPPW=\"wrong\"\rAT#CONNECTIONSTART\r"u8);
        board.Stdin.Flush();
        string answer = Text(board.WaitForStdout(o => Text(o).Contains("#CME ERROR"), 60000));
        Assert.Contains("CONNECT 9600\r\n\r\n#CME ERROR: 37120\r\n", answer);
    }

    /// <summary>A board process on real PPP with a GPRS call up to the simulated ISP; returns the ISP process of the call.</summary>
    private static Process Online(BoardProcess board)
    {
        board.Stdin.Write("AT#CONNECTIONSTART\r"u8);
        board.Stdin.Flush();
        Assert.Contains("OK_Info_GprsActivation\r\n", Text(board.WaitForStdout(o => Text(o).Contains("OK_Info_GprsActivation\r\n"), 60000)));
        int[] isps = Children(board.Process.Id).Where(c => ProgramName(c) == "nfatip-ppp-isp").ToArray();
        Assert.Single(isps);
        return Process.GetProcessById(isps[0]);
    }

    /// <summary>What the board says next, once it contains <paramref name="text"/> (within the bound).</summary>
    private static string Next(BoardProcess board, int from, string text, int boundMs = 90000) =>
        Text(board.WaitForStdout(o => Text(o[from..]).Contains(text), boundMs)[from..]);

    /// <summary>
    /// After the link died: a new CONNECTIONSTART, typed at once, comes up with a new ISP process (while the
    /// hang-up of the lost call still runs it waits for the line: spec decision L20).
    /// </summary>
    private static void ConnectsAgain(BoardProcess board)
    {
        int start = board.StdoutBytes.Length;
        board.Stdin.Write("AT#CONNECTIONSTART\r"u8);
        board.Stdin.Flush();
        string after = Text(board.WaitForStdout(o => Text(o[start..]).Contains("OK_Info_GprsActivation\r\n") || Text(o[start..]).Contains("ERROR"), 90000)[start..]);
        Assert.Equal("AT#CONNECTIONSTART\r\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", after);
    }

    [Fact]
    public void The_isp_dying_ends_the_call_with_no_carrier_and_the_next_connectionstart_works()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--ip", "ppp", "--state", state.Path);
        using Process isp = Online(board);

        // The ISP process of this call, killed: the simulated module loses the call and says NO CARRIER on
        // the line the board's PPP holds; the session core ends the session on it (CarrierTests).
        isp.Kill();
        int before = board.StdoutBytes.Length;
        Assert.Equal("\r\nNO CARRIER\r\n", Next(board, before, "NO CARRIER"));
        ConnectsAgain(board);
    }

    [Fact]
    public void An_isp_gone_silent_is_noticed_by_lcp_echo_ends_the_call_and_the_next_connectionstart_works()
    {
        using var state = new TempDir();
        using var board = BoardProcess.Start("--stdio", "--ip", "ppp", "--state", state.Path);
        using Process isp = Online(board);

        // The ISP process stopped (SIGSTOP), not gone: the call stays up and the module says nothing. Only the
        // session's LCP echoes (every 2 s on the PC, 3 unanswered) can tell; the board then hangs the call up.
        Assert.Equal(0, kill(isp.Id, SigStop));
        try
        {
            int before = board.StdoutBytes.Length;
            Assert.Equal("\r\nNO CARRIER\r\n", Next(board, before, "NO CARRIER"));
            ConnectsAgain(board);
        }
        finally
        {
            kill(isp.Id, SigCont);
        }
    }

    private const int SigStop = 19, SigCont = 18;

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int signal);

    /// <summary>The child processes of <paramref name="pid"/> (Linux: /proc/PID/task/TID/children).</summary>
    private static IEnumerable<int> Children(int pid) =>
        Directory.GetDirectories("/proc/" + pid + "/task")
            .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);

    private static string ProgramName(int pid)
    {
        try { return File.ReadAllText("/proc/" + pid + "/comm").Trim(); }
        catch (IOException) { return ""; }
    }
}
