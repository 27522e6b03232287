namespace NfAtip.Net
{
    /// <summary>
    /// A transfer's minimum rate: at least MinBytes in every window of WindowMs (spec decision N1). A server
    /// that sends a byte now and then never lets a per-byte timeout expire; this ends it. No allocation.
    /// </summary>
    public sealed class ProgressWatch
    {
        private int _minBytes;
        private int _windowMs;
        private long _windowStart;
        private int _bytes;

        /// <summary>Starts watching at <paramref name="nowMs"/>; a <paramref name="windowMs"/> of 0 or less watches nothing.</summary>
        public void Start(long nowMs, int minBytes, int windowMs)
        {
            _minBytes = minBytes;
            _windowMs = windowMs;
            _windowStart = nowMs;
            _bytes = 0;
        }

        /// <summary>Counts <paramref name="bytes"/> received at <paramref name="nowMs"/>; false once a whole window brought fewer than the minimum.</summary>
        public bool Progressing(int bytes, long nowMs)
        {
            if (_windowMs <= 0) return true;
            if (bytes > 0) _bytes += bytes;
            if (nowMs - _windowStart < _windowMs) return true;
            if (_bytes < _minBytes) return false;
            _windowStart = nowMs;
            _bytes = 0;
            return true;
        }
    }
}
