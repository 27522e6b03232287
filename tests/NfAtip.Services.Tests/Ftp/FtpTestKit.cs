using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Ftp;

/// <summary>Board set-up and host-line coding shared by the FTP tests.</summary>
public static class FtpKit
{
    public const string Ok = "\r\nOK\r\n";
    public const string DataBegin = "\r\nOK_Info_DataBegin\r\n";
    public const string WaitingForData = "\r\nOK_Info_WaitingForData\r\n";
    public const byte Etx = 3;
    public const byte Dle = 16;

    public static string Error(int code) => $"\r\n#CME ERROR: {code}\r\n";

    /// <summary>
    /// A real-time board with the link up and FTPSERV/FTPPORT/FTPUN/FTPPW set; the spec's reply timeout (3
    /// minutes) unless told, and <paramref name="silence"/> the server's (its stall skips the board's clock).
    /// </summary>
    public static TestBoard Board(int port, string user = "user", string password = "secret", int replyMs = 180_000, PeerSilence? silence = null)
    {
        var board = new TestBoard(realTime: true, silence: silence);
        board.Board.Tunables.ServerReplyMs = replyMs;
        board.Board.Tunables.HostInactivityMs = 2000;
        board.Board.Tunables.ConnectMs = 5000;
        board.Command("ATE0");
        Assert.EndsWith("OK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        Set(board, "FTPSERV", "127.0.0.1");
        Set(board, "FTPPORT", port.ToString());
        Set(board, "FTPUN", user);
        Set(board, "FTPPW", password);
        return board;
    }

    public static void Set(TestBoard board, string name, string value) =>
        Assert.Equal(Ok, board.Command($"AT#{name}=\"{value}\""));

    public static byte[] Encode(byte[] payload)
    {
        var coded = new List<byte>(payload.Length * 2);
        foreach (byte b in payload)
        {
            if (b == Etx || b == Dle) coded.Add(Dle);
            coded.Add(b);
        }
        return coded.ToArray();
    }

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>AT#FTPPUT with the payload DLE coded and ended by ETX, all in one go; returns the board's answer.</summary>
    public static byte[] Put(TestBoard board, byte[] payload)
    {
        var input = new List<byte>(Ascii("AT#FTPPUT\r"));
        input.AddRange(Encode(payload));
        input.Add(Etx);
        return board.SendBytes(input.ToArray());
    }

    public static byte[] Get(TestBoard board) => board.SendBytes(Ascii("AT#FTPGET\r"));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Every byte value, ETX and DLE many times over, in a pseudo-random order.</summary>
    public static byte[] Binary(int size, int seed = 7)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        for (int i = 0; i < size; i++)
        {
            if (i < 256) bytes[i] = (byte)i;
            else if (i % 5 == 0) bytes[i] = Etx;
            else if (i % 7 == 0) bytes[i] = Dle;
        }
        return bytes;
    }

    /// <summary>A CA and a server certificate for 127.0.0.1 signed by it (ECDSA P-256, PEM files for pyftpdlib).</summary>
    public sealed class Certificates
    {
        public string CaPem { get; }
        public string ServerCertFile { get; }
        public string ServerKeyFile { get; }

        public Certificates(string directory)
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=nf-atip test CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var server = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), new byte[] { 1, 2, 3, 4 });

            CaPem = ca.ExportCertificatePem() + "\n";
            ServerCertFile = Path.Combine(directory, "server.crt");
            ServerKeyFile = Path.Combine(directory, "server.key");
            File.WriteAllText(ServerCertFile, server.ExportCertificatePem() + "\n");
            File.WriteAllText(ServerKeyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }
}

/// <summary>
/// pyftpdlib on loopback for a test class: plain FTP, explicit FTPS (AUTH TLS) and implicit FTPS, all
/// serving one home directory to "user"/"secret" (full rights) and "reader"/"secret" (read only).
/// </summary>
public sealed class FtpServers : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public string Home { get; }
    public int PlainPort { get; }
    public int ExplicitPort { get; }
    public int ImplicitPort { get; }
    public FtpKit.Certificates Certificates { get; }
    private readonly List<ServerProcess> _servers = new();
    private readonly string _root;

    public FtpServers()
    {
        _root = Directory.CreateTempSubdirectory("nf-atip-ftp-").FullName;
        Home = Path.Combine(_root, "home");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Path.Combine(Home, "sub"));
        Certificates = new FtpKit.Certificates(_root);
        string script = ScriptPath();
        PlainPort = Start(script, "plain");
        ExplicitPort = Start(script, "explicit");
        ImplicitPort = Start(script, "implicit");
    }

    /// <summary>The server script beside this source file (the test project copies no content files).</summary>
    private static string ScriptPath([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "ftp_server.py");

    private int Start(string script, string mode)
    {
        int port = ServerProcess.FreeTcpPort();
        var args = new List<string> { script, port.ToString(), Home, "user", "secret", mode };
        if (mode != "plain") { args.Add(Certificates.ServerCertFile); args.Add(Certificates.ServerKeyFile); }
        // Implicit FTPS never answers a plain probe, but the probe only needs the port to accept.
        _servers.Add(ServerProcess.Start(Python, args, port));
        return port;
    }

    public string PathOf(string name) => Path.Combine(Home, name);

    public string Logs => string.Join("\n----\n", _servers.Select(s => s.Output));

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
