using NfAtip.At;
using NfAtip.Net;
using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Services.DataMode;

namespace NfAtip.Services.Ftp
{
    /// <summary>
    /// AT#FTPGET and AT#FTPPUT (chapter 4): a small FTP client (RFC 959, EPSV of RFC 2428, FTPS of
    /// RFC 4217 as the FTPTLS extension). One session per command: connect, [AUTH TLS], USER/PASS,
    /// [PBSZ 0, PROT P], TYPE, CWD, EPSV (PASV when refused), data connection, RETR/STOR, the
    /// transfer, the final reply, QUIT. Every step that can fail names its own #CME ERROR code, so a
    /// failure anywhere takes the one exit path in <see cref="Finish"/>: the host learns the code
    /// (after an ETX once data mode began), QUIT goes out when the control connection is still
    /// usable, and both sockets are closed.
    /// All buffers are allocated once here; the data paths only move bytes between them.
    /// </summary>
    public sealed class FtpService
    {
        /// <summary>Data connection read size; the DLE-coded copy needs twice this at worst.</summary>
        private const int DataChunk = 1024;

        /// <summary>Reply lines longer than this are cut (the code and the EPSV/PASV numbers come first).</summary>
        private const int ReplyLineCapacity = 256;

        /// <summary>QUIT is a courtesy: its answer is waited for this long at most.</summary>
        private const int QuitReplyMs = 2000;

        /// <summary>How long the end of an upload waits for stray bytes on the data connection.</summary>
        private const int DrainMs = 20;

        // ReadReply results besides a reply code 100–599.
        private const int ReplyTimeout = -2;
        private const int ReplyBroken = -1; // connection closed or failed, or a line that is no reply

        private const byte Etx = 0x03;

        private readonly ServiceContext _context;
        private readonly LineReader _reply;
        private readonly byte[] _command = new byte[8 + 1 + 120 + 2 + 16];
        private readonly byte[] _data;   // ServiceBuffers.Data (DataChunk bytes)
        private readonly byte[] _coded;  // ServiceBuffers.Coded (2 × DataChunk)
        private readonly DleDecoder _decoder = new DleDecoder();
        private readonly ProgressWatch _progress = new ProgressWatch();

        private ITcpConnection _control;
        private ITcpConnection _transfer;
        private bool _dataMode;   // the host was told OK_Info_DataBegin / OK_Info_WaitingForData
        private bool _etxSent;    // the ETX that ends data mode went to the host
        private bool _controlUsable;
        private bool _secure;     // FTPTLS 1 or 2: control and data connections in TLS

        public FtpService(ServiceContext context)
        {
            _context = context;
            _reply = context.Buffers.Reply;
            _data = context.Buffers.Data;
            _coded = context.Buffers.Coded;
        }

        /// <summary>AT#FTPGET: FTPGETPATH/FTPGETFILENAME to the host, DLE coded, ETX at the end.</summary>
        public void Get()
        {
            Finish(Run(false));
        }

        /// <summary>AT#FTPPUT: host data (DLE coded, ended by ETX) to FTPPUTPATH/FTPPUTFILENAME.</summary>
        public void Put()
        {
            Finish(Run(true));
        }

        /// <summary>The whole session; returns 0 on success or the #CME ERROR code.</summary>
        private int Run(bool put)
        {
            _control = null;
            _transfer = null;
            _dataMode = false;
            _etxSent = false;
            _controlUsable = false;

            Settings settings = _context.Settings;
            string server = settings.Get("FTPSERV");
            int tls = settings.GetInt("FTPTLS");
            _secure = tls == 1 || tls == 2;

            uint address;
            int resolved = _context.Resolver.Resolve(server, out address);
            if (resolved != 0) return resolved;

            _control = _context.Network.Connect(address, settings.GetInt("FTPPORT"), _context.Tunables.ConnectMs);
            if (_control == null) return CmeError.OpenFailed;
            // Implicit FTPS: TLS from the first byte, before the greeting.
            if (tls == 1 && !_control.StartTls(server, CaCertificate())) return CmeError.OpenFailed;
            _reply.Attach(_control, ReplyLineCapacity);
            _controlUsable = true;

            int code = ReadReply();
            if (code != 220) return StepFailed(code, CmeError.OpenFailed);

            if (tls == 2)
            {
                code = Command("AUTH", "TLS");
                if (code != 234) return StepFailed(code, CmeError.OpenFailed);
                // Nothing may follow 234 in plain text; the reader starts afresh over TLS.
                if (!_control.StartTls(server, CaCertificate()))
                {
                    _controlUsable = false;
                    return CmeError.OpenFailed;
                }
                _reply.Attach(_control, ReplyLineCapacity);
            }

            code = Command("USER", settings.Get("FTPUN"));
            if (code == 331 || code == 332)
            {
                code = Command("PASS", settings.Get("FTPPW"));
                if (code != 230 && code != 202) return StepFailed(code, CmeError.PasswordRejected);
            }
            else if (code != 230)
            {
                return StepFailed(code, CmeError.UserRejected);
            }

            if (_secure)
            {
                // RFC 4217: PBSZ 0 then PROT P, so the data connection is TLS too.
                code = Command("PBSZ", "0");
                if (code != 200) return StepFailed(code, CmeError.OpenFailed);
                code = Command("PROT", "P");
                if (code != 200) return StepFailed(code, CmeError.OpenFailed);
            }

            code = Command("TYPE", IsAscii() ? "A" : "I");
            if (code != 200) return StepFailed(code, CmeError.OpenFailed);

            string path = settings.Get(put ? "FTPPUTPATH" : "FTPGETPATH");
            // Empty or "." is the login directory (Appendix A's AT#FTPPUTPATH="."): no CWD needed.
            if (path.Length > 0 && !(path.Length == 1 && path[0] == '.'))
            {
                code = Command("CWD", path);
                if (code < 200 || code > 299) return StepFailed(code, CmeError.ChangeDirectoryFailed);
            }

            int failure = OpenPassive();
            if (failure != 0) return failure;

            string file = settings.Get(put ? "FTPPUTFILENAME" : "FTPGETFILENAME");
            // A refused STOR (the file cannot be created or overwritten) is 38023, a refused RETR 38024.
            code = Command(put ? "STOR" : "RETR", file);
            if (code != 125 && code != 150) return StepFailed(code, put ? CmeError.DeleteFailed : CmeError.RetrieveFailed);
            if (_secure && !_transfer.StartTls(server, CaCertificate())) return CmeError.RetrieveFailed;

            failure = put ? Upload() : Download();
            if (failure != 0) return failure;

            code = ReadReply();
            if (code == 226 || code == 250) return 0;
            return StepFailed(code, CmeError.RetrieveFailed);
        }

        /// <summary>
        /// EPSV first (the data connection goes to the control connection's peer, so it works behind
        /// NAT and needs no address parsing); PASV when the server refuses it. The address in a PASV
        /// reply is ignored for the same reason and so a server cannot point the board elsewhere.
        /// </summary>
        private int OpenPassive()
        {
            int port = -1;
            int code = Command("EPSV", null);
            if (code == 229) port = ParseEpsvPort();
            else if (code >= 500 && code <= 599)
            {
                code = Command("PASV", null);
                if (code == 227) port = ParsePasvPort();
                else return StepFailed(code, CmeError.RetrieveFailed);
            }
            else return StepFailed(code, CmeError.RetrieveFailed);
            if (port <= 0) return CmeError.RetrieveFailed;
            _transfer = _context.Network.Connect(_control.RemoteAddress, port, _context.Tunables.ConnectMs);
            return _transfer == null ? CmeError.RetrieveFailed : 0;
        }

        /// <summary>RETR: data connection → host, DLE coded, until the server closes the data connection.</summary>
        private int Download()
        {
            EnterDataMode(ResultCode.InfoDataBegin);
            ISerialLine host = _context.Host.Line;
            IClock clock = _context.Clock;
            ServiceTunables t = _context.Tunables;
            _progress.Start(clock.TickMs, t.MinProgressBytes, t.ProgressWindowMs);
            int silent = 0; // ms of reads that brought nothing, since the last data (their waits, not the clock)
            while (true)
            {
                // One read waits at most a progress window, so a trickle is judged on time as well.
                int wait = t.ServerReplyMs - silent;
                if (t.ProgressWindowMs > 0 && t.ProgressWindowMs < wait) wait = t.ProgressWindowMs;
                int n = _transfer.Read(_data, 0, _data.Length, wait);
                if (!_progress.Progressing(n > 0 ? n : 0, clock.TickMs)) return CmeError.NoServerResponse; // a trickle (N1)
                // A reset is no end of file, whatever the control connection says next (a 226 included).
                if (n == TcpRead.Failed) return CmeError.RetrieveFailed;
                if (n < 0) break; // closed (FIN): the end of the file, or a failure the final reply tells
                if (n == 0)
                {
                    silent += wait;
                    if (silent >= t.ServerReplyMs) return CmeError.NoServerResponse;
                    continue;
                }
                silent = 0;
                int coded = Dle.EncodeInto(_data, 0, n, _coded, 0);
                host.Write(_coded, 0, coded);
            }
            _transfer.Close();
            _transfer = null;
            _context.Out.Byte(Etx);
            _etxSent = true;
            _context.Out.Flush();
            return 0;
        }

        /// <summary>
        /// STOR: host data, DLE decoded, → data connection until an unescaped ETX (echoed). In TYPE A
        /// the MSB of every byte is cleared, as the FTPTYPE note says. When the server stops taking
        /// data, the rest of the host's data is read and dropped up to its ETX, so it never reaches the
        /// command interpreter.
        /// </summary>
        private int Upload()
        {
            EnterDataMode(ResultCode.InfoWaitingForData);
            HostPort host = _context.Host;
            _decoder.Reset();
            bool ascii = IsAscii();
            int failure = 0;
            while (!_decoder.EndSeen)
            {
                if (!WaitForHost(host))
                {
                    // The host went silent (or its line closed) without ending the data: the board
                    // cancels the session, 37952 as for AT#PUTMAIL (spec-decisions M2, F5).
                    if (failure == 0) failure = CmeError.TcpSessionCancelled;
                    break;
                }
                // The pending block is decoded in place (the payload is never longer than its
                // coding); only the bytes the decoder used are taken, so what follows the ETX stays
                // for the command interpreter — the data pump's path, not a call per byte.
                int k = host.Peek(_data, 0, _data.Length);
                int n = _decoder.Decode(_data, 0, k, _data, 0);
                host.Skip(_decoder.Consumed);
                if (ascii)
                {
                    for (int i = 0; i < n; i++) _data[i] = (byte)(_data[i] & 0x7F);
                }
                if (n > 0 && failure == 0 && !_transfer.Write(_data, 0, n)) failure = CmeError.RetrieveFailed;
            }
            // Whatever the server sent on the data connection (a TLS 1.3 session ticket) is read first:
            // closing a socket with unread input sends a RST instead of a FIN, and a RST makes the
            // server's stack drop the file's tail it has not read yet.
            for (int i = 0; i < 8 && _transfer.Read(_data, 0, _data.Length, DrainMs) > 0; i++) { }
            _transfer.Close(); // the end of the file for the server
            _transfer = null;
            _context.Out.Byte(Etx); // the host's ETX echoed (or, after a silence, the end of data mode)
            _etxSent = true;
            _context.Out.Flush();
            return failure;
        }

        /// <summary>
        /// Waits for host bytes up to HostInactivityMs; false after that much silence or when the line
        /// closed. The deadline is kept here, so a line whose Read returns early still waits the full time.
        /// </summary>
        private bool WaitForHost(HostPort host)
        {
            long deadline = _context.Clock.TickMs + _context.Tunables.HostInactivityMs;
            while (true)
            {
                int wait = (int)(deadline - _context.Clock.TickMs);
                if (wait < 0) return false;
                int n = host.Fill(wait);
                if (n > 0) return true;
                if (n < 0) return false;
            }
        }

        private void EnterDataMode(int result)
        {
            _context.Out.Result(result);
            _context.Out.Flush();
            _dataMode = true;
        }

        /// <summary>The one exit: result to the host, QUIT when possible, sockets released.</summary>
        private void Finish(int failure)
        {
            if (_transfer != null)
            {
                _transfer.Close();
                _transfer = null;
            }
            if (_control != null)
            {
                if (_controlUsable && Send("QUIT", null))
                {
                    // Only to let the server close first; its answer changes nothing.
                    _reply.ReadLine(QuitReplyMs < _context.Tunables.ServerReplyMs ? QuitReplyMs : _context.Tunables.ServerReplyMs);
                }
                _control.Close();
                _control = null;
            }
            if (_dataMode && !_etxSent) _context.Out.Byte(Etx);
            if (failure == 0) _context.Out.Ok();
            else _context.Out.Error(failure);
            _context.Out.Flush();
        }

        /// <summary>
        /// Maps a reply that is not the expected one: no reply in time is 37964 whatever the step;
        /// a broken connection or garbage ends the control connection; any other reply is the step's code.
        /// </summary>
        private int StepFailed(int code, int stepError)
        {
            if (code == ReplyTimeout)
            {
                _controlUsable = false; // a stalled server is not asked to QUIT (that would wait again)
                return CmeError.NoServerResponse;
            }
            if (code == ReplyBroken) _controlUsable = false;
            return stepError;
        }

        private byte[] CaCertificate()
        {
            return _context.Certificates == null ? null : _context.Certificates.CaCertificate;
        }

        private bool IsAscii()
        {
            string type = _context.Settings.Get("FTPTYPE");
            return type.Length > 0 && (type[0] == 'A' || type[0] == 'a');
        }

        /// <summary>Sends a command and returns its reply (see <see cref="ReadReply"/>).</summary>
        private int Command(string verb, string argument)
        {
            if (!Send(verb, argument)) return ReplyBroken;
            return ReadReply();
        }

        /// <summary>"VERB argument CR LF" in the fixed command buffer; false when it does not fit or the write failed.</summary>
        private bool Send(string verb, string argument)
        {
            int at = Append(verb, 0);
            if (argument != null)
            {
                if (at < _command.Length) _command[at++] = (byte)' ';
                at = Append(argument, at);
            }
            if (at < 0 || at + 2 > _command.Length) return false;
            _command[at++] = 13;
            _command[at++] = 10;
            return _control.Write(_command, 0, at);
        }

        /// <summary>Copies ASCII text into the command buffer; -1 when it does not fit. CR/LF become '?' so a value can never add a command.</summary>
        private int Append(string text, int at)
        {
            if (at < 0) return -1;
            for (int i = 0; i < text.Length; i++)
            {
                if (at >= _command.Length) return -1;
                char c = text[i];
                _command[at++] = c >= (char)0x80 || c == '\r' || c == '\n' ? (byte)'?' : (byte)c;
            }
            return at;
        }

        /// <summary>
        /// One reply, multi-line ones included ("xyz-" … "xyz "): its code, <see cref="ReplyTimeout"/>
        /// when it is not complete within ServerReplyMs, <see cref="ReplyBroken"/> when the connection
        /// closed or the first line has no code. The deadline covers the whole reply, so endless
        /// continuation lines end too.
        /// </summary>
        private int ReadReply()
        {
            long deadline = _context.Clock.TickMs + _context.Tunables.ServerReplyMs;
            int first = -1;
            while (true)
            {
                int wait = (int)(deadline - _context.Clock.TickMs);
                if (wait < 0) return ReplyTimeout;
                int r = _reply.ReadLine(wait);
                if (r == 0) return ReplyTimeout;
                if (r < 0) return ReplyBroken;
                int code = _reply.ReplyCode();
                bool last = _reply.Length == 3 || (_reply.Length > 3 && _reply.Line[3] != (byte)'-');
                if (first < 0)
                {
                    if (code < 100 || code > 599) return ReplyBroken;
                    if (last) return code;
                    first = code;
                }
                else if (code == first && (_reply.Length == 3 || _reply.Line[3] == (byte)' '))
                {
                    return code;
                }
            }
        }

        /// <summary>"229 Entering Extended Passive Mode (|||port|)": the port, or -1.</summary>
        private int ParseEpsvPort()
        {
            byte[] line = _reply.Line;
            int length = _reply.Length;
            int i = 4;
            while (i < length && line[i] != (byte)'(') i++;
            if (i + 4 >= length) return -1;
            byte delimiter = line[i + 1];
            if (line[i + 2] != delimiter || line[i + 3] != delimiter) return -1;
            int port = 0;
            int digits = 0;
            for (i += 4; i < length && line[i] != delimiter; i++)
            {
                int d = line[i] - '0';
                if (d < 0 || d > 9 || ++digits > 5) return -1;
                port = port * 10 + d;
            }
            if (i >= length || digits == 0 || port > 65535) return -1;
            return port;
        }

        /// <summary>"227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)": p1 × 256 + p2, or -1.</summary>
        private int ParsePasvPort()
        {
            byte[] line = _reply.Line;
            int length = _reply.Length;
            int i = 4;
            while (i < length && (line[i] < (byte)'0' || line[i] > (byte)'9')) i++;
            int p1 = 0;
            int value = 0;
            int numbers = 0;
            int digits = 0;
            for (; i < length; i++)
            {
                int d = line[i] - '0';
                if (d >= 0 && d <= 9)
                {
                    if (++digits > 3) return -1;
                    value = value * 10 + d;
                    continue;
                }
                if (digits == 0 || value > 255) return -1;
                numbers++;
                if (numbers == 5) p1 = value;
                if (numbers == 6 || line[i] != (byte)',') break;
                value = 0;
                digits = 0;
            }
            if (i == length && digits > 0 && value <= 255) numbers++; // the reply ended right after p2
            if (numbers != 6) return -1;
            return p1 * 256 + value;
        }
    }
}
