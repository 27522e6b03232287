// Public API of the System.Net assembly (NuGet nanoFramework.System.Net 1.11.43,
// nanoframework/System.Net at tag v1.11.43: nanoFramework.System.Net/Sockets/Socket.cs, NetworkStream.cs,
// AddressFamily.cs, SocketType.cs, ProtocolType.cs, SelectMode.cs, SocketFlags.cs, SocketErrors.cs,
// SocketOptionLevel.cs, SocketOptionName.cs, SocketException.cs, IPAddress.cs, EndPoint.cs,
// IPEndPoint.cs, DNS.cs, IPHostEntry.cs, Security/SslStream.cs, Security/SslProtocols, SslVerification,
// X509Certificates/X509Certificate.cs). Socket has no Blocking property and no Connect timeout:
// a timed connect runs on its own thread. Signatures only, written for the guard.
namespace System.Net
{
    public abstract class EndPoint
    {
        public abstract SocketAddress Serialize();
        public abstract EndPoint Create(SocketAddress socketAddress);
    }

    public class SocketAddress
    {
        public SocketAddress(System.Net.Sockets.AddressFamily family, int size) { }
        public System.Net.Sockets.AddressFamily Family { get { throw null; } }
        public int Size { get { throw null; } }
        public byte this[int offset] { get { throw null; } set { } }
    }

    public class IPAddress
    {
        public static readonly IPAddress Any;
        public static readonly IPAddress Loopback;
        public static readonly IPAddress Broadcast;
        public static readonly IPAddress None;
        public IPAddress(long newAddress) { }
        public IPAddress(byte[] newAddressBytes) { }
        public System.Net.Sockets.AddressFamily AddressFamily { get { throw null; } }
        public byte[] GetAddressBytes() { throw null; }
        public static IPAddress Parse(string ipString) { throw null; }
        public static IPAddress GetDefaultLocalAddress() { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public override string ToString() { throw null; }
    }

    public class IPEndPoint : EndPoint
    {
        public const int MinPort = 0x00000000;
        public const int MaxPort = 0x0000FFFF;
        public IPEndPoint(long address, int port) { }
        public IPEndPoint(IPAddress address, int port) { }
        public IPAddress Address { get { throw null; } }
        public int Port { get { throw null; } }
        public System.Net.Sockets.AddressFamily AddressFamily { get { throw null; } }
        public override SocketAddress Serialize() { throw null; }
        public override EndPoint Create(SocketAddress socketAddress) { throw null; }
        public override string ToString() { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public class IPHostEntry
    {
        internal IPHostEntry() { }
        public string HostName { get { throw null; } }
        public IPAddress[] AddressList { get { throw null; } }
    }

    public static class Dns
    {
        public static IPHostEntry GetHostEntry(string hostNameOrAddress) { throw null; }
    }
}

namespace System.Net.Sockets
{
    public enum AddressFamily { Unknown = -1, Unspecified = 0, InterNetwork = 2, InterNetworkV6 = 23 }
    public enum SocketType { Unknown = -1, Stream = 1, Dgram = 2, Raw = 3, Rdm = 4, Seqpacket = 5 }
    public enum ProtocolType { IP = 0, IPv6HopByHopOptions = 0, Icmp = 1, Igmp = 2, Ggp = 3, IPv4 = 4, Tcp = 6, Pup = 12, Udp = 17, Idp = 22, IPv6 = 41, Raw = 255, Unknown = -1, Unspecified = 0 }
    public enum SelectMode { SelectRead = 0, SelectWrite = 1, SelectError = 2 }

    [Flags]
    public enum SocketFlags { None = 0x0000, OutOfBand = 0x0001, Peek = 0x0002, DontRoute = 0x0004 }

    public enum SocketOptionLevel { Socket = 0xffff, IP = 0, IPv6 = 41, Tcp = 6, Udp = 17 }

    public enum SocketOptionName
    {
        Debug = 0x0001, AcceptConnection = 0x0002, ReuseAddress = 0x0004, KeepAlive = 0x0008, DontRoute = 0x0010,
        Broadcast = 0x0020, Linger = 0x0080, OutOfBandInline = 0x0100, DontLinger = ~Linger, ExclusiveAddressUse = ~ReuseAddress,
        SendBuffer = 0x1001, ReceiveBuffer = 0x1002, SendLowWater = 0x1003, ReceiveLowWater = 0x1004,
        SendTimeout = 0x1005, ReceiveTimeout = 0x1006, Error = 0x1007, Type = 0x1008, MaxConnections = 0x7fffffff,
        IPOptions = 1, HeaderIncluded = 2, TypeOfService = 3, IpTimeToLive = 4, MulticastInterface = 9, MulticastTimeToLive = 10,
        MulticastLoopback = 11, AddMembership = 12, DropMembership = 13, DontFragment = 14, NoDelay = 1, Expedited = 2,
    }

    public enum SocketError
    {
        SocketError = -1, Success = 0, Interrupted = 10004, AccessDenied = 10013, Fault = 10014, InvalidArgument = 10022,
        TooManyOpenSockets = 10024, WouldBlock = 10035, InProgress = 10036, AlreadyInProgress = 10037, NotSocket = 10038,
        DestinationAddressRequired = 10039, MessageSize = 10040, ProtocolType = 10041, ProtocolOption = 10042,
        ProtocolNotSupported = 10043, SocketNotSupported = 10044, OperationNotSupported = 10045, ProtocolFamilyNotSupported = 10046,
        AddressFamilyNotSupported = 10047, AddressAlreadyInUse = 10048, AddressNotAvailable = 10049, NetworkDown = 10050,
        NetworkUnreachable = 10051, NetworkReset = 10052, ConnectionAborted = 10053, ConnectionReset = 10054, NoBufferSpaceAvailable = 10055,
        IsConnected = 10056, NotConnected = 10057, Shutdown = 10058, TimedOut = 10060, ConnectionRefused = 10061,
        HostDown = 10064, HostUnreachable = 10065, HostNotFound = 11001, TryAgain = 11002, NoRecovery = 11003, NoData = 11004,
    }

    public class SocketException : Exception
    {
        public SocketException(SocketError errorCode) { }
        public int ErrorCode { get { throw null; } }
    }

    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) { }
        public int Available { get { throw null; } }
        public EndPoint LocalEndPoint { get { throw null; } }
        public EndPoint RemoteEndPoint { get { throw null; } }
        public int ReceiveTimeout { get { throw null; } set { } }
        public int SendTimeout { get { throw null; } set { } }
        public SocketType SocketType { get { throw null; } }
        public void Bind(EndPoint localEP) { }
        public void Connect(EndPoint remoteEP) { }
        public void Close() { }
        public void Listen(int backlog) { }
        public Socket Accept() { throw null; }
        public int Send(byte[] buffer) { throw null; }
        public int Send(byte[] buffer, SocketFlags socketFlags) { throw null; }
        public int Send(byte[] buffer, int size, SocketFlags socketFlags) { throw null; }
        public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags) { throw null; }
        public int SendTo(byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) { throw null; }
        public int SendTo(byte[] buffer, int size, SocketFlags socketFlags, EndPoint remoteEP) { throw null; }
        public int SendTo(byte[] buffer, SocketFlags socketFlags, EndPoint remoteEP) { throw null; }
        public int SendTo(byte[] buffer, EndPoint remoteEP) { throw null; }
        public int Receive(byte[] buffer) { throw null; }
        public int Receive(byte[] buffer, SocketFlags socketFlags) { throw null; }
        public int Receive(byte[] buffer, int size, SocketFlags socketFlags) { throw null; }
        public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags) { throw null; }
        public int ReceiveFrom(byte[] buffer, int offset, int size, SocketFlags socketFlags, ref EndPoint remoteEP) { throw null; }
        public int ReceiveFrom(byte[] buffer, int size, SocketFlags socketFlags, ref EndPoint remoteEP) { throw null; }
        public int ReceiveFrom(byte[] buffer, SocketFlags socketFlags, ref EndPoint remoteEP) { throw null; }
        public int ReceiveFrom(byte[] buffer, ref EndPoint remoteEP) { throw null; }
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, int optionValue) { }
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, bool optionValue) { }
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] optionValue) { }
        public object GetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName) { throw null; }
        public void GetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] val) { }
        public bool Poll(int microSeconds, SelectMode mode) { throw null; }
        protected virtual void Dispose(bool disposing) { }
        void IDisposable.Dispose() { }
    }

    public class NetworkStream : System.IO.Stream
    {
        public NetworkStream(Socket socket) { }
        public NetworkStream(Socket socket, bool ownsSocket) { }
        public virtual bool DataAvailable { get { throw null; } }
        public override bool CanRead { get { throw null; } }
        public override bool CanSeek { get { throw null; } }
        public override bool CanWrite { get { throw null; } }
        public override long Length { get { throw null; } }
        public override long Position { get { throw null; } set { } }
        public override int ReadTimeout { get { throw null; } set { } }
        public override int WriteTimeout { get { throw null; } set { } }
        public void Close(int timeout) { }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { throw null; }
        public override long Seek(long offset, System.IO.SeekOrigin origin) { throw null; }
        public override void SetLength(long value) { }
        public override void Write(byte[] buffer, int offset, int count) { }
    }
}

namespace System.Net.Security
{
    [Flags]
    public enum SslProtocols { None = 0x00, Tls = 0xC0, Tls11 = 0x300, Tls12 = 0xC00, Tls13 = 0x3000 }

    public enum SslVerification { NoVerification = 1, VerifyPeer = 2, CertificateRequired = 4, VerifyClientOnce = 8 }

    public class SslStream : System.Net.Sockets.NetworkStream
    {
        public SslStream(System.Net.Sockets.Socket socket) : base(socket) { }
        public SslVerification SslVerification { get { throw null; } set { } }
        public bool UseStoredDeviceCertificate { get { throw null; } set { } }
        public void AuthenticateAsClient(string targetHost, SslProtocols enabledSslProtocols) { }
        public void AuthenticateAsClient(string targetHost, System.Security.Cryptography.X509Certificates.X509Certificate clientCertificate, SslProtocols enabledSslProtocols) { }
        public void AuthenticateAsClient(string targetHost, System.Security.Cryptography.X509Certificates.X509Certificate clientCertificate, System.Security.Cryptography.X509Certificates.X509Certificate ca, SslProtocols enabledSslProtocols) { }
        public void AuthenticateAsServer(System.Security.Cryptography.X509Certificates.X509Certificate serverCertificate, SslProtocols enabledSslProtocols) { }
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate() { }
        public X509Certificate(byte[] certificate) { }
        public X509Certificate(string certificate) { }
        public virtual string Issuer { get { throw null; } }
        public virtual string Subject { get { throw null; } }
        public virtual DateTime GetEffectiveDate() { throw null; }
        public virtual DateTime GetExpirationDate() { throw null; }
        public virtual byte[] GetRawCertData() { throw null; }
    }
}
