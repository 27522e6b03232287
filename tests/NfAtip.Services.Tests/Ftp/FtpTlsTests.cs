using NfAtip.TestSupport;
using static NfAtip.Services.Tests.Ftp.FtpKit;

namespace NfAtip.Services.Tests.Ftp;

/// <summary>The FTPTLS extension against pyftpdlib's TLS_FTPHandler: explicit (AUTH TLS, PBSZ 0, PROT P) and implicit FTPS.</summary>
[Collection("ftp-servers")]
public class FtpTlsTests : IClassFixture<FtpServers>
{
    private readonly FtpServers _servers;

    public FtpTlsTests(FtpServers servers) => _servers = servers;

    private TestBoard Board(int tls, bool storeCa = true)
    {
        var board = FtpKit.Board(tls == 1 ? _servers.ImplicitPort : _servers.ExplicitPort);
        Assert.Equal(Ok, board.Command($"AT#FTPTLS={tls}"));
        if (storeCa) Assert.Equal(Ok, board.Send("AT#CACERT\r" + _servers.Certificates.CaPem + "\u001a"));
        return board;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RoundTrip_OverTls_IsExact(int tls)
    {
        var board = Board(tls);
        string name = $"tls{tls}.bin";
        byte[] payload = Binary(200_000, seed: tls);
        Set(board, "FTPPUTFILENAME", name);
        Set(board, "FTPGETFILENAME", name);
        Assert.Equal(Concat(Ascii(WaitingForData), new[] { Etx }, Ascii(Ok)), Put(board, payload));
        Assert.Equal(payload, File.ReadAllBytes(_servers.PathOf(name)));
        Assert.Equal(Concat(Ascii(DataBegin), Encode(payload), new[] { Etx }, Ascii(Ok)), Get(board));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void UntrustedServer_Is38016(int tls)
    {
        // No CA stored: the test CA is not among the system's roots, so the handshake is refused.
        var board = Board(tls, storeCa: false);
        Set(board, "FTPGETFILENAME", "x");
        Assert.Equal(Error(38016), FtpServerTests.Latin1(Get(board)));
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void ExplicitTls_AgainstAPlainOnlyPeer_Is38016()
    {
        // pyftpdlib's plain handler answers AUTH with 500: the board does not fall back to clear text.
        var board = FtpKit.Board(_servers.PlainPort);
        Assert.Equal(Ok, board.Command("AT#FTPTLS=2"));
        Set(board, "FTPGETFILENAME", "x");
        Assert.Equal(Error(38016), FtpServerTests.Latin1(Get(board)));
    }
}
