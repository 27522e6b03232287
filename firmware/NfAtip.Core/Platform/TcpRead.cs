namespace NfAtip.Platform
{
    /// <summary>
    /// The two ends ITcpConnection.Read reports besides data (n &gt; 0) and a timeout (0). Both lwIP (the
    /// board) and the PC's sockets tell them apart: a FIN is an orderly end, a reset or a failure is not, and
    /// a transfer that ended by one must not pass for complete.
    /// </summary>
    public static class TcpRead
    {
        /// <summary>The peer closed its side in order (FIN).</summary>
        public const int Closed = -1;

        /// <summary>The connection was reset or failed.</summary>
        public const int Failed = -2;
    }
}
