namespace NfAtip.Services
{
    /// <summary>
    /// Timeouts and ports the services use, with the spec's values as defaults. One object, shared by
    /// every service, so the tests can shorten a three-minute wait to a fraction of a second and run
    /// servers on unprivileged ports without a different code path.
    /// </summary>
    public sealed class ServiceTunables
    {
        /// <summary>"If there is no answer from the SMTP server after 3 minutes, the error #CME ERROR: 37964 is generated."</summary>
        public int ServerReplyMs = 180000;

        /// <summary>"An inactivity period of 50 seconds on the serial port" ends AT#PUTMAIL.</summary>
        public int HostInactivityMs = 50000;

        /// <summary>
        /// After a TCP session the host did not close (the peer closed, a send failed), host bytes are
        /// discarded until the host's ETX (DLEMODE 1) or this long without any (spec decision T9): the end
        /// of a stream the host was still sending is never read as commands.
        /// </summary>
        public int DataDrainQuietMs = 1000;

        /// <summary>
        /// A server's data (AT#GETMAIL's message, AT#FTPGET's file) must bring at least MinProgressBytes in
        /// every ProgressWindowMs, else 37964 (spec decision N1): a server trickling a byte now and then
        /// cannot keep the board in one service without end.
        /// </summary>
        public int MinProgressBytes = 256;

        /// <summary>The window of MinProgressBytes; 0 turns the check off.</summary>
        public int ProgressWindowMs = 60000;

        /// <summary>Opening a TCP connection to a server.</summary>
        public int ConnectMs = 30000;

        /// <summary>One DNS query to one server before trying the next.</summary>
        public int DnsQueryMs = 5000;

        /// <summary>Destination port of DNS queries.</summary>
        public int DnsPort = 53;
    }
}
