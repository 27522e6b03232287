using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NfAtip.Bench;

/// <summary>What the benchmarks that run real servers and peers on loopback share.</summary>
internal static class Loopback
{
    /// <summary>A loopback port free a moment ago (for a process that must be told its port before it listens).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>The checkout this build runs from (the folder holding nf-atip.sln).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "nf-atip.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("nf-atip.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A loopback peer that accepts one connection and counts what it sends, reading to its close (the sender ends the
/// session, as the board does on the host's ETX); <see cref="WaitFor"/> wakes on each read, it does not poll.
/// </summary>
internal sealed class LoopbackSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _received;
    private TimeSpan _first, _last;
    private bool _ended;
    public int Port { get; }

    public LoopbackSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        new Thread(Serve) { IsBackground = true }.Start();
    }

    private void Serve()
    {
        try
        {
            using Socket s = _listener.AcceptSocket();
            var buffer = new byte[65536];
            int n;
            while ((n = s.Receive(buffer)) > 0)
            {
                lock (_gate)
                {
                    if (_received == 0) _first = _clock.Elapsed;
                    _received += n;
                    _last = _clock.Elapsed;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (SocketException) { } // a reset ends it too; the count is what it is
        catch (ObjectDisposedException) { } // disposed before a connection came
        lock (_gate)
        {
            _ended = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> have come; returns the seconds from the first byte to the last.</summary>
    public double WaitFor(long bytes, int boundMs)
    {
        var bound = Stopwatch.StartNew();
        lock (_gate)
        {
            while (_received < bytes)
            {
                int left = boundMs - (int)bound.ElapsedMilliseconds;
                if (_ended || left <= 0 || !Monitor.Wait(_gate, left))
                {
                    if (_received >= bytes) break;
                    throw new TimeoutException("the sink got " + _received + " of " + bytes + " bytes");
                }
            }
            return (_last - _first).TotalSeconds;
        }
    }

    public void Dispose() => _listener.Stop();
}

/// <summary>A loopback peer that accepts one connection, sends the payload and closes its side.</summary>
internal sealed class LoopbackSource : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    public int Port { get; }

    public LoopbackSource(byte[] payload)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        new Thread(() =>
        {
            try
            {
                using Socket s = _listener.AcceptSocket();
                s.Send(payload);
                s.Shutdown(SocketShutdown.Send);
                var rest = new byte[256];
                while (s.Receive(rest) > 0) { }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }) { IsBackground = true }.Start();
    }

    public void Dispose() => _listener.Stop();
}
