using System.Text;
using NfAtip.At;
using NfAtip.TestSupport;
using static NfAtip.Services.Tests.Pop3.Pop3Board;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>AT#GETMAIL against a real Dovecot POP3 server on loopback (plain, POP3S and STLS).</summary>
public class DovecotTests : IClassFixture<DovecotServer>
{
    private readonly DovecotServer _dovecot;

    public DovecotTests(DovecotServer dovecot) => _dovecot = dovecot;

    // Lines starting with '.' (Dovecot dot-stuffs them on RETR, the board must unstuff), a lone "."
    // line that is NOT the end, and a Cc the spec names as part of "the POP3 header".
    private const string Header =
        "From: Alice <alice@example.com>\r\n" +
        "To: module@domain.com\r\n" +
        "Cc: bob@example.com\r\n" +
        "Subject: Meter reading\r\n" +
        "Date: Tue, 24 Nov 2026 12:00:00 +0000\r\n" +
        "X-Folded: first part\r\n" +
        "  continued\r\n";

    private const string Body =
        "Hello module,\r\n" +
        ".leading dot\r\n" +
        "..two dots\r\n" +
        ".\r\n" +
        "after a lone dot line\r\n" +
        "\r\n" +
        "last line\r\n";

    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void HeaderMode1_WholeMessageByteExact_DotUnstuffed_ThenDeletedOnTheServer()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1(Header + "\r\n" + Body));
        var board = Create(_dovecot.Port, box.User);

        string answer = board.Command("AT#GETMAIL");

        Assert.Equal(InfoMail + Header + "\r\n" + Body + ".\r\n" + Ok, answer);
        Assert.Equal(0, box.Count);
        Assert.Equal(InfoNoMail, board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void HeaderMode0_SkipsEverythingUpToAndIncludingTheFirstEmptyLine()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1(Header + "\r\n" + Body));
        var board = Create(_dovecot.Port, box.User, headerMode: 0);

        Assert.Equal(InfoMail + Body + ".\r\n" + Ok, board.Command("AT#GETMAIL"));
        Assert.Equal(0, box.Count);
    }

    [Fact]
    public void EmptyMailbox_AnswersNoMail()
    {
        var box = _dovecot.NewMailbox();
        var board = Create(_dovecot.Port, box.User);
        Assert.Equal(InfoNoMail, board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void TwoMessages_EachGetmailTakesTheFirst_ThenNoMail()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1("Subject: one\r\n\r\nfirst\r\n"));
        box.Deliver(Latin1("Subject: two\r\n\r\nsecond\r\n"));
        var board = Create(_dovecot.Port, box.User);

        Assert.Equal(InfoMail + "Subject: one\r\n\r\nfirst\r\n.\r\n" + Ok, board.Command("AT#GETMAIL"));
        Assert.Equal(1, box.Count);
        Assert.Equal(InfoMail + "Subject: two\r\n\r\nsecond\r\n.\r\n" + Ok, board.Command("AT#GETMAIL"));
        Assert.Equal(InfoNoMail, board.Command("AT#GETMAIL"));
        Assert.Equal(0, box.Count);
    }

    [Fact]
    public void MessageWithoutFinalLineEnd_StillEndsWithCrLfDotCrLf()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1("Subject: x\r\n\r\nno line end"));
        var board = Create(_dovecot.Port, box.User);
        Assert.Equal(InfoMail + "Subject: x\r\n\r\nno line end\r\n.\r\n" + Ok, board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void Atv0_NumericCodes_TerminatorStillCrLfDotCrLf()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1("Subject: x\r\n\r\nbody\r\n"));
        var board = Create(_dovecot.Port, box.User, headerMode: 0);
        Assert.Equal("\r0\r", board.Command("ATV0"));
        Assert.Equal("\r3073\rbody\r\n.\r\n\r0\r", board.Command("AT#GETMAIL"));
        Assert.Equal("\r3072\r", board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void WrongPassword_38081_MessageKept()
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1("Subject: x\r\n\r\nbody\r\n"));
        var board = Create(_dovecot.Port, box.User, password: "wrong");
        Assert.Equal(Error(CmeError.PasswordRejected), board.Command("AT#GETMAIL"));
        Assert.Equal(1, box.Count);
    }

    [Fact]
    public void LargeMessage_2MB_WithLongLines_StreamedByteExact_AndDeleted()
    {
        var box = _dovecot.NewMailbox();
        var body = new StringBuilder();
        var random = new Random(7);
        while (body.Length < 2 * 1024 * 1024)
        {
            // Lines from 0 to 300 000 characters, some starting with a dot (stuffed on the wire).
            int length = random.Next(0, 4) == 0 ? random.Next(50_000, 300_000) : random.Next(0, 200);
            if (random.Next(0, 5) == 0) body.Append('.');
            for (int i = 0; i < length; i++) body.Append((char)('a' + (i + length) % 26));
            body.Append("\r\n");
        }
        string message = "Subject: big\r\n\r\n" + body;
        box.Deliver(Latin1(message));
        var board = Create(_dovecot.Port, box.User);

        string answer = board.Command("AT#GETMAIL");

        Assert.Equal(InfoMail.Length + message.Length + 3 + Ok.Length, answer.Length);
        Assert.True(answer == InfoMail + message + ".\r\n" + Ok, "the 2 MB message differs");
        Assert.Equal(0, box.Count);
    }

    [Fact]
    public void EmptyServerName_38027()
    {
        var box = _dovecot.NewMailbox();
        var board = Create(_dovecot.Port, box.User);
        Set(board, "POP3SERV", "\"\"");
        Assert.Equal(Error(CmeError.DnsFailed), board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void NothingListening_38016()
    {
        var board = Create(ServerProcess.FreeTcpPort(), "u");
        Assert.Equal(Error(CmeError.OpenFailed), board.Command("AT#GETMAIL"));
    }

    [Fact]
    public void LinkDown_35867()
    {
        var box = _dovecot.NewMailbox();
        var board = Create(_dovecot.Port, box.User);
        board.Command("AT#CONNECTIONSTOP");
        Assert.Equal(Error(CmeError.LinkNotActive), board.Command("AT#GETMAIL"));
    }

    // ---- TLS extension (POP3TLS 1 = POP3S, 2 = STLS), validated against the stored CA ----

    private TestBoard TlsBoard(Mailbox box, int mode, bool storeCa)
    {
        var board = Create(mode == 1 ? _dovecot.TlsPort : _dovecot.Port, box.User);
        Set(board, "POP3TLS", mode.ToString());
        if (storeCa) Assert.Equal(Ok, board.Send("AT#CACERT\r" + _dovecot.CaPem + "\u001a"));
        return board;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Tls_WithTheServersCaStored_RetrievesAndDeletes(int mode)
    {
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1(Header + "\r\n" + Body));
        var board = TlsBoard(box, mode, storeCa: true);

        Assert.Equal(InfoMail + Header + "\r\n" + Body + ".\r\n" + Ok, board.Command("AT#GETMAIL"));
        Assert.Equal(0, box.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Tls_ServerNotTrusted_38016_MessageKept(int mode)
    {
        // No CA stored: the platform's trust store decides, and it does not know the test CA.
        var box = _dovecot.NewMailbox();
        box.Deliver(Latin1("Subject: x\r\n\r\nbody\r\n"));
        var board = TlsBoard(box, mode, storeCa: false);

        Assert.Equal(Error(CmeError.OpenFailed), board.Command("AT#GETMAIL"));
        Assert.Equal(1, box.Count);
    }
}
