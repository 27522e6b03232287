using System.Net;
using System.Net.Sockets;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests;

/// <summary>
/// The scripted servers' word that they send nothing more (<see cref="PeerSilence"/>) lets the board's clock jump
/// over a stall. It must not begin while the server's last bytes are still in its socket's send queue: the board
/// would then take the wait for them as the stall and answer 37964 (seen once, on a 10 MB FTP greeting, with the
/// machine loaded).
/// </summary>
public class PeerSilenceTests
{
    [Fact]
    public void A_declaration_is_silence_only_once_the_servers_bytes_have_left_its_socket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var reader = new TcpClient();
        reader.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using Socket writer = listener.AcceptSocket();

        // The reader reads nothing yet: the writer fills both queues until its send would block.
        writer.Blocking = false;
        var block = new byte[64 * 1024];
        long written = 0;
        while (true)
        {
            int n = writer.Send(block, 0, block.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock) break;
            Assert.Equal(SocketError.Success, error);
            written += n;
        }
        var silence = new PeerSilence();
        uint peer = 0x7F000001;
        Assert.False(silence.IsSilent(peer));
        silence.Declare(writer);
        Assert.False(silence.IsSilent(peer)); // bytes still queued on the writer's side

        // Everything read: the writer's queue empties (its last acknowledgement may come a moment later).
        var stream = reader.GetStream();
        long read = 0;
        while (read < written) read += stream.Read(block, 0, block.Length);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!silence.IsSilent(peer) && waited.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(1);
        Assert.True(silence.IsSilent(peer), "the writer's send queue did not empty after its bytes were read");
    }
}
