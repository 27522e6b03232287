using NfAtip.Platform;

namespace NfAtip.At
{
    /// <summary>
    /// Passes the standard commands the cellular module owns (AT+CPIN, AT+CREG, AT+CSQ, ATD …) to the
    /// module and its answer back to the host, and relays the module's unsolicited lines (+CREG: 1,
    /// RING …) while the board is idle. Lines are collected in a fixed buffer; each answer line is
    /// re-framed for the host's ATV/ATQ settings. Every exchange has a timeout, so a silent module
    /// costs the host an ERROR, never a hang. (Issue C replaces this with the full module driver.)
    /// </summary>
    public sealed class RadioRelay
    {
        /// <summary>How long the module may take to finish an answer.</summary>
        public const int AnswerTimeoutMs = 10000;

        /// <summary>Longest module line kept; longer lines are cut (never overflow).</summary>
        private const int MaxLine = 256;

        private readonly ISerialLine _radio;
        private readonly IClock _clock;
        private readonly ResponseWriter _out;
        private readonly byte[] _rx = new byte[64];
        private readonly byte[] _lineBuffer = new byte[MaxLine];
        private readonly byte[] _cr = { 13 };
        private int _lineLength;
        private int _rxCount;
        private int _rxNext;

        public RadioRelay(ISerialLine radio, IClock clock, ResponseWriter output)
        {
            _radio = radio;
            _clock = clock;
            _out = output;
        }

        /// <summary>Turns the module's echo off so its answers are only answers. Gives up quietly after a timeout.</summary>
        public void Start()
        {
            byte[] ate0 = { (byte)'A', (byte)'T', (byte)'E', (byte)'0' };
            Send(ate0, 0, ate0.Length);
            long deadline = _clock.TickMs + 2000;
            string line;
            while ((line = NextLine(deadline)) != null)
            {
                if (ResultCode.FromVerbose(line) >= 0) break;
            }
        }

        /// <summary>Sends one command line to the module and relays its answer until the final result code.</summary>
        public void Execute(byte[] command, int offset, int count)
        {
            Send(command, offset, count);
            long deadline = _clock.TickMs + AnswerTimeoutMs;
            while (true)
            {
                string line = NextLine(deadline);
                if (line == null)
                {
                    _out.Result(ResultCode.Error); // the module did not finish in time
                    return;
                }
                if (line.Length == 0 || IsEcho(line, command, offset, count)) continue;
                int final = ResultCode.FromVerbose(line);
                if (final >= 0 || StartsWith(line, "+CME ERROR") || StartsWith(line, "+CMS ERROR"))
                {
                    if (final >= 0 && !_out.Verbose) _out.Result(final);
                    else if (!_out.Quiet) _out.InfoLine(line);
                    return;
                }
                _out.InfoLine(line);
            }
        }

        /// <summary>Relays complete unsolicited lines that arrived while idle; never waits.</summary>
        public void Poll()
        {
            string line;
            while ((line = NextLine(0)) != null)
            {
                if (line.Length > 0) _out.InfoLine(line);
            }
        }

        private void Send(byte[] command, int offset, int count)
        {
            _radio.Write(command, offset, count);
            _radio.Write(_cr, 0, 1);
        }

        /// <summary>
        /// The next complete line from the module (without CR/LF), or null when none completes before
        /// <paramref name="deadline"/> (0 = only what is already buffered or arrives at once).
        /// </summary>
        private string NextLine(long deadline)
        {
            while (true)
            {
                while (_rxNext < _rxCount)
                {
                    byte b = _rx[_rxNext++];
                    if (b == 13 || b == 10)
                    {
                        if (b == 10 || _lineLength > 0)
                        {
                            string line = Ascii(_lineBuffer, _lineLength);
                            _lineLength = 0;
                            if (line.Length > 0 || b == 10) return line;
                        }
                        continue;
                    }
                    if (_lineLength < MaxLine) _lineBuffer[_lineLength++] = b;
                }
                long wait = deadline - _clock.TickMs;
                if (wait < 0) wait = 0;
                int n = _radio.Read(_rx, 0, _rx.Length, (int)wait);
                if (n <= 0)
                {
                    if (wait == 0 || n < 0) return null;
                    continue;
                }
                _rxCount = n;
                _rxNext = 0;
            }
        }

        private static string Ascii(byte[] data, int count)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++) chars[i] = data[i] < 0x80 ? (char)data[i] : '?';
            return new string(chars);
        }

        private static bool IsEcho(string line, byte[] command, int offset, int count)
        {
            if (line.Length != count) return false;
            for (int i = 0; i < count; i++)
            {
                if (line[i] != (char)command[offset + i]) return false;
            }
            return true;
        }

        private static bool StartsWith(string text, string prefix)
        {
            if (text.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (text[i] != prefix[i]) return false;
            }
            return true;
        }
    }
}
