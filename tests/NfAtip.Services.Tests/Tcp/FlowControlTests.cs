using System.Net.Sockets;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Tcp;

/// <summary>The pump respects the host's CTS: it stops reading the socket while its write to the host is held.</summary>
public class FlowControlTests
{
    [Fact]
    public void HostHoldsCts_BoardStopsAtOneWrite_ThenEverythingArrivesExact()
    {
        using var listener = LiveBoard.LoopbackListener(out int port);
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("127.0.0.1", port, dleMode: 1);
        board.Host.Type("AT#OTCP\r");
        using var peer = listener.AcceptTcpClient();
        board.Host.TakeUntil("WaitingForData\r\n");

        var payload = new byte[1024 * 1024];
        new Random(11).NextBytes(payload);
        board.Host.HoldCts = true;
        var sender = Task.Run(() => peer.GetStream().Write(payload));
        // Wait (bounded) until the board is blocked in its write to the host.
        for (int i = 0; i < 1000 && board.Host.BlockedWrites == 0; i++) Thread.Sleep(10);
        Assert.Equal(1, board.Host.BlockedWrites);
        Thread.Sleep(100);
        Assert.Equal(0, board.Host.Unread); // nothing got past the held CTS
        Assert.Equal(1, board.Host.BlockedWrites); // and the board did not queue a second write

        board.Host.HoldCts = false;
        byte[] coded = LiveBoard.DleEncode(payload);
        Assert.Equal(coded, board.Host.Take(coded.Length, 60000));
        sender.Wait(10000);
        board.Host.Type("\x03");
        board.Host.TakeUntil("\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n");
        board.AssertCommandMode();
    }
}
