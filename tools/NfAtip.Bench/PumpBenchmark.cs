using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using NfAtip.At;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.Services;
using NfAtip.Services.DataMode;

namespace NfAtip.Bench;

/// <summary>
/// The data-mode pump (Services/DataMode/DataPump, DLE-coded) between an in-memory host line and a
/// loopback socket, next to a plain stream copy of the same bytes over the same kind of socket in the
/// same run; and the bytes the pump allocates per MB. A stopwatch run, not BenchmarkDotNet (the pump
/// is a long-running loop between two threads).
/// Run: dotnet run -c Release --project tools/NfAtip.Bench -- pump [MB]
/// </summary>
public static class PumpBenchmark
{
    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("pump")) return;
        Run(BenchMode.Number(1, 32));
        Environment.Exit(0);
    }

    /// <summary>Host side: a bounded queue in, a counting sink out (no per-write allocation).</summary>
    internal sealed class BenchHostLine : ISerialLine
    {
        public readonly ByteQueue ToBoard = new(64 * 1024);
        public long Written;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => ToBoard.Take(buffer, offset, count, timeoutMs);
        public void Write(byte[] buffer, int offset, int count) => Interlocked.Add(ref Written, count);
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    /// <summary>A connection in memory: endless reads of a fixed block, writes counted; isolates the pump's own cost.</summary>
    internal sealed class MemoryConnection : ITcpConnection
    {
        private readonly byte[] _block;
        public long ToRead;
        public long Written;
        public MemoryConnection(byte[] block, long toRead) { _block = block; ToRead = toRead; }
        public uint RemoteAddress => 0x7F000001;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (ToRead <= 0) return -1;
            int n = (int)Math.Min(Math.Min(count, _block.Length), ToRead);
            Buffer.BlockCopy(_block, 0, buffer, offset, n);
            ToRead -= n;
            return n;
        }
        public bool Write(byte[] buffer, int offset, int count) { Written += count; return true; }
        public bool StartTls(string serverName, byte[] caCertificate) => false;
        public void Close() { }
    }

    /// <summary>A connection in memory that never sends (reads return nothing, at once) and counts what it is written.</summary>
    internal sealed class SinkConnection : ITcpConnection
    {
        public long Written;
        public uint RemoteAddress => 0x7F000001;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => 0;
        public bool Write(byte[] buffer, int offset, int count) { Written += count; return true; }
        public bool StartTls(string serverName, byte[] caCertificate) => false;
        public void Close() { }
    }

    /// <summary>A host line in memory: the coded block <c>rounds</c> times, then ETX; isolates the pump's decoding cost.</summary>
    internal sealed class MemoryHostLine : ISerialLine
    {
        private readonly byte[] _coded;
        private long _rounds;
        private int _at;
        private bool _etxSent;
        public MemoryHostLine(byte[] coded, long rounds) { _coded = coded; _rounds = rounds; }
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_rounds > 0)
            {
                int n = Math.Min(count, _coded.Length - _at);
                Buffer.BlockCopy(_coded, _at, buffer, offset, n);
                _at += n;
                if (_at == _coded.Length) { _at = 0; _rounds--; }
                return n;
            }
            if (_etxSent) return 0;
            _etxSent = true;
            buffer[offset] = Dle.Etx;
            return 1;
        }
        public void Write(byte[] buffer, int offset, int count) { }
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    private static void Run(int mb)
    {
        long total = (long)mb * 1024 * 1024;
        var payload = new byte[1024 * 1024];
        new Random(1).NextBytes(payload); // random bytes: ~0.8 % are ETX or DLE and get escaped
        var coded = new byte[2 * payload.Length];
        coded = coded.AsSpan(0, Dle.EncodeInto(payload, 0, payload.Length, coded, 0)).ToArray();
        Console.WriteLine($"Data-mode pump, {mb} MB each measurement, DLE coding on, loopback TCP, this PC ({Environment.ProcessorCount} cores).");
        Console.WriteLine();
        Console.WriteLine("| Direction | Pump (board) | Plain stream copy | Pump / copy | Pump allocated per MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        // Warm-up (JIT) on a small run, then the measurements.
        SocketToHost(payload, 4L * 1024 * 1024, out _, out _);
        PlainSocketCopy(payload, 4L * 1024 * 1024);
        double pumpDown = SocketToHost(payload, total, out long allocDown, out _);
        double copyDown = PlainSocketCopy(payload, total);
        Row("socket → host", total, pumpDown, copyDown, allocDown);

        HostToSocket(coded, payload.Length, 4L * 1024 * 1024, out _);
        double pumpUp = HostToSocket(coded, payload.Length, total, out long allocUp);
        double copyUp = PlainSocketCopy(payload, total);
        Row("host → socket", total, pumpUp, copyUp, allocUp);

        // The pump alone (in-memory connection): its own allocations, with no socket adapter.
        long allocMem = PumpInMemory(payload, total, out double memSeconds);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Pump alone (in-memory connection, socket → host, {mb} MB): {total / 1048576.0 / memSeconds:N0} MB/s, {allocMem / (double)mb:N1} bytes allocated per MB."));
        long allocUpMem = PumpInMemoryUp(coded, payload.Length, total, out double upSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Pump alone (in-memory host line and connection, host → socket, {mb} MB): {total / 1048576.0 / upSeconds:N0} MB/s, {allocUpMem / (double)mb:N1} bytes allocated per MB."));
    }

    private static void Row(string direction, long total, double pump, double copy, long allocated)
    {
        double mb = total / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {direction} | {mb / pump:N0} MB/s | {mb / copy:N0} MB/s | {copy / pump * 100:N0} % | {allocated / mb:N0} B |"));
    }

    private static (TcpListener, int) Listener()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return (l, ((IPEndPoint)l.LocalEndpoint).Port);
    }

    /// <summary>Peer sends <paramref name="total"/> bytes and closes; the pump codes them to the host line. Returns seconds.</summary>
    private static double SocketToHost(byte[] payload, long total, out long allocated, out long written)
    {
        var (listener, port) = Listener();
        var host = new BenchHostLine();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        var network = new HostNetwork();
        ITcpConnection board = network.Connect(0x7F000001, port, 5000)!;
        using TcpClient peer = listener.AcceptTcpClient();
        listener.Stop();
        var sender = Task.Run(() =>
        {
            NetworkStream s = peer.GetStream();
            for (long sent = 0; sent < total; sent += payload.Length) s.Write(payload, 0, (int)Math.Min(payload.Length, total - sent));
            peer.Client.Shutdown(SocketShutdown.Send);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        int end = pump.Run(board, true);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        board.Close();
        sender.Wait();
        written = host.Written;
        if (end != DataPump.PeerClosed || pump.BytesToHost != total) throw new InvalidOperationException($"pump ended {end} after {pump.BytesToHost} bytes");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The host types the coded bytes then ETX; the pump decodes them to the socket; the peer reads them all.</summary>
    private static double HostToSocket(byte[] coded, int payloadLength, long total, out long allocated)
    {
        var (listener, port) = Listener();
        var host = new BenchHostLine();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        ITcpConnection board = new HostNetwork().Connect(0x7F000001, port, 5000)!;
        using TcpClient peer = listener.AcceptTcpClient();
        listener.Stop();
        var reader = Task.Run(() =>
        {
            var buf = new byte[64 * 1024];
            long got = 0;
            NetworkStream s = peer.GetStream();
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0) got += n;
            return got;
        });
        var typist = Task.Run(() =>
        {
            long rounds = total / payloadLength;
            for (long i = 0; i < rounds; i++) host.ToBoard.Add(coded, 0, coded.Length);
            host.ToBoard.Add(new byte[] { Dle.Etx }, 0, 1);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        int end = pump.Run(board, true);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        board.Close();
        typist.Wait();
        long received = reader.Result;
        if (end != DataPump.HostClosed || received != total) throw new InvalidOperationException($"pump ended {end}, peer got {received}");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The same bytes over the same kind of loopback socket with Stream.CopyTo-style reads and writes (64 kB buffer).</summary>
    private static double PlainSocketCopy(byte[] payload, long total)
    {
        var (listener, port) = Listener();
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        using TcpClient peer = listener.AcceptTcpClient();
        listener.Stop();
        var sender = Task.Run(() =>
        {
            NetworkStream s = peer.GetStream();
            for (long sent = 0; sent < total; sent += payload.Length) s.Write(payload, 0, (int)Math.Min(payload.Length, total - sent));
            peer.Client.Shutdown(SocketShutdown.Send);
        });
        var watch = Stopwatch.StartNew();
        var buf = new byte[64 * 1024];
        long got = 0;
        NetworkStream cs = client.GetStream();
        int n;
        while ((n = cs.Read(buf, 0, buf.Length)) > 0) got += n;
        watch.Stop();
        sender.Wait();
        if (got != total) throw new InvalidOperationException("copy lost bytes");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The coded bytes then ETX from an in-memory host line, decoded to an in-memory connection (no threads, no socket).</summary>
    private static long PumpInMemoryUp(byte[] coded, int payloadLength, long total, out double seconds)
    {
        var warmLine = new MemoryHostLine(coded, 4);
        new DataPump(new HostPort(warmLine), new ResponseWriter(warmLine)).Run(new SinkConnection(), true);
        var line = new MemoryHostLine(coded, total / payloadLength);
        var pump = new DataPump(new HostPort(line), new ResponseWriter(line));
        var connection = new SinkConnection();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        int end = pump.Run(connection, true);
        watch.Stop();
        seconds = watch.Elapsed.TotalSeconds;
        if (end != DataPump.HostClosed || connection.Written != total) throw new InvalidOperationException($"pump ended {end} after {connection.Written} bytes");
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long PumpInMemory(byte[] payload, long total, out double seconds)
    {
        var host = new BenchHostLine();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        var warm = new MemoryConnection(payload, 1024 * 1024);
        pump.Run(warm, true);
        var connection = new MemoryConnection(payload, total);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        pump.Run(connection, true);
        watch.Stop();
        seconds = watch.Elapsed.TotalSeconds;
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
