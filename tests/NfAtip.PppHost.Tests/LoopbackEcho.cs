using System.Net;
using System.Net.Sockets;

namespace NfAtip.PppHost.Tests;

/// <summary>A TCP echo server on 127.0.0.1 (what 10.0.2.2 reaches through the ISP), counting the bytes it echoed.</summary>
internal sealed class LoopbackEcho : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _echoed;

    public LoopbackEcho()
    {
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes echoed so far, over every connection.</summary>
    public int Echoed => Volatile.Read(ref _echoed);

    private async Task Loop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using TcpClient c = await _listener.AcceptTcpClientAsync(_stop.Token);
                NetworkStream s = c.GetStream();
                var buffer = new byte[256];
                int n;
                while ((n = await s.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    // Counted before it goes back: whoever has read the echo sees the count.
                    Interlocked.Add(ref _echoed, n);
                    await s.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(PppProcess.Bound); } catch (AggregateException) { }
    }
}
