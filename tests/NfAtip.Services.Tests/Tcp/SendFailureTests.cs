using System.Text;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Tcp;

/// <summary>
/// lwIP can refuse a send (out of buffers, a send timeout) on a connection that is still open; on
/// loopback a real socket never does, so this network wraps the host's real sockets and makes
/// writes fail after a budget of bytes — the one failure here that no real peer can produce.
/// </summary>
public sealed class SendBudgetNetwork : INetwork
{
    private readonly HostNetwork _inner = new();
    public int SendBudget { get; set; } = int.MaxValue;

    public ITcpConnection? Connect(uint address, int port, int timeoutMs)
    {
        ITcpConnection? c = _inner.Connect(address, port, timeoutMs);
        return c == null ? null : new Connection(c, this);
    }

    public ITcpListener? Listen(int port) => _inner.Listen(port);
    public IUdpSocket? OpenUdp() => _inner.OpenUdp();

    private sealed class Connection : ITcpConnection
    {
        private readonly ITcpConnection _c;
        private readonly SendBudgetNetwork _owner;
        public Connection(ITcpConnection c, SendBudgetNetwork owner) { _c = c; _owner = owner; }
        public uint RemoteAddress => _c.RemoteAddress;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => _c.Read(buffer, offset, count, timeoutMs);
        public bool Write(byte[] buffer, int offset, int count)
        {
            if (count > _owner.SendBudget) return false;
            _owner.SendBudget -= count;
            return _c.Write(buffer, offset, count);
        }
        public bool StartTls(string serverName, byte[] caCertificate) => _c.StartTls(serverName, caCertificate);
        public void Close() => _c.Close();
    }
}

public class SendFailureTests
{
    [Theory]
    [InlineData(1, "\x03")]
    [InlineData(0, "")]
    public void SendRefusedOnAnOpenConnection_38017_PrecededByEtxInDleMode1(int dleMode, string etx)
    {
        var network = new SendBudgetNetwork();
        using var listener = LiveBoard.LoopbackListener(out int port);
        using var board = new LiveBoard(network);
        board.LinkUp();
        board.Configure("127.0.0.1", port, dleMode);
        board.Host.Type("AT#OTCP\r");
        using var peer = listener.AcceptTcpClient();
        Assert.Equal("\r\nOK_Info_WaitingForData\r\n", board.Host.TakeUntil("WaitingForData\r\n"));
        network.SendBudget = 0;
        board.Host.Type("lost");
        Assert.Equal(etx + "\r\n#CME ERROR: 38017\r\n", board.Host.TakeUntil("38017\r\n"));
        peer.ReceiveTimeout = 10000;
        Assert.Equal(0, peer.GetStream().Read(new byte[8], 0, 8)); // the board closed the socket
        board.AssertCommandMode();
    }
}
