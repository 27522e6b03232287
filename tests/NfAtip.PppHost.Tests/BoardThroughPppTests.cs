using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NfAtip.Device;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.Ppp;
using NfAtip.PppHost;
using NfAtip.TestSupport;

namespace NfAtip.PppHost.Tests;

/// <summary>
/// The firmware's own link code on the PC against the simulated ISP: Board and its connection manager, the
/// device application's LwipPppLink (compiled unchanged) and the board's PPP session core (by P/Invoke),
/// negotiating real PPP with nfatip-ppp-isp. AT#CONNECTIONSTART answers with the address the ISP's IPCP
/// gave, and the services' sockets are lwIP's over that PPP link (LwipNetwork), reaching real servers on the
/// PC's loopback through the ISP's slirp (10.0.2.2). One lwIP per process, so the tests of this class run one
/// at a time (xunit's default per class).
/// </summary>
[Collection(InProcessLwip.Name)]
public sealed class BoardThroughPppTests : IDisposable
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), "nfatip-board-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
    private readonly HostPipe _host = new();
    private readonly Socket _line = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private Board? _board;

    /// <summary>On the PC the PPP line is its own socket, not the module's AT channel: nothing to hand over.</summary>
    private sealed class SeparateLine : IPppUartHandover
    {
        public void ReleaseForPpp() { }
        public void ReclaimAfterPpp() { }
    }

    public void Dispose()
    {
        InProcessLwip.Release();
        _line.Dispose();
        try { File.Delete(_socket); } catch (IOException) { }
    }

    /// <summary>The ISP listening with <paramref name="options"/>, and this test's line connected to it (not yet a session's UART).</summary>
    private PppProcess ConnectIsp(params string[] options)
    {
        var isp = new PppProcess("nfatip-ppp-isp", new[] { "--listen", _socket }.Concat(options).ToArray());
        isp.WaitListening();
        _line.Connect(new UnixDomainSocketEndPoint(_socket));
        return isp;
    }

    /// <summary>The ISP, listening, and the PPP line to it as the next session's UART.</summary>
    private PppProcess StartIsp(string user, string password)
    {
        PppProcess isp = ConnectIsp("--user", user, "--password", password, "--timeout-ms", "30000");
        NativePpp.UseLine(_line.Handle);
        return isp;
    }

    /// <summary>
    /// A board on this process's PPP session core and lwIP's sockets, run by a loop of its own (data mode
    /// runs the pump inside one Step, as on the board), with short escape timings.
    /// </summary>
    private static LiveBoard PppBoard(Action<Board>? tune = null)
    {
        var link = new LwipPppLink(new SeparateLine(), new PppUartSettings(0, 115200, -1, -1, -1, -1), new SystemClock());
        return new LiveBoard(new LwipNetwork(), b =>
        {
            b.LinkTimings.EscapeGuardMs = 20;
            b.LinkTimings.EscapeAnswerMs = 20;
            tune?.Invoke(b);
        }, link);
    }

    private static void OpenOtcp(LiveBoard board)
    {
        board.Host.Type("AT#OTCP\r");
        Assert.Equal("\r\nOK_Info_WaitingForData\r\n", board.Host.TakeUntil("OK_Info_WaitingForData\r\n"));
    }

    /// <summary>Types <paramref name="data"/> (no ETX or DLE in it) and expects the echo server's copy back.</summary>
    private static void EchoBack(LiveBoard board, string data, int timeoutMs = 20000)
    {
        board.Host.Type(data);
        Assert.Equal(data, board.Host.TakeUntil(data, timeoutMs));
    }

    /// <summary>The host's ETX ends the session: echoed, OK_Info_SocketClosed, OK (spec decision T1).</summary>
    private static void CloseOtcp(LiveBoard board)
    {
        board.Host.Type("\u0003");
        Assert.Equal("\u0003\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n", board.Host.TakeUntil("\r\nOK\r\n"));
    }

    /// <summary>The ISP and a board stepped by the test (commands only: no data mode).</summary>
    private PppProcess Isp(string user, string password)
    {
        PppProcess isp = StartIsp(user, password);
        var clock = new SystemClock();
        var link = new LwipPppLink(new SeparateLine(), new PppUartSettings(0, 115200, -1, -1, -1, -1), clock);
        var radio = new ScriptedRadio(new FakeClock());
        _board = new Board(new BoardPlatform(_host, radio, new RamFlash(4096, 8), clock, new LwipNetwork(), link), TestBoard.Identity);
        _board.LinkTimings.EscapeGuardMs = 20;
        _board.LinkTimings.EscapeAnswerMs = 20;
        _board.Start();
        _host.TakeOutput();
        return isp;
    }

    /// <summary>Types the line, steps the board until the command and what it started are done (bounded), returns the answer.</summary>
    private string Command(string line)
    {
        _host.Type(Encoding.ASCII.GetBytes(line + "\r"));
        var deadline = DateTime.UtcNow + PppProcess.Bound;
        while (_host.Pending > 0) _board!.Step(0);
        _board!.Step(0);
        while (_board.Connection.Busy && DateTime.UtcNow < deadline)
        {
            _board.Step(0);
            Thread.Sleep(1);
        }
        return Encoding.Latin1.GetString(_host.TakeOutput());
    }

    [Fact]
    public void Otcp_reaches_a_loopback_echo_server_over_ppp_with_the_spec_s_framing()
    {
        using var echo = new LoopbackEcho();
        using PppProcess isp = StartIsp("login", "password");
        using var board = PppBoard();
        Assert.Equal("\r\nOK\r\n", board.Command("AT#APNUN=\"login\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#APNPW=\"password\""));
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        board.Configure("10.0.2.2", echo.Port);

        // Appendix A "Act as a TCP Client" (rig scenario tcp.client-appendix-a), here through PPP and slirp.
        OpenOtcp(board);
        EchoBack(board, "Data\r\n");
        board.Host.Type("A\u0010\u0003B\u0010\u0010C");
        Assert.Equal("A\u0010\u0003B\u0010\u0010C", board.Host.TakeUntil("C"));
        CloseOtcp(board);
        Assert.Equal(6 + 5, echo.Echoed); // "Data\r\n" and the decoded A ETX B DLE C crossed the PC's loopback

        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
        Assert.True(isp.Exit() == 0, isp.Output);
    }

    [Fact]
    public void A_tcp_server_that_never_answers_is_the_spec_s_open_failure_within_the_connect_bound()
    {
        // The ISP forwards only to this machine (10.0.2.2, 10.0.2.3): a SYN for 10.0.2.99 is dropped, so
        // lwIP's connect has to give up on its own bound (the board's ConnectMs), not hang.
        using PppProcess isp = StartIsp("login", "password");
        using var board = PppBoard(b => b.Tunables.ConnectMs = 1000);
        board.Command("AT#APNUN=\"login\"");
        board.Command("AT#APNPW=\"password\"");
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        board.Configure("10.0.2.99", 80);
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#OTCP"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
        Assert.True(isp.Exit() == 0, isp.Output);
        Assert.DoesNotContain(isp.Lines, l => l.Contains("refused=0", StringComparison.Ordinal));
    }

    [Fact]
    public void Smtps_through_ppp_validates_the_server_against_the_stored_ca_and_delivers()
    {
        // A test CA and an aiosmtpd certificate for 10.0.2.2, the address the board reaches this PC at
        // through the ISP: TLS runs over lwIP's TCP over PPP, and the board checks the chain with AT#CACERT's CA.
        string dir = Directory.CreateTempSubdirectory("nfatip-smtps-").FullName;
        using var ca = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=nf-atip PPP test CA", ca, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 caCert = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=10.0.2.2", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Parse("10.0.2.2"));
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.Create(caCert, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), new byte[] { 1, 2, 3, 4 });
        File.WriteAllText(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        Directory.CreateDirectory(Path.Combine(dir, "mail"));
        string root = Path.GetFullPath(Path.Combine(NativeBuild.Directory!, "..", "..", "..", ".."));
        string script = Path.Combine(root, "tests", "NfAtip.Services.Tests", "Smtp", "smtp_server.py");
        int port = ServerProcess.FreeTcpPort();
        using var smtp = ServerProcess.Start("/usr/bin/python3", new[] { script, "--port", port.ToString(), "--dir", Path.Combine(dir, "mail"),
            "--cert", Path.Combine(dir, "cert.pem"), "--key", Path.Combine(dir, "key.pem"), "--implicit", "--auth", "board:tls-pw" }, port);

        using PppProcess isp = StartIsp("login", "password");
        using var board = PppBoard();
        Assert.EndsWith("\r\nOK\r\n", board.Command("AT#CACERT\r" + caCert.ExportCertificatePem() + "\x1A"));
        foreach (string set in new[]
                 {
                     "AT#APNUN=\"login\"", "AT#APNPW=\"password\"", "AT#SMTPSERV=\"10.0.2.2\"", "AT#SMTPPORT=" + port,
                     "AT#SMTPTLS=1", "AT#SMTPUN=\"board\"", "AT#SMTPPW=\"tls-pw\"", "AT#DOMAIN=\"example.net\"",
                     "AT#SENDERADDR=\"meter42@example.net\"", "AT#REC1=\"ops@example.net\"", "AT#SUBJ1=\"over ppp\"",
                 })
        {
            Assert.Equal("\r\nOK\r\n", board.Command(set));
        }
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        string envelope = File.ReadAllText(Path.Combine(dir, "mail", "1.env"));
        Assert.Equal("meter42@example.net\nops@example.net\n", envelope);
        Assert.Contains("Subject: over ppp", File.ReadAllText(Path.Combine(dir, "mail", "1.eml")));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
    }

    /// <summary>
    /// Relays the PPP line between the board's session core and the ISP, losing every <c>dropEvery</c>-th byte
    /// and corrupting every <c>flipEvery</c>-th, both ways: a noisy, lossy call.
    /// </summary>
    private sealed class NoisyLine : IDisposable
    {
        private readonly Socket _board, _isp;
        public int Damaged;

        /// <summary>From now on every byte is damaged, both ways: a burst no frame survives.</summary>
        public volatile bool Garbled;

        public NoisyLine(Socket isp, int dropEvery, int flipEvery)
        {
            _isp = isp;
            (BoardEnd, _board) = SocketPair.Create();
            Relay(_board, _isp, dropEvery, flipEvery);
            Relay(_isp, _board, dropEvery, flipEvery);
        }

        /// <summary>The end the board's session core uses as its UART (NativePpp.UseLine).</summary>
        public Socket BoardEnd { get; }

        private void Relay(Socket from, Socket to, int dropEvery, int flipEvery) =>
            new Thread(() =>
            {
                var buffer = new byte[2048];
                long count = 0;
                try
                {
                    int n;
                    while ((n = from.Receive(buffer)) > 0)
                    {
                        var kept = new List<byte>(n);
                        for (int i = 0; i < n; i++)
                        {
                            long at = ++count;
                            if (Garbled) { Interlocked.Increment(ref Damaged); kept.Add((byte)(buffer[i] ^ 0x5A)); continue; }
                            if (at % dropEvery == 0) { Interlocked.Increment(ref Damaged); continue; }
                            if (at % flipEvery == 0) { Interlocked.Increment(ref Damaged); kept.Add((byte)(buffer[i] ^ 0x5A)); continue; }
                            kept.Add(buffer[i]);
                        }
                        to.Send(kept.ToArray());
                    }
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }) { IsBackground = true }.Start();

        public void Dispose()
        {
            BoardEnd.Dispose();
            _board.Dispose();
        }
    }

    [Fact]
    public void Line_noise_and_dropped_bytes_cost_retransmissions_not_the_link()
    {
        // One byte in 2003 lost and one in 3001 corrupted, both ways (far worse than a GSM channel after its own
        // error correction): frames fail their FCS and are dropped; LCP, IPCP and TCP send again. The link comes
        // up, 2 kB cross it intact both ways, and it closes cleanly.
        using var echo = new LoopbackEcho();
        using PppProcess isp = ConnectIsp("--timeout-ms", "60000", "--dns", "0.0.0.0");
        using var noisy = new NoisyLine(_line, 2003, 3001);
        NativePpp.UseLine(noisy.BoardEnd.Handle);
        using var board = PppBoard();
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        board.Configure("10.0.2.2", echo.Port);
        OpenOtcp(board);
        EchoBack(board, string.Concat(Enumerable.Range(0, 2).Select(i => new string((char)('a' + i), 999) + "\n")), 120000);
        CloseOtcp(board);
        Assert.True(noisy.Damaged > 0, "no byte was damaged: the test would prove nothing");
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
    }

    [Fact]
    public void A_burst_of_noise_that_ends_the_link_ends_the_tcp_session_frees_its_socket_and_a_new_call_works()
    {
        using var echo = new LoopbackEcho();
        using PppProcess isp = ConnectIsp("--timeout-ms", "60000", "--dns", "0.0.0.0");
        using var noisy = new NoisyLine(_line, int.MaxValue, int.MaxValue);
        NativePpp.UseLine(noisy.BoardEnd.Handle);
        using var board = PppBoard();
        long pcbsBefore = LwipMemory.Take()["TCP_PCB"].InUse;
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        board.Configure("10.0.2.2", echo.Port);
        OpenOtcp(board);
        EchoBack(board, "before\n");
        Assert.Equal(pcbsBefore + 1, LwipMemory.Take()["TCP_PCB"].InUse);

        // Nothing gets through any more: every frame fails its FCS, LCP echoes go unanswered (2 s × 3 on the
        // PC), the session ends. The TCP session ends with it, as the spec's remote close, and the board is back
        // in command mode with the socket gone; then the link's end: NO CARRIER (lwIP aborts the session's TCP
        // connections as IPCP goes down, just before the session reports its end).
        noisy.Garbled = true;
        Assert.Equal("\u0003\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n", board.Host.TakeUntil("\r\nOK\r\n", 60000));
        Assert.Equal("\r\nNO CARRIER\r\n", board.Host.TakeUntil("\r\nNO CARRIER\r\n", 60000));
        Assert.Equal(pcbsBefore, LwipMemory.Take()["TCP_PCB"].InUse);
        Assert.Equal(0, LwipMemory.Take()["NETCONN"].InUse);

        // A new call (a new ISP on a clean line), typed at once, comes up and carries data again (while the lost
        // call is still hung up it waits for the line: spec decision L20).
        using var isp2 = new PppProcess("nfatip-ppp-isp", new[] { "--listen", _socket + "2", "--timeout-ms", "60000", "--dns", "0.0.0.0" });
        isp2.WaitListening();
        using var line2 = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        line2.Connect(new UnixDomainSocketEndPoint(_socket + "2"));
        NativePpp.UseLine(line2.Handle);
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        OpenOtcp(board);
        EchoBack(board, "after\n");
        CloseOtcp(board);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
        try { File.Delete(_socket + "2"); } catch (IOException) { }
    }

    [Fact]
    public void With_dnsserv1_and_2_empty_names_resolve_through_the_dns_server_ipcp_gave()
    {
        // A real dnsmasq on this PC knows echo.example.test as 10.0.2.2 (this PC, seen from the board); the ISP
        // names 10.0.2.3 in IPCP and forwards what reaches it there to dnsmasq (--dns-forward). DNSSERV1/2
        // are unset (0.0.0.0, their default): the board asks the server the link gave
        // (spec decision D2: the link's servers in place of DNSSERV1/2).
        using var echo = new LoopbackEcho();
        int dnsPort = Random.Shared.Next(20000, 32000); // below the ephemeral range (see the DNS fixture of the service tests)
        var dnsArgs = new List<string>
        {
            "-k", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--pid-file=", "--log-facility=-", "--log-queries",
            "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + dnsPort, "--local=/test/",
            "--host-record=echo.example.test,10.0.2.2",
        };
        if (Environment.UserName == "root") dnsArgs.Add("--user=root");
        using var dnsmasq = ServerProcess.Start("/usr/sbin/dnsmasq", dnsArgs, dnsPort); // ready once it answers TCP too

        using PppProcess isp = ConnectIsp("--timeout-ms", "60000", "--dns-forward", dnsPort.ToString());
        NativePpp.UseLine(_line.Handle);
        using var board = PppBoard();
        Assert.Contains("#DNSSERV1: \"0.0.0.0\"", board.Command("AT#DNSSERV1?"));
        Assert.Contains("#DNSSERV2: \"0.0.0.0\"", board.Command("AT#DNSSERV2?"));
        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        board.Configure("echo.example.test", echo.Port);
        OpenOtcp(board);
        EchoBack(board, "by name\n");
        CloseOtcp(board);
        Assert.Contains("query[A] echo.example.test", dnsmasq.Output);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
    }

    [Fact]
    public void Gprs_connectionstart_negotiates_with_the_isp_and_answers_its_address()
    {
        using PppProcess isp = Isp("login", "password");
        Assert.Equal("ATE0\r\r\nOK\r\n", Command("ATE0"));
        Assert.Equal("\r\nOK\r\n", Command("AT#APNSERV=\"apnserver.com\""));
        Assert.Equal("\r\nOK\r\n", Command("AT#APNUN=\"login\""));
        Assert.Equal("\r\nOK\r\n", Command("AT#APNPW=\"password\""));

        Assert.Equal("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", Command("AT#CONNECTIONSTART"));
        Assert.Equal("MY IP: 10.0.2.15\r\nGateway IP: 10.0.2.1\r\n\r\nOK\r\n", Command("AT#DISPLAYIP"));
        Assert.Equal("\r\nOK\r\n", Command("AT#CONNECTIONSTOP"));
        Assert.True(isp.Exit() == 0, isp.Output);
        Assert.Contains("up board=10.0.2.15", isp.Lines);
    }

    [Fact]
    public void Refused_apn_credentials_are_the_spec_s_gprs_abort()
    {
        using PppProcess isp = Isp("login", "password");
        Command("ATE0");
        Assert.Equal("\r\nOK\r\n", Command("AT#APNUN=\"login\""));
        Assert.Equal("\r\nOK\r\n", Command("AT#APNPW=\"wrong\""));
        // Spec decision L5: PPP over the packet call failing (APNUN/APNPW refused) is 35868.
        Assert.Equal("\r\n#CME ERROR: 35868\r\n", Command("AT#CONNECTIONSTART"));
        Assert.True(isp.Exit() == 1, isp.Output);
        Assert.Contains("#STATE: \"IDLE\"", Command("AT#VSTATE"));
    }
}
