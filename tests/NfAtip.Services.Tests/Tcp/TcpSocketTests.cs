using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Tcp;

/// <summary>
/// AT#OTCP / AT#LTCPSTART / AT#LTCPSTOP through a live virtual board against real peers: Debian's
/// socat (echo server, sender, client) and in-test sockets for exact binary checks and failures.
/// </summary>
public class TcpSocketTests
{
    private const string Etx = "\x03";
    internal const string WaitingForData = "\r\nOK_Info_WaitingForData\r\n";
    private const string Closed = "\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n";

    private static ServerProcess Socat(params string[] args) => ServerProcess.Start("socat", args, 0);

    private static ServerProcess SocatEchoServer(out int port)
    {
        port = ServerProcess.FreeTcpPort();
        return ServerProcess.Start("socat", new[] { $"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "SYSTEM:cat" }, port);
    }

    // ------------------------------------------------------------------ Appendix A, byte for byte

    [Fact]
    public void AppendixA_ActAsTcpClient_SocatEcho_HostClosesWithEtx()
    {
        using var echo = SocatEchoServer(out int port);
        using var board = new LiveBoard();
        board.LinkUp();
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"127.0.0.1\""));
        Assert.Equal("\r\nOK\r\n", board.Command($"AT#TCPPORT=\"{port}\""));
        board.Host.Type("AT#OTCP\r");
        Assert.Equal(WaitingForData, board.Host.TakeUntil(WaitingForData));
        board.Host.Type("Data\r\n");
        Assert.Equal("Data\r\n", Encoding.Latin1.GetString(board.Host.Take(6)));
        board.Host.Type("more data\r\n");
        Assert.Equal("more data\r\n", Encoding.Latin1.GetString(board.Host.Take(11)));
        board.Host.Type(Etx); // CTRL+C
        Assert.Equal(Etx + Closed, Encoding.Latin1.GetString(board.Host.Take(Etx.Length + Closed.Length)));
        board.AssertCommandMode();
        Assert.Equal(0, board.Host.Unread);
    }

    [Fact]
    public void AppendixA_ActAsTcpServer_SocatClient_RemoteCloses()
    {
        using var board = new LiveBoard();
        board.LinkUp();
        int port = ServerProcess.FreeTcpPort();
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"255.255.255.255\""));
        Assert.Equal("\r\nOK\r\n", board.Command($"AT#TCPPORT=\"{port}\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART")); // OK at once, back to command mode
        board.AssertCommandMode();

        string file = Path.GetTempFileName();
        File.WriteAllText(file, "Data from the remote\r\n");
        try
        {
            using var client = Socat("-u", $"FILE:{file}", $"TCP:127.0.0.1:{port}");
            Assert.Equal(WaitingForData + "Data from the remote\r\n" + Etx + Closed, board.Host.TakeUntil(Closed));
        }
        finally
        {
            File.Delete(file);
        }
        board.AssertCommandMode();
        // "As soon as the socket TCP is closed, the TCP port is not anymore in a listening mode".
        Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, port));
    }

    [Fact]
    public void ActAsTcpServer_SocatClientEchoes_HostClosesWithEtx()
    {
        using var board = new LiveBoard();
        board.LinkUp();
        int port = ServerProcess.FreeTcpPort();
        board.Configure("255.255.255.255", port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        using var client = Socat($"TCP:127.0.0.1:{port}", "SYSTEM:cat");
        Assert.Equal(WaitingForData, board.Host.TakeUntil(WaitingForData));
        board.Host.Type("ping\r\n");
        Assert.Equal("ping\r\n", Encoding.Latin1.GetString(board.Host.Take(6)));
        board.Host.Type(Etx);
        Assert.Equal(Etx + Closed, board.Host.TakeUntil(Closed));
        board.AssertCommandMode();
    }

    // ------------------------------------------------------------------ binary payloads

    [Fact]
    public void DleMode1_EveryByteValue_BothWays_PeerCloses()
    {
        using var session = OtcpSession.Open(dleMode: 1);
        var board = session.Board;
        var peer = session.Peer;
        NetworkStream s = peer.GetStream();

        byte[] payload = LiveBoard.AllBytes(4);
        // Host → peer: DLE-coded on the line, raw on the socket. Typed in odd-sized pieces so DLE
        // pairs are split across reads.
        byte[] coded = LiveBoard.DleEncode(payload);
        for (int i = 0; i < coded.Length; i += 7) board.Host.Type(coded.Skip(i).Take(7).ToArray());
        Assert.Equal(payload, LiveBoard.ReadExactly(s, payload.Length));

        // Peer → host: raw on the socket, coded on the line.
        s.Write(payload);
        Assert.Equal(coded, board.Host.Take(coded.Length));

        peer.Close();
        Assert.Equal(Etx + Closed, Encoding.Latin1.GetString(board.Host.Take(Etx.Length + Closed.Length)));
        board.AssertCommandMode();
    }

    [Fact]
    public void DleMode0_EveryByteValue_BothWays_EtxIsData_PeerClosesWithoutEtx()
    {
        using var session = OtcpSession.Open(dleMode: 0);
        var board = session.Board;
        var peer = session.Peer;
        NetworkStream s = peer.GetStream();

        byte[] payload = LiveBoard.AllBytes(4);
        board.Host.Type(payload); // ETX and DLE included: the host cannot close in DLEMODE 0
        Assert.Equal(payload, LiveBoard.ReadExactly(s, payload.Length));
        s.Write(payload);
        Assert.Equal(payload, board.Host.Take(payload.Length));

        peer.Close();
        // "(this message is not preceded by the [ETX] character)"
        Assert.Equal(Closed, Encoding.Latin1.GetString(board.Host.Take(Closed.Length)));
        board.AssertCommandMode();
    }

    [Fact]
    public void LargeTransfer_4MB_EachWay_ThroughSocatEcho_Exact()
    {
        using var echo = SocatEchoServer(out int port);
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("127.0.0.1", port, dleMode: 1);
        board.Host.Type("AT#OTCP\r");
        Assert.Equal(WaitingForData, board.Host.TakeUntil(WaitingForData));

        var payload = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        byte[] coded = LiveBoard.DleEncode(payload);
        // The host types while it reads: the line's bounded queue blocks the typist when the board
        // does not read, so both directions run together under flow control.
        var typist = Task.Run(() =>
        {
            for (int i = 0; i < coded.Length; i += 4096) board.Host.Type(coded.AsSpan(i, Math.Min(4096, coded.Length - i)).ToArray());
        });
        byte[] back = board.Host.Take(coded.Length, 120000);
        typist.Wait();
        Assert.True(coded.AsSpan().SequenceEqual(back), "4 MB came back altered");
        board.Host.Type(Etx);
        Assert.Equal(Etx + Closed, board.Host.TakeUntil(Closed));
        board.AssertCommandMode();
    }

    // ------------------------------------------------------------------ listening

    [Fact]
    public void Listen_RefusesOtherPeer_ThenAcceptsTcpServ()
    {
        int port = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("127.0.0.2", port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));

        // From 127.0.0.1: not TCPSERV, closed at once; the host sees nothing.
        using (var stranger = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            stranger.Connect(IPAddress.Loopback, port);
            stranger.ReceiveTimeout = 10000;
            Assert.Equal(0, stranger.GetStream().Read(new byte[16], 0, 16)); // EOF: refused
        }
        board.AssertCommandMode();

        // From 127.0.0.2: the allowed peer.
        using var friend = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        friend.Connect(IPAddress.Loopback, port);
        Assert.Equal(WaitingForData, board.Host.TakeUntil(WaitingForData));
        friend.GetStream().Write("hi"u8);
        Assert.Equal("hi", Encoding.Latin1.GetString(board.Host.Take(2)));
        board.Host.Type("yo" + Etx);
        Assert.Equal("yo", Encoding.ASCII.GetString(LiveBoard.ReadExactly(friend.GetStream(), 2)));
        Assert.Equal(Etx + Closed, board.Host.TakeUntil(Closed));
        Assert.Equal(0, friend.GetStream().Read(new byte[4], 0, 4)); // the board closed its socket
    }

    [Fact]
    public void Listen_AFloodOfStrangers_DoesNotKeepTheAllowedPeerWaiting()
    {
        // Issue I, hole 2: one accept per board step let strangers arriving faster than the steps delay the
        // allowed peer without end. 40 strangers and then the allowed peer are all waiting in the backlog: one
        // step refuses every stranger and bridges the allowed peer (counted in steps, not time).
        int port = ServerProcess.FreeTcpPort();
        var board = new TestBoard(realTime: true);
        board.Board.LinkTimings.EscapeGuardMs = 20;
        Assert.Contains("OK", board.Command("ATE0"));
        board.Command("AT#CONNECTIONSTART");
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"127.0.0.2\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPPORT=" + port));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        var strangers = Enumerable.Range(0, 40).Select(_ =>
        {
            var c = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
            c.Connect(IPAddress.Loopback, port);
            return c;
        }).ToList();
        using var friend = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        friend.Connect(IPAddress.Loopback, port);
        friend.GetStream().Write("hi"u8);
        friend.Client.Shutdown(SocketShutdown.Send); // the session ends by itself: the bridge returns within the step

        board.Board.Step(0);
        string output = Encoding.Latin1.GetString(board.Host.TakeOutput());
        Assert.StartsWith(WaitingForData + "hi", output);
        foreach (TcpClient stranger in strangers)
        {
            stranger.ReceiveTimeout = 10000;
            Assert.Equal(0, stranger.GetStream().Read(new byte[16], 0, 16)); // refused: closed by the board
            stranger.Dispose();
        }
    }

    [Fact]
    public void Listen_EtxAbortsBeforeAPeerArrives_37952()
    {
        int port = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("255.255.255.255", port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        board.Host.Type(Etx);
        Assert.Equal("\r\n#CME ERROR: 37952\r\n", board.Host.TakeUntil("37952\r\n"));
        Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, port));
        board.AssertCommandMode();
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART")); // the port can be listened on again
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTOP"));
    }

    [Fact]
    public void Listen_EtxInTheSameWriteAsLtcpStart_AbortsIt_AndAnEtxWithNothingListeningIsDropped()
    {
        int port = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("255.255.255.255", port);
        // The command and the ETX written at once, as a program would: the ETX comes after the command has started listening.
        board.Host.Type("AT#LTCPSTART\r" + Etx);
        Assert.Equal("\r\nOK\r\n\r\n#CME ERROR: 37952\r\n", board.Host.TakeUntil("37952\r\n"));
        Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, port));
        // Nothing listens now: an ETX between commands is dropped unanswered, and the next command runs.
        board.Host.Type(Etx + "AT\r");
        Assert.Equal("\r\nOK\r\n", board.Host.TakeUntil("OK\r\n"));
        board.AssertCommandMode();
    }

    [Fact]
    public void LtcpStop_ClosesTheListeningPort_AndIsOkWhenNothingListens()
    {
        int port = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("255.255.255.255", port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        using (var probe = new TcpClient()) probe.Connect(IPAddress.Loopback, port); // listening
        // The probe was accepted (255.255.255.255 allows anyone) and closed: a session came and went.
        Assert.Equal(WaitingForData + Etx + Closed, board.Host.TakeUntil(Closed));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTOP"));
        Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, port));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTOP"));
    }

    [Fact]
    public void WhileListening_OtherServices_37122()
    {
        int port = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("255.255.255.255", port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTART"));
        Assert.Equal("\r\n#CME ERROR: 37122\r\n", board.Command("AT#OTCP"));
        Assert.Equal("\r\n#CME ERROR: 37122\r\n", board.Command("AT#LTCPSTART"));
        Assert.Equal("\r\n#CME ERROR: 37122\r\n", board.Command("AT#FTPGET"));
        Assert.Equal("\r\n#CME ERROR: 37122\r\n", board.Command("AT#GETMAIL"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#LTCPSTOP"));
    }

    [Fact]
    public void Listen_NameInTcpServ_36929_PortInUse_38016()
    {
        using var board = new LiveBoard();
        board.LinkUp();
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        board.Configure("peer.example", port);
        Assert.Equal("\r\n#CME ERROR: 36929\r\n", board.Command("AT#LTCPSTART"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"255.255.255.255\""));
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#LTCPSTART"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPPORT=0"));
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#LTCPSTART"));
        board.AssertCommandMode();
    }

    // ------------------------------------------------------------------ opening failures

    [Fact]
    public void Otcp_ConnectionRefused_38016()
    {
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("127.0.0.1", ServerProcess.FreeTcpPort());
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#OTCP"));
        board.AssertCommandMode();
    }

    [Fact]
    public void Otcp_UnresolvableServer_38027_WithoutLink_35867()
    {
        int deadDns = ServerProcess.FreeTcpPort();
        using var board = new LiveBoard(tune: b => b.Tunables.DnsPort = deadDns);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"127.0.0.1\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPPORT=23"));
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#OTCP"));
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#LTCPSTART"));
        // DNS only ever asked on loopback, where nothing answers.
        Assert.Equal("\r\nOK\r\n", board.Command("AT#DNSSERV1=\"127.0.0.1\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#DNSSERV2=\"127.0.0.1\""));
        board.LinkUp();
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"no-such-host.invalid\""));
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Command("AT#OTCP"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#TCPSERV=\"\""));
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Command("AT#OTCP"));
        board.AssertCommandMode();
    }

    // ------------------------------------------------------------------ failures during the session

    [Fact]
    public void PeerStalls_HostEtxStillCloses()
    {
        using var stall = new ScriptedTcpServer(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var board = new LiveBoard();
        board.LinkUp();
        board.Configure("127.0.0.1", stall.Port);
        board.Host.Type("AT#OTCP\r");
        Assert.Equal(WaitingForData, board.Host.TakeUntil(WaitingForData));
        board.Host.Type("anyone?" + Etx);
        Assert.Equal(Etx + Closed, board.Host.TakeUntil(Closed));
        board.AssertCommandMode();
    }

    [Fact]
    public void PeerSendsGarbageThenResets_HostQuiet_DataDeliveredThenSocketClosed()
    {
        byte[] garbage = new byte[300_000];
        new Random(3).NextBytes(garbage);
        using var session = OtcpSession.Open(dleMode: 0);
        var board = session.Board;
        var peer = session.Peer;
        peer.GetStream().Write(garbage);
        Assert.Equal(garbage, board.Host.Take(garbage.Length));
        peer.Client.LingerState = new LingerOption(true, 0); // close = RST
        peer.Close();
        Assert.Equal(Closed, board.Host.TakeUntil(Closed));
        board.AssertCommandMode();
    }

    [Fact]
    public void PeerResetsWhileHostSends_37966_ThenCommandMode()
    {
        using var session = OtcpSession.Open(dleMode: 1);
        var board = session.Board;
        var peer = session.Peer;
        byte[] chunk = Encoding.ASCII.GetBytes(new string('x', 4096));
        // The host keeps sending and the peer stops reading: the socket buffers fill, the board's
        // send blocks and the host queue stays full, so the reset certainly finds host data on its
        // way (lost). A dedicated thread, so a busy thread pool cannot starve the typist.
        using var stop = new CancellationTokenSource();
        var typist = new Thread(() => { while (!stop.IsCancellationRequested) board.Host.Type(chunk); }) { IsBackground = true };
        typist.Start();
        LiveBoard.ReadExactly(peer.GetStream(), 1); // the bridge runs
        Thread.Sleep(1000);
        peer.Client.LingerState = new LingerOption(true, 0);
        peer.Close();
        // The ETX says at once that the session is over; the host stops sending on it, as a host does.
        Assert.Equal(Etx, board.Host.TakeUntil(Etx));
        stop.Cancel();
        typist.Join(10000);
        // Then, once the host has been quiet (DataDrainQuietMs), the answer: what it sent meanwhile was
        // dropped (spec decision T9), none of it reached the interpreter as a line.
        Assert.Equal("\r\n#CME ERROR: 37966\r\n", board.Host.TakeUntil("\r\n#CME ERROR: 37966\r\n"));
        Assert.Equal(0, board.Host.Unread);
        board.AssertCommandMode();
    }
}

/// <summary>
/// Issue I, hole 1: the peer ends an AT#OTCP session while the host is still streaming; a command hidden in
/// that stream must not run (spec decision T9), in either DLE mode.
/// </summary>
public class HostDataAfterSessionTests
{
    private const string Injection = "more data\rAT#SUBJ2=\"INJECTED\"\rAT#SUBJ3=\"INJECTED\"\r";

    [Fact]
    public void Dle1_WhatTheHostSendsAfterThePeersClose_IsDroppedUpToItsEtx()
    {
        using var session = OtcpSession.Open(dleMode: 1, b => b.Tunables.DataDrainQuietMs = 5000);
        var board = session.Board;
        session.Peer.Close(); // an orderly close (FIN)
        Assert.Equal("\u0003", board.Host.TakeUntil("\u0003")); // the board says the session is over
        // The host's stream was already on its way: data, then (hidden in it) command lines, then its ETX.
        board.Host.Type(Injection + "\u0003");
        // The host's data was lost with the peer: 37966 (T3), answered at the host's ETX, no wait.
        Assert.Equal("\r\n#CME ERROR: 37966\r\n", board.Host.TakeUntil("\r\n#CME ERROR: 37966\r\n"));
        Assert.Contains("#SUBJ2: \"\"", board.Command("AT#SUBJ2?"));
        Assert.Contains("#SUBJ3: \"\"", board.Command("AT#SUBJ3?"));
    }

    [Fact]
    public void Dle0_WhatTheHostSendsAfterThePeersClose_IsDroppedUntilItIsQuiet()
    {
        using var session = OtcpSession.Open(dleMode: 0, b => b.Tunables.DataDrainQuietMs = 5000);
        var board = session.Board;
        session.Peer.Close();
        // DLEMODE 0 gives the host no ETX: the stream goes on a moment after the board has seen the close.
        Thread.Sleep(200);
        board.Host.Type(Injection);
        // Answered once the host has been quiet for DataDrainQuietMs.
        Assert.Equal("\r\n#CME ERROR: 37966\r\n", board.Host.TakeUntil("\r\n#CME ERROR: 37966\r\n", 30000));
        Assert.Contains("#SUBJ2: \"\"", board.Command("AT#SUBJ2?"));
        Assert.Contains("#SUBJ3: \"\"", board.Command("AT#SUBJ3?"));
    }

    [Fact]
    public void APeersCloseWithAQuietHost_IsStillSocketClosedAfterTheQuietTime()
    {
        using var session = OtcpSession.Open(dleMode: 1, b => b.Tunables.DataDrainQuietMs = 300);
        var board = session.Board;
        session.Peer.Close();
        Assert.Equal("\u0003\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n", board.Host.TakeUntil("\r\nOK\r\n"));
        board.AssertCommandMode();
    }
}

/// <summary>A board in an AT#OTCP session with a loopback peer: the setup most socket tests share.</summary>
internal sealed class OtcpSession : IDisposable
{
    private readonly TcpListener _listener;

    public LiveBoard Board { get; }
    public TcpClient Peer { get; }

    private OtcpSession(TcpListener listener, LiveBoard board, TcpClient peer)
    {
        _listener = listener;
        Board = board;
        Peer = peer;
    }

    /// <summary>Brings the link up, connects AT#OTCP to a loopback listener and waits for OK_Info_WaitingForData.</summary>
    public static OtcpSession Open(int dleMode, Action<Board>? tune = null)
    {
        var listener = LiveBoard.LoopbackListener(out int port);
        var board = new LiveBoard(tune: tune);
        board.LinkUp();
        board.Configure("127.0.0.1", port, dleMode: dleMode);
        board.Host.Type("AT#OTCP\r");
        var peer = listener.AcceptTcpClient();
        Assert.Equal(TcpSocketTests.WaitingForData, board.Host.TakeUntil(TcpSocketTests.WaitingForData));
        return new OtcpSession(listener, board, peer);
    }

    public void Dispose()
    {
        Peer.Dispose();
        Board.Dispose();
        _listener.Stop();
    }
}

