using NfAtip.Platform;

namespace NfAtip.Radio
{
    /// <summary>
    /// The line-oriented channel to the cellular module over its UART. It frames CR/LF lines in fixed
    /// buffers, drops the echo of the command just sent, and splits what the module says into two
    /// streams: answers to the exchange in progress (handed to the chat engine) and unsolicited
    /// result codes (handed to <see cref="Urcs"/> and <see cref="UrcArrived"/>), even when a URC
    /// arrives between the lines of an answer.
    ///
    /// Why the split needs the exchange: "+CREG: 1,1" answers AT+CREG? while "+CREG: 1" is a URC, and
    /// "NO CARRIER" ends a dial but is a URC when a call drops. So during an exchange a line matching
    /// the exchange's expected, abort or capture patterns is an answer; otherwise a line matching the
    /// URC table is a URC; any other line is an information line of the answer. Outside an exchange
    /// every line is unsolicited.
    ///
    /// Allocation: bytes are framed in place; a string is made once per URC line (the consumer needs
    /// one), never per byte. Matching answer lines works on the byte buffer.
    /// </summary>
    public sealed class ModuleChannel
    {
        /// <summary>Longest line kept; the rest of a longer line is dropped (never an overflow).</summary>
        public const int MaxLine = 256;

        /// <summary>URCs always recognised, whatever the module (3GPP TS 27.007 / V.250 spellings).</summary>
        public static readonly ChatMatch[] StandardUrcs =
        {
            ChatMatch.Exact("RING"),
            ChatMatch.Prefix("+CRING:"),
            ChatMatch.Prefix("+CLIP:"),
            ChatMatch.Exact("NO CARRIER"),
            ChatMatch.Prefix("+CREG:"),
            ChatMatch.Prefix("+CGREG:"),
            ChatMatch.Prefix("+CEREG:"),
            ChatMatch.Prefix("+CMTI:"),
            ChatMatch.Prefix("+CMT:"),
            ChatMatch.Prefix("+CUSD:"),
            ChatMatch.Prefix("+CGEV:"),
        };

        private readonly ISerialLine _line;
        private readonly byte[] _rx = new byte[64];
        private int _rxCount;
        private int _rxNext;
        private readonly byte[] _buf = new byte[MaxLine];
        private int _len;
        private int _lineLength;
        private readonly byte[] _tx = new byte[MaxLine + 1];
        private int _txLength;
        private bool _echoPending;
        private ChatMatch[] _moduleUrcs;
        private bool _inExchange;
        private ChatMatch[] _expect;
        private ChatMatch[] _abort;
        private string _capturePrefix;
        private bool _allAnswers;
        private bool _closed;

        public ModuleChannel(ISerialLine line, int urcCapacity)
        {
            _line = line;
            Urcs = new UrcQueue(urcCapacity);
        }

        /// <summary>Unsolicited lines waiting for their consumer, oldest first.</summary>
        public UrcQueue Urcs { get; private set; }

        /// <summary>Called for every URC as it is framed (before it is queued); may be null.</summary>
        public UrcHandler UrcArrived;

        /// <summary>
        /// Called for every URC after <see cref="UrcArrived"/>; when it returns true the line is not queued.
        /// The connection manager takes the "NO CARRIER" of a call it is ending this way, so the host sees
        /// the manager's own report of the call, not the module's.
        /// </summary>
        public UrcConsumer Consumer;

        /// <summary>Module-specific URC spellings ("Call Ready", "APP RDY" …) on top of <see cref="StandardUrcs"/>.</summary>
        public void SetModuleUrcs(ChatMatch[] urcs)
        {
            _moduleUrcs = urcs;
        }

        /// <summary>Bytes received since start (wraps); the chat engine compares it to tell "silent" from "wrong answer".</summary>
        public int BytesReceived { get; private set; }

        /// <summary>True once the serial line reported it is closed for good.</summary>
        public bool Closed
        {
            get { return _closed; }
        }

        /// <summary>The answer line last returned by <see cref="ReadAnswerLine"/> (valid until the next call).</summary>
        public byte[] Line
        {
            get { return _buf; }
        }

        public int LineLength
        {
            get { return _lineLength; }
        }

        /// <summary>The current answer line as a string (allocates: for captures and reports only).</summary>
        public string LineText()
        {
            return Ascii(_buf, 0, _lineLength);
        }

        /// <summary>
        /// Sends a command line followed by CR. "$1".."$9" in the text are replaced by <paramref name="args"/>
        /// (APN, cid, number), so scripts stay constant tables. The bytes are kept to recognise the echo.
        /// </summary>
        public void Send(string command, string[] args)
        {
            int n = 0;
            for (int i = 0; i < command.Length; i++)
            {
                char c = command[i];
                if (c == '$' && i + 1 < command.Length && command[i + 1] >= '1' && command[i + 1] <= '9')
                {
                    int a = command[i + 1] - '1';
                    i++;
                    string value = args != null && a < args.Length ? args[a] : null;
                    if (value == null) continue;
                    for (int j = 0; j < value.Length && n < MaxLine; j++) _tx[n++] = (byte)value[j];
                    continue;
                }
                if (n < MaxLine) _tx[n++] = (byte)c;
            }
            _txLength = n;
            _echoPending = true;
            _tx[n] = 13;
            _line.Write(_tx, 0, n + 1);
        }

        /// <summary>
        /// Sends a command line as given (the host's pass-through command: no "$n" substitution) followed
        /// by CR; longer than <see cref="MaxLine"/> is cut. The bytes are kept to recognise the echo.
        /// </summary>
        public void SendLine(byte[] command, int offset, int count)
        {
            int n = count < MaxLine ? count : MaxLine;
            for (int i = 0; i < n; i++) _tx[i] = command[offset + i];
            _txLength = n;
            _echoPending = true;
            _tx[n] = 13;
            _line.Write(_tx, 0, n + 1);
        }

        /// <summary>Raw bytes to the module (a dial abort character, a "+++" escape); no echo expected.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            _line.Write(data, offset, count);
        }

        /// <summary>
        /// Starts classifying lines as answers to one exchange: lines matching <paramref name="expect"/>,
        /// <paramref name="abort"/> or starting with <paramref name="capturePrefix"/> are answers.
        /// </summary>
        public void BeginExchange(ChatMatch[] expect, ChatMatch[] abort, string capturePrefix)
        {
            _inExchange = true;
            _expect = expect;
            _abort = abort;
            _capturePrefix = capturePrefix;
            _allAnswers = false;
        }

        /// <summary>
        /// Starts an exchange in which every line is an answer, URC spellings included: the host's
        /// pass-through command, whose answer ("+CREG: 0,1", "NO CARRIER") the host reads whole and in
        /// order, with anything the module says meanwhile relayed inline as the old relay did.
        /// </summary>
        public void BeginPassThrough()
        {
            _inExchange = true;
            _expect = null;
            _abort = null;
            _capturePrefix = null;
            _allAnswers = true;
        }

        /// <summary>Ends the exchange: from now on every line is unsolicited.</summary>
        public void EndExchange()
        {
            _inExchange = false;
            _expect = null;
            _abort = null;
            _capturePrefix = null;
            _allAnswers = false;
            _echoPending = false;
        }

        /// <summary>
        /// Frames lines until an answer line is available (true, see <see cref="Line"/>) or
        /// <paramref name="waitMs"/> passes without one (false). URCs met on the way are dispatched.
        /// With 0 it only processes what is already there or arrives at once (non-blocking).
        /// </summary>
        public bool ReadAnswerLine(IClock clock, int waitMs)
        {
            long deadline = clock.TickMs + waitMs;
            while (true)
            {
                while (_rxNext < _rxCount)
                {
                    if (Frame(_rx[_rxNext++])) return true;
                }
                if (_closed) return false;
                long left = deadline - clock.TickMs;
                if (left < 0) left = 0;
                int n = _line.Read(_rx, 0, _rx.Length, (int)left);
                if (n < 0)
                {
                    _closed = true;
                    return false;
                }
                if (n == 0)
                {
                    if (left == 0) return false;
                    continue;
                }
                BytesReceived += n;
                _rxCount = n;
                _rxNext = 0;
            }
        }

        /// <summary>
        /// True when the module sent bytes not framed yet (what the line has is read now, without waiting) or the
        /// line closed: then <see cref="Pump"/> has work. The board's quiet idle step asks only this (issue H).
        /// </summary>
        public bool HasInput()
        {
            if (_rxNext < _rxCount || _closed) return true;
            int n = _line.Read(_rx, 0, _rx.Length, 0);
            if (n == 0) return false;
            if (n < 0)
            {
                _closed = true;
                return true;
            }
            BytesReceived += n;
            _rxCount = n;
            _rxNext = 0;
            return true;
        }

        /// <summary>Dispatches every complete line already received or arriving within <paramref name="waitMs"/> (idle use).</summary>
        public void Pump(IClock clock, int waitMs)
        {
            // The idle step's poll: nothing buffered and nothing on the line ends here, without the clock reads
            // of the general loop (issue H, executed IL).
            if (waitMs == 0 && !HasInput()) return;
            while (ReadAnswerLine(clock, waitMs))
            {
                // Outside an exchange no line is an answer, so this only returns false; inside one the
                // caller should use ReadAnswerLine. Reaching here means an answer nobody asked for: drop it.
            }
        }

        /// <summary>
        /// Raw bytes from the module (a transparent data call after CONNECT): first whatever was received
        /// but not framed yet, then the line, waiting at most <paramref name="waitMs"/>. Returns the count,
        /// 0 when nothing came, -1 once the line is closed. The line framing starts afresh afterwards.
        /// </summary>
        public int ReadRaw(byte[] buffer, int offset, int count, int waitMs)
        {
            _len = 0;
            _echoPending = false;
            if (_rxNext < _rxCount)
            {
                int left = _rxCount - _rxNext;
                int n = left < count ? left : count;
                System.Array.Copy(_rx, _rxNext, buffer, offset, n);
                _rxNext += n;
                return n;
            }
            if (_closed) return -1;
            int read = _line.Read(buffer, offset, count, waitMs);
            if (read < 0)
            {
                _closed = true;
                return -1;
            }
            BytesReceived += read;
            return read;
        }

        /// <summary>
        /// Takes what was received but not framed yet, without reading the line (at a hand-over of the line to
        /// PPP: the bytes behind CONNECT). Returns the count copied; the line framing starts afresh afterwards.
        /// </summary>
        public int TakeUnframed(byte[] buffer, int offset, int count)
        {
            _len = 0;
            _echoPending = false;
            int left = _rxCount - _rxNext;
            int n = left < count ? left : count;
            if (n <= 0) return 0;
            System.Array.Copy(_rx, _rxNext, buffer, offset, n);
            _rxNext += n;
            return n;
        }

        /// <summary>Drops partial input (after a power cycle the module's first bytes are often noise).</summary>
        public void Discard()
        {
            _rxCount = 0;
            _rxNext = 0;
            _len = 0;
            _echoPending = false;
        }

        /// <summary>Takes one byte; true when it completed an answer line.</summary>
        private bool Frame(byte b)
        {
            if (b != 13 && b != 10)
            {
                if (b == 0) return false; // line noise at power-up
                if (_len < MaxLine) _buf[_len++] = b < 0x80 ? b : (byte)'?';
                return false;
            }
            if (_len == 0) return false; // the empty half of CR LF, or blank lines
            int length = _len;
            _len = 0;
            if (_echoPending && IsEcho(length))
            {
                _echoPending = false;
                return false;
            }
            if (_inExchange
                && (_allAnswers
                    || ChatMatch.FindIn(_expect, _buf, length) >= 0
                    || ChatMatch.FindIn(_abort, _buf, length) >= 0
                    || (_capturePrefix != null && StartsWith(_buf, length, _capturePrefix) && !IsRegistrationUrc(length))))
            {
                _lineLength = length;
                return true;
            }
            if (!_inExchange
                || ChatMatch.FindIn(StandardUrcs, _buf, length) >= 0
                || ChatMatch.FindIn(_moduleUrcs, _buf, length) >= 0)
            {
                string urc = Ascii(_buf, 0, length);
                UrcHandler handler = UrcArrived;
                if (handler != null) handler(urc);
                UrcConsumer consumer = Consumer;
                if (consumer == null || !consumer(urc)) Urcs.Add(urc);
                return false;
            }
            _lineLength = length; // an information line of the answer
            return true;
        }

        /// <summary>
        /// A +CREG/+CGREG/+CEREG line in its URC form: "+CREG: &lt;stat&gt;[,"&lt;lac&gt;",…]". The read answer
        /// the registration query captures is "+CREG: &lt;n&gt;,&lt;stat&gt;[,…]" (27.007 7.2): a number, a comma and
        /// a digit. A URC arriving while the query waits (coverage lost that moment) is not its answer.
        /// </summary>
        private bool IsRegistrationUrc(int length)
        {
            int at;
            if (StartsWith(_buf, length, "+CREG: ")) at = 7;
            else if (StartsWith(_buf, length, "+CGREG: ") || StartsWith(_buf, length, "+CEREG: ")) at = 8;
            else return false;
            int digits = 0;
            while (at < length && _buf[at] >= (byte)'0' && _buf[at] <= (byte)'9')
            {
                at++;
                digits++;
            }
            bool readForm = digits > 0 && at + 1 < length && _buf[at] == (byte)',' && _buf[at + 1] >= (byte)'0' && _buf[at + 1] <= (byte)'9';
            return !readForm;
        }

        private bool IsEcho(int length)
        {
            if (length != _txLength) return false;
            for (int i = 0; i < length; i++)
            {
                if (_buf[i] != _tx[i]) return false;
            }
            return true;
        }

        private static bool StartsWith(byte[] line, int length, string prefix)
        {
            if (length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (line[i] != (byte)prefix[i]) return false;
            }
            return true;
        }

        internal static string Ascii(byte[] data, int offset, int count)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++) chars[i] = (char)data[offset + i];
            return new string(chars);
        }
    }
}
