using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Lines;
using NfAtip.Host;
using NfAtip.Platform;
using NfAtip.PppHost;
using NfAtip.HostAdapters.Text;

namespace NfAtip.Bench;

/// <summary>
/// The virtual board's IP path through real PPP (issue F): the board wired exactly as nf-atip-board wires it
/// (RadioAndIp: simulated module, LwipPppLink over the session core, lwIP's sockets, nfatip-ppp-isp with
/// slirp), its host line a socket pair this benchmark types into. For each line rate (off, modelled): PPP
/// set-up (AT#CONNECTIONSTART), AT#FTPGET from pyftpdlib, AT#OTCP upload to a sink and download from a
/// source on this PC's loopback, then the session core's lwIP memory peaks (heap bytes, pcbs, pbufs).
/// Wall-clock figures of this PC, one run each: a benchmark, nothing asserted.
/// Needs the PPP build (tools/NfAtip.PppHost/build.sh) and Debian's python3-pyftpdlib.
/// Run: dotnet run -c Release --project tools/NfAtip.Bench -- ppp [kB unthrottled] [kB modelled]
/// </summary>
public static class PppLinkBenchmark
{
    private const byte Etx = 3;

    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("ppp")) return;
        Run(BenchMode.Number(1, 1024), BenchMode.Number(2, 64));
        Environment.Exit(0);
    }

    private static void Run(int fastKb, int modelledKb)
    {
        if (!RadioAndIp.PppBuilt) throw new InvalidOperationException("PPP on the PC is not built: bash tools/NfAtip.PppHost/build.sh");
        Console.WriteLine("| line rate | size | PPP set-up | FTPGET | OTCP upload | OTCP download | lwIP heap peak | TCP_PCB | PBUF_POOL | TCP_SEG |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Measure("off", fastKb * 1024);
        Measure("modelled", modelledKb * 1024);
    }

    private static void Measure(string lineRate, int size)
    {
        string dir = Directory.CreateTempSubdirectory("nfatip-bench-ppp-").FullName;
        byte[] payload = Letters(size);
        File.WriteAllBytes(Path.Combine(dir, "file.bin"), payload);
        using var ftp = PyFtpServer.Start(dir, "bench", "bench");
        using var sink = new LoopbackSink(); // the board's OTCP upload
        using var source = new LoopbackSource(payload); // the board's OTCP download

        using var board = new BenchedBoard(lineRate);
        LwipMemory.ResetPeaks();
        var clock = Stopwatch.StartNew();
        board.Command("AT#CONNECTIONSTART", "OK_Info_GprsActivation\r\n");
        double setup = clock.Elapsed.TotalSeconds;
        foreach (string set in new[]
                 {
                     "AT#FTPSERV=\"10.0.2.2\"", "AT#FTPPORT=" + ftp.Port, "AT#FTPUN=\"bench\"", "AT#FTPPW=\"bench\"",
                     "AT#FTPGETFILENAME=\"file.bin\"", "AT#TCPSERV=\"10.0.2.2\"", "AT#DLEMODE=1",
                 })
            board.Command(set, "OK\r\n");

        clock.Restart();
        string got = board.Command("AT#FTPGET", "\u0003\r\nOK\r\n", 600_000);
        double ftpget = clock.Elapsed.TotalSeconds;
        Check(got.Length >= size, "FTPGET gave " + got.Length + " bytes");

        board.Command("AT#TCPPORT=" + sink.Port, "OK\r\n");
        board.Command("AT#OTCP", "OK_Info_WaitingForData\r\n");
        clock.Restart();
        board.Type(payload);
        sink.WaitFor(size, 600_000);
        double upload = clock.Elapsed.TotalSeconds;
        board.Type(new[] { Etx });
        board.WaitFor("OK_Info_SocketClosed\r\n\r\nOK\r\n", 60_000);

        board.Command("AT#TCPPORT=" + source.Port, "OK\r\n");
        clock.Restart();
        got = board.Command("AT#OTCP", "OK_Info_SocketClosed\r\n\r\nOK\r\n", 600_000);
        double download = clock.Elapsed.TotalSeconds;
        Check(got.Length >= size, "OTCP download gave " + got.Length + " bytes");

        IReadOnlyDictionary<string, LwipMemory.Use> memory = LwipMemory.Take();
        board.Command("AT#CONNECTIONSTOP", "OK\r\n");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {lineRate} | {size / 1024} kB | {setup:F2} s | {Rate(size, ftpget)} | {Rate(size, upload)} | {Rate(size, download)} | " +
            $"{memory["heap"].Peak / 1024.0:F1} kB | {memory["TCP_PCB"].Peak} | {memory["PBUF_POOL"].Peak} | {memory["TCP_SEG"].Peak} |"));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static string Rate(int bytes, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s, {bytes * 8 / seconds / 1000:F1} kbit/s");

    private static void Check(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException(what);
    }

    /// <summary>Printable bytes only: no ETX or DLE to code, so the host side counts without decoding.</summary>
    private static byte[] Letters(int size)
    {
        var random = new Random(42);
        var b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte)('a' + random.Next(26));
        return b;
    }

    /// <summary>The board as nf-atip-board runs it (--stdio --ip ppp --line-rate X), on a socket pair.</summary>
    private sealed class BenchedBoard : IDisposable
    {
        private readonly Socket _mine, _boards;
        private readonly RadioAndIp _link;
        private readonly StreamLine _line;
        private readonly Thread _loop, _reader;
        private readonly MemoryStream _output = new();
        private int _mark;

        public BenchedBoard(string lineRate)
        {
            (_mine, _boards) = SocketPair.Create();
            var options = Options.Parse(new[] { "--stdio", "--ip", "ppp", "--line-rate", lineRate });
            var clock = new SystemClock();
            _link = RadioAndIp.Create(options, clock, _ => { });
            var stream = new NetworkStream(_boards, ownsSocket: false);
            _line = new StreamLine(stream, stream);
            var board = new Board(new BoardPlatform(_line, _link.Radio, new RamFlash(4096, 8), clock, _link.Network, _link.IpLink) { Text = AsciiText.Instance },
                new BoardIdentity(0, "bench"));
            _loop = new Thread(board.Run) { IsBackground = true, Name = "board" };
            _loop.Start();
            _reader = new Thread(Read) { IsBackground = true, Name = "bench host" };
            _reader.Start();
            WaitFor("", 1000); // started
        }

        private void Read()
        {
            var buffer = new byte[65536];
            try
            {
                int n;
                while ((n = _mine.Receive(buffer)) > 0)
                    lock (_output)
                    {
                        _output.Write(buffer, 0, n);
                        Monitor.PulseAll(_output);
                    }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        public void Type(byte[] bytes) => _mine.Send(bytes);

        /// <summary>Waits for <paramref name="end"/> after the mark; returns what came, and moves the mark past it.</summary>
        public string WaitFor(string end, int boundMs)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(boundMs);
            lock (_output)
            {
                while (true)
                {
                    string text = Encoding.Latin1.GetString(_output.GetBuffer(), _mark, (int)_output.Length - _mark);
                    int at = end.Length == 0 ? 0 : text.IndexOf(end, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        _mark += at + end.Length;
                        return text[..(at + end.Length)];
                    }
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("no '" + end.Trim() + "' from the board; got: " + text[^Math.Min(200, text.Length)..]);
                    Monitor.Wait(_output, 100);
                }
            }
        }

        public string Command(string line, string end, int boundMs = 60_000)
        {
            Type(Encoding.ASCII.GetBytes(line + "\r"));
            string got = WaitFor(end, boundMs);
            if (got.Contains("ERROR")) throw new InvalidOperationException(line + ": " + got.Trim());
            return got;
        }

        public void Dispose()
        {
            _mine.Shutdown(SocketShutdown.Both);
            _loop.Join(30_000);
            _line.Dispose();
            _link.Dispose();
            _mine.Dispose();
            _boards.Dispose();
        }
    }
}
