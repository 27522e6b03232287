using NfAtip.At;

namespace NfAtip.Services.Mail
{
    /// <summary>
    /// Turns the bytes of a POP3 multi-line RETR answer into what the host receives: dot-unstuffing
    /// (RFC 1939 §3: a line starting with "." loses that first "."), the end at the "." line, and the
    /// header part dropped when POP3HEADERMODE is 0. It is fed whatever chunk the socket delivered and
    /// keeps its state between chunks, so a "..", a CR LF or the final ". CR LF" split anywhere is
    /// handled, and a line of any length streams through without ever being held in memory.
    /// Nothing is allocated: the state is four fields.
    /// </summary>
    public sealed class Pop3MessageFilter
    {
        private const byte Cr = 13;
        private const byte Lf = 10;
        private const byte Dot = (byte)'.';

        // Where in the current server line the next byte falls.
        private const int LineStart = 0;
        private const int InLine = 1;
        private const int AfterDot = 2;    // a line started with '.', its meaning depends on the next byte
        private const int AfterDotCr = 3;  // ". CR": the end if LF follows

        private int _state;
        private bool _sendHeader;
        private bool _inHeader;
        private int _lineLength;
        private byte _lastByte;

        /// <summary>True once the terminating "." line was seen.</summary>
        public bool Ended;

        /// <summary>True while the message's header part (up to its first empty line) is being received.</summary>
        public bool InHeader
        {
            get { return _inHeader; }
        }

        /// <summary>
        /// True when the last byte the host received ended a line (LF): the closing ". CR LF" then
        /// needs no CR LF of its own to form CR LF . CR LF.
        /// </summary>
        public bool HostAtLineStart;

        /// <summary>Starts a new message.</summary>
        /// <param name="sendHeader">POP3HEADERMODE 1: the header part goes to the host too.</param>
        /// <param name="hostAtLineStart">Whether the host's last byte so far was an LF.</param>
        public void Reset(bool sendHeader, bool hostAtLineStart)
        {
            _sendHeader = sendHeader;
            _inHeader = true;
            _state = LineStart;
            _lineLength = 0;
            _lastByte = 0;
            Ended = false;
            HostAtLineStart = hostAtLineStart;
        }

        /// <summary>
        /// Processes <paramref name="count"/> bytes; returns how many were used (fewer only when the
        /// end line was reached: what follows it is not part of the message).
        /// </summary>
        public int Feed(byte[] data, int offset, int count, ResponseWriter output)
        {
            for (int i = 0; i < count; i++)
            {
                if (Ended) return i;
                byte b = data[offset + i];
                switch (_state)
                {
                    case LineStart:
                        if (b == Dot)
                        {
                            _state = AfterDot;
                        }
                        else
                        {
                            Emit(b, output);
                            _state = b == Lf ? LineStart : InLine;
                        }
                        break;
                    case InLine:
                        Emit(b, output);
                        if (b == Lf) _state = LineStart;
                        break;
                    case AfterDot:
                        if (b == Cr)
                        {
                            _state = AfterDotCr;
                        }
                        else if (b == Lf)
                        {
                            Ended = true; // a bare-LF ". LF" end: tolerated like bare-LF lines
                        }
                        else
                        {
                            // ".." is a stuffed '.', and a lone '.' before other text is stripped as
                            // RFC 1939 says; either way the byte itself is data.
                            Emit(b, output);
                            _state = InLine;
                        }
                        break;
                    default: // AfterDotCr
                        if (b == Lf)
                        {
                            Ended = true;
                        }
                        else
                        {
                            // ". CR x": not the end; the dot was stuffing, the CR is data.
                            Emit(Cr, output);
                            Emit(b, output);
                            _state = InLine;
                        }
                        break;
                }
            }
            return count;
        }

        /// <summary>One byte of the unstuffed message: to the host unless it belongs to a skipped header.</summary>
        private void Emit(byte b, ResponseWriter output)
        {
            bool send = _sendHeader || !_inHeader;
            if (send)
            {
                output.Byte(b);
                HostAtLineStart = b == Lf;
            }
            if (!_inHeader) return;
            if (b == Lf)
            {
                // The first empty line (nothing, or only a CR, before the LF) ends the header; with
                // POP3HEADERMODE 0 that line itself was still skipped above.
                if (_lineLength == 0 || (_lineLength == 1 && _lastByte == Cr)) _inHeader = false;
                _lineLength = 0;
            }
            else
            {
                _lineLength++;
                _lastByte = b;
            }
        }
    }
}
