using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace NfAtip.Bench;

/// <summary>
/// Relay baselines (issue H): the virtual board as a process (nf-atip-board --listen, --ip direct), with a client on
/// its host line, against what a user would put in its place, measured the same way in the same run: an AT#OTCP
/// session both ways against socat relaying between the same kind of loopback endpoints, and AT#FTPGET against curl
/// writing the file into a pipe. Also the CPU time each process used per MB (its utime + stime from /proc), and socat
/// made to move the pump's block (socat -b 512), which tells the cost of the board's block size from the rest.
/// Needs socat, curl and python3-pyftpdlib (tools/test-all.sh installs them) and a Release build of tools/NfAtip.Host.
/// Run: dotnet run -c Release --project tools/NfAtip.Bench -- relay [MB] [rounds]
/// </summary>
public static class RelayBenchmark
{
    private const byte Etx = 3, Dle = 16;

    /// <summary>The board's data pump chunk (DataPump.Chunk): the bytes it moves per socket read and write.</summary>
    private const int PumpBlock = NfAtip.Services.DataMode.DataPump.Chunk;

    /// <summary>How long a peer may take to get every byte before the run fails.</summary>
    private const int PeerBoundMs = 300_000;

    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("relay")) return;
        Run(BenchMode.Number(1, 16), BenchMode.Number(2, 3));
        Environment.Exit(0);
    }

    /// <summary>One measured transfer: MB/s and the relaying process's CPU milliseconds per MB.</summary>
    private readonly record struct Figure(double MBps, double CpuMsPerMB);

    private static void Run(int mb, int rounds)
    {
        byte[] payload = new byte[mb * 1024 * 1024];
        new Random(16).NextBytes(payload); // about 0.8 % ETX or DLE: coded on the host line
        string dll = Path.Combine(Loopback.RepoRoot(), "tools", "NfAtip.Host", "bin", "Release", "net10.0", "nf-atip-board.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException("build it first: dotnet build -c Release tools/NfAtip.Host");
        string root = Directory.CreateTempSubdirectory("nf-atip-relay-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(root, "big.bin"), payload);
            using var ftp = PyFtpServer.Start(root, "user", "secret");
            using var board = new BoardProcess(dll, Path.Combine(root, "state"));
            board.Command("ATE0", "OK\r\n");
            board.Command("AT#CONNECTIONSTART", "OK_Info_GprsActivation\r\n");
            board.Command("AT#TCPSERV=\"127.0.0.1\"", "OK\r\n");

            foreach (string command in new[] { "AT#FTPSERV=\"127.0.0.1\"", $"AT#FTPPORT={ftp.Port}", "AT#FTPUN=\"user\"",
                         "AT#FTPPW=\"secret\"", "AT#FTPTYPE=I", "AT#FTPGETFILENAME=\"big.bin\"" })
                board.Command(command, "OK\r\n");
            // Rounds alternate board and baseline, so a load that comes and goes on the PC falls on both.
            var boardUp = new List<Figure>(); var socatUp = new List<Figure>();
            var boardDown = new List<Figure>(); var socatDown = new List<Figure>();
            var boardFtp = new List<Figure>(); var curl = new List<Figure>();
            var socatUpBlocks = new List<Figure>(); var socatDownBlocks = new List<Figure>();
            for (int r = 0; r < rounds; r++)
            {
                boardUp.Add(board.OtcpToSocket(payload));
                socatUp.Add(SocatToSocket(payload, 0));
                socatUpBlocks.Add(SocatToSocket(payload, PumpBlock));
                boardDown.Add(board.OtcpToHost(payload));
                socatDown.Add(SocatToHost(payload, 0));
                socatDownBlocks.Add(SocatToHost(payload, PumpBlock));
                boardFtp.Add(board.FtpGet(payload.Length));
                curl.Add(CurlGet(ftp.Port, payload.Length));
            }

            Console.WriteLine($"Relays of {mb} MB (random bytes; DLE coded on the board's host line), loopback, this PC ({Environment.ProcessorCount} cores), best of {rounds} rounds each.");
            Console.WriteLine("The board: nf-atip-board --listen --ip direct, a client on its host line. CPU: the relaying process's utime + stime per MB.");
            Console.WriteLine();
            Console.WriteLine("| Path | Board process | Baseline | Board / baseline | Goal | Board CPU per MB | Baseline CPU per MB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Line("AT#OTCP host → socket", Best(boardUp), "socat", Best(socatUp), 0.5);
            Line("AT#OTCP socket → host", Best(boardDown), "socat", Best(socatDown), 0.5);
            Line("AT#FTPGET", Best(boardFtp), "curl into a pipe", Best(curl), 0.8);
            // What the board's block size alone costs: socat made to move the pump's 512 bytes per read and write.
            Console.WriteLine();
            Console.WriteLine($"The same relays by socat moving the board pump's {PumpBlock} bytes per read and write (socat -b {PumpBlock}):");
            Console.WriteLine();
            Console.WriteLine("| Path | Board process | socat -b " + PumpBlock + " | Board / that | socat -b " + PumpBlock + " / socat | socat -b " + PumpBlock + " CPU per MB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            BlockLine("AT#OTCP host → socket", Best(boardUp), Best(socatUpBlocks), Best(socatUp));
            BlockLine("AT#OTCP socket → host", Best(boardDown), Best(socatDownBlocks), Best(socatDown));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>
    /// The best round of a path: a baseline process now and then stalls for ~200 ms on this PC (curl more often than not),
    /// which the median still caught; the best round of each side is what it can do.
    /// </summary>
    private static Figure Best(List<Figure> figures) => figures.OrderBy(f => f.MBps).Last();

    private static void BlockLine(string path, Figure board, Figure blocks, Figure socat) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {path} | {board.MBps:N1} MB/s | {blocks.MBps:N1} MB/s | {board.MBps / blocks.MBps:N2} | {blocks.MBps / socat.MBps:N2} | {blocks.CpuMsPerMB:N0} ms |"));

    private static void Line(string path, Figure board, string baseline, Figure other, double goal)
    {
        double ratio = board.MBps / other.MBps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {path} | {board.MBps:N1} MB/s | {baseline} {other.MBps:N1} MB/s | {ratio:N2} ({(ratio >= goal ? "met" : "not met")}) | ≥ {goal:N1} | {board.CpuMsPerMB:N0} ms | {other.CpuMsPerMB:N0} ms |"));
    }

    // ---------------------------------------------------------------- the board process

    private sealed class BoardProcess : IDisposable
    {
        private readonly Process _process;
        private readonly TcpClient _client = new();
        private readonly NetworkStream _line;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly StringBuilder _log = new(); // the board's stderr, for a failure's message

        private string Log()
        {
            lock (_log) return _log.ToString();
        }

        public BoardProcess(string dll, string state)
        {
            int port = Loopback.FreePort();
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { dll, "--listen", "127.0.0.1:" + port, "--ip", "direct", "--state", state }) psi.ArgumentList.Add(a);
            _process = Process.Start(psi) ?? throw new InvalidOperationException("nf-atip-board did not start");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var wait = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    _client.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (wait.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
                {
                    Thread.Sleep(100);
                }
            }
            _client.NoDelay = true;
            _line = _client.GetStream();
            _line.ReadTimeout = 20_000;
        }

        public void Command(string command, string answerEnd)
        {
            _line.Write(Encoding.ASCII.GetBytes(command + "\r"));
            ReadUntil(answerEnd);
        }

        // Bytes read past a marker (the first data bytes after OK_Info_DataBegin): the next read starts with them.
        private byte[] _carry = Array.Empty<byte>();

        private int Read(byte[] buffer)
        {
            if (_carry.Length > 0)
            {
                int k = Math.Min(_carry.Length, buffer.Length);
                Buffer.BlockCopy(_carry, 0, buffer, 0, k);
                _carry = _carry[k..];
                return k;
            }
            return _line.Read(buffer, 0, buffer.Length);
        }

        /// <summary>Reads the host line until <paramref name="marker"/> has come; returns what came up to it, keeps the rest.</summary>
        private string ReadUntil(string marker)
        {
            var text = new StringBuilder();
            while (true)
            {
                int end = text.ToString().IndexOf(marker, StringComparison.Ordinal);
                if (end >= 0)
                {
                    end += marker.Length;
                    byte[] rest = Encoding.Latin1.GetBytes(text.ToString(end, text.Length - end));
                    _carry = _carry.Length == 0 ? rest : rest.Concat(_carry).ToArray();
                    return text.ToString(0, end);
                }
                int n;
                try
                {
                    n = Read(_buffer);
                }
                catch (IOException e)
                {
                    throw new InvalidOperationException($"no \"{marker.Trim()}\" from the board, after: {text}; its log: {Log()}", e);
                }
                if (n <= 0) throw new InvalidOperationException("the board closed its line after: " + text);
                text.Append(Encoding.Latin1.GetString(_buffer, 0, n));
            }
        }

        private double Cpu() => CpuMs(_process.Id);

        /// <summary>AT#OTCP to a peer that counts what arrives; the host sends the payload DLE-coded, then ETX.</summary>
        public Figure OtcpToSocket(byte[] payload)
        {
            using var peer = new LoopbackSink();
            Command($"AT#TCPPORT={peer.Port}", "OK\r\n");
            Command("AT#OTCP", "OK_Info_WaitingForData\r\n");
            byte[] coded = Code(payload);
            double cpu = Cpu();
            for (int at = 0; at < coded.Length; at += 16 * 1024) _line.Write(coded, at, Math.Min(16 * 1024, coded.Length - at));
            double seconds = peer.WaitFor(payload.Length, PeerBoundMs); // the peer's first byte to its last, as for socat
            cpu = Cpu() - cpu;
            _line.WriteByte(Etx);
            ReadUntil("\r\nOK\r\n");
            return Figures(payload.Length, seconds, cpu);
        }

        /// <summary>AT#OTCP to a peer that sends the payload and closes; the host decodes until the board's ETX.</summary>
        public Figure OtcpToHost(byte[] payload)
        {
            using var peer = new LoopbackSource(payload);
            Command($"AT#TCPPORT={peer.Port}", "OK\r\n");
            return ToHost("AT#OTCP", "OK_Info_WaitingForData\r\n", payload.Length);
        }

        /// <summary>AT#FTPGET of the payload's file: "OK_Info_DataBegin", the DLE-coded file and ETX, then OK.</summary>
        public Figure FtpGet(long length) => ToHost("AT#FTPGET", "OK_Info_DataBegin\r\n", length);

        /// <summary>A command whose answer <paramref name="begin"/> starts DLE-coded data to the host; timed from the command to the ETX.</summary>
        private Figure ToHost(string command, string begin, long length)
        {
            double cpu = Cpu();
            var watch = Stopwatch.StartNew();
            _line.Write(Encoding.ASCII.GetBytes(command + "\r"));
            ReadUntil(begin);
            long got = Decode();
            double seconds = watch.Elapsed.TotalSeconds;
            cpu = Cpu() - cpu;
            if (got != length) throw new InvalidOperationException($"{command}: {got} of {length} bytes to the host");
            ReadUntil("\r\nOK\r\n");
            return Figures(length, seconds, cpu);
        }

        /// <summary>Undoes the DLE coding until the unescaped ETX; returns the payload bytes (what follows the ETX is kept).</summary>
        private long Decode()
        {
            long got = 0;
            bool escaped = false;
            while (true)
            {
                int n = Read(_buffer);
                if (n <= 0) throw new InvalidOperationException("the board closed its line in data mode");
                for (int i = 0; i < n; i++)
                {
                    byte b = _buffer[i];
                    if (!escaped && b == Dle) { escaped = true; continue; }
                    if (!escaped && b == Etx)
                    {
                        _carry = _buffer[(i + 1)..n];
                        return got;
                    }
                    escaped = false;
                    got++;
                }
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            try { _process.Kill(true); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }

    // ---------------------------------------------------------------- the baselines

    /// <summary>socat between a client and a peer that counts; the client sends the payload as it is.</summary>
    private static Figure SocatToSocket(byte[] payload, int block)
    {
        using var peer = new LoopbackSink();
        using var socat = Socat(peer.Port, block, out int port);
        using var client = Connect(port);
        var s = client.GetStream();
        double cpu = CpuMs(socat.Process.Id);
        for (int at = 0; at < payload.Length; at += 16 * 1024) s.Write(payload, at, Math.Min(16 * 1024, payload.Length - at));
        double seconds = peer.WaitFor(payload.Length, PeerBoundMs);
        return Figures(payload.Length, seconds, CpuMs(socat.Process.Id) - cpu);
    }

    /// <summary>socat between a peer that sends the payload and a client that reads it.</summary>
    private static Figure SocatToHost(byte[] payload, int block)
    {
        using var peer = new LoopbackSource(payload);
        using var socat = Socat(peer.Port, block, out int port);
        double cpu = CpuMs(socat.Process.Id);
        var watch = Stopwatch.StartNew();
        using var client = Connect(port);
        var s = client.GetStream();
        var buffer = new byte[64 * 1024];
        long got = 0;
        int n;
        while (got < payload.Length && (n = s.Read(buffer, 0, buffer.Length)) > 0) got += n;
        double seconds = watch.Elapsed.TotalSeconds;
        if (got != payload.Length) throw new InvalidOperationException($"socat socket → host: {got} of {payload.Length} bytes");
        return Figures(payload.Length, seconds, CpuMs(socat.Process.Id) - cpu);
    }

    /// <summary>curl -s ftp://… writing the file to its stdout, a pipe this process reads to the end.</summary>
    private static Figure CurlGet(int port, long length)
    {
        var psi = new ProcessStartInfo("curl") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string a in new[] { "-s", "--max-time", "120", $"ftp://user:secret@127.0.0.1:{port}/big.bin" }) psi.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var curl = Process.Start(psi) ?? throw new InvalidOperationException("curl did not start");
        var pipe = curl.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        long got = 0;
        double cpu = 0, seconds = 0;
        int n;
        while ((n = pipe.Read(buffer, 0, buffer.Length)) > 0)
        {
            got += n;
            if (got != length) continue;
            // The last byte of the file, as the board's ETX: what curl does after it (the server's 226, QUIT) is not timed.
            seconds = watch.Elapsed.TotalSeconds;
            cpu = CpuMs(curl.Id); // before it exits and its /proc entry goes
        }
        curl.WaitForExit();
        if (got != length || curl.ExitCode != 0) throw new InvalidOperationException($"curl: {got} of {length} bytes, exit {curl.ExitCode}");
        return Figures(length, seconds, cpu);
    }

    private sealed class SocatProcess(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public void Dispose()
        {
            try { Process.Kill(); } catch (InvalidOperationException) { }
            Process.WaitForExit(10_000);
            Process.Dispose();
        }
    }

    /// <param name="block">socat's -b, the bytes it moves per read and write; 0 for its default (8 KB).</param>
    private static SocatProcess Socat(int peerPort, int block, out int port)
    {
        port = Loopback.FreePort();
        var psi = new ProcessStartInfo("socat") { UseShellExecute = false };
        if (block > 0)
        {
            psi.ArgumentList.Add("-b");
            psi.ArgumentList.Add(block.ToString(CultureInfo.InvariantCulture));
        }
        psi.ArgumentList.Add($"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr");
        psi.ArgumentList.Add($"TCP:127.0.0.1:{peerPort}");
        var socat = new SocatProcess(Process.Start(psi) ?? throw new InvalidOperationException("socat did not start"));
        WaitListening(port);
        return socat;
    }

    // ---------------------------------------------------------------- peers and helpers

    private static byte[] Code(byte[] data)
    {
        var coded = new MemoryStream(data.Length + data.Length / 64);
        foreach (byte b in data)
        {
            if (b == Etx || b == Dle) coded.WriteByte(Dle);
            coded.WriteByte(b);
        }
        return coded.ToArray();
    }

    private static Figure Figures(long bytes, double seconds, double cpuMs)
    {
        double mb = bytes / 1048576.0;
        return new Figure(mb / seconds, cpuMs / mb);
    }

    /// <summary>utime + stime of a process, in milliseconds (/proc/PID/stat, fields 14 and 15).</summary>
    private static double CpuMs(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / ClockTicksPerSecond;
    }

    // sysconf(_SC_CLK_TCK) is 100 on Linux (USER_HZ), whatever the kernel's own tick rate.
    private const double ClockTicksPerSecond = 100;

    private static TcpClient Connect(int port)
    {
        var c = new TcpClient { NoDelay = true };
        c.Connect(IPAddress.Loopback, port);
        return c;
    }

    private static void WaitListening(int port)
    {
        var wait = Stopwatch.StartNew();
        while (true)
        {
            // A bare connect would be the one connection socat serves: look at the kernel's listening sockets instead.
            string hex = port.ToString("X4", CultureInfo.InvariantCulture);
            if (File.ReadLines("/proc/net/tcp").Skip(1).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var f && f[1].EndsWith(":" + hex, StringComparison.Ordinal) && f[3] == "0A"))
                return;
            if (wait.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException("socat is not listening on " + port);
            Thread.Sleep(20);
        }
    }
}
