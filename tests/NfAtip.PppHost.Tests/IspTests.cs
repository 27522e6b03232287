namespace NfAtip.PppHost.Tests;

/// <summary>
/// The simulated ISP (nfatip-ppp-isp): a PPP server whose IP packets reach the PC through libslirp. A
/// client session makes a TCP connection over PPP to 10.0.2.2 (slirp's alias for the PC's loopback) and
/// reaches a real echo server on 127.0.0.1.
/// </summary>
public sealed class IspTests : IDisposable
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), "nfatip-isp-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
    private readonly LoopbackEcho _echo = new();

    public void Dispose()
    {
        _echo.Dispose();
        try { File.Delete(_socket); } catch (IOException) { }
    }

    private PppProcess Isp(string user, string password)
    {
        var isp = new PppProcess("nfatip-ppp-isp", new[] { "--listen", _socket, "--user", user, "--password", password, "--timeout-ms", "30000" });
        isp.WaitListening();
        return isp;
    }

    [Fact]
    public void A_client_session_reaches_a_loopback_server_through_ppp_and_slirp()
    {
        using PppProcess isp = Isp("web", "gprs");
        using var board = PppPeer.Start("--connect", _socket, "--role", "client", "--user", "web", "--password", "gprs",
            "--tcp-echo", "10.0.2.2:" + _echo.Port, "--timeout-ms", "30000");

        Assert.True(board.Exit() == 0, board.Output);
        // IPCP: slirp's guest address for the board, the ISP as peer, 10.0.2.3 named as DNS server.
        Assert.Contains("up local=10.0.2.15 peer=10.0.2.1 dns1=10.0.2.3 dns2=0.0.0.0", board.Lines);
        Assert.Contains("tcp-echo ok", board.Lines);
        Assert.Equal("nf-atip through PPP\n".Length, _echo.Echoed);
        Assert.True(isp.Exit() == 0, isp.Output);
        Assert.Contains("up board=10.0.2.15", isp.Lines);
        Assert.Contains(isp.Lines, l => l.StartsWith("ended ppp-error=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_isp_refuses_wrong_credentials_and_nothing_reaches_the_pc()
    {
        using PppProcess isp = Isp("web", "gprs");
        using var board = PppPeer.Start("--connect", _socket, "--role", "client", "--user", "web", "--password", "nope",
            "--tcp-echo", "10.0.2.2:" + _echo.Port, "--timeout-ms", "30000");

        Assert.True(board.Exit() == 1, board.Output);
        Assert.Contains("ended ppp-error=7", board.Lines);
        Assert.DoesNotContain(board.Lines, l => l.StartsWith("tcp-echo", StringComparison.Ordinal));
        Assert.Equal(0, _echo.Echoed);
        Assert.True(isp.Exit() == 1, isp.Output);
    }
}
