using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Smtp;

/// <summary>One aiosmtpd process (tests/NfAtip.Services.Tests/Smtp/smtp_server.py) and the messages it saved.</summary>
public sealed class SmtpServer : IDisposable
{
    private readonly ServerProcess _process;

    public int Port { get; }
    public string Directory { get; }

    public SmtpServer(params string[] options)
    {
        Port = ServerProcess.FreeTcpPort();
        Directory = Path.Combine(Path.GetTempPath(), "nf-atip-smtp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var args = new List<string> { Script, "--port", Port.ToString(), "--dir", Directory };
        args.AddRange(options);
        _process = ServerProcess.Start("/usr/bin/python3", args, Port);
    }

    public static string Script => Path.Combine(Here(), "smtp_server.py");

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public string Output => _process.Output;

    public int Count => System.IO.Directory.GetFiles(Directory, "*.eml").Length;

    /// <summary>Message n (1-based, in arrival order): its DATA bytes and its envelope lines (MAIL FROM, RCPT TOs).</summary>
    public (byte[] Data, string[] Envelope) Message(int n)
    {
        string b = Path.Combine(Directory, n + ".eml");
        Assert.True(File.Exists(b), $"message {n} not received; server said:\n{Output}");
        return (File.ReadAllBytes(b), File.ReadAllLines(Path.Combine(Directory, n + ".env")));
    }

    public void Dispose()
    {
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}

/// <summary>A board with a real-time clock, the link up, echo off and the mail parameters of Appendix A.</summary>
public static class SmtpBoard
{
    /// <param name="silence">A scripted server's silence: its stall skips the board's clock (<see cref="PeerSilence"/>).</param>
    public static TestBoard Create(int port, bool echo = false, string server = "127.0.0.1", PeerSilence? silence = null)
    {
        var board = new TestBoard(realTime: true, silence: silence);
        if (!echo) Assert.EndsWith("\r\nOK\r\n", board.Command("ATE0"));
        string up = board.Send("AT#CONNECTIONSTART\r");
        Assert.Contains("OK_Info_GprsActivation", up);
        Set(board, "SMTPSERV", server);
        Set(board, "SMTPPORT", port.ToString());
        Set(board, "DOMAIN", "domain.com");
        Set(board, "SENDERNAME", "Test module");
        Set(board, "SENDERADDR", "module@domain.com");
        Set(board, "REC1", "recipient@domain.com");
        Set(board, "CCREC1", "ccrecipient@domain.com");
        Set(board, "SUBJ1", "Email Subject");
        // The spec's 3 minutes for a reply (a scripted server's stall skips it, see PeerSilence); a short
        // host silence (the spec's is 50 s) and connect, so those failure paths end quickly.
        board.Board.Tunables.HostInactivityMs = 2000;
        board.Board.Tunables.ConnectMs = 2000;
        return board;
    }

    public static void Set(TestBoard board, string name, string value)
    {
        string answer = board.Send("AT#" + name + "=\"" + value + "\"\r");
        Assert.EndsWith("OK\r\n", answer);
    }

    /// <summary>Stores BODYn through the Ctrl-Z entry (so it can hold CR/LF).</summary>
    public static void Body(TestBoard board, int n, string text)
    {
        string answer = board.Send("AT#BODY" + n + "\r" + text + "\x1A");
        Assert.EndsWith("OK\r\n", answer);
    }

    /// <summary>The board answers AT again: it is back in command mode.</summary>
    public static void AssertCommandMode(TestBoard board)
    {
        Assert.Equal("\r\nOK\r\n", board.Command("AT"));
    }

    public static string Latin1(byte[] b) => Encoding.Latin1.GetString(b);
}

/// <summary>
/// A board whose host line hands over at most <see cref="Chunk"/> bytes per read: the data-mode
/// services then see every possible split of what the host sends (a CR LF . CR LF across reads).
/// </summary>
public sealed class TrickleBoard
{
    private sealed class Line : ISerialLine
    {
        public readonly Queue<byte> In = new();
        public readonly MemoryStream Out = new();
        public int Chunk = 1;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = 0;
            while (n < count && n < Chunk && In.Count > 0) buffer[offset + n++] = In.Dequeue();
            return n;
        }

        public void Write(byte[] buffer, int offset, int count) => Out.Write(buffer, offset, count);
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    private readonly Line _line = new();
    public Board Board { get; }

    public TrickleBoard()
    {
        var radio = new ScriptedRadio(new FakeClock());
        Board = new Board(new BoardPlatform(_line, radio, new RamFlash(4096, 8), new SystemClock(), new HostNetwork(), new HostIpLink()), TestBoard.Identity);
        Board.Start();
        _line.Out.SetLength(0);
    }

    public int Chunk { get => _line.Chunk; set => _line.Chunk = value; }

    public string Send(string input)
    {
        foreach (byte b in Encoding.Latin1.GetBytes(input)) _line.In.Enqueue(b);
        while (_line.In.Count > 0) Board.Step(0);
        Board.Step(0);
        // AT#CONNECTIONSTART answers from the board's loop: step until the link has nothing under way.
        for (int i = 0; i < 100_000 && Board.Connection.Busy; i++) Board.Step(1);
        string output = Encoding.Latin1.GetString(_line.Out.ToArray());
        _line.Out.SetLength(0);
        return output;
    }
}

/// <summary>A CA and a server certificate for 127.0.0.1 signed by it, as PEM files for aiosmtpd.</summary>
public sealed class TestCertificates : IDisposable
{
    public string CaPem { get; }
    public string OtherCaPem { get; }
    public string CertFile { get; }
    public string KeyFile { get; }
    private readonly string _dir;

    public TestCertificates()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nf-atip-smtp-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=nf-atip test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaPem = ca.ExportCertificatePem();

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        using X509Certificate2 server = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        CertFile = Path.Combine(_dir, "server.pem");
        KeyFile = Path.Combine(_dir, "server.key");
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem());

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = new CertificateRequest("CN=some other CA", otherKey, HashAlgorithmName.SHA256);
        other.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 otherCa = other.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        OtherCaPem = otherCa.ExportCertificatePem();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
