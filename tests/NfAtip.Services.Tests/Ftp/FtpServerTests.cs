using NfAtip.TestSupport;
using static NfAtip.Services.Tests.Ftp.FtpKit;

namespace NfAtip.Services.Tests.Ftp;

/// <summary>AT#FTPGET / AT#FTPPUT through the virtual board against a real pyftpdlib server on loopback.</summary>
[Collection("ftp-servers")]
public class FtpServerTests : IClassFixture<FtpServers>
{
    private readonly FtpServers _servers;

    public FtpServerTests(FtpServers servers) => _servers = servers;

    private TestBoard Board(string user = "user", string password = "secret") => FtpKit.Board(_servers.PlainPort, user, password);

    [Fact]
    public void AppendixA_FtpPut_ByteExact()
    {
        var board = Board();
        Set(board, "FTPPUTFILENAME", "upload.text");
        Set(board, "FTPPUTPATH", ".");
        byte[] answer = board.SendBytes(Concat(Ascii("AT#FTPPUT\r"), Ascii("Hello from the board\r\n"), new[] { Etx }));
        // Data not echoed, the ending ETX echoed, then OK (Appendix A, "Upload a file to an FTP Server").
        Assert.Equal(WaitingForData + "\u0003" + Ok, Latin1(answer));
        Assert.Equal(Ascii("Hello from the board\r\n"), File.ReadAllBytes(_servers.PathOf("upload.text")));
        Assert.Equal(Ok, board.Command("AT")); // back in command mode
    }

    [Fact]
    public void AppendixA_FtpGet_ByteExact()
    {
        File.WriteAllBytes(_servers.PathOf("download.text"), Ascii("line one\r\nline two\r\n"));
        var board = Board();
        Set(board, "FTPGETFILENAME", "download.text");
        Assert.Equal(DataBegin + "line one\r\nline two\r\n\u0003" + Ok, Latin1(Get(board)));
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void NumericResultCodes_Atv0()
    {
        File.WriteAllBytes(_servers.PathOf("v0.bin"), new byte[] { 0x41, Etx, 0x42 });
        var board = Board();
        Set(board, "FTPGETFILENAME", "v0.bin");
        Set(board, "FTPPUTFILENAME", "v0-up.bin");
        Assert.Equal("\r0\r", board.Command("ATV0"));
        // Chapter 7's numeric codes: 1025 OK_Info_DataBegin, 1028 OK_Info_WaitingForData, 0 OK.
        Assert.Equal("\r1025\rA\u0010\u0003B\u0003\r0\r", Latin1(Get(board)));
        Assert.Equal("\r1028\r\u0003\r0\r", Latin1(Put(board, new byte[] { 1 })));
        Assert.Equal("\r0\r", board.Command("AT#FTPGETFILENAME=\"none.bin\""));
        Assert.Equal("\r#CME ERROR: 38024\r\n", Latin1(Get(board)));
    }

    public static IEnumerable<object[]> Payloads()
    {
        yield return new object[] { "empty", Array.Empty<byte>() };
        yield return new object[] { "one ETX", new[] { Etx } };
        yield return new object[] { "one byte", new byte[] { 0x41 } };
        yield return new object[] { "every value", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() };
        yield return new object[] { "only ETX and DLE", Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? Dle : Etx).ToArray() };
        yield return new object[] { "1 MB", Binary(1024 * 1024) };
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Binary_RoundTrip_IsExact(string label, byte[] payload)
    {
        string name = "rt-" + label.Replace(' ', '-') + ".bin";
        var board = Board();
        Set(board, "FTPTYPE", "I");
        Set(board, "FTPPUTFILENAME", name);
        Set(board, "FTPGETFILENAME", name);

        Assert.Equal(Concat(Ascii(WaitingForData), new[] { Etx }, Ascii(Ok)), Put(board, payload));
        Assert.Equal(payload, File.ReadAllBytes(_servers.PathOf(name)));

        byte[] expected = Concat(Ascii(DataBegin), Encode(payload), new[] { Etx }, Ascii(Ok));
        byte[] answer = Get(board);
        Assert.Equal(expected.Length, answer.Length);
        Assert.True(expected.AsSpan().SequenceEqual(answer), label + ": FTPGET output differs");
    }

    [Fact]
    public void TypeA_Text_RoundTrips_AndEightBitBytesAreMaskedOnPut()
    {
        var board = Board();
        Set(board, "FTPTYPE", "A");
        Set(board, "FTPPUTFILENAME", "text.txt");
        Set(board, "FTPGETFILENAME", "text.txt");
        byte[] text = Ascii("first line\r\nsecond\u0003line\r\n");
        Assert.Equal(Concat(Ascii(WaitingForData), new[] { Etx }, Ascii(Ok)), Put(board, text));
        // TYPE A: the server stores its own line ends (LF on Linux) and sends CR LF back.
        Assert.Equal(Ascii("first line\nsecond\u0003line\n"), File.ReadAllBytes(_servers.PathOf("text.txt")));
        Assert.Equal(Concat(Ascii(DataBegin), Encode(text), new[] { Etx }, Ascii(Ok)), Get(board));

        // "all the data sent by the TCP/IP stack to the FTP server is made of 7 bits characters".
        Set(board, "FTPPUTFILENAME", "masked.txt");
        Assert.Equal(Concat(Ascii(WaitingForData), new[] { Etx }, Ascii(Ok)), Put(board, new byte[] { 0xC1, 0x42, 0xFF, 0x90 }));
        Assert.Equal(new byte[] { 0x41, 0x42, 0x7F, 0x10 }, File.ReadAllBytes(_servers.PathOf("masked.txt")));
    }

    [Fact]
    public void Path_ChangesDirectory_BothWays()
    {
        var board = Board();
        Set(board, "FTPPUTPATH", "sub");
        Set(board, "FTPPUTFILENAME", "in-sub.bin");
        Assert.Equal(Concat(Ascii(WaitingForData), new[] { Etx }, Ascii(Ok)), Put(board, new byte[] { 1, 2, 3 }));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(_servers.Home, "sub", "in-sub.bin")));
        Set(board, "FTPGETPATH", "/sub");
        Set(board, "FTPGETFILENAME", "in-sub.bin");
        Assert.Equal(Concat(Ascii(DataBegin), new byte[] { 1, 2, Dle, 3, Etx }, Ascii(Ok)), Get(board));
    }

    [Fact]
    public void MissingDirectory_Is38022()
    {
        var board = Board();
        Set(board, "FTPGETPATH", "no-such-dir");
        Set(board, "FTPGETFILENAME", "x");
        Assert.Equal(Error(38022), Latin1(Get(board)));
        Set(board, "FTPPUTPATH", "no-such-dir");
        Set(board, "FTPPUTFILENAME", "x");
        // Refused before data mode: nothing of the host's data is read, so it goes to the interpreter
        // as the host sends it; here only the command is sent.
        Assert.Equal(Error(38022), Latin1(board.SendBytes(Ascii("AT#FTPPUT\r"))));
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void MissingFile_Is38024()
    {
        var board = Board();
        Set(board, "FTPGETFILENAME", "no-such-file.bin");
        Assert.Equal(Error(38024), Latin1(Get(board)));
    }

    [Fact]
    public void StoreRefused_Is38023()
    {
        var board = Board(user: "reader");
        Set(board, "FTPPUTFILENAME", "refused.bin");
        Assert.Equal(Error(38023), Latin1(board.SendBytes(Ascii("AT#FTPPUT\r"))));
        Assert.False(File.Exists(_servers.PathOf("refused.bin")));
    }

    [Fact]
    public void WrongPassword_Is38081()
    {
        var board = Board(password: "wrong");
        Set(board, "FTPGETFILENAME", "x");
        Assert.Equal(Error(38081), Latin1(Get(board)));
    }

    [Fact]
    public void NoServer_Is38016_UnresolvableName_Is38027()
    {
        var board = Board();
        Set(board, "FTPPORT", ServerProcess.FreeTcpPort().ToString()); // nothing listens there
        Assert.Equal(Error(38016), Latin1(Get(board)));

        // A name with no DNS server that can answer it: only loopback is ever asked.
        Set(board, "DNSSERV1", "127.0.0.1");
        Set(board, "DNSSERV2", "127.0.0.1");
        board.Board.Tunables.DnsPort = ServerProcess.FreeTcpPort();
        board.Board.Tunables.DnsQueryMs = 300;
        Set(board, "FTPSERV", "ftp.nowhere.invalid");
        Assert.Equal(Error(38027), Latin1(Get(board)));
    }

    [Fact]
    public void SuccessiveTransfers_ReuseTheBoard()
    {
        var board = Board();
        File.WriteAllBytes(_servers.PathOf("again.bin"), new byte[] { 9, 8, 7 });
        Set(board, "FTPGETFILENAME", "again.bin");
        for (int i = 0; i < 20; i++)
            Assert.Equal(Concat(Ascii(DataBegin), new byte[] { 9, 8, 7, Etx }, Ascii(Ok)), Get(board));
    }

    internal static string Latin1(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
