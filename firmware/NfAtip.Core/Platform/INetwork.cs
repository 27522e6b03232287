namespace NfAtip.Platform
{
    /// <summary>
    /// The IP network behind the cellular link: lwIP sockets on the board (System.Net), the host's
    /// own stack on the virtual board. Addresses are IPv4 in network order packed into a uint
    /// (first octet in the top byte). Failures are reported as results, never as exceptions, so the
    /// services can map them to the spec's error codes.
    /// </summary>
    public interface INetwork
    {
        /// <summary>Opens a TCP connection; null when it could not be opened within the timeout.</summary>
        ITcpConnection Connect(uint address, int port, int timeoutMs);

        /// <summary>Starts listening on a TCP port; null when the port cannot be bound.</summary>
        ITcpListener Listen(int port);

        /// <summary>Opens a UDP socket bound to an ephemeral port (DNS); null on failure.</summary>
        IUdpSocket OpenUdp();
    }

    /// <summary>One TCP connection.</summary>
    public interface ITcpConnection
    {
        /// <summary>Address of the peer.</summary>
        uint RemoteAddress { get; }

        /// <summary>
        /// Bytes read; 0 on timeout; TcpRead.Closed (-1) when the peer closed in order, TcpRead.Failed (-2)
        /// when the connection was reset or failed (callers that only need "it ended" test &lt; 0).
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Sends all bytes; false when the connection failed.</summary>
        bool Write(byte[] buffer, int offset, int count);

        /// <summary>Upgrades the connection to TLS, validating the server against the CA certificate (DER or PEM) given.</summary>
        bool StartTls(string serverName, byte[] caCertificate);

        /// <summary>Closes the connection and releases the socket.</summary>
        void Close();
    }

    /// <summary>A listening TCP socket.</summary>
    public interface ITcpListener
    {
        /// <summary>The next incoming connection, or null when none arrived within the timeout.</summary>
        ITcpConnection Accept(int timeoutMs);

        /// <summary>Stops listening and releases the port.</summary>
        void Close();
    }

    /// <summary>A UDP socket.</summary>
    public interface IUdpSocket
    {
        /// <summary>Sends one datagram; false on failure.</summary>
        bool SendTo(byte[] buffer, int offset, int count, uint address, int port);

        /// <summary>Receives one datagram; its length, or 0 on timeout. The sender is returned through the out parameters.</summary>
        int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port);

        /// <summary>Releases the socket.</summary>
        void Close();
    }
}
