using System.Net;
using System.Net.Sockets;

namespace NfAtip.PppHost.Tests;

/// <summary>
/// The simulated ISP (nfatip-ppp-isp): a PPP server whose IP packets reach the PC through libslirp. A
/// client session makes a TCP connection over PPP to 10.0.2.2 (slirp's alias for the PC's loopback) and
/// reaches a real echo server on 127.0.0.1.
/// </summary>
public sealed class IspTests : IDisposable
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), "nfatip-isp-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _echoed;

    public IspTests()
    {
        _echo.Start();
        _ = Task.Run(EchoLoop);
    }

    private int EchoPort => ((IPEndPoint)_echo.LocalEndpoint).Port;

    private async Task EchoLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using TcpClient c = await _echo.AcceptTcpClientAsync(_stop.Token);
                NetworkStream s = c.GetStream();
                var buffer = new byte[256];
                int n;
                while ((n = await s.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    await s.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                    Interlocked.Add(ref _echoed, n);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _echo.Stop();
        try { File.Delete(_socket); } catch (IOException) { }
    }

    private PppPeer Isp(string user, string password)
    {
        var isp = new PppPeer("nfatip-ppp-isp", new[] { "--listen", _socket, "--user", user, "--password", password, "--timeout-ms", "30000" });
        isp.WaitListening();
        return isp;
    }

    [Fact]
    public void A_client_session_reaches_a_loopback_server_through_ppp_and_slirp()
    {
        using PppPeer isp = Isp("web", "gprs");
        using var board = new PppPeer("--connect", _socket, "--role", "client", "--user", "web", "--password", "gprs",
            "--tcp-echo", "10.0.2.2:" + EchoPort, "--timeout-ms", "30000");

        Assert.True(board.Exit() == 0, board.Output);
        // IPCP: slirp's guest address for the board, the ISP as peer, 10.0.2.3 named as DNS server.
        Assert.Contains("up local=10.0.2.15 peer=10.0.2.1 dns1=10.0.2.3 dns2=0.0.0.0", board.Lines);
        Assert.Contains("tcp-echo ok", board.Lines);
        Assert.Equal("nf-atip through PPP\n".Length, Volatile.Read(ref _echoed));
        Assert.True(isp.Exit() == 0, isp.Output);
        Assert.Contains("up board=10.0.2.15", isp.Lines);
        Assert.Contains(isp.Lines, l => l.StartsWith("ended ppp-error=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_isp_refuses_wrong_credentials_and_nothing_reaches_the_pc()
    {
        using PppPeer isp = Isp("web", "gprs");
        using var board = new PppPeer("--connect", _socket, "--role", "client", "--user", "web", "--password", "nope",
            "--tcp-echo", "10.0.2.2:" + EchoPort, "--timeout-ms", "30000");

        Assert.True(board.Exit() == 1, board.Output);
        Assert.Contains("ended ppp-error=7", board.Lines);
        Assert.DoesNotContain(board.Lines, l => l.StartsWith("tcp-echo", StringComparison.Ordinal));
        Assert.Equal(0, Volatile.Read(ref _echoed));
        Assert.True(isp.Exit() == 1, isp.Output);
    }
}
