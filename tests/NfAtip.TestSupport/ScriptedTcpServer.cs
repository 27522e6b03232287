using System.Net;
using System.Net.Sockets;

namespace NfAtip.TestSupport;

/// <summary>
/// A scripted fake server on loopback, for what real servers won't do: drop the connection, reset
/// it, send garbage or a 10 MB line, stall. Each accepted connection runs the script on its own
/// task; the server stops on dispose.
/// </summary>
public sealed class ScriptedTcpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => _accepted;

    private int _accepted;

    public ScriptedTcpServer(Func<NetworkStream, CancellationToken, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _accepted);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try { await script(client.GetStream(), _stop.Token); }
                        catch (Exception) { }
                    }
                });
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _accepting.Wait(2000); } catch (AggregateException) { }
    }
}
