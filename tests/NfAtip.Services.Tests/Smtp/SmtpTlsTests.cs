using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Smtp;

/// <summary>A test CA, and aiosmtpd with a certificate it signed: SMTPS (implicit) and STARTTLS, both with AUTH.</summary>
public sealed class SmtpTlsServers : IDisposable
{
    public TestCertificates Certificates { get; } = new();
    public SmtpServer Implicit { get; }
    public SmtpServer Explicit { get; }
    public SmtpServer Plain { get; }

    public SmtpTlsServers()
    {
        Implicit = new SmtpServer("--cert", Certificates.CertFile, "--key", Certificates.KeyFile, "--implicit", "--auth", "board:tls-pw");
        Explicit = new SmtpServer("--cert", Certificates.CertFile, "--key", Certificates.KeyFile, "--auth", "board:tls-pw");
        Plain = new SmtpServer();
    }

    public void Dispose()
    {
        Implicit.Dispose();
        Explicit.Dispose();
        Plain.Dispose();
        Certificates.Dispose();
    }
}

/// <summary>The TLS extension (SMTPTLS 1 implicit, 2 STARTTLS), validated against the CA stored with AT#CACERT.</summary>
public class SmtpTlsTests : IClassFixture<SmtpTlsServers>
{
    private readonly SmtpTlsServers _servers;

    public SmtpTlsTests(SmtpTlsServers servers) => _servers = servers;

    private TestBoard Board(SmtpServer server, int tls, string? caPem)
    {
        var board = SmtpBoard.Create(server.Port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SMTPTLS=" + tls));
        if (caPem != null) Assert.EndsWith("\r\nOK\r\n", board.Send("AT#CACERT\r" + caPem + "\x1A"));
        SmtpBoard.Body(board, 1, "over TLS");
        SmtpBoard.Set(board, "SMTPUN", "board");
        SmtpBoard.Set(board, "SMTPPW", "tls-pw");
        return board;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrustedCa_SendMailAndPutMail_GoThrough(int tls)
    {
        SmtpServer server = tls == 1 ? _servers.Implicit : _servers.Explicit;
        var board = Board(server, tls, _servers.Certificates.CaPem);
        int before = server.Count;

        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\nOK\r\n", board.Send("AT#PUTMAIL\r.secret\r\n.\r\n"));

        Assert.EndsWith("\r\n\r\nover TLS\r\n", SmtpBoard.Latin1(server.Message(before + 1).Data));
        Assert.EndsWith("\r\n\r\n.secret\r\n", SmtpBoard.Latin1(server.Message(before + 2).Data));
        // AUTH ran inside TLS: a wrong password is refused there.
        SmtpBoard.Set(board, "SMTPPW", "wrong");
        Assert.Equal("\r\n#CME ERROR: 38081\r\n", board.Command("AT#SENDMAIL1"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void UntrustedServer_38016_NothingSent(int tls, bool otherCa)
    {
        // Another CA stored, or none (the host's trust store, which does not know the test CA).
        SmtpServer server = tls == 1 ? _servers.Implicit : _servers.Explicit;
        var board = Board(server, tls, otherCa ? _servers.Certificates.OtherCaPem : null);
        int before = server.Count;
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#PUTMAIL"));
        Assert.Equal(before, server.Count);
        SmtpBoard.AssertCommandMode(board);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ServerWithoutTls_38016(int tls)
    {
        // SMTPS against a plain server: no handshake; STARTTLS where it is not offered: refused.
        var board = Board(_servers.Plain, tls, _servers.Certificates.CaPem);
        int before = _servers.Plain.Count;
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal(before, _servers.Plain.Count);
        SmtpBoard.AssertCommandMode(board);
    }
}
