using System.Net;
using System.Net.Sockets;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Network;

/// <summary>
/// The PC's own IP stack behind <see cref="INetwork"/>: plain .NET sockets, connections (TLS through
/// SslStream included) as <see cref="StreamConnection"/>s.
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
            return Wrap(socket, address);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// The address AT#LTCPSTART listens on: the link's, 127.0.0.1, the address the direct links (HostIpLink,
    /// SimulatedPppLink) report in AT#DISPLAYIP. Not every interface of the PC: the virtual board must not
    /// open a port to the PC's whole network.
    /// </summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    public ITcpListener? Listen(int port)
    {
        try
        {
            var listener = new TcpListener(ListenAddress, port);
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

    /// <summary>A connected socket as the core's connection: its stream, the send bound, TLS on demand.</summary>
    private ITcpConnection Wrap(Socket socket, uint remote)
    {
        socket.SendTimeout = SendTimeoutMs;
        return new StreamConnection(new NetworkStream(socket, ownsSocket: true), remote, TlsHandshakeTimeoutMs,
            () => { try { socket.Shutdown(SocketShutdown.Both); } catch (Exception) { } });
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
                return _owner.Wrap(socket, remote);
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
