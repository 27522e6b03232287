using System.Net.Sockets;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Smtp;

/// <summary>The SMTP steps a scripted fake server can misbehave at.</summary>
public enum SmtpStep { Greeting, Ehlo, Helo, Auth, AuthUser, AuthPassword, Mail, Rcpt, Cc, Data, Body, EndOfData, Quit }

/// <summary>What the fake does at that step instead of the normal reply.</summary>
public enum SmtpFault { Stall, Drop, Reset, Garbage, HugeLine, Reject, EndlessReply, CodedGarbage }

/// <summary>
/// A fake SMTP server on <see cref="ScriptedTcpServer"/>: it answers like a normal ESMTP server
/// (AUTH as <see cref="AuthLine"/>) except at one step, where it does one fault. It records the
/// command lines it received and signals when the board closed the connection.
/// </summary>
public sealed class FakeSmtp : IDisposable
{
    private readonly ScriptedTcpServer _server;
    private readonly SmtpStep _step;
    private readonly SmtpFault _fault;
    private readonly string _reject;
    private readonly List<string> _commands = new();

    public string AuthLine { get; set; } = "250-AUTH PLAIN LOGIN\r\n";

    /// <summary>The whole EHLO reply, when it should not be the normal one (e.g. a 5xx to force HELO).</summary>
    public string? EhloReply { get; set; }
    public ManualResetEventSlim ClientClosed { get; } = new();

    /// <summary>Declared when the script ends and the server only reads on: the board's waits end at once.</summary>
    public PeerSilence Silence { get; } = new();
    public int Port => _server.Port;
    public int Accepted => _server.Accepted;

    public string[] Commands
    {
        get { lock (_commands) return _commands.ToArray(); }
    }

    public FakeSmtp(SmtpStep step, SmtpFault fault, string reject = "550 no")
    {
        _step = step;
        _fault = fault;
        _reject = reject;
        _server = new ScriptedTcpServer(Run);
    }

    private async Task Run(NetworkStream stream, CancellationToken ct)
    {
        try
        {
            await Converse(stream, ct);
            // After the script: nothing more is sent (a stall waits here too); read until the board closes.
            Silence.Declare(stream.Socket);
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, ct) > 0) { }
        }
        catch (Exception) { }
        ClientClosed.Set();
    }

    private async Task Converse(NetworkStream stream, CancellationToken ct)
    {
        var reader = new Lines(stream);
        if (!await Act(stream, SmtpStep.Greeting, "220 fake ESMTP\r\n", ct)) return;
        int rcpts = 0;
        string? authPhase = null;
        while (true)
        {
            string? line = await reader.ReadLine(ct);
            if (line == null) return;
            lock (_commands) _commands.Add(line);
            string verb = line.Length >= 4 ? line.Substring(0, 4).ToUpperInvariant() : line.ToUpperInvariant();
            SmtpStep step;
            string normal;
            if (authPhase == "user") { step = SmtpStep.AuthUser; normal = "334 UGFzc3dvcmQ6\r\n"; authPhase = "password"; }
            else if (authPhase == "password") { step = SmtpStep.AuthPassword; normal = "235 ok\r\n"; authPhase = null; }
            else switch (verb)
            {
                case "EHLO": step = SmtpStep.Ehlo; normal = EhloReply ?? "250-fake\r\n" + AuthLine + "250 8BITMIME\r\n"; break;
                case "HELO": step = SmtpStep.Helo; normal = "250 fake\r\n"; break;
                case "AUTH":
                    step = SmtpStep.Auth;
                    if (line.ToUpperInvariant().StartsWith("AUTH LOGIN")) { normal = "334 VXNlcm5hbWU6\r\n"; authPhase = "user"; }
                    else normal = "235 ok\r\n";
                    break;
                case "MAIL": step = SmtpStep.Mail; normal = "250 ok\r\n"; break;
                case "RCPT": step = rcpts++ == 0 ? SmtpStep.Rcpt : SmtpStep.Cc; normal = "250 ok\r\n"; break;
                case "DATA": step = SmtpStep.Data; normal = "354 go\r\n"; break;
                case "QUIT": await Act(stream, SmtpStep.Quit, "221 bye\r\n", ct); return;
                default: normal = "500 what\r\n"; step = (SmtpStep)(-1); break;
            }
            if (step == SmtpStep.Data && _step != SmtpStep.Data)
            {
                if (!await Act(stream, SmtpStep.Data, normal, ct)) return;
                // The body, up to the lone dot.
                bool first = true;
                while (true)
                {
                    string? body = await reader.ReadLine(ct);
                    if (body == null) return;
                    if (first && _step == SmtpStep.Body) { await Fault(stream, ct); return; }
                    first = false;
                    if (body == ".") break;
                }
                lock (_commands) _commands.Add(".");
                if (!await Act(stream, SmtpStep.EndOfData, "250 queued\r\n", ct)) return;
                continue;
            }
            if (step == _step) authPhase = null; // a refused AUTH step ends the exchange
            if (!await Act(stream, step, normal, ct)) return;
        }
    }

    /// <summary>Sends the normal reply, or does the fault at the chosen step. False: the script ends here.</summary>
    private async Task<bool> Act(NetworkStream stream, SmtpStep step, string normal, CancellationToken ct)
    {
        if (step != _step)
        {
            await Write(stream, normal, ct);
            return true;
        }
        return await Fault(stream, ct);
    }

    private async Task<bool> Fault(NetworkStream stream, CancellationToken ct)
    {
        switch (_fault)
        {
            case SmtpFault.Stall:
                return false; // say nothing; wait for the board to close
            case SmtpFault.Drop:
                stream.Socket.Shutdown(SocketShutdown.Both);
                stream.Close();
                return false;
            case SmtpFault.Reset:
                stream.Socket.LingerState = new LingerOption(true, 0);
                stream.Socket.Close();
                return false;
            case SmtpFault.Garbage:
                await Write(stream, "\u00ff\u0000garbage reply\r\n", ct);
                return true;
            case SmtpFault.CodedGarbage:
                // The code the step expects, then binary where a space, '-' or the line end must be
                // (RFC 5321 4.2): once taken as that code (issue I, hole 6).
                await Write(stream, (_step switch { SmtpStep.Greeting => "220", SmtpStep.Data => "354", SmtpStep.Auth => "235", _ => "250" }) + "\u0000\u0000\u0000\u00ff\u00fe\r\n", ct);
                return true;
            case SmtpFault.HugeLine:
                // 10 MB without a line end, then one: the board must skip it in bounded memory.
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'x');
                for (int i = 0; i < 160; i++) await stream.WriteAsync(chunk, ct);
                await Write(stream, "\r\n", ct);
                return true;
            case SmtpFault.EndlessReply:
                for (int i = 0; i < 1000; i++) await Write(stream, "250-more\r\n", ct);
                return true;
            default:
                await Write(stream, _reject + "\r\n", ct);
                return true;
        }
    }

    private static Task Write(NetworkStream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.Latin1.GetBytes(text), ct).AsTask();

    public void Dispose() => _server.Dispose();

    private sealed class Lines
    {
        private readonly NetworkStream _stream;
        private readonly byte[] _buffer = new byte[4096];
        private int _next, _count;

        public Lines(NetworkStream stream) => _stream = stream;

        public async Task<string?> ReadLine(CancellationToken ct)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_next == _count)
                {
                    _count = await _stream.ReadAsync(_buffer, ct);
                    _next = 0;
                    if (_count <= 0) return null;
                }
                byte b = _buffer[_next++];
                if (b == 10)
                {
                    if (line.Count > 0 && line[^1] == 13) line.RemoveAt(line.Count - 1);
                    return Encoding.Latin1.GetString(line.ToArray());
                }
                line.Add(b);
            }
        }
    }
}

/// <summary>
/// Every SMTP step against a server that stalls, drops, resets, sends garbage, a 10 MB line, an
/// endless multi-line reply or a rejection: each ends with its documented code, the socket is
/// closed, and the board answers the next command.
/// </summary>
public class SmtpFaultTests
{
    private static TestBoard Board(FakeSmtp fake, bool auth = false)
    {
        // "No answer after 3 minutes", kept: where the fake stalls it declares its silence and the
        // board's clock skips the wait; a prompt reply a loaded machine delays is still waited for.
        var board = SmtpBoard.Create(fake.Port, silence: fake.Silence);
        SmtpBoard.Body(board, 1, "body");
        if (auth)
        {
            SmtpBoard.Set(board, "SMTPUN", "user");
            SmtpBoard.Set(board, "SMTPPW", "pass");
        }
        return board;
    }

    private static void AssertEnded(TestBoard board, FakeSmtp fake, string answer, int code)
    {
        Assert.EndsWith("#CME ERROR: " + code + "\r\n", answer);
        Assert.True(fake.ClientClosed.Wait(30000), "the board did not close the connection");
        SmtpBoard.AssertCommandMode(board);
    }

    public static IEnumerable<object[]> Cases()
    {
        // Greeting: anything but a 220 is a failed session open; silence is "no response".
        yield return new object[] { SmtpStep.Greeting, SmtpFault.Stall, 37964 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.Drop, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.Reset, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.Garbage, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.HugeLine, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.Reject, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.EndlessReply, 38016 };
        yield return new object[] { SmtpStep.Greeting, SmtpFault.CodedGarbage, 38016 };
        foreach (var (step, rejected) in new[]
                 {
                     (SmtpStep.Ehlo, 38016), (SmtpStep.Auth, 38081), (SmtpStep.Mail, 38028), (SmtpStep.Rcpt, 38029),
                     (SmtpStep.Cc, 38030), (SmtpStep.Data, 38031), (SmtpStep.EndOfData, 38031),
                 })
        {
            yield return new object[] { step, SmtpFault.Stall, 37964 };
            yield return new object[] { step, SmtpFault.Drop, 37966 };
            yield return new object[] { step, SmtpFault.Reset, 37966 };
            yield return new object[] { step, SmtpFault.Garbage, rejected };
            yield return new object[] { step, SmtpFault.HugeLine, rejected };
            yield return new object[] { step, SmtpFault.EndlessReply, rejected };
            yield return new object[] { step, SmtpFault.CodedGarbage, rejected };
            if (step != SmtpStep.Ehlo) yield return new object[] { step, SmtpFault.Reject, rejected };
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SendMail_FaultAtEveryStep_EndsWithItsCode(SmtpStep step, SmtpFault fault, int code)
    {
        using var fake = new FakeSmtp(step, fault, step == SmtpStep.Auth ? "535 5.7.8 bad credentials" : "550 no") { AuthLine = "250-AUTH PLAIN\r\n" };
        var board = Board(fake, auth: true);
        string answer = board.Command("AT#SENDMAIL1");
        Assert.Equal("\r\n#CME ERROR: " + code + "\r\n", answer);
        AssertEnded(board, fake, answer, code);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PutMail_FaultAtEveryStep_EndsWithItsCode(SmtpStep step, SmtpFault fault, int code)
    {
        using var fake = new FakeSmtp(step, fault, step == SmtpStep.Auth ? "535 5.7.8 bad credentials" : "550 no") { AuthLine = "250-AUTH PLAIN\r\n" };
        var board = Board(fake, auth: true);
        if (step == SmtpStep.EndOfData)
        {
            // The body went out whole: the terminator is echoed, then the server's verdict.
            string answer = board.Send("AT#PUTMAIL\rbody line\r\n.\r\n");
            Assert.Equal("\r\nOK_Info_WaitingForData\r\n\r\n.\r\n\r\n#CME ERROR: " + code + "\r\n", answer);
            AssertEnded(board, fake, answer, code);
        }
        else
        {
            // The session never opened: the host gets the code instead of OK_Info_WaitingForData.
            string answer = board.Send("AT#PUTMAIL\r");
            Assert.Equal("\r\n#CME ERROR: " + code + "\r\n", answer);
            AssertEnded(board, fake, answer, code);
        }
    }

    [Fact]
    public void DropMidData_37966_AndTheRestOfTheBodyIsNotTakenForCommands()
    {
        using var fake = new FakeSmtp(SmtpStep.Body, SmtpFault.Reset);
        var board = Board(fake);
        // A long body: the board keeps reading it after the server is gone, up to the terminator.
        var body = new StringBuilder();
        for (int i = 0; i < 2000; i++) body.Append("AT#CONNECTIONSTOP line ").Append(i).Append("\r\n");
        string answer = board.Send("AT#PUTMAIL\r" + body + ".\r\n");
        // The write that fails, or the reply read after the final dot, sees the reset: the echo of the
        // terminator depends on which. Nothing of the body is answered as a command.
        Assert.Matches(@"^\r\nOK_Info_WaitingForData\r\n(\r\n\.\r\n)?\r\n#CME ERROR: 37966\r\n$", answer);
        AssertEnded(board, fake, answer, 37966);
    }

    [Fact]
    public void Ehlo5xx_FallsBackToHelo_AndSends()
    {
        using var fake = new FakeSmtp(SmtpStep.Ehlo, SmtpFault.Reject, "502 5.5.2 EHLO not implemented");
        var board = Board(fake);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Contains("HELO domain.com", fake.Commands);
        Assert.Contains("EHLO domain.com", fake.Commands);
        Assert.Equal("QUIT", fake.Commands[^1]);
    }

    [Fact]
    public void HeloRejected_38016()
    {
        using var fake = new FakeSmtp(SmtpStep.Helo, SmtpFault.Reject) { EhloReply = "500 5.5.1 unknown command\r\n" };
        var board = Board(fake);
        AssertEnded(board, fake, board.Command("AT#SENDMAIL1"), 38016);
        Assert.Contains("HELO domain.com", fake.Commands);
    }

    [Fact]
    public void Ehlo4xx_38016_NoHeloFallback()
    {
        using var fake = new FakeSmtp(SmtpStep.Ehlo, SmtpFault.Reject, "421 4.3.2 busy");
        var board = Board(fake);
        AssertEnded(board, fake, board.Command("AT#SENDMAIL1"), 38016);
        Assert.DoesNotContain("HELO domain.com", fake.Commands);
    }

    [Theory]
    [InlineData(SmtpStep.Auth, 38080)]
    [InlineData(SmtpStep.AuthUser, 38080)]
    [InlineData(SmtpStep.AuthPassword, 38081)]
    public void AuthLogin_UsernameRejected38080_PasswordRejected38081(SmtpStep step, int code)
    {
        using var fake = new FakeSmtp(step, SmtpFault.Reject, "535 5.7.8 no") { AuthLine = "250-AUTH LOGIN\r\n" };
        var board = Board(fake, auth: true);
        AssertEnded(board, fake, board.Command("AT#SENDMAIL1"), code);
        Assert.Contains("AUTH LOGIN", fake.Commands);
        if (step != SmtpStep.Auth) Assert.Contains("dXNlcg==", fake.Commands); // "user"
        if (code == 38081) Assert.Contains("cGFzcw==", fake.Commands); // "pass"
    }

    [Fact]
    public void AuthPlain_SendsBase64OfNulUserNulPassword()
    {
        using var fake = new FakeSmtp(SmtpStep.Quit, SmtpFault.Stall) { AuthLine = "250-AUTH=LOGIN PLAIN\r\n" };
        var board = Board(fake, auth: true);
        Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1")); // a silent QUIT does not undo a sent mail
        Assert.Contains("AUTH PLAIN " + Convert.ToBase64String(Encoding.ASCII.GetBytes("\0user\0pass")), fake.Commands);
        Assert.True(fake.ClientClosed.Wait(30000));
    }

    [Fact]
    public void AuthOnlyUnknownMechanisms_38080_NoAuthOffered_SendsWithout()
    {
        using (var fake = new FakeSmtp(SmtpStep.Quit, SmtpFault.Drop) { AuthLine = "250-AUTH CRAM-MD5 XOAUTH2\r\n" })
        {
            var board = Board(fake, auth: true);
            AssertEnded(board, fake, board.Command("AT#SENDMAIL1"), 38080);
            Assert.DoesNotContain(fake.Commands, c => c.StartsWith("MAIL"));
        }
        using (var fake = new FakeSmtp(SmtpStep.Quit, SmtpFault.Drop) { AuthLine = "" })
        {
            var board = Board(fake, auth: true);
            Assert.Equal("\r\nOK\r\n", board.Command("AT#SENDMAIL1"));
            Assert.DoesNotContain(fake.Commands, c => c.StartsWith("AUTH"));
        }
    }

    [Theory]
    [InlineData("DOMAIN", 38016)]
    [InlineData("SENDERADDR", 38028)]
    [InlineData("REC1", 38029)]
    public void EmptyParameter_FailsBeforeAnyConnection(string name, int code)
    {
        using var fake = new FakeSmtp(SmtpStep.Quit, SmtpFault.Drop);
        var board = Board(fake);
        SmtpBoard.Set(board, name, "");
        Assert.Equal("\r\n#CME ERROR: " + code + "\r\n", board.Command("AT#SENDMAIL1"));
        Assert.Equal("\r\n#CME ERROR: " + code + "\r\n", board.Command("AT#PUTMAIL"));
        Thread.Sleep(100);
        Assert.Equal(0, fake.Accepted);
    }
}
