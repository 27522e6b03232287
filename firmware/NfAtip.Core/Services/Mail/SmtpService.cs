using System;
using NfAtip.At;
using NfAtip.Net;
using NfAtip.Parameters;
using NfAtip.Platform;

namespace NfAtip.Services.Mail
{
    /// <summary>
    /// AT#SENDMAIL1..3 and AT#PUTMAIL over SMTP (chapter 3, Appendix A/B): a small client written for
    /// the board — one session routine walking the SMTP steps in order, one reply reader
    /// (<see cref="LineReader"/>), one send buffer (<see cref="MailWriter"/>), all preallocated.
    /// Every step's failure is a chapter 7 code: a rejection gives the step's own code, a server that
    /// stays silent for <see cref="ServiceTunables.ServerReplyMs"/> gives 37964, a connection the
    /// server drops gives 37966. The socket is closed on every path; QUIT is sent whenever the
    /// session is still in command state (docs/spec-decisions.md, "SMTP").
    /// </summary>
    public sealed class SmtpService
    {
        // Reply outcomes that are not a 3-digit code.
        private const int Garbage = -1;
        private const int Timeout = -2;
        private const int Closed = -3;

        /// <summary>A multi-line reply longer than this is hostile: taken as garbage.</summary>
        private const int MaxReplyLines = 64;

        /// <summary>The mail is already accepted when QUIT is sent: its reply is waited for briefly only.</summary>
        private const int QuitMs = 5000;

        private static readonly string[] RecNames = { "REC1", "REC2", "REC3" };
        private static readonly string[] CcNames = { "CCREC1", "CCREC2", "CCREC3" };
        private static readonly string[] SubjectNames = { "SUBJ1", "SUBJ2", "SUBJ3" };
        private static readonly string[] BodyNames = { "BODY1", "BODY2", "BODY3" };
        private static readonly string[] DayNames = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
        private static readonly string[] MonthNames = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        private static readonly byte[] Terminator = { 13, 10, 46, 13, 10 };

        private readonly ServiceContext _context;
        // RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; longer ones are cut and skipped.
        private readonly LineReader _reader;
        private readonly MailWriter _tx;
        private readonly MailBodyFilter _body = new MailBodyFilter();
        // AUTH PLAIN's NUL user NUL password (SMTPUN and SMTPPW are at most 64 characters each).
        private readonly byte[] _credentials = new byte[2 + 64 + 64];

        private ITcpConnection _connection;
        /// <summary>True while the session is in command state and the server is alive: QUIT makes sense.</summary>
        private bool _canQuit;
        private bool _parseEhlo;
        private bool _authOffered;
        private bool _authPlain;
        private bool _authLogin;
        private int _messageCount;

        public SmtpService(ServiceContext context)
        {
            _context = context;
            _reader = context.Buffers.Reply; // its 512-byte line is RFC 5321's bound
            _tx = new MailWriter(context.Buffers.Out);
        }

        /// <summary>AT#SENDMAILn: the stored combination n.</summary>
        public void SendCombination(int combination)
        {
            if (combination < 1 || combination > 3)
            {
                _context.Out.Error(CmeError.ResourceUnavailable);
                return;
            }
            Settings s = _context.Settings;
            int i = combination - 1;
            Finish(Send(s.Get(RecNames[i]), s.Get(CcNames[i]), s.Get(SubjectNames[i]), s.Get(BodyNames[i]), false));
        }

        /// <summary>AT#PUTMAIL: REC1/CCREC1/SUBJ1 with the body typed on the host line.</summary>
        public void SendFromHost()
        {
            Settings s = _context.Settings;
            Finish(Send(s.Get("REC1"), s.Get("CCREC1"), s.Get("SUBJ1"), null, true));
        }

        private void Finish(int code)
        {
            if (code == 0) _context.Out.Ok();
            else _context.Out.Error(code);
            _context.Out.Flush();
        }

        /// <summary>Checks the parameters, resolves and connects; the session runs in <see cref="Session"/>. Returns 0 or the #CME ERROR code.</summary>
        private int Send(string recipient, string cc, string subject, string body, bool fromHost)
        {
            // The command's echo reaches the host before the network waits.
            _context.Out.Flush();
            Settings s = _context.Settings;
            string domain = s.Get("DOMAIN");
            string sender = s.Get("SENDERADDR");
            // Appendix B: "If the RECn, SENDERADDR and DOMAIN parameters are empty, the response …
            // will be an associated error code" — checked before any connection, in the order the
            // SMTP session would have used them (EHLO, MAIL FROM, RCPT TO).
            if (domain.Length == 0) return CmeError.OpenFailed;
            if (sender.Length == 0) return CmeError.SenderRejected;
            if (recipient.Length == 0) return CmeError.RecipientRejected;

            string server = s.Get("SMTPSERV");
            uint address;
            int code = _context.Resolver.Resolve(server, out address);
            if (code != 0) return code;
            _connection = _context.Network.Connect(address, s.GetInt("SMTPPORT"), _context.Tunables.ConnectMs);
            if (_connection == null) return CmeError.OpenFailed;
            _canQuit = false;
            try
            {
                code = Session(server, domain, sender, recipient, cc, subject, body, fromHost);
                if (_canQuit) Quit();
                return code;
            }
            finally
            {
                _tx.Detach();
                _connection.Close();
                _connection = null;
            }
        }

        private int Session(string server, string domain, string sender, string recipient, string cc, string subject, string body, bool fromHost)
        {
            Settings s = _context.Settings;
            int tls = s.GetInt("SMTPTLS");
            // SMTPTLS 1 (extension): TLS from the first byte (SMTPS), before the greeting.
            if (tls == 1 && !_connection.StartTls(server, CaCertificate())) return CmeError.OpenFailed;
            _reader.Attach(_connection);
            _tx.Attach(_connection);

            int reply = ReadReply(_context.Tunables.ServerReplyMs);
            if (reply == Timeout) return CmeError.NoServerResponse;
            if (reply != 220) return CmeError.OpenFailed; // closed, garbage or a 554 greeting
            _canQuit = true;

            int code = Hello(domain);
            if (code == 0 && tls == 2) code = StartTls(server, domain);
            if (code == 0 && s.Get("SMTPUN").Length > 0) code = Authenticate(s.Get("SMTPUN"), s.Get("SMTPPW"));
            if (code == 0) code = Expect(Command("MAIL FROM:<", sender, ">"), 250, 250, CmeError.SenderRejected);
            if (code == 0) code = Expect(Command("RCPT TO:<", recipient, ">"), 250, 251, CmeError.RecipientRejected);
            if (code == 0 && cc.Length > 0) code = Expect(Command("RCPT TO:<", cc, ">"), 250, 251, CmeError.CcRejected);
            if (code == 0) code = Expect(Command("DATA", null, null), 354, 354, CmeError.BodyRejected);
            if (code != 0) return code;

            // In DATA the only way out is the final dot, which would send a cut mail: a failure from
            // here until the dot closes the connection without QUIT, and the server drops the mail.
            _canQuit = false;
            WriteHeaders(sender, recipient, cc, subject, domain);
            if (fromHost)
            {
                if (!_tx.Flush()) return CmeError.ClosedByPeer;
                _context.Out.Result(ResultCode.InfoWaitingForData);
                _context.Out.Flush();
                code = PumpHostBody();
                if (code != 0) return code;
            }
            else
            {
                WriteStoredBody(body);
            }
            _tx.Byte((byte)'.');
            _tx.CrLf();
            if (!_tx.Flush()) return CmeError.ClosedByPeer;
            _canQuit = true;
            return Expect(ReadReply(_context.Tunables.ServerReplyMs), 250, 250, CmeError.BodyRejected);
        }

        /// <summary>EHLO with the DOMAIN, HELO when the server does not know EHLO (5xx).</summary>
        private int Hello(string domain)
        {
            _authOffered = false;
            _authPlain = false;
            _authLogin = false;
            _parseEhlo = true;
            int reply = Command("EHLO ", domain, null);
            _parseEhlo = false;
            if (reply == 250) return 0;
            if (reply >= 500 && reply <= 599)
            {
                // An RFC 821 server: no extensions, so no AUTH either.
                _authOffered = false;
                reply = Command("HELO ", domain, null);
            }
            return Expect(reply, 250, 250, CmeError.OpenFailed);
        }

        /// <summary>SMTPTLS 2 (extension): STARTTLS, the TLS handshake, then EHLO again (RFC 3207: the old capabilities are void).</summary>
        private int StartTls(string server, string domain)
        {
            int code = Expect(Command("STARTTLS", null, null), 220, 220, CmeError.OpenFailed);
            if (code != 0) return code;
            if (!_connection.StartTls(server, CaCertificate()))
            {
                _canQuit = false;
                return CmeError.OpenFailed;
            }
            // Anything the server sent before the handshake is dropped (RFC 3207 6: no plaintext
            // injected before TLS may be taken as a reply inside it).
            _reader.Attach(_connection);
            return Hello(domain);
        }

        /// <summary>
        /// AUTH PLAIN when offered, else AUTH LOGIN. A server that offers no AUTH at all gets the
        /// mail without it (the spec: "some SMTP servers use an authentication process").
        /// </summary>
        private int Authenticate(string user, string password)
        {
            if (!_authOffered) return 0;
            int n;
            if (_authPlain)
            {
                n = 0;
                _credentials[n++] = 0;
                n = Copy(user, n);
                _credentials[n++] = 0;
                n = Copy(password, n);
                _tx.Text("AUTH PLAIN ");
                _tx.Base64(_credentials, 0, n);
                // One step carries both: a rejection cannot tell which was wrong; 535 is about the credentials as a whole, reported as the password.
                return Expect(SendLine(), 235, 235, CmeError.PasswordRejected);
            }
            if (!_authLogin) return CmeError.UserRejected; // only mechanisms this client does not speak
            int code = Expect(Command("AUTH LOGIN", null, null), 334, 334, CmeError.UserRejected);
            if (code != 0) return code;
            n = Copy(user, 0);
            _tx.Base64(_credentials, 0, n);
            code = Expect(SendLine(), 334, 334, CmeError.UserRejected);
            if (code != 0) return code;
            n = Copy(password, 0);
            _tx.Base64(_credentials, 0, n);
            return Expect(SendLine(), 235, 235, CmeError.PasswordRejected);
        }

        private int Copy(string text, int at)
        {
            for (int i = 0; i < text.Length && at < _credentials.Length; i++) _credentials[at++] = (byte)text[i];
            return at;
        }

        /// <summary>RFC 5322 header, then the empty line that starts the body.</summary>
        private void WriteHeaders(string sender, string recipient, string cc, string subject, string domain)
        {
            DateTime now = _context.Clock.UtcNow;
            _tx.Text("Date: ");
            _tx.Text(DayNames[(int)now.DayOfWeek]);
            _tx.Text(", ");
            _tx.Number(now.Day, 2);
            _tx.Byte((byte)' ');
            _tx.Text(MonthNames[now.Month - 1]);
            _tx.Byte((byte)' ');
            _tx.Number(now.Year, 4);
            _tx.Byte((byte)' ');
            WriteTime(now);
            _tx.Text(" +0000");
            _tx.CrLf();

            string name = _context.Settings.Get("SENDERNAME");
            _tx.Text("From: ");
            if (name.Length > 0)
            {
                // A quoted-string (RFC 5322 3.2.4): '"' and '\' inside are escaped.
                _tx.Byte((byte)'"');
                for (int i = 0; i < name.Length; i++)
                {
                    char c = name[i];
                    if (c == '"' || c == '\\') _tx.Byte((byte)'\\');
                    _tx.Byte(c < (char)0x80 ? (byte)c : (byte)'?');
                }
                _tx.Text("\" ");
            }
            _tx.Byte((byte)'<');
            _tx.Text(sender);
            _tx.Byte((byte)'>');
            _tx.CrLf();

            _tx.Text("To: ");
            _tx.Text(recipient);
            _tx.CrLf();
            if (cc.Length > 0)
            {
                _tx.Text("Cc: ");
                _tx.Text(cc);
                _tx.CrLf();
            }
            _tx.Text("Subject: ");
            _tx.Text(subject);
            _tx.CrLf();

            // Unique: the wall-clock second, the board's tick and a per-boot counter, at DOMAIN.
            _messageCount++;
            _tx.Text("Message-ID: <");
            _tx.Number(now.Year, 4);
            _tx.Number(now.Month, 2);
            _tx.Number(now.Day, 2);
            _tx.Number(now.Hour, 2);
            _tx.Number(now.Minute, 2);
            _tx.Number(now.Second, 2);
            _tx.Byte((byte)'.');
            _tx.Number(_context.Clock.TickMs, 1);
            _tx.Byte((byte)'.');
            _tx.Number(_messageCount, 1);
            _tx.Byte((byte)'@');
            _tx.Text(domain);
            _tx.Byte((byte)'>');
            _tx.CrLf();
            _tx.Text("MIME-Version: 1.0");
            _tx.CrLf();
            _tx.Text("Content-Type: text/plain; charset=us-ascii");
            _tx.CrLf();
            _tx.CrLf();
        }

        private void WriteTime(DateTime now)
        {
            _tx.Number(now.Hour, 2);
            _tx.Byte((byte)':');
            _tx.Number(now.Minute, 2);
            _tx.Byte((byte)':');
            _tx.Number(now.Second, 2);
        }

        /// <summary>
        /// BODYn as SMTP text: its line ends (CR, LF or CR LF as typed) become CR LF, lines starting
        /// with '.' are dot-stuffed, and the last line is ended so the final dot stands alone.
        /// </summary>
        private void WriteStoredBody(string body)
        {
            bool lineStart = true;
            for (int i = 0; i < body.Length; i++)
            {
                char c = body[i];
                if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && i + 1 < body.Length && body[i + 1] == '\n') i++;
                    _tx.CrLf();
                    lineStart = true;
                    continue;
                }
                if (lineStart && c == '.') _tx.Byte((byte)'.');
                _tx.Byte(c < (char)0x80 ? (byte)c : (byte)'?');
                lineStart = false;
            }
            if (!lineStart) _tx.CrLf();
        }

        /// <summary>
        /// AT#PUTMAIL's body: host bytes (not echoed) go to the server as they come, until CR LF . CR
        /// LF, which is echoed. Bytes after the terminator stay in the host port for the interpreter.
        /// Each host chunk is flushed to the server, so memory stays one send buffer whatever the
        /// body's size. If the server's connection fails, the rest of the body is still read (and
        /// dropped) up to the terminator, so none of it is taken for AT commands.
        /// </summary>
        private int PumpHostBody()
        {
            HostPort host = _context.Host;
            IClock clock = _context.Clock;
            int inactivity = _context.Tunables.HostInactivityMs;
            _body.Reset();
            // A terminal that ends lines with CR LF sends the LF of "AT#PUTMAIL" CR LF right after
            // the command: it belongs to the command line, not to the body.
            bool first = true;
            long deadline = clock.TickMs + inactivity;
            while (true)
            {
                int wait = (int)(deadline - clock.TickMs);
                if (wait < 0) break;
                int n = host.Fill(wait);
                if (n < 0) break; // the host line is gone: as good as silent
                if (n == 0) continue;
                deadline = clock.TickMs + inactivity;
                while (host.Pending > 0)
                {
                    byte b = host.Take();
                    if (first)
                    {
                        first = false;
                        if (b == 10) continue;
                    }
                    if (!_body.Feed(b, _tx)) continue;
                    // Chapter 3's process diagram: an error in data mode is "not preceded by the
                    // [CR][LF].[CR][LF] sequence"; only a body that can still be sent echoes it.
                    if (_tx.Failed) return CmeError.ClosedByPeer;
                    _context.Out.Bytes(Terminator, 0, Terminator.Length);
                    _context.Out.Flush();
                    return 0;
                }
                _tx.Flush();
            }
            // 50 s without a byte from the host (chapter 3, AT#PUTMAIL): the board cancels the session.
            return _tx.Failed ? CmeError.ClosedByPeer : CmeError.TcpSessionCancelled;
        }

        /// <summary>QUIT, and its reply waited for briefly (the outcome is already decided).</summary>
        private void Quit()
        {
            _canQuit = false;
            int wait = _context.Tunables.ServerReplyMs < QuitMs ? _context.Tunables.ServerReplyMs : QuitMs;
            _tx.Text("QUIT");
            _tx.CrLf();
            if (_tx.Flush()) ReadReply(wait);
        }

        /// <summary>Sends a + b + c CR LF (null parts skipped) and reads the reply.</summary>
        private int Command(string a, string b, string c)
        {
            _tx.Text(a);
            _tx.Text(b);
            _tx.Text(c);
            return SendLine();
        }

        /// <summary>Ends the buffered command line, sends it and reads the reply.</summary>
        private int SendLine()
        {
            _tx.CrLf();
            if (!_tx.Flush())
            {
                _canQuit = false;
                return Closed;
            }
            return ReadReply(_context.Tunables.ServerReplyMs);
        }

        /// <summary>0 when the reply is one of the expected codes, else the #CME ERROR code for it.</summary>
        private static int Expect(int reply, int ok, int alsoOk, int rejected)
        {
            if (reply == ok || reply == alsoOk) return 0;
            if (reply == Timeout) return CmeError.NoServerResponse;
            if (reply == Closed) return CmeError.ClosedByPeer;
            return rejected;
        }

        /// <summary>
        /// One SMTP reply, multi-line included, within one deadline: its code, or Garbage (a line
        /// without a 3-digit code, too many lines), Timeout, Closed. During EHLO it notes the AUTH
        /// mechanisms offered.
        /// </summary>
        private int ReadReply(int timeoutMs)
        {
            IClock clock = _context.Clock;
            long deadline = clock.TickMs + timeoutMs;
            for (int lines = 0; lines < MaxReplyLines; lines++)
            {
                int wait = (int)(deadline - clock.TickMs);
                if (wait < 0) wait = 0;
                int r = _reader.ReadLine(wait);
                if (r == 0)
                {
                    _canQuit = false;
                    return Timeout;
                }
                if (r < 0)
                {
                    _canQuit = false;
                    return Closed;
                }
                int code = _reader.ReplyCode();
                if (code < 0) return Garbage;
                if (_parseEhlo && lines > 0) NoteExtension();
                if (_reader.Length > 3 && _reader.Line[3] == (byte)'-') continue;
                return code;
            }
            return Garbage;
        }

        /// <summary>An EHLO line "250-AUTH PLAIN LOGIN" (or the old "AUTH=…" form): which mechanisms are offered.</summary>
        private void NoteExtension()
        {
            byte[] line = _reader.Line;
            int length = _reader.Length;
            if (length < 9 || !Matches(line, 4, length, "AUTH") || (line[8] != (byte)' ' && line[8] != (byte)'=')) return;
            _authOffered = true;
            int i = 9;
            while (i < length)
            {
                while (i < length && (line[i] == (byte)' ' || line[i] == (byte)'=')) i++;
                int start = i;
                while (i < length && line[i] != (byte)' ') i++;
                if (i - start == 5 && Matches(line, start, i, "PLAIN")) _authPlain = true;
                if (i - start == 5 && Matches(line, start, i, "LOGIN")) _authLogin = true;
            }
        }

        /// <summary>Case-insensitive ASCII match of <paramref name="word"/> at <paramref name="at"/>.</summary>
        private static bool Matches(byte[] line, int at, int length, string word)
        {
            if (at + word.Length > length) return false;
            for (int i = 0; i < word.Length; i++)
            {
                int c = line[at + i];
                if (c >= 'a' && c <= 'z') c -= 32;
                if (c != word[i]) return false;
            }
            return true;
        }

        private byte[] CaCertificate()
        {
            return _context.Certificates == null ? null : _context.Certificates.CaCertificate;
        }
    }
}
