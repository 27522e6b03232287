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
        private readonly byte[] _buffer = new byte[256];
        private readonly char[] _digits = new char[11];
        private int _count;

        /// <summary>ATV: true = verbose (text) result codes.</summary>
        public bool Verbose = true;

        /// <summary>ATQ: true = result codes suppressed.</summary>
        public bool Quiet;

        public ResponseWriter(ISerialLine line)
        {
            _line = line;
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
            if (_count == _buffer.Length) Flush();
            _buffer[_count++] = b;
        }

        // The block writers fill the buffer in one loop per buffer's worth, not a call per byte: on the board
        // nanoCLR interprets every call, and AT#VALL spent two thirds of its IL in per-byte calls (issue H).

        public void Bytes(byte[] data, int offset, int count)
        {
            while (count > 0)
            {
                if (_count == _buffer.Length) Flush();
                int n = _buffer.Length - _count;
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
                if (_count == _buffer.Length) Flush();
                byte[] buffer = _buffer;
                int at = _count;
                int end = i + (length - i < buffer.Length - at ? length - i : buffer.Length - at);
                for (; i < end; i++)
                {
                    char c = text[i];
                    buffer[at++] = c < (char)0x80 ? (byte)c : (byte)'?';
                }
                _count = at;
            }
        }

        public void Chars(char[] text, int offset, int count)
        {
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                if (_count == _buffer.Length) Flush();
                byte[] buffer = _buffer;
                int at = _count;
                int stop = i + (end - i < buffer.Length - at ? end - i : buffer.Length - at);
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
            if (_count > _buffer.Length - 2) Flush();
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
                CrLf();
                Text(verbose);
                CrLf();
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
            Result(ResultCode.Ok);
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
