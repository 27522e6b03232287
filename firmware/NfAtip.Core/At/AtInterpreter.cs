using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Radio;
using NfAtip.Services;

namespace NfAtip.At
{
    /// <summary>
    /// The host line's command mode: the line discipline (echo, backspace, CR ends a line, bounded
    /// length), the AT# parameters (set/read/test from <see cref="ParameterTable"/>), the AT# action
    /// commands (<see cref="ActionCommand"/> rows), the V.250 commands answered locally
    /// (AT, ATE, ATQ, ATV, ATZ, ATS0, AT+IPR, AT+IFC, AT+WOPEN) and everything else relayed to the
    /// cellular module. Bytes are fed one at a time into fixed buffers: nothing is allocated until
    /// a value is actually stored.
    /// </summary>
    public sealed class AtInterpreter
    {
        /// <summary>
        /// Longest command line kept, in bytes. The longest valid line, AT#FTPGETFILENAME="<120 chars>",
        /// is 140 bytes; the rest is headroom for spaces and for commands relayed to the module.
        /// Longer lines are answered with 34881 once their CR arrives.
        /// </summary>
        public const int MaxLineLength = 256;

        private const int MaxMnemonicLength = 16; // two eight-byte words in NameIs
        private const byte Cr = 13;
        private const byte Lf = 10;
        private const byte Backspace = 8;
        private const byte Delete = 0x7F;
        private const byte CtrlZ = 0x1A;
        private const byte Escape = 0x1B;
        private const byte Etx = 0x03;
        private const int AtWord = 't' << 8 | 'a'; // "at" as a little-endian 16-bit word
        private const byte Quote = (byte)'"';
        private const byte Space = (byte)' ';

        private enum Op
        {
            Execute,
            Read,
            Set,
            Test
        }

        private readonly ResponseWriter _out;
        private readonly Settings _settings;
        private readonly ISerialLine _host;
        private readonly HostPassThrough _radio;
        // The action table as parallel arrays, read once from the rows SetActions is given (issue H: 30 row
        // objects took 1.8 KB of nanoCLR heap; the arrays a third of it). Few rows answer a query ("?"):
        // their indexes and handlers are kept apart.
        private string[] _actionNames = new string[0];
        private ExecuteHandler[] _actionRuns = new ExecuteHandler[0];
        private int[] _actionArguments = new int[0];
        private int[] _queryRows = new int[0];
        private ExecuteHandler[] _queryRuns = new ExecuteHandler[0];

        private readonly byte[] _line = new byte[MaxLineLength];
        private int _length;
        private bool _overflow;
        // The typed mnemonic (upper half) and the name it is compared with (lower half), each as bytes padded with
        // zeros, so Find compares eight bytes at a time (see NameIs).
        private readonly byte[] _names = new byte[2 * MaxMnemonicLength];
        private readonly ITextEncoder _encoder;
        private readonly char[] _value = new char[ParameterTable.LongestValue];
        // The AT# mnemonics by hash, so a command finds its row in a probe or two instead of a walk over the 63
        // parameter rows and the action table (issue H: 1 100 IL for a row near the end). A slot holds 0 (empty),
        // 1 + a parameter row, or 1 + ActionBase + an action; collisions go to the next slot.
        private const int IndexSize = 128; // 2^7: Slot takes the top 7 bits
        private const int ActionBase = 64;
        private readonly byte[] _index = new byte[IndexSize];

        // Multi-line entry ended by Ctrl-Z: a BODYn parameter ("AT#BODY1<CR>text<Ctrl-Z>"), _entry is its row, or
        // the CA certificate of the TLS extension (AT#CACERT), _entry is CertificateEntry. One field, so a byte asks
        // one question (issue H).
        private const int NoEntry = -1;
        private const int CertificateEntry = 1000; // not a parameter row
        private int _entry = NoEntry;
        private readonly byte[] _body = new byte[ParameterTable.BodyLength];
        private int _bodyLength;
        private bool _bodyOverflow;
        private CertificateStore _certificates;

        /// <summary>ATE: echo received characters back to the host.</summary>
        public bool Echo = true;

        /// <summary>
        /// Set by every command that may change something besides its answer (a setting, the line, a call, a
        /// service, the module), by multi-line entries, by an ETX between commands and by bytes that leave a line
        /// partly typed; the board clears it. A line of plain AT, reads, tests and refused commands leaves it
        /// clear: the board is then as quiet as before the line, and idle (issue H).
        /// </summary>
        public bool Acted;

        /// <summary>
        /// Runs on an ETX between commands (no line partly typed, no entry). The board's handler aborts a listening
        /// AT#LTCPSTART ("The LTCP command can be aborted before an incoming TCP request has been received by issuing
        /// an &lt;ETX&gt;"); null: the ETX is dropped as other control bytes there are. Only an ETX pays for it, not
        /// every line (issue H: asking the services before each line cost ~14 IL).
        /// </summary>
        public ExecuteHandler EtxBetweenCommands;

        public AtInterpreter(ResponseWriter output, Settings settings, ISerialLine host, HostPassThrough radio)
        {
            _out = output;
            _encoder = output.Encoder;
            _settings = settings;
            _host = host;
            _radio = radio;
            IndexMnemonics();
        }

        /// <summary>Installs the action command table (AT#VALL, AT#CONNECTIONSTART …).</summary>
        public void SetActions(ActionCommand[] actions)
        {
            int n = actions.Length;
            int queries = 0;
            _actionNames = new string[n];
            _actionRuns = new ExecuteHandler[n];
            _actionArguments = new int[n];
            for (int i = 0; i < n; i++)
            {
                _actionNames[i] = actions[i].Name;
                _actionRuns[i] = actions[i].Execute;
                _actionArguments[i] = actions[i].Argument;
                if (actions[i].Query != null) queries++;
            }
            _queryRows = new int[queries];
            _queryRuns = new ExecuteHandler[queries];
            for (int i = 0, q = 0; i < n; i++)
            {
                if (actions[i].Query == null) continue;
                _queryRows[q] = i;
                _queryRuns[q++] = actions[i].Query;
            }
            IndexMnemonics();
        }

        /// <summary>Fills <see cref="_index"/> with the parameter rows and the actions.</summary>
        private void IndexMnemonics()
        {
            ParamDef[] rows = ParameterTable.Rows;
            if (rows.Length > ActionBase || rows.Length + _actionNames.Length > IndexSize * 3 / 4)
                throw new System.InvalidOperationException("AT# mnemonic index: too many rows or actions for its size");
            System.Array.Clear(_index, 0, IndexSize);
            for (int i = 0; i < rows.Length; i++) Enter(rows[i].Name, i);
            for (int i = 0; i < _actionNames.Length; i++) Enter(_actionNames[i], ActionBase + i);
        }

        private void Enter(string name, int entry)
        {
            int n = name.Length;
            if (n > MaxMnemonicLength) throw new System.InvalidOperationException("AT# mnemonic longer than MaxMnemonicLength: " + name);
            TextBytes.Put(_encoder, name, 0, n, _names, MaxMnemonicLength);
            int slot = TypedSlot(n);
            while (_index[slot] != 0) slot = (slot + 1) & (IndexSize - 1);
            _index[slot] = (byte)(entry + 1);
        }

        /// <summary>
        /// Pads the typed mnemonic (its <paramref name="length"/> bytes in the upper half of _names) with zeros, as
        /// NameIs compares it, and returns its index slot: its two eight-byte words (the native BitConverter.ToInt64)
        /// folded, then Fibonacci hashing, the top 7 bits of the product with 2^64/φ. Every character counts and no
        /// loop runs; for the 93 names 1.75 probes on average, 8 at worst (five sampled characters gave 1.9 and 15).
        /// </summary>
        private int TypedSlot(int length)
        {
            byte[] names = _names;
            System.Array.Clear(names, MaxMnemonicLength + length, MaxMnemonicLength - length);
            long folded = System.BitConverter.ToInt64(names, MaxMnemonicLength) + System.BitConverter.ToInt64(names, MaxMnemonicLength + 8) * 31;
            return (int)(((ulong)folded * 0x9E3779B97F4A7C15UL) >> 57);
        }

        /// <summary>
        /// The entry (a parameter row, or ActionBase + an action) whose name is the typed mnemonic of
        /// <paramref name="length"/> bytes in the upper half of _names; -1 when none is.
        /// </summary>
        private int Find(int slot, int length)
        {
            while (true)
            {
                int entry = _index[slot] - 1;
                if (entry < 0) return -1;
                string name = entry < ActionBase ? ParameterTable.Rows[entry].Name : _actionNames[entry - ActionBase];
                if (name.Length == length && NameIs(name)) return entry;
                slot = (slot + 1) & (IndexSize - 1);
            }
        }

        /// <summary>True when no command line or multi-line entry is partly typed (unsolicited lines may go out).</summary>
        public bool Idle
        {
            get { return _length == 0 && _entry < 0; }
        }

        /// <summary>The CA certificate store AT#CACERT writes to.</summary>
        public void SetCertificateStore(CertificateStore certificates)
        {
            _certificates = certificates;
        }

        /// <summary>AT#CACERT: the PEM text follows, ended by Ctrl-Z (ESC abandons, an empty entry removes the certificate).</summary>
        public void BeginCertificateEntry(int unused)
        {
            _certificates.BeginEntry();
            _entry = CertificateEntry;
        }

        /// <summary>AT#CACERT?: the stored certificate's size in bytes, 0 when none.</summary>
        public void ShowCertificate(int unused)
        {
            _out.Text("#CACERT: ");
            _out.Number(_certificates.Length);
            _out.CrLf();
            _out.Ok();
        }

        /// <summary>
        /// A new host took the line: the previous host's partly typed command line, BODYn text or PEM entry
        /// is dropped (an entry as ESC drops it: what is stored stays unchanged), silently.
        /// </summary>
        public void AbandonInput()
        {
            _length = 0;
            _overflow = false;
            _entry = NoEntry;
        }

        // Boxed once, for ByteSearch.
        private static readonly object BoxedCr = Cr;
        private static readonly object BoxedLf = Lf;
        private static readonly object BoxedBackspace = Backspace;
        private static readonly object BoxedDelete = Delete;
        private static readonly object BoxedEquals = (byte)'=';

        /// <summary>
        /// Takes the host line's pending bytes, running each command line as its CR arrives. A line's bytes leave
        /// the port before its command runs: it may hand the line to a data-mode service, which reads on from the
        /// next byte, and what the service leaves is taken here after it. A run of ordinary bytes goes into the line
        /// and out as echo in one copy each: a byte at a time ran ~100 IL a byte (issue H).
        /// </summary>
        public void Feed(HostPort port)
        {
            byte[] data = port.Buffer;
            int p = port.Next;
            int end = port.End;
            while (p < end)
            {
                byte b = data[p];
                // A control byte, and every byte of a multi-line entry, is taken on its own.
                if (b < Space || b == Delete || _entry >= 0)
                {
                    port.Next = p + 1;
                    Feed(b);
                    // As the port has it now (the byte may have ended a line or an entry whose command read on).
                    p = port.Next;
                    end = port.End;
                    continue;
                }
                // Inside a line only CR, LF, backspace and delete do more than join it.
                int stop = RunEnd(data, p + 1, end);
                int n = stop - p;
                // A run that ends the line (the usual whole command in one read): it and its CR leave the port and
                // go out as echo together, then the line runs.
                bool line = stop < end && data[stop] == Cr;
                int taken = line ? n + 1 : n;
                port.Next = p + taken;
                if (Echo) _out.Bytes(data, p, taken);
                if (_length + n > MaxLineLength)
                {
                    _overflow = true;
                    n = MaxLineLength - _length;
                }
                System.Array.Copy(data, p, _line, _length, n);
                if (line)
                {
                    _length += n;
                    ProcessLine();
                    _length = 0; // the next line starts empty
                    p = port.Next;
                    end = port.End;
                    continue;
                }
                _length += n;
                Acted = true; // a line partly typed: the board is not idle
                p = stop;
            }
        }

        // Up to this many bytes are checked one by one; a longer run is searched natively. The two double searches
        // cost ~70 IL, the loop ~14 IL a byte: a key typed on a terminal (one byte a read) or "AT\r" is checked in a few.
        private const int ShortRun = 6;

        /// <summary>
        /// Where the run of bytes from <paramref name="from"/> that joins the line as it is ends: at the first CR, LF,
        /// backspace or delete in data[from, end), or <paramref name="end"/>. A short run may end earlier, at any byte
        /// outside printable ASCII (one compare a byte); the caller looks at that byte, and takes it as the next run's
        /// first when it is none of the four.
        /// </summary>
        private static int RunEnd(byte[] data, int from, int end)
        {
            if (end - from <= ShortRun)
            {
                for (; from < end; from++)
                {
                    // Printable ASCII (32 to 126) in one unsigned compare.
                    if ((uint)(data[from] - Space) >= 95u) return from;
                }
                return end;
            }
            // Array.IndexOf is native in nanoCLR (see ByteSearch).
            int stop = ByteSearch.NextOf(data, BoxedCr, BoxedLf, from, end);
            return ByteSearch.NextOf(data, BoxedBackspace, BoxedDelete, from, stop);
        }

        /// <summary>Takes one byte from the host line.</summary>
        public void Feed(byte b)
        {
            if (_entry >= 0)
            {
                FeedEntry(b);
                return;
            }
            switch (b)
            {
                case Cr:
                    if (Echo) _out.Byte(Cr);
                    ProcessLine();
                    _length = 0; // the next line starts empty
                    return;
                case Lf:
                    // Terminals may end lines with CR LF: the LF is dropped, and not echoed so it
                    // cannot land after the answer to the line it belongs to.
                    return;
                case Backspace:
                case Delete:
                    if (_length > 0 && !_overflow)
                    {
                        _length--;
                        if (Echo) EchoErase();
                    }
                    return;
            }
            // Control bytes before a line (a stray ETX from a Ctrl-C or a socket closed at both ends, DLE,
            // Ctrl-Z, ESC) are dropped unechoed, as a modem ignores what precedes AT (decision F5).
            if (_length == 0 && b < Space)
            {
                if (b == Etx && EtxBetweenCommands != null)
                {
                    Acted = true;
                    EtxBetweenCommands(0);
                }
                return;
            }
            if (Echo) _out.Byte(b);
            if (_length < MaxLineLength) _line[_length++] = b;
            else _overflow = true;
        }

        private void EchoErase()
        {
            _out.Byte(Backspace);
            _out.Byte(Space);
            _out.Byte(Backspace);
        }

        private void ProcessLine()
        {
            if (_overflow)
            {
                _overflow = false; // the next line starts within bounds
                _out.Error(CmeError.LineTooLong);
                return;
            }
            byte[] line = _line;
            int length = _length;
            int p = 2;
            // "AT" in either case, as the line's first two bytes read as one little-endian 16-bit word (every
            // nanoFramework target is little-endian; ToUInt16 is native): b | 0x20 is 'a' only for 'A' and 'a', and
            // 't' only for 'T' and 't'. The usual line; spaces before it are the rare one.
            if (length < 2 || (System.BitConverter.ToUInt16(line, 0) | 0x2020) != AtWord)
            {
                p = SkipSpaces(0);
                if (p == length) return; // an empty line gets no answer, as on any modem
                if (length - p < 2 || (System.BitConverter.ToUInt16(line, p) | 0x2020) != AtWord)
                {
                    _out.Error(CmeError.UnknownCommand);
                    return;
                }
                p += 2;
            }
            if (p == length || (line[p] == Space && SkipSpaces(p) == length))
            {
                _out.Ok();
                return;
            }
            if (_line[p] == (byte)'#') HashCommand(p + 1);
            else StandardCommand(p);
        }

        // ---------------------------------------------------------------- AT# commands

        private void HashCommand(int p)
        {
            int found;
            int end = PlainMnemonic(p, out found);
            p = end >= 0 ? end : Mnemonic(p, out found);
            if (found < 0)
            {
                _out.Error(CmeError.UnknownCommand);
                return;
            }

            Op op;
            if (p == _length)
            {
                op = Op.Execute;
            }
            else if (_line[p] == (byte)'?')
            {
                if (p + 1 != _length && SkipSpaces(p + 1) != _length)
                {
                    _out.Error(CmeError.SyntaxError);
                    return;
                }
                op = Op.Read;
            }
            else if (_line[p] == (byte)'=')
            {
                p = SkipSpaces(p + 1);
                op = p < _length && _line[p] == (byte)'?' && SkipSpaces(p + 1) == _length ? Op.Test : Op.Set;
            }
            else
            {
                _out.Error(CmeError.SyntaxError);
                return;
            }

            if (found < ActionBase)
            {
                if (op != Op.Read && op != Op.Test) Acted = true;
                ParameterCommand(found, op, p);
                return;
            }
            Acted = true;
            ActionCommandLine(found - ActionBase, op);
        }

        /// <summary>
        /// The usual case, without a loop over the mnemonic: it runs up to the first '=' (found by the native
        /// Array.IndexOf), or the '?' ending the line, or the line's end, and is a name exactly as typed, upper case
        /// and without spaces. Returns the index after it, or -1 when that is not so (lower case, spaces, another
        /// character, an unknown name): then <see cref="Mnemonic"/> reads it, which in the usual case ends at the
        /// same place with the same entry.
        /// </summary>
        private int PlainMnemonic(int p, out int found)
        {
            byte[] line = _line;
            int length = _length;
            // Up to the '=' of a set or a test, else up to the '?' that ends a read. A '?' elsewhere ("AT#A?=1",
            // "AT#A?B") leaves it in the name, which then matches none: the general loop reads such a line.
            int end = ByteSearch.Next(line, BoxedEquals, p, length);
            if (end == length && line[length - 1] == (byte)'?') end--;
            int n = end - p;
            found = -1;
            if (n < 1 || n > MaxMnemonicLength) return -1;
            System.Array.Copy(line, p, _names, MaxMnemonicLength, n);
            found = Find(TypedSlot(n), n);
            return found >= 0 ? end : -1;
        }

        /// <summary>
        /// The mnemonic in general: letters (upper-cased) and digits; spaces are skipped so "AT#DIALN 1=" (the spec's
        /// syntax paragraph) and "AT#DIALN1=" (its examples) are the same command. Returns the index after it.
        /// </summary>
        private int Mnemonic(int p, out int found)
        {
            byte[] line = _line;
            int length = _length;
            byte[] mnemonic = _names;
            int n = 0;
            bool tooLong = false;
            while (p < length)
            {
                byte b = line[p];
                if (b == Space)
                {
                    p++;
                    continue;
                }
                if (b >= (byte)'a')
                {
                    if (b > (byte)'z') break;
                    b -= 32;
                }
                else if (b > (byte)'Z' || (b < (byte)'A' && (b < (byte)'0' || b > (byte)'9'))) break;
                if (n < MaxMnemonicLength) mnemonic[MaxMnemonicLength + n++] = b;
                else tooLong = true;
                p++;
            }
            if (tooLong || n == 0)
            {
                found = -1;
                return p;
            }
            found = Find(TypedSlot(n), n);
            return p;
        }

        private void ParameterCommand(int row, Op op, int valueStart)
        {
            ParamDef def = ParameterTable.Rows[row];
            switch (op)
            {
                case Op.Read:
                    WriteParameter(row);
                    _out.Ok();
                    return;
                case Op.Test:
                    WriteRange(def);
                    _out.Ok();
                    return;
                case Op.Execute:
                    if (def.Kind == ParamKind.Body)
                    {
                        _entry = row;
                        _bodyLength = 0;
                        _bodyOverflow = false;
                        return; // no answer until Ctrl-Z
                    }
                    _out.Error(CmeError.SyntaxError);
                    return;
            }

            // Set: "quoted" or bare; values typed with a space after '=' are accepted (Appendix A does).
            int start;
            int count;
            if (valueStart < _length && _line[valueStart] == Quote)
            {
                start = valueStart + 1;
                int close = start;
                while (close < _length && _line[close] != Quote) close++;
                if (close == _length || SkipSpaces(close + 1) != _length)
                {
                    _out.Error(CmeError.SyntaxError);
                    return;
                }
                count = close - start;
            }
            else
            {
                start = valueStart;
                int end = _length;
                while (end > start && _line[end - 1] == Space) end--;
                for (int i = start; i < end; i++)
                {
                    if (_line[i] == Quote)
                    {
                        _out.Error(CmeError.SyntaxError);
                        return;
                    }
                }
                count = end - start;
            }
            Store(row, _line, start, count);
        }

        private void Store(int row, byte[] source, int start, int count)
        {
            int n = ValueRules.Canonicalize(ParameterTable.Rows[row], source, start, count, _value);
            if (n < 0)
            {
                _out.Error(CmeError.BadValue);
                return;
            }
            if (!_settings.Set(row, new string(_value, 0, n)))
            {
                _out.Error(CmeError.StoreWriteFailed);
                return;
            }
            _out.Ok();
        }

        private void ActionCommandLine(int action, Op op)
        {
            if (op == Op.Execute) _actionRuns[action](_actionArguments[action]);
            else if (op == Op.Test) _out.Ok();
            else
            {
                ExecuteHandler query = op == Op.Read ? QueryOf(action) : null;
                if (query != null) query(_actionArguments[action]);
                else _out.Error(CmeError.SyntaxError);
            }
        }

        private ExecuteHandler QueryOf(int action)
        {
            for (int q = 0; q < _queryRows.Length; q++)
            {
                if (_queryRows[q] == action) return _queryRuns[q];
            }
            return null;
        }

        /// <summary>Writes "#NAME: value[CR][LF]", the value between quotes unless it is a number.</summary>
        public void WriteParameter(int row)
        {
            ParamDef def = ParameterTable.Rows[row];
            _out.Parameter(def.Name, _settings.Get(row), !def.IsNumeric);
        }

        /// <summary>AT#NAME=? : the accepted values of integer and letter parameters, e.g. "#PPPMODE: (0-4)".</summary>
        private void WriteRange(ParamDef def)
        {
            if (def.Kind != ParamKind.Integer && def.Kind != ParamKind.FtpType) return;
            _out.Byte((byte)'#');
            _out.Text(def.Name);
            _out.Text(": (");
            if (def.Kind == ParamKind.FtpType)
            {
                _out.Text("\"A\",\"I\"");
            }
            else
            {
                if (def.ZeroAllowed) _out.Text("0,");
                _out.Number(def.Min);
                _out.Byte((byte)'-');
                _out.Number(def.Max);
            }
            _out.Byte((byte)')');
            _out.CrLf();
        }

        private void FeedEntry(byte b)
        {
            Acted = true;
            switch (b)
            {
                case CtrlZ:
                    if (_entry == CertificateEntry)
                    {
                        _entry = NoEntry;
                        int code = _certificates.CommitEntry();
                        if (code == 0) _out.Ok();
                        else _out.Error(code);
                        return;
                    }
                    int row = _entry;
                    _entry = NoEntry;
                    if (_bodyOverflow) _out.Error(CmeError.BadValue);
                    else Store(row, _body, 0, _bodyLength);
                    return;
                case Escape:
                    _entry = NoEntry; // abandoned: what is stored stays unchanged
                    _out.Ok();
                    return;
                case Backspace:
                case Delete:
                    bool erased;
                    if (_entry == CertificateEntry)
                    {
                        erased = _certificates.EraseLast();
                    }
                    else
                    {
                        erased = _bodyLength > 0 && !_bodyOverflow;
                        if (erased) _bodyLength--;
                    }
                    if (erased && Echo) EchoErase();
                    return;
            }
            if (Echo) _out.Byte(b);
            if (_entry == CertificateEntry) _certificates.EntryByte(b);
            else if (_bodyLength < _body.Length) _body[_bodyLength++] = b;
            else _bodyOverflow = true;
        }

        /// <summary>
        /// The typed mnemonic (upper half of _names) is <paramref name="name"/>, whose length the caller found equal: the
        /// name goes into the lower half as bytes (the platform's native copy), and the halves are compared eight bytes
        /// at a time with the native BitConverter.ToInt64. A character at a time ran ~18 IL and, on nanoCLR, whose
        /// strings are UTF-8, a native string index per character (issue H).
        /// </summary>
        private bool NameIs(string name)
        {
            byte[] names = _names;
            int n = name.Length;
            System.Array.Clear(names, n, MaxMnemonicLength - n);
            TextBytes.Put(_encoder, name, 0, n, names, 0);
            if (System.BitConverter.ToInt64(names, 0) != System.BitConverter.ToInt64(names, MaxMnemonicLength)) return false;
            return n <= 8 || System.BitConverter.ToInt64(names, 8) == System.BitConverter.ToInt64(names, MaxMnemonicLength + 8);
        }

        // ---------------------------------------------------------------- V.250 commands

        /// <summary>
        /// A line of standard commands. Answered here when every command in it is one the board owns
        /// (E, Q, V, Z, S0 — or a single +IPR, +IFC, +WOPEN), like a Wavecom modem: "OK" or "ERROR".
        /// Anything else goes to the cellular module unchanged.
        /// </summary>
        private void StandardCommand(int p)
        {
            Acted = true; // the line settings, or the module (what it passes through is not known here)
            if (_line[p] == (byte)'+')
            {
                int name = p + 1;
                int end = name;
                while (end < _length && IsLetter(_line[end])) end++;
                if (NameIs(name, end, "IPR")) { Ipr(end); return; }
                if (NameIs(name, end, "IFC")) { Ifc(end); return; }
                if (NameIs(name, end, "WOPEN")) { Wopen(end); return; }
            }
            else
            {
                int verdict = BasicCommands(p, false);
                if (verdict >= 0)
                {
                    if (verdict == 0) _out.Result(ResultCode.Error);
                    else
                    {
                        BasicCommands(p, true);
                        _out.Ok();
                    }
                    return;
                }
            }
            _radio.Execute(_line, 0, _length);
        }

        /// <summary>
        /// Walks a chain of basic commands such as "E0V1Q0". Returns -1 when one of them is not ours
        /// (the line goes to the module), 0 when one has a bad value, 1 when all are good. With
        /// <paramref name="apply"/> it carries them out; the first pass makes sure a bad command in the
        /// chain changes nothing.
        /// </summary>
        private int BasicCommands(int p, bool apply)
        {
            while (true)
            {
                p = SkipSpaces(p);
                if (p == _length) return 1;
                char c = Upper(_line[p++]);
                if (c == 'E' || c == 'Q' || c == 'V' || c == 'Z')
                {
                    int value = 0;
                    if (p < _length && _line[p] >= (byte)'0' && _line[p] <= (byte)'9') value = _line[p++] - '0';
                    if (value > (c == 'Z' ? 0 : 1)) return 0;
                    if (!apply) continue;
                    if (c == 'E') Echo = value == 1;
                    else if (c == 'Q') _out.Quiet = value == 1;
                    else if (c == 'V') _out.Verbose = value == 1;
                    else
                    {
                        Echo = true;
                        _out.Quiet = false;
                        _out.Verbose = true;
                    }
                }
                else if (c == 'S' && p < _length && _line[p] == (byte)'0')
                {
                    p++;
                    if (p < _length && _line[p] == (byte)'?')
                    {
                        p++;
                        if (apply) WriteS0();
                    }
                    else if (p < _length && _line[p] == (byte)'=')
                    {
                        int start = ++p;
                        while (p < _length && _line[p] >= (byte)'0' && _line[p] <= (byte)'9') p++;
                        int rings = ValueRules.ParseUnsigned(_line, start, p - start, 3);
                        if (rings < 0 || rings > 255) return 0;
                        if (apply && !_settings.SetLine(_settings.BaudRate, _settings.HardwareFlowControl, rings)) return 0;
                    }
                    else
                    {
                        return 0;
                    }
                }
                else
                {
                    return -1;
                }
            }
        }

        /// <summary>ATS0? answers three digits, as Hayes-style modems do.</summary>
        private void WriteS0()
        {
            int s0 = _settings.S0;
            if (_out.Verbose) _out.CrLf();
            _out.Byte((byte)('0' + s0 / 100));
            _out.Byte((byte)('0' + s0 / 10 % 10));
            _out.Byte((byte)('0' + s0 % 10));
            _out.CrLf();
        }

        /// <summary>AT+IPR: host line speed. The OK goes out at the old speed, then the line switches (V.250).</summary>
        private void Ipr(int p)
        {
            int op = ExtendedOp(p);
            if (op == 1)
            {
                _out.InfoLine("+IPR: " + _settings.BaudRate);
            }
            else if (op == 2)
            {
                _out.InfoLine("+IPR: (),(1200,2400,4800,9600,19200,38400,57600,115200,230400,460800,921600)");
            }
            else
            {
                int start = SkipSpaces(p + 1);
                int rate = op == 3 ? ValueRules.ParseUnsigned(_line, start, TrimmedEnd() - start, 7) : -1;
                ChangeLine(LineSettings.IsSupportedBaudRate(rate), rate, _settings.HardwareFlowControl);
                return;
            }
            _out.Ok();
        }

        /// <summary>AT+IFC=&lt;by DTE&gt;,&lt;by DCE&gt;: 0,0 none or 2,2 RTS/CTS (Appendix B: "either hardware (RTS/CTS) or none").</summary>
        private void Ifc(int p)
        {
            int op = ExtendedOp(p);
            if (op == 1)
            {
                _out.InfoLine(_settings.HardwareFlowControl ? "+IFC: 2,2" : "+IFC: 0,0");
            }
            else if (op == 2)
            {
                _out.InfoLine("+IFC: (0,2),(0,2)");
            }
            else
            {
                int start = SkipSpaces(p + 1);
                int end = TrimmedEnd();
                bool ok = op == 3 && end - start == 3 && _line[start + 1] == (byte)',' && _line[start] == _line[start + 2]
                    && (_line[start] == (byte)'0' || _line[start] == (byte)'2');
                ChangeLine(ok, _settings.BaudRate, ok && _line[start] == (byte)'2');
                return;
            }
            _out.Ok();
        }

        /// <summary>
        /// Stores new host line settings and applies them after the OK has gone out at the old ones
        /// (V.250). ERROR when <paramref name="valid"/> is false or the flash write fails.
        /// </summary>
        private void ChangeLine(bool valid, int baudRate, bool hardwareFlowControl)
        {
            if (!valid || !_settings.SetLine(baudRate, hardwareFlowControl, _settings.S0))
            {
                _out.Result(ResultCode.Error);
                return;
            }
            _out.Ok();
            _out.Flush();
            _host.Configure(_settings.BaudRate, _settings.HardwareFlowControl);
        }

        /// <summary>AT+WOPEN: the TCP/IP stack is the firmware itself, always started; it cannot be stopped.</summary>
        private void Wopen(int p)
        {
            int op = ExtendedOp(p);
            if (op == 1) _out.InfoLine("+WOPEN: 1");
            else if (op == 2) _out.InfoLine("+WOPEN: (0-1)");
            else
            {
                int start = SkipSpaces(p + 1);
                bool one = op == 3 && TrimmedEnd() - start == 1 && _line[start] == (byte)'1';
                if (!one)
                {
                    _out.Result(ResultCode.Error);
                    return;
                }
            }
            _out.Ok();
        }

        /// <summary>After an extended command name: 1 = "?", 2 = "=?", 3 = "=value", 0 = anything else.</summary>
        private int ExtendedOp(int p)
        {
            if (p < _length && _line[p] == (byte)'?') return SkipSpaces(p + 1) == _length ? 1 : 0;
            if (p < _length && _line[p] == (byte)'=')
            {
                int q = SkipSpaces(p + 1);
                if (q < _length && _line[q] == (byte)'?' && SkipSpaces(q + 1) == _length) return 2;
                return 3;
            }
            return 0;
        }

        // ---------------------------------------------------------------- helpers

        private int SkipSpaces(int p)
        {
            while (p < _length && _line[p] == Space) p++;
            return p;
        }

        private int TrimmedEnd()
        {
            int end = _length;
            while (end > 0 && _line[end - 1] == Space) end--;
            return end;
        }

        private bool NameIs(int start, int end, string name)
        {
            if (end - start != name.Length) return false;
            for (int i = 0; i < name.Length; i++)
            {
                if (Upper(_line[start + i]) != name[i]) return false;
            }
            return true;
        }

        private static char Upper(byte b)
        {
            return b >= (byte)'a' && b <= (byte)'z' ? (char)(b - 32) : (char)b;
        }

        private static bool IsLetter(byte b)
        {
            return (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z');
        }
    }
}
