using NfAtip.Platform;

namespace NfAtip.At
{
    /// <summary>
    /// Everything the board sends to the host goes through here, framed as Appendix B "Serial
    /// Communication" says: ATV1 "[CR][LF]text[CR][LF]", ATV0 "[CR]code[CR]", "#CME ERROR: n" in both
    /// modes, parameter values as "#NAME: value[CR][LF]". ATQ1 suppresses result codes only
    /// (V.250), never the information text. Bytes collect in a fixed buffer flushed in chunks, so
    /// nothing is allocated per byte.
    /// </summary>
    public sealed class ResponseWriter
    {
        private const byte Cr = 13;
        private const byte Lf = 10;

        private readonly ISerialLine _line;
        private readonly ITextEncoder _encoder; // null: text is copied by TextBytes' loop
        private const int Size = 256; // a constant, not _buffer.Length: 3 IL less at each room check
        private readonly byte[] _buffer = new byte[Size];
        private readonly char[] _digits = new char[11];
        private int _count;

        // "[CR][LF]OK[CR][LF]", the answer to nearly every command, copied whole (issue H: a plain AT ran ~110 IL
        // writing it from its text). An instance field: nanoCLR runs static initializers at start-up.
        private readonly byte[] _okVerbose = { Cr, Lf, (byte)'O', (byte)'K', Cr, Lf };

        /// <summary>ATV: true = verbose (text) result codes.</summary>
        public bool Verbose = true;

        /// <summary>ATQ: true = result codes suppressed.</summary>
        public bool Quiet;

        public ResponseWriter(ISerialLine line)
            : this(line, null)
        {
        }

        /// <param name="encoder">The platform's block copy of ASCII text (<see cref="BoardPlatform.Text"/>); null for the portable loop.</param>
        public ResponseWriter(ISerialLine line, ITextEncoder encoder)
        {
            _line = line;
            _encoder = encoder;
        }

        /// <summary>The platform's block copy of ASCII text, or null (see the constructor).</summary>
        public ITextEncoder Encoder
        {
            get { return _encoder; }
        }

        /// <summary>Sends whatever is buffered.</summary>
        public void Flush()
        {
            if (_count > 0)
            {
                _line.Write(_buffer, 0, _count);
                _count = 0;
            }
        }

        public void Byte(byte b)
        {
            if (_count == Size) Flush();
            _buffer[_count++] = b;
        }

        // The block writers fill the buffer in one loop per buffer's worth, not a call per byte: on the board
        // nanoCLR interprets every call, and AT#VALL spent two thirds of its IL in per-byte calls (issue H).

        public void Bytes(byte[] data, int offset, int count)
        {
            int at = _count;
            if (at + count <= Size)
            {
                // The usual case (an echo, a result line): one copy, no loop.
                System.Array.Copy(data, offset, _buffer, at, count);
                _count = at + count;
                return;
            }
            while (count > 0)
            {
                if (_count == Size) Flush();
                int n = Size - _count;
                if (n > count) n = count;
                System.Array.Copy(data, offset, _buffer, _count, n);
                _count += n;
                offset += n;
                count -= n;
            }
        }

        /// <summary>Writes text as single bytes; anything outside ASCII becomes '?'.</summary>
        public void Text(string text)
        {
            int length = text.Length;
            int i = 0;
            while (i < length)
            {
                if (_count == Size) Flush();
                int n = Size - _count;
                if (n > length - i) n = length - i;
                TextBytes.Put(_encoder, text, i, n, _buffer, _count);
                _count += n;
                i += n;
            }
        }

        /// <summary>
        /// One parameter line, "#NAME: value[CR][LF]" or "#NAME: \"value\"[CR][LF]", in one call with one room check:
        /// AT#VALL writes some seventy of them, and a call per piece ran ~270 IL instructions a line (issue H).
        /// </summary>
        public void Parameter(string name, string value, bool quoted)
        {
            int nameLength = name.Length;
            int valueLength = value.Length;
            int need = nameLength + valueLength + 7; // '#', ": ", two quotes, CR LF
            if (_count + need > Size)
            {
                Flush();
                if (need > Size)
                {
                    // Longer than the buffer (a BODY): piece by piece.
                    Byte((byte)'#');
                    Text(name);
                    Text(": ");
                    if (quoted) Byte((byte)'"');
                    Text(value);
                    if (quoted) Byte((byte)'"');
                    CrLf();
                    return;
                }
            }
            byte[] b = _buffer;
            int at = _count;
            b[at] = (byte)'#';
            // The encoder called here rather than through TextBytes.Put: seventy lines, two calls each (issue H).
            ITextEncoder encoder = _encoder;
            if (encoder == null || encoder.Encode(name, 0, nameLength, b, at + 1) != nameLength) TextBytes.Put(null, name, 0, nameLength, b, at + 1);
            at += nameLength + 3;
            b[at - 2] = (byte)':';
            b[at - 1] = (byte)' ';
            if (quoted) b[at++] = (byte)'"';
            if (valueLength > 0 && (encoder == null || encoder.Encode(value, 0, valueLength, b, at) != valueLength)) TextBytes.Put(null, value, 0, valueLength, b, at);
            at += valueLength;
            if (quoted) b[at++] = (byte)'"';
            b[at] = Cr;
            b[at + 1] = Lf;
            _count = at + 2;
        }

        public void Chars(char[] text, int offset, int count)
        {
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                if (_count == Size) Flush();
                byte[] buffer = _buffer;
                int at = _count;
                int stop = i + (end - i < Size - at ? end - i : Size - at);
                for (; i < stop; i++)
                {
                    char c = text[i];
                    buffer[at++] = c < (char)0x80 ? (byte)c : (byte)'?';
                }
                _count = at;
            }
        }

        public void Number(int value)
        {
            if (value < 0)
            {
                Byte((byte)'-');
                value = -value;
            }
            int n = Parameters.ValueRules.FormatInt(value, _digits, 0);
            Chars(_digits, 0, n);
        }

        public void CrLf()
        {
            if (_count > Size - 2) Flush();
            _buffer[_count] = Cr;
            _buffer[_count + 1] = Lf;
            _count += 2;
        }

        /// <summary>A final or information result code (OK, ERROR, OK_Info_…): "[CR][LF]OK[CR][LF]" or "[CR]0[CR]".</summary>
        public void Result(int code)
        {
            Result(code, ResultCode.Verbose(code));
        }

        /// <summary>A result code whose verbose text is not fixed ("CONNECT 9600"): the text under ATV1, the number under ATV0.</summary>
        public void Result(int code, string verbose)
        {
            if (Quiet) return;
            if (Verbose)
            {
                // "[CR][LF]text[CR][LF]" with one room check (every command ends so; issue H).
                int length = verbose.Length;
                if (_count + length + 4 > Size) Flush();
                if (length + 4 > Size)
                {
                    CrLf();
                    Text(verbose);
                    CrLf();
                    return;
                }
                byte[] b = _buffer;
                int at = _count;
                b[at++] = Cr;
                b[at++] = Lf;
                TextBytes.Put(_encoder, verbose, 0, length, b, at);
                at += length;
                b[at++] = Cr;
                b[at++] = Lf;
                _count = at;
            }
            else
            {
                Byte(Cr);
                Number(code);
                Byte(Cr);
            }
        }

        public void Ok()
        {
            if (!Verbose || Quiet)
            {
                Result(ResultCode.Ok);
                return;
            }
            int at = _count;
            if (at > Size - 6)
            {
                Bytes(_okVerbose, 0, 6);
                return;
            }
            // Bytes' usual case, without its call (every command ends here).
            System.Array.Copy(_okVerbose, 0, _buffer, at, 6);
            _count = at + 6;
        }

        /// <summary>"[CR][LF]#CME ERROR: n[CR][LF]" (ATV1) or "[CR]#CME ERROR: n[CR][LF]" (ATV0).</summary>
        public void Error(int code)
        {
            if (Quiet) return;
            if (Verbose) CrLf();
            else Byte(Cr);
            Text("#CME ERROR: ");
            Number(code);
            CrLf();
        }

        /// <summary>Information text of a standard (V.250) command or an unsolicited line from the radio.</summary>
        public void InfoLine(string text)
        {
            if (Verbose) CrLf();
            Text(text);
            CrLf();
        }

    }
}
