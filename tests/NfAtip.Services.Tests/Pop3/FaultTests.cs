using NfAtip.At;
using NfAtip.TestSupport;
using static NfAtip.Services.Tests.Pop3.FakePop3;
using static NfAtip.Services.Tests.Pop3.Pop3Board;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>
/// AT#GETMAIL against a scripted POP3 server for what Dovecot won't do: -ERR, garbage, drop, reset,
/// stall and a 10 MB line at every step. Each ends with the documented code, in command mode (the
/// next command is answered), with the socket closed, and without QUIT after a failure (so the
/// server never deletes anything).
/// </summary>
public class FaultTests
{
    // Every board keeps the spec's reply timeout (3 minutes): when a step stalls, the fake declares its
    // silence and the board's clock skips the wait (PeerSilence); a reply that does come, however late
    // a loaded machine makes it, is waited for.

    private const string Message = "Subject: s\r\n\r\nbody\r\n";

    /// <summary>Runs AT#GETMAIL against the fake; checks the answer, command mode after it, and the socket released.</summary>
    private static string Run(FakePop3 fake, string? expected, int headerMode = 1, bool released = true)
    {
        var board = Create(fake.Port, "user", "pw", headerMode, silence: fake.Silence);
        string answer = board.Command("AT#GETMAIL");
        if (expected != null) Assert.Equal(expected, answer);
        // A stall is 37964 after the spec's whole 3 minutes of board time, not before.
        if (answer.EndsWith(Error(CmeError.NoServerResponse))) Assert.InRange(board.SkippedMs, 179_000, 200_000);
        Assert.Equal(Ok, board.Command("AT")); // back in command mode
        if (released) Assert.True(fake.WaitReleased(), "the board did not close the connection");
        return answer;
    }

    private static void NoQuit(FakePop3 fake) =>
        Assert.DoesNotContain(fake.Commands, c => c.StartsWith("QUIT") || c.StartsWith("DELE"));

    private static FakePop3 Fake(string step, Step behaviour)
    {
        var fake = new FakePop3();
        fake.Steps[step] = behaviour;
        return fake;
    }

    [Fact]
    public void WellBehavedFake_MailThenOk_CommandsInOrder()
    {
        using var fake = new FakePop3();
        Run(fake, InfoMail + Message + ".\r\n" + Ok);
        Assert.Equal(new[] { "USER user", "PASS pw", "STAT", "RETR 1", "DELE 1", "QUIT" }, fake.Commands.ToArray());
    }

    // ---- greeting: 38016 (or 37964 when it never comes) ----

    [Theory]
    [InlineData("garbage\r\n")]
    [InlineData("-ERR go away\r\n")]
    [InlineData("\x00\xff\x10\x03 binary\r\n")]
    [InlineData("+OKAY\x00\xff\r\n")] // issue I, hole 6: "+OK" must be the whole first word
    [InlineData("+OK\x00\xff\r\n")]
    public void Greeting_NotOk_38016(string greeting)
    {
        using var fake = Fake("greeting", Send(greeting));
        Run(fake, Error(CmeError.OpenFailed));
        Assert.Empty(fake.Commands);
    }

    [Fact]
    public void Greeting_Drop_38016()
    {
        using var fake = Fake("greeting", Drop);
        Run(fake, Error(CmeError.OpenFailed));
    }

    [Fact]
    public void Greeting_Reset_38016()
    {
        using var fake = Fake("greeting", SendThenReset(Ascii("+O")));
        Run(fake, Error(CmeError.OpenFailed), released: false);
    }

    [Fact]
    public void Greeting_Stall_37964()
    {
        using var fake = Fake("greeting", Stall);
        Run(fake, Error(CmeError.NoServerResponse));
    }

    [Fact]
    public void Greeting_PartialLineThenStall_37964()
    {
        using var fake = Fake("greeting", SendThenStall(Ascii("+OK but never a line end")));
        Run(fake, Error(CmeError.NoServerResponse));
    }

    [Fact]
    public void Greeting_10MbGarbageLine_38016()
    {
        using var fake = Fake("greeting", Flood(""));
        Run(fake, Error(CmeError.OpenFailed));
    }

    [Fact]
    public void Greeting_10MbOkLine_IsStillAGreeting()
    {
        using var fake = Fake("greeting", Flood("+OK "));
        Run(fake, InfoMail + Message + ".\r\n" + Ok);
    }

    // ---- USER: 38080 ----

    [Fact]
    public void User_Err_38080()
    {
        using var fake = Fake("USER", Send("-ERR no such user\r\n"));
        Run(fake, Error(CmeError.UserRejected));
        NoQuit(fake);
    }

    [Fact]
    public void User_Drop_38080()
    {
        using var fake = Fake("USER", Drop);
        Run(fake, Error(CmeError.UserRejected));
    }

    [Fact]
    public void User_Stall_37964()
    {
        using var fake = Fake("USER", Stall);
        Run(fake, Error(CmeError.NoServerResponse));
    }

    [Fact]
    public void User_10MbErrLine_38080()
    {
        using var fake = Fake("USER", Flood("-ERR "));
        Run(fake, Error(CmeError.UserRejected));
    }

    [Fact]
    public void User_Empty_38080_WithoutConnecting()
    {
        using var fake = new FakePop3();
        var board = Create(fake.Port, "", "pw", 1, silence: fake.Silence);
        Assert.Equal(Error(CmeError.UserRejected), board.Command("AT#GETMAIL"));
        Assert.Empty(fake.Commands);
    }

    // ---- PASS: 38081 ----

    [Fact]
    public void Pass_Err_38081()
    {
        using var fake = Fake("PASS", Send("-ERR [AUTH] Authentication failed.\r\n"));
        Run(fake, Error(CmeError.PasswordRejected));
        NoQuit(fake);
    }

    [Fact]
    public void Pass_Reset_38081()
    {
        using var fake = Fake("PASS", SendThenReset(Ascii("")));
        Run(fake, Error(CmeError.PasswordRejected), released: false);
    }

    [Fact]
    public void Pass_10MbGarbageLine_38081()
    {
        using var fake = Fake("PASS", Flood(""));
        Run(fake, Error(CmeError.PasswordRejected));
    }

    [Fact]
    public void Pass_Stall_37964()
    {
        using var fake = Fake("PASS", Stall);
        Run(fake, Error(CmeError.NoServerResponse));
    }

    // ---- STAT: 38025, 0 messages → OK_Info_NoMail ----

    [Theory]
    [InlineData("-ERR mailbox locked\r\n")]
    [InlineData("+OK lots\r\n")]
    [InlineData("+OK 12345678901 5\r\n")]
    [InlineData("garbage\r\n")]
    public void Stat_ErrOrGarbage_38025(string reply)
    {
        using var fake = Fake("STAT", Send(reply));
        Run(fake, Error(CmeError.MailRetrieveFailed));
        NoQuit(fake);
    }

    [Fact]
    public void Stat_10MbLine_38025()
    {
        using var fake = Fake("STAT", Flood("+OK "));
        Run(fake, Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Stat_Zero_NoMail_AfterQuit()
    {
        using var fake = Fake("STAT", Send("+OK 0 0\r\n"));
        Run(fake, InfoNoMail);
        Assert.Equal(new[] { "USER user", "PASS pw", "STAT", "QUIT" }, fake.Commands.ToArray());
    }

    [Fact]
    public void Stat_Stall_37964()
    {
        using var fake = Fake("STAT", Stall);
        Run(fake, Error(CmeError.NoServerResponse));
    }

    // ---- RETR status: 38025 before any OK_Info_Mail ----

    [Fact]
    public void Retr_Err_38025_NoInfoMail()
    {
        using var fake = Fake("RETR", Send("-ERR no such message\r\n"));
        Run(fake, Error(CmeError.MailRetrieveFailed));
        NoQuit(fake);
    }

    [Fact]
    public void Retr_Drop_38025()
    {
        using var fake = Fake("RETR", Drop);
        Run(fake, Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Retr_AMessageTrickledAByteAtATime_Is37964_WithinAProgressWindow()
    {
        // Issue I, hole 3 (decision N1): 10 bytes a second never let the per-read timeout expire.
        using var fake = Fake("RETR", async (s, stop) =>
        {
            await s.WriteAsync(System.Text.Encoding.Latin1.GetBytes("+OK\r\n"), stop);
            byte[] body = System.Text.Encoding.Latin1.GetBytes("Subject: s\r\n\r\n" + new string('x', 5000) + "\r\n.\r\n");
            for (int i = 0; i < body.Length; i++)
            {
                await Task.Delay(100, stop);
                await s.WriteAsync(body.AsMemory(i, 1), stop);
            }
            return true;
        });
        var board = Create(fake.Port, "user", "pw", 1, silence: fake.Silence);
        board.Board.Tunables.MinProgressBytes = 256;
        board.Board.Tunables.ProgressWindowMs = 1500;
        string answer = board.Command("AT#GETMAIL");
        Assert.StartsWith(InfoMail, answer);
        Assert.EndsWith("\r\n.\r\n" + Error(CmeError.NoServerResponse), answer); // P3: the end line first
        Assert.Equal(Ok, board.Command("AT"));
        NoQuit(fake);
    }

    [Fact]
    public void Retr_Stall_37964()
    {
        using var fake = Fake("RETR", Stall);
        Run(fake, Error(CmeError.NoServerResponse));
    }

    [Fact]
    public void Retr_10MbStatusLine_ThenMessage_Works()
    {
        using var fake = Fake("RETR", async (s, stop) =>
        {
            await Flood("+OK ")(s, stop);
            await s.WriteAsync(Ascii(Message + ".\r\n"), stop);
            return true;
        });
        Run(fake, InfoMail + Message + ".\r\n" + Ok);
    }

    // ---- the message itself: CR LF . CR LF, then the code ----

    [Fact]
    public void Message_DropInHeader_DotThen38026()
    {
        using var fake = Fake("RETR", SendThenDrop(Ascii("+OK\r\nSubject: cut off")));
        Run(fake, InfoMail + "Subject: cut off" + "\r\n.\r\n" + Error(CmeError.MailHeaderFailed));
        NoQuit(fake);
    }

    [Fact]
    public void Message_DropInHeader_HeaderMode0_NothingSent_Still38026()
    {
        using var fake = Fake("RETR", SendThenDrop(Ascii("+OK\r\nFrom: a@b\r\nSubject: cut off")));
        Run(fake, InfoMail + ".\r\n" + Error(CmeError.MailHeaderFailed), headerMode: 0);
    }

    [Fact]
    public void Message_DropInBodyMidLine_CrLfDotCrLfThen38025()
    {
        using var fake = Fake("RETR", SendThenDrop(Ascii("+OK\r\nSubject: s\r\n\r\nhalf a li")));
        Run(fake, InfoMail + "Subject: s\r\n\r\nhalf a li\r\n.\r\n" + Error(CmeError.MailRetrieveFailed));
        NoQuit(fake);
    }

    [Fact]
    public void Message_DropInBodyAtLineStart_DotCrLfThen38025()
    {
        using var fake = Fake("RETR", SendThenDrop(Ascii("+OK\r\nSubject: s\r\n\r\nwhole line\r\n")));
        Run(fake, InfoMail + "Subject: s\r\n\r\nwhole line\r\n.\r\n" + Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Message_DropAfterHalfTheTerminator_38025()
    {
        using var fake = Fake("RETR", SendThenDrop(Ascii("+OK\r\nSubject: s\r\n\r\nbody\r\n.\r")));
        Run(fake, InfoMail + "Subject: s\r\n\r\nbody\r\n.\r\n" + Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Message_ResetInBody_38025()
    {
        using var fake = Fake("RETR", SendThenReset(Ascii("+OK\r\nSubject: s\r\n\r\nbody\r\n")));
        Run(fake, InfoMail + "Subject: s\r\n\r\nbody\r\n.\r\n" + Error(CmeError.MailRetrieveFailed), released: false);
    }

    [Fact]
    public void Message_StallInBody_37964()
    {
        using var fake = Fake("RETR", SendThenStall(Ascii("+OK\r\nSubject: s\r\n\r\nbody")));
        Run(fake, InfoMail + "Subject: s\r\n\r\nbody\r\n.\r\n" + Error(CmeError.NoServerResponse));
        NoQuit(fake);
    }

    [Fact]
    public void Message_10MbBodyLine_StreamedWhole()
    {
        const int size = 10 * 1024 * 1024;
        using var fake = Fake("RETR", async (s, stop) =>
        {
            await s.WriteAsync(Ascii("+OK\r\nSubject: s\r\n\r\n"), stop);
            await Flood("", size)(s, stop);
            await s.WriteAsync(Ascii(".\r\n"), stop);
            return true;
        });
        string answer = Run(fake, null);
        Assert.Equal(InfoMail.Length + "Subject: s\r\n\r\n".Length + size + 2 + 3 + Ok.Length, answer.Length);
        Assert.EndsWith("xxxx\r\n.\r\n" + Ok, answer);
    }

    [Fact]
    public void Message_10MbHeaderLine_HeaderMode0_SkippedBodyDelivered()
    {
        using var fake = Fake("RETR", async (s, stop) =>
        {
            await Flood("+OK\r\nX-Huge: ")(s, stop);
            await s.WriteAsync(Ascii("\r\nbody\r\n.\r\n"), stop);
            return true;
        });
        Run(fake, InfoMail + "body\r\n.\r\n" + Ok, headerMode: 0);
    }

    // ---- DELE / QUIT: after the data, so after CR LF . CR LF ----

    [Fact]
    public void Dele_Err_AfterTheData_38025()
    {
        using var fake = Fake("DELE", Send("-ERR cannot\r\n"));
        Run(fake, InfoMail + Message + ".\r\n" + Error(CmeError.MailRetrieveFailed));
        Assert.DoesNotContain("QUIT", fake.Commands);
    }

    [Fact]
    public void Dele_Stall_37964()
    {
        using var fake = Fake("DELE", Stall);
        Run(fake, InfoMail + Message + ".\r\n" + Error(CmeError.NoServerResponse));
    }

    [Fact]
    public void Dele_10MbLine_38025()
    {
        using var fake = Fake("DELE", Flood(""));
        Run(fake, InfoMail + Message + ".\r\n" + Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Quit_Err_MessageNotRemoved_38025()
    {
        using var fake = Fake("QUIT", SendThenDrop(Ascii("-ERR some deleted messages not removed\r\n")));
        Run(fake, InfoMail + Message + ".\r\n" + Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Quit_Drop_38025()
    {
        using var fake = Fake("QUIT", Drop);
        Run(fake, InfoMail + Message + ".\r\n" + Error(CmeError.MailRetrieveFailed));
    }

    [Fact]
    public void Quit_10MbOkLine_Ok()
    {
        using var fake = Fake("QUIT", Flood("+OK "));
        Run(fake, InfoMail + Message + ".\r\n" + Ok);
    }

    // ---- STLS refused: no password in clear ----

    [Fact]
    public void Stls_Refused_38016_NoUserSent()
    {
        using var fake = Fake("STLS", Send("-ERR not here\r\n"));
        var board = Create(fake.Port, "user", "pw", 1, silence: fake.Silence);
        Set(board, "POP3TLS", "2");
        Assert.Equal(Error(CmeError.OpenFailed), board.Command("AT#GETMAIL"));
        Assert.True(fake.WaitReleased());
        Assert.Equal(new[] { "STLS" }, fake.Commands.ToArray());
    }

    [Fact]
    public void ImplicitTls_PlainServer_38016()
    {
        using var fake = new FakePop3();
        var board = Create(fake.Port, "user", "pw", 1, silence: fake.Silence);
        Set(board, "POP3TLS", "1");
        Assert.Equal(Error(CmeError.OpenFailed), board.Command("AT#GETMAIL"));
    }
}
