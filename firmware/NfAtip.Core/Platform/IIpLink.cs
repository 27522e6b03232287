namespace NfAtip.Platform
{
    /// <summary>
    /// IP over the physical link: PPP in lwIP over the module's UART on the board (issue C's native
    /// interop), the host's own network on the virtual board. The core opens it once the call or the
    /// GPRS context is up and polls it; negotiation runs in the background so AT#CONNECTIONSTOP can
    /// interrupt it.
    /// </summary>
    public interface IIpLink
    {
        /// <summary>Starts negotiating (PPP client or server per the request).</summary>
        void Open(IpLinkRequest request);

        /// <summary>
        /// <see cref="IpLinkStatus.Negotiating"/>, <see cref="IpLinkStatus.Up"/>, or the #CME ERROR code of
        /// the failure (37120/37121 negotiation failed as client/server, 38980/38981 timeout as client/server).
        /// </summary>
        int Poll();

        /// <summary>Our address once up (IPv4, first octet in the top byte).</summary>
        uint LocalAddress { get; }

        /// <summary>The peer's (PPP) or gateway's (GPRS) address once up.</summary>
        uint PeerAddress { get; }

        /// <summary>DNS servers the link supplied (IPCP / GPRS), 0 when none: they take precedence over DNSSERV1/2.</summary>
        uint PrimaryDns { get; }

        uint SecondaryDns { get; }

        /// <summary>Ends IP on the link (terminates PPP); the physical link is released by the caller.</summary>
        void Close();
    }

    /// <summary>What <see cref="IIpLink.Poll"/> returns besides error codes.</summary>
    public static class IpLinkStatus
    {
        public const int Negotiating = 0;
        public const int Up = 1;
    }

    /// <summary>How to bring IP up: PPP client with our credentials, or PPP server checking the peer's and assigning addresses.</summary>
    public sealed class IpLinkRequest
    {
        /// <summary>True: act as PPP server (PAP check of User/Password, IPCP assigns ServerLocal/ServerPeer).</summary>
        public bool Server;
        public string User;
        public string Password;
        public uint ServerLocalAddress;
        public uint ServerPeerAddress;
        /// <summary>Negotiation must finish within this time or it fails with the timeout code.</summary>
        public int TimeoutMs;
        /// <summary>
        /// What the module sent right behind CONNECT that the radio driver had already read (the peer's first
        /// LCP frame often comes at once): the link's first input, bytes [0, ReceivedCount) of Received.
        /// </summary>
        public byte[] Received;
        public int ReceivedCount;
    }
}
