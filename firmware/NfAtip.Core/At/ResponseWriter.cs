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

        public void Bytes(byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++) Byte(data[offset + i]);
        }

        /// <summary>Writes text as single bytes; anything outside ASCII becomes '?'.</summary>
        public void Text(string text)
        {
            for (int i = 0; i < text.Length; i++) Char(text[i]);
        }

        public void Chars(char[] text, int offset, int count)
        {
            for (int i = 0; i < count; i++) Char(text[offset + i]);
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
            Byte(Cr);
            Byte(Lf);
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

        private void Char(char c)
        {
            Byte(c < (char)0x80 ? (byte)c : (byte)'?');
        }
    }
}
