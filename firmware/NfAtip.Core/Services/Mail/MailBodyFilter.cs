namespace NfAtip.Services.Mail
{
    /// <summary>
    /// AT#PUTMAIL's body, byte by byte from the host: finds the CR LF . CR LF that ends it (wherever
    /// the host's reads split it) and dot-stuffs every other line that starts with '.' on its way to
    /// the server (RFC 5321 4.5.2). Bytes that might be the start of the terminator are held back
    /// (at most 4, kept as a match count, not copied) and released as data when the next byte shows
    /// they were not; no buffer, no allocation.
    /// </summary>
    public sealed class MailBodyFilter
    {
        private static readonly byte[] End = { 13, 10, 46, 13, 10 };

        private int _matched;
        private bool _lineStart;

        /// <summary>Starts a new body: the first byte is at the start of a line.</summary>
        public void Reset()
        {
            _matched = 0;
            _lineStart = true;
        }

        /// <summary>
        /// Takes one host byte. Returns true when it completes CR LF . CR LF; the CR LF that ends the
        /// body's last line has then been written, the final "." CR LF is the caller's.
        /// </summary>
        public bool Feed(byte b, MailWriter output)
        {
            while (true)
            {
                if (b == End[_matched])
                {
                    _matched++;
                    if (_matched < End.Length) return false;
                    output.Byte(13);
                    output.Byte(10);
                    _matched = 0;
                    _lineStart = true;
                    return true;
                }
                if (_matched == 0)
                {
                    Emit(b, output);
                    return false;
                }
                // Not the terminator after all: release the held bytes as data. Only "CR LF . CR"
                // has a proper suffix that starts the terminator again (its last CR).
                int keep = _matched == 4 ? 1 : 0;
                for (int i = 0; i < _matched - keep; i++) Emit(End[i], output);
                _matched = keep;
            }
        }

        private void Emit(byte b, MailWriter output)
        {
            if (_lineStart && b == (byte)'.') output.Byte((byte)'.');
            output.Byte(b);
            _lineStart = b == 10;
        }
    }
}
