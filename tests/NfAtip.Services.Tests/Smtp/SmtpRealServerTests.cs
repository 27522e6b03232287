using System.Text.RegularExpressions;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Smtp;

/// <summary>Two aiosmtpd servers: one offering AUTH PLAIN and LOGIN, one offering LOGIN only.</summary>
public sealed class SmtpServers : IDisposable
{
    public const string User = "board";
    public const string Password = "s3cret";

    public SmtpServer Main { get; } = new("--auth", User + ":" + Password,
        "--reject-sender", "banned@domain.com", "--reject-rcpt", "nobody@domain.com",
        "--reject-rcpt", "nocc@domain.com", "--reject-body", "REJECTME");

    public SmtpServer LoginOnly { get; } = new("--auth", User + ":" + Password, "--mechanisms", "LOGIN");

    public void Dispose()
    {
        Main.Dispose();
        LoginOnly.Dispose();
    }
}

/// <summary>AT#SENDMAILn and AT#PUTMAIL through the virtual board against a real SMTP server (aiosmtpd).</summary>
public class SmtpRealServerTests : IClassFixture<SmtpServers>
{
    private readonly SmtpServers _servers;

    public SmtpRealServerTests(SmtpServers servers) => _servers = servers;

    private const string DatePattern = @"Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000";
    private const string IdPattern = @"Message-ID: <\d{14}\.\d+\.\d+@domain\.com>";

    /// <summary>The received message with its Date and Message-ID values checked by pattern and blanked.</summary>
    private static string Normalize(byte[] data)
    {
        string text = SmtpBoard.Latin1(data);
        Assert.Matches(new Regex("^" + DatePattern + "\r\n", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^" + IdPattern + "\r\n", RegexOptions.Multiline), text);
        text = Regex.Replace(text, "^Date: [^\r]*", "Date: *", RegexOptions.Multiline);
        return Regex.Replace(text, "^Message-ID: [^\r]*", "Message-ID: *", RegexOptions.Multiline);
    }

    private static string Headers(string to = "recipient@domain.com", string? cc = "ccrecipient@domain.com", string subject = "Email Subject") =>
        "Date: *\r\n" +
        "From: \"Test module\" <module@domain.com>\r\n" +
        "To: " + to + "\r\n" +
        (cc == null ? "" : "Cc: " + cc + "\r\n") +
        "Subject: " + subject + "\r\n" +
        "Message-ID: *\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n" +
        "\r\n";

    [Fact]
    public void AppendixA_PutMail_ByteExactOnTheHostLine_AndTheServerGetsTheMail()
    {
        SmtpServer server = _servers.Main;
        // Appendix A "Sending an Email: AT#PUTMAIL" with echo on (the spec's default), every command typed.
        var board = new TestBoard(realTime: true);
        Assert.Contains("OK_Info_GprsActivation", board.Send("AT#CONNECTIONSTART\r"));
        Assert.Equal("AT#SMTPSERV= \"127.0.0.1\"\r\r\nOK\r\n", board.Send("AT#SMTPSERV= \"127.0.0.1\"\r"));
        Assert.Equal("AT#SMTPPORT=" + server.Port + "\r\r\nOK\r\n", board.Send("AT#SMTPPORT=" + server.Port + "\r"));
        Assert.Equal("AT#DOMAIN= \"domain.com\"\r\r\nOK\r\n", board.Send("AT#DOMAIN= \"domain.com\"\r"));
        Assert.Equal("AT#SENDERNAME= \"Test module\"\r\r\nOK\r\n", board.Send("AT#SENDERNAME= \"Test module\"\r"));
        Assert.Equal("AT#SENDERADDR= \"module@domain.com\"\r\r\nOK\r\n", board.Send("AT#SENDERADDR= \"module@domain.com\"\r"));
        Assert.Equal("AT#REC1= recipient@domain.com\r\r\nOK\r\n", board.Send("AT#REC1= recipient@domain.com\r"));
        Assert.Equal("AT#CCREC1= ccrecipient@domain.com\r\r\nOK\r\n", board.Send("AT#CCREC1= ccrecipient@domain.com\r"));
        Assert.Equal("AT#SUBJ1= \"Email Subject\"\r\r\nOK\r\n", board.Send("AT#SUBJ1= \"Email Subject\"\r"));
        int before = server.Count;

        string answer = board.Send("AT#PUTMAIL\r" + "Hello from the board.\r\nSecond line\r\n.\r\n");

        // The command is echoed, the body is not, the terminator is, then OK.
        Assert.Equal("AT#PUTMAIL\r\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\nOK\r\n", answer);
        Assert.Equal(before + 1, server.Count);
        var (data, envelope) = server.Message(before + 1);
        Assert.Equal(Headers() + "Hello from the board.\r\nSecond line\r\n", Normalize(data));
        Assert.Equal(new[] { "module@domain.com", "recipient@domain.com", "ccrecipient@domain.com" }, envelope);
        Assert.Equal("AT\r\r\nOK\r\n", board.Send("AT\r"));
    }

    [Fact]
    public void PutMail_Atv0_NumericCodes()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        Assert.Equal("\r0\r", board.Command("ATV0"));
        Assert.Equal("\r1028\r\r\n.\r\n\r0\r", board.Send("AT#PUTMAIL\rx\r\n.\r\n"));
    }

    [Fact]
    public void PutMail_DotStuffing_SplitTerminators_AndTheNextCommandAfterTheTerminator()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CCREC1=\"\""));
        // Lines starting with '.', near-terminators that are data, a CR alone, and padding so the
        // real terminator straddles the 256-byte reads of the host port.
        string body = ".leading dot\r\n..two dots\r\n.\rnot end\r\n.x\r\n\r\n.\r.\r\nmid\r.\r\n";
        string pad = new string('p', 256 - 11 - body.Length - 4) + "\r\n"; // the terminator starts at byte 254
        string input = "AT#PUTMAIL\r" + body + pad + "\r\n.\r\n" + "AT\r";
        int before = server.Count;

        string answer = board.Send(input);

        Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\nOK\r\n\r\nOK\r\n", answer); // the trailing OK answers "AT"
        var (data, envelope) = server.Message(before + 1);
        Assert.Equal(Headers(cc: null) + body + pad + "\r\n", Normalize(data));
        Assert.Equal(new[] { "module@domain.com", "recipient@domain.com" }, envelope);
    }

    [Fact]
    public void PutMail_TerminatorSplitAcrossEveryRead_OneByteAtATime()
    {
        SmtpServer server = _servers.Main;
        foreach (int chunk in new[] { 1, 2, 3, 4 })
        {
            var board = new TrickleBoard { Chunk = chunk };
            board.Send("ATE0\r");
            Assert.Contains("OK_Info_GprsActivation", board.Send("AT#CONNECTIONSTART\r"));
            foreach (string set in new[] { "SMTPSERV=\"127.0.0.1\"", "SMTPPORT=" + server.Port, "DOMAIN=\"domain.com\"",
                         "SENDERNAME=\"Test module\"", "SENDERADDR=\"module@domain.com\"", "REC1=\"recipient@domain.com\"", "SUBJ1=\"Split " + chunk + "\"" })
                Assert.Equal("\r\nOK\r\n", board.Send("AT#" + set + "\r"));
            int before = server.Count;
            // A CR LF after the command (terminals that send CR LF): that LF is not body.
            string answer = board.Send("AT#PUTMAIL\r\nline\r\n.\r\r\n.\r\n");
            Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\nOK\r\n", answer);
            var (data, _) = server.Message(before + 1);
            Assert.Equal(Headers(cc: null, subject: "Split " + chunk) + "line\r\n.\r\r\n", Normalize(data));
        }
    }

    [Fact]
    public void SendMail_StoredCombinations_BodyLineEndsAndDots()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        SmtpBoard.Set(board, "REC2", "second@domain.com");
        SmtpBoard.Set(board, "SUBJ2", "Mail two");
        SmtpBoard.Body(board, 2, "Line one\r.dot line\r\n..two\nlast");
        SmtpBoard.Set(board, "REC3", "third@domain.com");
        SmtpBoard.Set(board, "CCREC3", "copy3@domain.com");
        SmtpBoard.Set(board, "SUBJ3", "Mail three");
        SmtpBoard.Body(board, 3, "Three\r\n");
        SmtpBoard.Body(board, 1, "One");
        int before = server.Count;

        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL2"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL3"));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));

        var (two, env2) = server.Message(before + 1);
        Assert.Equal(Headers("second@domain.com", null, "Mail two") + "Line one\r\n.dot line\r\n..two\r\nlast\r\n", Normalize(two));
        Assert.Equal(new[] { "module@domain.com", "second@domain.com" }, env2);
        var (three, env3) = server.Message(before + 2);
        Assert.Equal(Headers("third@domain.com", "copy3@domain.com", "Mail three") + "Three\r\n", Normalize(three));
        Assert.Equal(new[] { "module@domain.com", "third@domain.com", "copy3@domain.com" }, env3);
        var (one, _) = server.Message(before + 3);
        Assert.Equal(Headers() + "One\r\n", Normalize(one));

        // Message-IDs differ from mail to mail.
        string Id(byte[] d) => Regex.Match(SmtpBoard.Latin1(d), "Message-ID: [^\r]*").Value;
        Assert.Equal(3, new[] { Id(one), Id(two), Id(three) }.Distinct().Count());
    }

    [Fact]
    public void SendMail_NoSenderName_FromIsTheAddressOnly_AndQuotesAreEscaped()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        SmtpBoard.Set(board, "SENDERNAME", "");
        SmtpBoard.Body(board, 1, "b");
        int before = server.Count;
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Contains("\r\nFrom: <module@domain.com>\r\n", SmtpBoard.Latin1(server.Message(before + 1).Data));

        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDERNAME=\"Pump \\3\""));
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Contains("\r\nFrom: \"Pump \\\\3\" <module@domain.com>\r\n", SmtpBoard.Latin1(server.Message(before + 2).Data));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Auth_Plain_And_Login_GoodCredentialsSend_BadPassword38081(bool loginOnly)
    {
        SmtpServer server = loginOnly ? _servers.LoginOnly : _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        SmtpBoard.Body(board, 1, "authenticated");
        SmtpBoard.Set(board, "SMTPUN", SmtpServers.User);
        SmtpBoard.Set(board, "SMTPPW", SmtpServers.Password);
        int before = server.Count;
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal(before + 1, server.Count);

        SmtpBoard.Set(board, "SMTPPW", "wrong");
        Assert.Equal("\r\n#CME ERROR: 38081\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 38081\r\n", board.Send("AT#PUTMAIL\r"));
        Assert.Equal(before + 1, server.Count);
        SmtpBoard.AssertCommandMode(board);
    }

    [Fact]
    public void Rejections_Sender38028_Recipient38029_Cc38030_Body38031()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        SmtpBoard.Body(board, 1, "fine");
        int before = server.Count;

        SmtpBoard.Set(board, "SENDERADDR", "banned@domain.com");
        Assert.Equal("\r\n#CME ERROR: 38028\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 38028\r\n", board.Send("AT#PUTMAIL\r"));
        SmtpBoard.Set(board, "SENDERADDR", "module@domain.com");

        SmtpBoard.Set(board, "REC1", "nobody@domain.com");
        Assert.Equal("\r\n#CME ERROR: 38029\r\n", board.Command("AT#SENDMAIL1"));
        SmtpBoard.Set(board, "REC1", "recipient@domain.com");

        SmtpBoard.Set(board, "CCREC1", "nocc@domain.com");
        Assert.Equal("\r\n#CME ERROR: 38030\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 38030\r\n", board.Send("AT#PUTMAIL\r"));
        SmtpBoard.Set(board, "CCREC1", "ccrecipient@domain.com");

        SmtpBoard.Body(board, 1, "please REJECTME");
        Assert.Equal("\r\n#CME ERROR: 38031\r\n", board.Command("AT#SENDMAIL1"));
        // PUTMAIL: the body went out, the terminator is echoed, then the server's verdict.
        Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\n#CME ERROR: 38031\r\n", board.Send("AT#PUTMAIL\rREJECTME\r\n.\r\n"));

        Assert.Equal(before, server.Count);
        SmtpBoard.AssertCommandMode(board);
    }

    [Fact]
    public void PutMail_HostSilent_AbortsWith37952_AndNothingIsSent()
    {
        SmtpServer server = _servers.Main;
        var board = SmtpBoard.Create(server.Port);
        board.Board.Tunables.HostInactivityMs = 300;
        int before = server.Count;
        // Part of a body, then silence: the cut mail must not reach the recipient.
        Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n#CME ERROR: 37952\r\n", board.Send("AT#PUTMAIL\rhalf a body\r\n"));
        Thread.Sleep(300);
        Assert.Equal(before, server.Count);
        SmtpBoard.AssertCommandMode(board);
    }

    [Fact]
    public void ServerNameNotResolved_38027_BeforeAnyConnection()
    {
        var board = SmtpBoard.Create(_servers.Main.Port, server: "no-such-host.invalid");
        // DNS (when the resolver has it) asks a loopback port where nothing answers.
        board.Board.Tunables.DnsPort = ServerProcess.FreeTcpPort();
        board.Board.Tunables.DnsQueryMs = 200;
        SmtpBoard.Set(board, "DNSSERV1", "127.0.0.1");
        SmtpBoard.Set(board, "DNSSERV2", "127.0.0.1");
        SmtpBoard.Body(board, 1, "x");
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Send("AT#PUTMAIL\r"));
        SmtpBoard.AssertCommandMode(board);
    }

    [Fact]
    public void NoServerListening_38016()
    {
        var board = SmtpBoard.Create(ServerProcess.FreeTcpPort());
        Assert.Equal("\r\n#CME ERROR: 38016\r\n", board.Command("AT#SENDMAIL1"));
        SmtpBoard.AssertCommandMode(board);
    }

    [Fact]
    public void WithoutLink_35867()
    {
        var board = SmtpBoard.Create(_servers.Main.Port);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#CONNECTIONSTOP"));
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#PUTMAIL"));
    }
}
