using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>
/// A real Dovecot POP3 server (Debian dovecot-pop3d) for one test class: its own configuration in a
/// temp dir, run in the foreground (`dovecot -F -c conf`) on 127.0.0.1 with a plain port (STLS
/// offered) and an implicit-TLS POP3S port, both on free unprivileged ports. The certificate is
/// signed by a CA generated here (<see cref="CaPem"/>), so TLS tests can store that CA on the board.
/// Each test takes its own mailbox (<see cref="NewMailbox"/>): users u0..u63, password "secret",
/// maildirs under the temp dir, owned by nobody (Dovecot refuses uid 0 for mail users).
/// </summary>
public sealed class DovecotServer : IDisposable
{
    public const string Password = "secret";
    private const int Users = 64;

    private readonly string _root;
    private readonly ServerProcess _process;
    private int _nextUser;

    public int Port { get; }
    public int TlsPort { get; }
    public string CaPem { get; }

    public DovecotServer()
    {
        _root = Directory.CreateTempSubdirectory("nfatip-pop3-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "run"));
        Directory.CreateDirectory(Path.Combine(_root, "state"));
        string mail = Path.Combine(_root, "mail");
        Directory.CreateDirectory(mail);
        Open(_root);
        Open(mail);

        (CaPem, string certPem, string keyPem) = Certificates();
        File.WriteAllText(Path.Combine(_root, "cert.pem"), certPem);
        File.WriteAllText(Path.Combine(_root, "key.pem"), keyPem);

        var passwd = new StringBuilder();
        for (int i = 0; i < Users; i++) passwd.Append($"u{i}:{{PLAIN}}{Password}:65534:65534::{mail}/u{i}::\n");
        File.WriteAllText(Path.Combine(_root, "passwd"), passwd.ToString());

        Port = ServerProcess.FreeTcpPort();
        TlsPort = ServerProcess.FreeTcpPort();
        string conf = Path.Combine(_root, "dovecot.conf");
        File.WriteAllText(conf, $@"
protocols = pop3
listen = 127.0.0.1
base_dir = {_root}/run
state_dir = {_root}/state
instance_name = nfatip-{Path.GetFileName(_root)}
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
log_path = /dev/stderr
info_log_path = /dev/stderr
disable_plaintext_auth = no
auth_mechanisms = plain
ssl = yes
ssl_cert = <{_root}/cert.pem
ssl_key = <{_root}/key.pem
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = {_root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {_root}/passwd
}}
service pop3-login {{
  inet_listener pop3 {{
    address = 127.0.0.1
    port = {Port}
  }}
  inet_listener pop3s {{
    address = 127.0.0.1
    port = {TlsPort}
    ssl = yes
  }}
}}
");
        _process = ServerProcess.Start("dovecot", new[] { "-F", "-c", conf }, Port);
        _process.WaitForTcp(TlsPort);
    }

    public string Output => _process.Output;

    /// <summary>A fresh, empty mailbox: its user name and maildir.</summary>
    public Mailbox NewMailbox()
    {
        int n = Interlocked.Increment(ref _nextUser) - 1;
        if (n >= Users) throw new InvalidOperationException("more mailboxes than users in the passwd file");
        string dir = Path.Combine(_root, "mail", "u" + n);
        foreach (string sub in new[] { "", "new", "cur", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            Open(Path.Combine(dir, sub));
        }
        return new Mailbox("u" + n, dir);
    }

    public void Dispose()
    {
        _process.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Open(string dir)
    {
        // 0777: Dovecot's mail processes run as nobody.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
    }

    /// <summary>A CA and a server certificate it signed for 127.0.0.1 / localhost (PEM).</summary>
    private static (string ca, string cert, string key) Certificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=nf-atip test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        return (ca.ExportCertificatePem() + "\n", server.ExportCertificatePem() + "\n", serverKey.ExportPkcs8PrivateKeyPem() + "\n");
    }
}

/// <summary>One Dovecot user's maildir.</summary>
public sealed class Mailbox
{
    public string User { get; }
    public string Dir { get; }
    private int _delivered;

    public Mailbox(string user, string dir)
    {
        User = user;
        Dir = dir;
    }

    /// <summary>Puts a message into new/ as a delivery agent would (written to tmp/, then renamed).</summary>
    public void Deliver(byte[] message)
    {
        string name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{_delivered++}P{Environment.ProcessId}.nfatip";
        string tmp = Path.Combine(Dir, "tmp", name);
        File.WriteAllBytes(tmp, message);
        File.Move(tmp, Path.Combine(Dir, "new", name));
        // Keeps delivery order = POP3 order even within one second.
        Thread.Sleep(5);
    }

    /// <summary>Messages still in the maildir.</summary>
    public int Count => Directory.GetFiles(Path.Combine(Dir, "new")).Length + Directory.GetFiles(Path.Combine(Dir, "cur")).Length;
}
