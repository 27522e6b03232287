using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using Xunit;

namespace NfAtip.Host.Tests;

public class StreamLineTests
{
    [Fact]
    public void Returns_the_bytes_then_minus_1_after_end_of_stream_once_drained()
    {
        var line = new StreamLine(new MemoryStream(Encoding.ASCII.GetBytes("hello")), new MemoryStream());
        var buffer = new byte[3];
        var got = new List<byte>();
        int n;
        while ((n = line.Read(buffer, 0, buffer.Length, 2000)) > 0) got.AddRange(buffer.Take(n));
        Assert.Equal(-1, n);
        Assert.Equal("hello", Encoding.ASCII.GetString(got.ToArray()));
        Assert.Equal(-1, line.Read(buffer, 0, buffer.Length, 0));
    }

    [Fact]
    public void Returns_0_on_timeout_then_data_then_minus_1_when_the_writer_closes()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var line = new StreamLine(client, new MemoryStream());
        var buffer = new byte[16];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, line.Read(buffer, 0, buffer.Length, 150));
        Assert.True(sw.ElapsedMilliseconds >= 120, "returned after " + sw.ElapsedMilliseconds + " ms");
        server.Write(new byte[] { 1, 2, 3 });
        server.Flush();
        Assert.Equal(3, line.Read(buffer, 0, buffer.Length, 5000));
        server.Dispose();
        Assert.Equal(-1, line.Read(buffer, 0, buffer.Length, 5000));
    }

    [Fact]
    public void Writes_reach_the_output_stream()
    {
        var output = new MemoryStream();
        var line = new StreamLine(new MemoryStream(), output);
        line.Write(Encoding.ASCII.GetBytes("xOKx"), 1, 2);
        Assert.Equal("OK", Encoding.ASCII.GetString(output.ToArray()));
    }
}

public class ByteQueueTests
{
    [Fact]
    public void Wraps_around_and_blocks_the_producer_while_full()
    {
        var q = new ByteQueue(4);
        // A dedicated thread, not the thread pool: other test classes block pool threads and could
        // delay a pooled producer past any bound.
        var producer = new Thread(() => q.Add(new byte[] { 1, 2, 3, 4, 5, 6 }, 0, 6)) { IsBackground = true };
        producer.Start();
        var buffer = new byte[8];
        var got = new List<byte>();
        while (got.Count < 6)
        {
            int n = q.Take(buffer, 0, 3, 30000);
            Assert.True(n > 0);
            got.AddRange(buffer.Take(n));
        }
        Assert.True(producer.Join(30000));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, got);
        q.Complete();
        Assert.Equal(-1, q.Take(buffer, 0, 3, 100));
    }

    /// <summary>The simulated clock's requests wake the board's wait on its host line: a Wake ends one Take, bytes still win.</summary>
    [Fact]
    public void Wake_ends_one_wait_as_a_timeout_and_bytes_still_come_first()
    {
        var q = new ByteQueue(16);
        var buffer = new byte[4];
        q.Wake(); // no one waits: the next Take returns at once
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, q.Take(buffer, 0, 4, 60_000));
        Assert.True(sw.ElapsedMilliseconds < 30_000, "the woken Take waited " + sw.ElapsedMilliseconds + " ms");
        Assert.Equal(0, q.Take(buffer, 0, 4, 50)); // one wake ends one wait
        var waker = new Thread(() => { Thread.Sleep(100); q.Wake(); }) { IsBackground = true };
        waker.Start();
        sw.Restart();
        Assert.Equal(0, q.Take(buffer, 0, 4, 60_000));
        Assert.True(sw.ElapsedMilliseconds < 30_000, "the waiting Take was not woken");
        q.Add(new byte[] { 7 }, 0, 1);
        q.Wake();
        Assert.Equal(1, q.Take(buffer, 0, 4, 60_000));
        Assert.Equal(7, buffer[0]);
    }
}

public class ConsoleLineTests
{
    [Theory]
    [InlineData("AT\r", "AT\r\n")]
    [InlineData("\r\nOK\r\n", "\r\nOK\r\n")]
    [InlineData("\rOK\r", "\r\nOK\r\n")]
    public void Display_turns_lone_CR_into_CR_LF(string board, string shown)
    {
        bool lastWasCr = false;
        var bytes = Encoding.ASCII.GetBytes(board);
        Assert.Equal(shown, Encoding.ASCII.GetString(ConsoleLine.ToDisplay(bytes, 0, bytes.Length, ref lastWasCr)));
    }

    [Fact]
    public void Display_handles_CR_LF_split_across_writes()
    {
        bool lastWasCr = false;
        Assert.Equal("OK\r\n", Encoding.ASCII.GetString(ConsoleLine.ToDisplay(Encoding.ASCII.GetBytes("OK\r"), 0, 3, ref lastWasCr)));
        Assert.Equal("X", Encoding.ASCII.GetString(ConsoleLine.ToDisplay(Encoding.ASCII.GetBytes("\nX"), 0, 2, ref lastWasCr)));
    }

    [Fact]
    public void Control_keys_map_to_their_bytes()
    {
        Assert.Equal(0x03, ConsoleLine.Translate(new ConsoleKeyInfo('\x03', ConsoleKey.C, false, false, true)));
        Assert.Equal(0x10, ConsoleLine.Translate(new ConsoleKeyInfo('\x10', ConsoleKey.P, false, false, true)));
        Assert.Equal(0x1A, ConsoleLine.Translate(new ConsoleKeyInfo('\x1A', ConsoleKey.Z, false, false, true)));
        Assert.Equal(0x0D, ConsoleLine.Translate(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)));
        Assert.Equal(0x1D, ConsoleLine.Translate(new ConsoleKeyInfo('\0', ConsoleKey.D5, false, false, true))); // Ctrl-] as .NET reports it
        Assert.Equal('a', ConsoleLine.Translate(new ConsoleKeyInfo('a', ConsoleKey.A, false, false, false)));
    }
}

public class HostNetworkTests
{
    private static uint Loopback => HostNetwork.FromIp(IPAddress.Loopback);

    [Fact]
    public void Tcp_connect_listen_accept_read_write_and_close()
    {
        var net = new HostNetwork();
        int port = FreePort();
        var listener = net.Listen(port);
        Assert.NotNull(listener);
        Assert.Null(listener!.Accept(50));
        var client = net.Connect(Loopback, port, 5000);
        Assert.NotNull(client);
        var server = listener.Accept(5000);
        Assert.NotNull(server);
        Assert.Equal(Loopback, server!.RemoteAddress);

        var buffer = new byte[16];
        Assert.Equal(0, server.Read(buffer, 0, buffer.Length, 50));
        Assert.True(client!.Write(Encoding.ASCII.GetBytes("HELO"), 0, 4));
        Assert.Equal(4, server.Read(buffer, 0, buffer.Length, 5000));
        Assert.Equal("HELO", Encoding.ASCII.GetString(buffer, 0, 4));
        Assert.True(server.Write(Encoding.ASCII.GetBytes("250"), 0, 3));
        Assert.Equal(3, client.Read(buffer, 0, buffer.Length, 5000));
        client.Close();
        Assert.Equal(-1, server.Read(buffer, 0, buffer.Length, 5000));
        server.Close();
        listener.Close();
    }

    [Fact]
    public void A_peer_that_stops_reading_cannot_hold_a_write_forever()
    {
        var net = new HostNetwork { SendTimeoutMs = 500 };
        int port = FreePort();
        var listener = net.Listen(port);
        var client = net.Connect(Loopback, port, 5000);
        var server = listener!.Accept(5000); // accepted, never read: the socket buffers fill up
        Assert.NotNull(server);
        var chunk = new byte[64 * 1024];
        bool failed = false;
        // Bounded: loopback buffers hold a few MB at most, so 1 GB of attempts is far more than enough.
        for (int i = 0; i < 16 * 1024 && !failed; i++) failed = !client!.Write(chunk, 0, chunk.Length);
        Assert.True(failed, "the write never gave up");
        client!.Close();
        server!.Close();
        listener.Close();
    }

    [Theory]
    [InlineData(false, -1)]
    [InlineData(true, -2)]
    public void Read_tells_the_peer_s_fin_from_a_reset(bool reset, int expected)
    {
        // Issue I, hole 5: TcpRead.Closed for an orderly close, TcpRead.Failed for a reset.
        using var peerListener = new TcpListener(IPAddress.Loopback, 0);
        peerListener.Start();
        var client = new HostNetwork().Connect(Loopback, ((IPEndPoint)peerListener.LocalEndpoint).Port, 5000);
        Assert.NotNull(client);
        using (Socket peer = peerListener.AcceptSocket())
        {
            peer.Send(new byte[] { 1, 2, 3 });
            if (reset) peer.LingerState = new LingerOption(true, 0); // close = RST
            peer.Close();
        }
        var buffer = new byte[16];
        int first = client!.Read(buffer, 0, buffer.Length, 5000);
        // A reset may discard what was still unread; an orderly close never does.
        if (!reset || first > 0) Assert.Equal(3, first);
        int end = first > 0 ? client.Read(buffer, 0, buffer.Length, 5000) : first;
        Assert.Equal(expected, end);
        client.Close();
    }

    [Fact]
    public void Listen_binds_the_link_s_address_not_every_interface()
    {
        // Issue I, hole 8. 127.0.0.2 is this PC too (all of 127/8 is local on Linux): a listener bound to
        // every interface accepts there, one bound to the link's 127.0.0.1 does not.
        var net = new HostNetwork();
        int port = FreePort();
        var listener = net.Listen(port);
        Assert.NotNull(listener);
        using (var local = new TcpClient())
        {
            local.Connect(IPAddress.Loopback, port);
            Assert.NotNull(listener!.Accept(5000));
        }
        using var other = new TcpClient();
        if (OperatingSystem.IsLinux())
            Assert.Throws<SocketException>(() => other.Connect(IPAddress.Parse("127.0.0.2"), port));
        listener!.Close();
    }

    [Fact]
    public void Connect_to_a_closed_port_fails_with_null()
    {
        Assert.Null(new HostNetwork().Connect(Loopback, FreePort(), 2000));
    }

    [Fact]
    public void Udp_send_and_receive_with_timeout()
    {
        var net = new HostNetwork();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var udp = net.OpenUdp()!;
        var buffer = new byte[64];
        Assert.Equal(0, udp.ReceiveFrom(buffer, 0, buffer.Length, 50, out _, out _));
        Assert.True(udp.SendTo(Encoding.ASCII.GetBytes("query"), 0, 5, Loopback, peerPort));
        IPEndPoint? from = null;
        var got = peer.Receive(ref from);
        Assert.Equal("query", Encoding.ASCII.GetString(got));
        peer.Send(Encoding.ASCII.GetBytes("answer"), 6, from);
        Assert.Equal(6, udp.ReceiveFrom(buffer, 0, buffer.Length, 5000, out uint address, out int port));
        Assert.Equal(Loopback, address);
        Assert.Equal(peerPort, port);
        udp.Close();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

public class IdentityTests
{
    [Fact]
    public void Build_date_uses_the_spec_format()
    {
        Assert.Equal("Mar 18 2003 18:42:19", NfAtip.Host.Program.FormatBuildDate(new DateTime(2003, 3, 18, 18, 42, 19)));
    }

    [Fact]
    public void Identity_is_the_loaded_core_assembly()
    {
        var id = NfAtip.Host.Program.CoreIdentity();
        Assert.Equal(new FileInfo(typeof(NfAtip.Board).Assembly.Location).Length, id.Size);
        Assert.Matches(@"^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}$", id.BuildDate);
    }
}

public class HostNetworkTlsTests
{
    private static (X509Certificate2 ca, X509Certificate2 server) MakeCertificates(string serverName)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=nf-atip test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + serverName, serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(serverName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), new byte[] { 1, 2, 3, 4 });
        // A PFX round trip gives a certificate whose private key SslStream can use on every platform.
        var server = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);
        return (ca, server);
    }

    private static bool RunStartTls(string serverName, byte[] caBytes, X509Certificate2 serverCert, out string echoed)
    {
        echoed = "";
        var net = new HostNetwork { TlsHandshakeTimeoutMs = 10000 };
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverTask = Task.Run(() =>
        {
            using var socket = listener.AcceptTcpClient();
            using var ssl = new SslStream(socket.GetStream());
            try
            {
                ssl.AuthenticateAsServer(serverCert);
                var buf = new byte[64];
                int n = ssl.Read(buf, 0, buf.Length);
                ssl.Write(buf, 0, n);
                ssl.Flush();
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
            }
        });
        var conn = net.Connect(HostNetwork.FromIp(IPAddress.Loopback), port, 5000)!;
        bool ok = conn.StartTls(serverName, caBytes);
        if (ok)
        {
            Assert.True(conn.Write(Encoding.ASCII.GetBytes("secret"), 0, 6));
            var buffer = new byte[64];
            int n = conn.Read(buffer, 0, buffer.Length, 5000);
            if (n > 0) echoed = Encoding.ASCII.GetString(buffer, 0, n);
        }
        conn.Close();
        serverTask.Wait(10000);
        listener.Stop();
        return ok;
    }

    [Fact]
    public void StartTls_accepts_a_server_signed_by_the_given_CA_in_DER_or_PEM()
    {
        var (ca, server) = MakeCertificates("mail.example.test");
        Assert.True(RunStartTls("mail.example.test", ca.RawData, server, out string echoed));
        Assert.Equal("secret", echoed);
        var pem = Encoding.ASCII.GetBytes(ca.ExportCertificatePem());
        Assert.True(RunStartTls("mail.example.test", pem, server, out echoed));
        Assert.Equal("secret", echoed);
    }

    [Fact]
    public void StartTls_rejects_another_CA_and_a_wrong_name()
    {
        var (_, server) = MakeCertificates("mail.example.test");
        var (otherCa, _) = MakeCertificates("other.example.test");
        Assert.False(RunStartTls("mail.example.test", otherCa.RawData, server, out _));
        var (ca, server2) = MakeCertificates("mail.example.test");
        Assert.False(RunStartTls("pop.example.test", ca.RawData, server2, out _));
    }
}
