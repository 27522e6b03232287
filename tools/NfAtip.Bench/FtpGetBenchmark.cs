using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.HostAdapters.Text;

namespace NfAtip.Bench;

/// <summary>
/// AT#FTPGET of a 16 MB file through the virtual board (in-process Board, in-memory host line that
/// undoes the DLE coding and checks every byte) next to a direct download of the same file from the
/// same pyftpdlib server by a plain socket FTP client, in the same run; and the bytes the board's
/// thread allocates per MB. A stopwatch run, not BenchmarkDotNet (one transfer is a long loop).
/// Needs Debian's python3-pyftpdlib. Run: dotnet run -c Release --project tools/NfAtip.Bench -- ftpget [MB] [rounds]
/// </summary>
public static class FtpGetBenchmark
{
    private const byte Etx = 3, Dle = 16;

    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("ftpget")) return;
        Run(BenchMode.Number(1, 16), BenchMode.Number(2, 3));
        Environment.Exit(0);
    }

    /// <summary>
    /// Host side: commands from a fixed array; output decoded on the fly (DLE/ETX) and compared with
    /// the file, without storing it. Whatever follows the data (the final result) is kept as text.
    /// </summary>
    internal sealed class CheckingHostLine : ISerialLine
    {
        private byte[] _input = Array.Empty<byte>();
        private int _next;
        private byte[]? _expected;
        private long _position;
        private bool _escaped, _inData, _ended;
        private readonly byte[] _header = new byte[256];
        private int _headerLength;
        public readonly StringBuilder Tail = new();
        public long Mismatches;

        /// <summary>Count-only mode (timed rounds): bytes counted, the last 6 kept; no per-byte work on the host side.</summary>
        public bool CountOnly;
        public long Written;
        private readonly byte[] _last = new byte[6];

        public int Pending => _input.Length - _next;
        public long Received => _position;
        public string Last => Encoding.ASCII.GetString(_last);

        public void Load(byte[] command, byte[]? expected)
        {
            _input = command;
            _next = 0;
            _expected = expected;
            _position = 0;
            _escaped = _inData = _ended = false;
            _headerLength = 0;
            Tail.Clear();
            Mismatches = 0;
            Written = 0;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = Math.Min(count, _input.Length - _next);
            Buffer.BlockCopy(_input, _next, buffer, offset, n);
            _next += n;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (CountOnly && _expected != null)
            {
                Written += count;
                int keep = Math.Min(count, _last.Length);
                Buffer.BlockCopy(_last, keep, _last, 0, _last.Length - keep);
                Buffer.BlockCopy(buffer, offset + count - keep, _last, _last.Length - keep, keep);
                return;
            }
            for (int i = offset; i < offset + count; i++)
            {
                byte b = buffer[i];
                if (_expected == null || _ended) { Tail.Append((char)b); continue; }
                if (!_inData)
                {
                    // "\r\nOK_Info_DataBegin\r\n" comes first.
                    if (_headerLength < _header.Length) _header[_headerLength++] = b;
                    if (_headerLength >= 2 && _header[_headerLength - 1] == 10 && _headerLength > 2)
                    {
                        string header = Encoding.ASCII.GetString(_header, 0, _headerLength);
                        if (header != "\r\nOK_Info_DataBegin\r\n") throw new InvalidOperationException("board answered " + header);
                        _inData = true;
                    }
                    continue;
                }
                if (!_escaped && b == Dle) { _escaped = true; continue; }
                if (!_escaped && b == Etx) { _ended = true; continue; }
                _escaped = false;
                if (_position >= _expected.Length || _expected[_position] != b) Mismatches++;
                _position++;
            }
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    private static void Run(int mb, int rounds)
    {
        string root = Directory.CreateTempSubdirectory("nf-atip-ftpbench-").FullName;
        try
        {
            byte[] file = new byte[mb * 1024 * 1024];
            new Random(16).NextBytes(file); // random: ~0.8 % ETX or DLE, escaped on the host line
            File.WriteAllBytes(Path.Combine(root, "big.bin"), file);
            using (var server = PyFtpServer.Start(root, "user", "secret"))
            {
                int port = server.Port;
                var host = new CheckingHostLine();
                Board board = StartBoard(host, port, "big.bin");

                Console.WriteLine($"AT#FTPGET of a {mb} MB file (random bytes, DLE coded to the host) vs a direct socket FTP client, same pyftpdlib server on loopback, this PC ({Environment.ProcessorCount} cores), {rounds} rounds each, best and median.");
                Console.WriteLine();
                // Warm-up (JIT) with one round each; the board's round checks every byte of the file.
                BoardGet(board, host, file, out _);
                DirectGet(port, file.Length);
                host.CountOnly = true; // timed rounds: the host side only counts, like the direct client
                var boardTimes = new List<double>();
                var directTimes = new List<double>();
                var allocations = new List<long>();
                for (int r = 0; r < rounds; r++)
                {
                    boardTimes.Add(BoardGet(board, host, file, out long allocated));
                    allocations.Add(allocated);
                    directTimes.Add(DirectGet(port, file.Length));
                }
                double size = file.Length / 1048576.0;
                Console.WriteLine("| Path | Best | Median | Allocated per MB (board thread, median) |");
                Console.WriteLine("|---|---:|---:|---:|");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| AT#FTPGET through the board | {size / boardTimes.Min():N1} MB/s | {size / Median(boardTimes):N1} MB/s | {Median(allocations.Select(a => (double)a).ToList()) / size:N0} B |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| direct .NET socket FTP client | {size / directTimes.Min():N1} MB/s | {size / Median(directTimes):N1} MB/s | - |"));
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>
    /// A started board with its link up and its FTP parameters set for <paramref name="file"/> on the server at
    /// <paramref name="port"/> (user "user", password "secret", binary): the virtual board's --ip direct, i.e. the
    /// simulated module (registered, the packet call answers CONNECT), its PPP outcome link and the PC's sockets.
    /// </summary>
    internal static Board StartBoard(CheckingHostLine host, int port, string file)
    {
        var module = new SimulatedModule();
        var board = new Board(new BoardPlatform(host, module, new RamFlash(4096, 8), new SystemClock(), new HostNetwork(), new SimulatedPppLink(module)) { Text = AsciiText.Instance }, BenchBoard.Identity);
        board.Start();
        Send(board, host, "ATE0", null);
        Send(board, host, "AT#CONNECTIONSTART", null);
        var up = Stopwatch.StartNew();
        while (board.Link.State != NfAtip.Link.LinkState.Connected)
        {
            if (up.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("the link did not come up: " + host.Tail);
            board.Step(10);
        }
        foreach (string command in new[] { "AT#FTPSERV=\"127.0.0.1\"", $"AT#FTPPORT={port}",
                     "AT#FTPUN=\"user\"", "AT#FTPPW=\"secret\"", "AT#FTPTYPE=I" })
            Send(board, host, command, null);
        SetFile(board, host, file);
        return board;
    }

    /// <summary>Sets AT#FTPGETFILENAME.</summary>
    internal static void SetFile(Board board, CheckingHostLine host, string file) => Send(board, host, $"AT#FTPGETFILENAME=\"{file}\"", null);

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Send(Board board, CheckingHostLine host, string command, byte[]? expected)
    {
        host.Load(Encoding.ASCII.GetBytes(command + "\r"), expected);
        while (host.Pending > 0) board.Step(0);
        board.Step(0);
    }

    /// <summary>One AT#FTPGET (login, transfer, QUIT); every byte checked; returns seconds.</summary>
    internal static double BoardGet(Board board, CheckingHostLine host, byte[] file, out long allocated)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        Send(board, host, "AT#FTPGET", file);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (host.CountOnly)
        {
            if (host.Written < file.Length || host.Last != "\r\nOK\r\n") throw new InvalidOperationException($"FTPGET: {host.Written} bytes, ending {host.Last}");
        }
        else if (host.Received != file.Length || host.Mismatches != 0 || host.Tail.ToString() != "\r\nOK\r\n")
            throw new InvalidOperationException($"FTPGET: {host.Received} bytes, {host.Mismatches} wrong, then {host.Tail}");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The same session by a plain .NET socket client (64 kB reads): login, TYPE I, EPSV, RETR, 226, QUIT.</summary>
    private static double DirectGet(int port, long length)
    {
        var watch = Stopwatch.StartNew();
        using var control = new TcpClient();
        control.Connect(IPAddress.Loopback, port);
        var s = control.GetStream();
        var reader = new StreamReader(s, Encoding.ASCII);
        Expect(reader, "220");
        Command(s, reader, "USER user", "331");
        Command(s, reader, "PASS secret", "230");
        Command(s, reader, "TYPE I", "200");
        string epsv = Command(s, reader, "EPSV", "229");
        int dataPort = int.Parse(epsv.Split('|')[3], CultureInfo.InvariantCulture);
        using var data = new TcpClient();
        data.Connect(IPAddress.Loopback, dataPort);
        Command(s, reader, "RETR big.bin", "1"); // 125 or 150
        var buffer = new byte[64 * 1024];
        long got = 0;
        var ds = data.GetStream();
        int n;
        while ((n = ds.Read(buffer, 0, buffer.Length)) > 0) got += n;
        Expect(reader, "226");
        Command(s, reader, "QUIT", "221");
        watch.Stop();
        if (got != length) throw new InvalidOperationException($"direct client got {got} bytes");
        return watch.Elapsed.TotalSeconds;
    }

    private static string Command(NetworkStream s, StreamReader reader, string line, string code)
    {
        s.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
        return Expect(reader, code);
    }

    private static string Expect(StreamReader reader, string code)
    {
        string line = reader.ReadLine() ?? throw new InvalidOperationException("server closed");
        while (line.Length > 3 && line[3] == '-') line = reader.ReadLine() ?? throw new InvalidOperationException("server closed");
        if (!line.StartsWith(code, StringComparison.Ordinal)) throw new InvalidOperationException($"expected {code}, got {line}");
        return line;
    }

}
