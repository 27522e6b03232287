using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Network;

/// <summary>
/// The PC's own IP stack behind <see cref="INetwork"/>: plain .NET sockets, TLS through SslStream.
/// Failures come back as null/false/-1, never as exceptions, as the interface asks.
/// </summary>
public sealed class HostNetwork : INetwork
{
    /// <summary>Longest a TLS handshake may take.</summary>
    public int TlsHandshakeTimeoutMs { get; set; } = 30000;

    /// <summary>
    /// A send that cannot complete in this time fails (Write returns false): a peer that stops
    /// reading may slow the board down — that is flow control — but never hold it forever.
    /// The same bound as the board's (firmware/NfAtip/LwipNetwork.cs).
    /// </summary>
    public int SendTimeoutMs { get; set; } = 60000;

    public ITcpConnection? Connect(uint address, int port, int timeoutMs)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(timeoutMs < 0 ? Timeout.Infinite : timeoutMs);
            socket.ConnectAsync(new IPEndPoint(ToIp(address), port), cts.Token).AsTask().GetAwaiter().GetResult();
            return new TcpConnection(socket, address, this);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            socket.Dispose();
            return null;
        }
    }

    public ITcpListener? Listen(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return new Listener(listener, this);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return null;
        }
    }

    public IUdpSocket? OpenUdp()
    {
        try
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            return new UdpSocket(socket);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The uint form used by the firmware (first octet in the top byte) as an IPAddress.</summary>
    public static IPAddress ToIp(uint address) =>
        new(new[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address });

    /// <summary>An IPv4 address (or IPv4-mapped IPv6) in the firmware's uint form.</summary>
    public static uint FromIp(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (b.Length != 4) return 0;
        return (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
    }

    private static int Wait(int timeoutMs) => timeoutMs < 0 ? Timeout.Infinite : timeoutMs;

    private sealed class TcpConnection : ITcpConnection
    {
        private readonly Socket _socket;
        private readonly HostNetwork _owner;
        private Stream _stream;
        // A read that outlived its caller's timeout stays pending and serves the next Read: reads are never
        // cancelled midway, which keeps an SslStream consistent.
        private Task<int>? _pending;
        private readonly byte[] _chunk = new byte[16 * 1024];
        private int _chunkStart, _chunkEnd;
        private bool _closed;

        public TcpConnection(Socket socket, uint remote, HostNetwork owner)
        {
            _socket = socket;
            _owner = owner;
            _socket.SendTimeout = owner.SendTimeoutMs;
            _stream = new NetworkStream(socket, ownsSocket: true);
            RemoteAddress = remote;
        }

        public uint RemoteAddress { get; }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (count <= 0) return 0;
            if (_chunkStart < _chunkEnd) return TakeChunk(buffer, offset, count);
            if (_closed) return -1;
            try
            {
                _pending ??= _stream.ReadAsync(_chunk, 0, _chunk.Length);
                if (!_pending.Wait(Wait(timeoutMs))) return 0;
                int n = _pending.Result;
                _pending = null;
                if (n <= 0)
                {
                    _closed = true;
                    return -1;
                }
                _chunkStart = 0;
                _chunkEnd = n;
                return TakeChunk(buffer, offset, count);
            }
            catch (Exception e) when (e is AggregateException or IOException or SocketException or ObjectDisposedException)
            {
                _pending = null;
                _closed = true;
                return -1;
            }
        }

        private int TakeChunk(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, _chunkEnd - _chunkStart);
            Buffer.BlockCopy(_chunk, _chunkStart, buffer, offset, n);
            _chunkStart += n;
            return n;
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            if (_closed) return false;
            try
            {
                _stream.Write(buffer, offset, count);
                _stream.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>
        /// Upgrades to TLS. The server's chain must end at <paramref name="caCertificate"/> (DER or PEM; when
        /// empty, at the system's trusted roots) and its name must match <paramref name="serverName"/>.
        /// Fails when a read is still pending or bytes were received but not read yet (they would belong to
        /// the plain-text phase).
        /// </summary>
        public bool StartTls(string serverName, byte[] caCertificate)
        {
            if (_closed || _pending != null || _chunkStart < _chunkEnd || _stream is SslStream) return false;
            X509Certificate2? ca = null;
            try
            {
                if (caCertificate != null && caCertificate.Length > 0) ca = LoadCertificate(caCertificate);
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: false,
                    (_, certificate, _, errors) => Validate(certificate, errors, ca));
                var options = new SslClientAuthenticationOptions { TargetHost = serverName };
                using var cts = new CancellationTokenSource(_owner.TlsHandshakeTimeoutMs);
                ssl.AuthenticateAsClientAsync(options, cts.Token).GetAwaiter().GetResult();
                _stream = ssl;
                return true;
            }
            catch (Exception)
            {
                // Handshake failure, bad certificate, timeout: the connection is unusable now.
                Close();
                return false;
            }
        }

        private static X509Certificate2 LoadCertificate(byte[] data)
        {
            // PEM starts with "-----BEGIN"; anything else is taken as DER.
            if (data.Length > 10 && data[0] == (byte)'-')
                return X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(data));
            return X509CertificateLoader.LoadCertificate(data);
        }

        private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? ca)
        {
            if (ca == null) return errors == SslPolicyErrors.None;
            if (certificate == null) return false;
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = new X509Certificate2(certificate);
            return chain.Build(server);
        }

        public void Close()
        {
            _closed = true;
            try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { }
            try { _stream.Dispose(); } catch (Exception) { }
            _socket.Dispose();
        }
    }

    private sealed class Listener : ITcpListener
    {
        private readonly TcpListener _listener;
        private readonly HostNetwork _owner;

        public Listener(TcpListener listener, HostNetwork owner)
        {
            _listener = listener;
            _owner = owner;
        }

        public ITcpConnection? Accept(int timeoutMs)
        {
            try
            {
                int micro = timeoutMs < 0 ? -1 : timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : timeoutMs * 1000;
                if (!_listener.Server.Poll(micro, SelectMode.SelectRead))
                    return null;
                var socket = _listener.AcceptSocket();
                socket.NoDelay = true;
                var remote = socket.RemoteEndPoint is IPEndPoint ep ? FromIp(ep.Address) : 0;
                return new TcpConnection(socket, remote, _owner);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return null;
            }
        }

        public void Close() => _listener.Stop();
    }

    private sealed class UdpSocket : IUdpSocket
    {
        private readonly Socket _socket;

        public UdpSocket(Socket socket) => _socket = socket;

        public bool SendTo(byte[] buffer, int offset, int count, uint address, int port)
        {
            try
            {
                return _socket.SendTo(buffer, offset, count, SocketFlags.None, new IPEndPoint(ToIp(address), port)) == count;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or ArgumentException)
            {
                return false;
            }
        }

        public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
        {
            address = 0;
            port = 0;
            try
            {
                int micro = timeoutMs < 0 ? -1 : timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : timeoutMs * 1000;
                if (!_socket.Poll(micro, SelectMode.SelectRead)) return 0;
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref from);
                if (from is IPEndPoint ep)
                {
                    address = FromIp(ep.Address);
                    port = ep.Port;
                }
                return n;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return 0;
            }
        }

        public void Close() => _socket.Dispose();
    }
}
