using NfAtip.At;
using NfAtip.Net;
using NfAtip.Platform;

namespace NfAtip.Services.Mail
{
    /// <summary>
    /// AT#GETMAIL over POP3 (chapter 3, RFC 1939): greeting, [STLS,] USER, PASS, STAT; no message →
    /// OK_Info_NoMail; otherwise RETR 1 → OK_Info_Mail, the message (headers per POP3HEADERMODE,
    /// dot-unstuffed) streamed to the host and closed by CR LF . CR LF, then DELE 1, QUIT → OK.
    /// One pass through the steps, each mapped to the spec's error code; a reply not arriving within
    /// ServerReplyMs is 37964. On any failure the connection is closed WITHOUT QUIT, so the server
    /// never enters its UPDATE state and the message stays in the mailbox.
    /// All buffers are allocated once here: the message goes socket → 512-byte chunk → host writer.
    /// </summary>
    public sealed class Pop3Service
    {
        // Status lines only matter by their first bytes ("+OK n m"); longer ones are cut by the reader.
        private const int StatusLineCapacity = 128;
        private const int ChunkSize = 512;

        private readonly ServiceContext _context;
        private readonly LineReader _reader;
        private readonly Pop3MessageFilter _filter = new Pop3MessageFilter();
        private readonly byte[] _chunk; // ServiceBuffers.Data (ChunkSize of it used)
        private readonly ProgressWatch _progress = new ProgressWatch();
        // "PASS " + a 120-character value + CR LF fits.
        private readonly byte[] _command = new byte[136];
        private ITcpConnection _connection;

        public Pop3Service(ServiceContext context)
        {
            _context = context;
            _reader = context.Buffers.Reply;
            _chunk = context.Buffers.Data;
        }

        /// <summary>AT#GETMAIL: the first message, then deleted on the server.</summary>
        public void Retrieve()
        {
            int code;
            try
            {
                code = Session();
            }
            finally
            {
                // Every path releases the socket, an unexpected fault included.
                if (_connection != null)
                {
                    _connection.Close();
                    _connection = null;
                }
            }
            if (code != 0) _context.Out.Error(code);
            _context.Out.Flush();
        }

        /// <summary>The whole exchange; 0 when the final answer was written, else the error code to print.</summary>
        private int Session()
        {
            Parameters.Settings settings = _context.Settings;
            string server = settings.Get("POP3SERV");
            string user = settings.Get("POP3UN");
            string password = settings.Get("POP3PW");
            int port = settings.GetInt("POP3PORT");
            bool sendHeader = settings.GetInt("POP3HEADERMODE") == 1;
            int tls = settings.GetInt("POP3TLS");

            // No user name can only be rejected: say so without spending GPRS data on a connection.
            if (user.Length == 0) return CmeError.UserRejected;

            uint address;
            int code = _context.Resolver.Resolve(server, out address);
            if (code != 0) return code;

            _connection = _context.Network.Connect(address, port, _context.Tunables.ConnectMs);
            if (_connection == null) return CmeError.OpenFailed;
            if (tls == 1 && !StartTls(server)) return CmeError.OpenFailed; // POP3S: TLS from the first byte
            _reader.Attach(_connection, StatusLineCapacity);

            code = Reply(CmeError.OpenFailed); // greeting
            if (code != 0) return code;

            if (tls == 2)
            {
                // STLS refused means the password would go out in clear: fail instead (38016).
                code = Command("STLS", null, CmeError.OpenFailed);
                if (code != 0) return code;
                if (!StartTls(server)) return CmeError.OpenFailed;
                _reader.Attach(_connection, StatusLineCapacity); // nothing of the plain-text phase may be read as TLS data
            }

            code = Command("USER ", user, CmeError.UserRejected);
            if (code != 0) return code;
            code = Command("PASS ", password, CmeError.PasswordRejected);
            if (code != 0) return code;

            code = Command("STAT", null, CmeError.MailRetrieveFailed);
            if (code != 0) return code;
            int messages = MessageCount();
            if (messages < 0) return CmeError.MailRetrieveFailed;
            if (messages == 0)
            {
                // The mailbox is empty whatever QUIT answers; QUIT just ends the session politely.
                Command("QUIT", null, CmeError.MailRetrieveFailed);
                _context.Out.Result(ResultCode.InfoNoMail);
                return 0;
            }

            // OK_Info_Mail only once the server agreed to send the message, so the host switches
            // to data mode only when data follows.
            code = Command("RETR 1", null, CmeError.MailRetrieveFailed);
            if (code != 0) return code;
            ResponseWriter output = _context.Out;
            output.Result(ResultCode.InfoMail);
            // ATV1 "CR LF OK_Info_Mail CR LF" already ends a line; ATV0 "CR 3073 CR" and ATQ1 don't.
            _filter.Reset(sendHeader, output.Verbose && !output.Quiet);
            code = StreamMessage();
            // The host leaves data mode on CR LF . CR LF in every case, also when an error follows
            // ("it is preceded by a (CR)(LF)(.)(CR)(LF) sequence").
            if (!_filter.HostAtLineStart) output.CrLf();
            output.Byte((byte)'.');
            output.CrLf();
            if (code != 0) return code;

            // DELE only marks the message; the server removes it when QUIT is accepted, so a QUIT
            // that fails means the message may still be there: 38025, after the data.
            code = Command("DELE 1", null, CmeError.MailRetrieveFailed);
            if (code != 0) return code;
            code = Command("QUIT", null, CmeError.MailRetrieveFailed);
            if (code != 0) return code;
            output.Ok();
            return 0;
        }

        /// <summary>
        /// Streams the RETR answer through the filter until its "." line: bounded by the chunk
        /// whatever the message or line length. A connection lost in the header part is 38026, in the
        /// body 38025; ServerReplyMs without a byte is 37964.
        /// </summary>
        private int StreamMessage()
        {
            IClock clock = _context.Clock;
            int replyMs = _context.Tunables.ServerReplyMs;
            long deadline = clock.TickMs + replyMs;
            _progress.Start(clock.TickMs, _context.Tunables.MinProgressBytes, _context.Tunables.ProgressWindowMs);
            while (!_filter.Ended)
            {
                _context.Out.Flush(); // the host gets each chunk before the next wait
                int wait = (int)(deadline - clock.TickMs);
                if (wait < 0) return CmeError.NoServerResponse;
                int n = _reader.ReadRaw(_chunk, 0, ChunkSize, wait);
                if (n < 0) return _filter.InHeader ? CmeError.MailHeaderFailed : CmeError.MailRetrieveFailed;
                if (!_progress.Progressing(n, clock.TickMs)) return CmeError.NoServerResponse; // a trickle (N1)
                if (n == 0) continue; // the deadline decides
                deadline = clock.TickMs + replyMs;
                // Bytes after the "." line would be a server answering what was not asked: ignored.
                _filter.Feed(_chunk, 0, n, _context.Out);
            }
            return 0;
        }

        private bool StartTls(string server)
        {
            CertificateStore certificates = _context.Certificates;
            byte[] ca = certificates == null ? null : certificates.CaCertificate;
            return _connection.StartTls(server, ca); // null CA: the platform's own trust store
        }

        /// <summary>Sends "verb[argument] CR LF" and reads the status line; 0 on +OK.</summary>
        private int Command(string verb, string argument, int failure)
        {
            int n = Put(verb, 0);
            if (argument != null) n = Put(argument, n);
            _command[n++] = 13;
            _command[n++] = 10;
            if (!_connection.Write(_command, 0, n)) return failure;
            return Reply(failure);
        }

        /// <summary>Copies ASCII text into the command buffer; anything else (CR, LF included) becomes '?' so a value cannot inject a command.</summary>
        private int Put(string text, int at)
        {
            int room = _command.Length - 2;
            for (int i = 0; i < text.Length && at < room; i++)
            {
                char c = text[i];
                _command[at++] = c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
            }
            return at;
        }

        /// <summary>
        /// Reads one status line: 0 for "+OK", <paramref name="failure"/> for "-ERR", anything else
        /// or a closed connection, 37964 when nothing complete arrives within ServerReplyMs.
        /// </summary>
        private int Reply(int failure)
        {
            _context.Out.Flush(); // nothing the host should see waits behind a server reply
            int r = _reader.ReadLine(_context.Tunables.ServerReplyMs);
            if (r == 0) return CmeError.NoServerResponse;
            if (r < 0) return failure;
            return _reader.IsStatus("+OK") ? 0 : failure;
        }

        /// <summary>The message count of a "+OK nn mm" STAT answer, or -1 when it has none.</summary>
        private int MessageCount()
        {
            byte[] line = _reader.Line;
            int length = _reader.Length;
            int i = 3;
            while (i < length && line[i] == (byte)' ') i++;
            int count = 0;
            int digits = 0;
            while (i < length && line[i] >= (byte)'0' && line[i] <= (byte)'9')
            {
                if (++digits > 9) return -1; // no mailbox holds a billion messages: garbage
                count = count * 10 + (line[i] - '0');
                i++;
            }
            return digits == 0 ? -1 : count;
        }
    }
}
