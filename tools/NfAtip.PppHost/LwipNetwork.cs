using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;

namespace NfAtip.PppHost
{
    /// <summary>
    /// The core's INetwork on lwIP's sockets in libnfatip_ppp_host.so: while the PPP session is up its
    /// interface is lwIP's default route, so every connection goes over PPP, as on the board, where
    /// nanoFramework's sockets sit on the image's lwIP. Connections are <see cref="StreamConnection"/>s
    /// (TLS included) over <see cref="LwipStream"/>.
    /// </summary>
    public sealed class LwipNetwork : INetwork
    {
        public int TlsHandshakeTimeoutMs { get; set; } = 30000;

        /// <summary>A listening socket opened (port, true) or closed (port, false): for the PC's simulated ISP to forward it.</summary>
        public event Action<int, bool> ListeningChanged;

        public ITcpConnection Connect(uint address, int port, int timeoutMs)
        {
            int s = Lwip.nfatip_net_connect(address, port, timeoutMs);
            return s < 0 ? null : new StreamConnection(new LwipStream(s), address, TlsHandshakeTimeoutMs, () => { });
        }

        public ITcpListener Listen(int port)
        {
            int s = Lwip.nfatip_net_listen(port);
            if (s < 0) return null;
            ListeningChanged?.Invoke(port, true);
            return new Listener(s, port, this);
        }

        public IUdpSocket OpenUdp()
        {
            int s = Lwip.nfatip_net_udp_open();
            return s < 0 ? null : new Udp(s);
        }

        private sealed class Listener : ITcpListener
        {
            private readonly int _socket;
            private readonly int _port;
            private readonly LwipNetwork _owner;
            private bool _closed;

            public Listener(int socket, int port, LwipNetwork owner)
            {
                _socket = socket;
                _port = port;
                _owner = owner;
            }

            public ITcpConnection Accept(int timeoutMs)
            {
                int c = Lwip.nfatip_net_accept(_socket, timeoutMs, out uint remote);
                return c < 0 ? null : new StreamConnection(new LwipStream(c), remote, _owner.TlsHandshakeTimeoutMs, () => { });
            }

            public void Close()
            {
                if (_closed) return;
                _closed = true;
                Lwip.nfatip_net_close(_socket);
                _owner.ListeningChanged?.Invoke(_port, false);
            }
        }

        private sealed unsafe class Udp : IUdpSocket
        {
            private readonly int _socket;

            public Udp(int socket) => _socket = socket;

            public bool SendTo(byte[] buffer, int offset, int count, uint address, int port)
            {
                if (offset < 0 || count < 0 || offset + count > buffer.Length) return false;
                fixed (byte* p = buffer) return Lwip.nfatip_net_sendto(_socket, p + offset, count, address, port) == 1;
            }

            public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
            {
                address = 0;
                port = 0;
                if (offset < 0 || count <= 0 || offset + count > buffer.Length) return 0;
                int n;
                fixed (byte* p = buffer) n = Lwip.nfatip_net_recvfrom(_socket, p + offset, count, timeoutMs, out address, out port);
                return n < 0 ? 0 : n;
            }

            public void Close() => Lwip.nfatip_net_close(_socket);
        }
    }

    /// <summary>
    /// A connected lwIP TCP socket as a Stream. lwIP (Debian's port has no full-duplex netconns) must not
    /// see one socket used by two threads at once, and StreamConnection reads on a pool thread while the
    /// board writes: every native call here holds one lock, and a read waits in slices of <see cref="SliceMs"/>
    /// so a write or the close gets the socket between them. Monitor is not fair (the reader would take the
    /// lock straight back), so a writer announces itself and the reader lets it go first.
    /// </summary>
    public sealed unsafe class LwipStream : Stream
    {
        private const int SliceMs = 20;
        private const int SendTimeoutMs = 60000;
        private readonly object _io = new object();
        private readonly int _socket;
        private bool _closed;
        private int _waiting; // writers and closers waiting for the lock

        public LwipStream(int socket) => _socket = socket;

        public override int Read(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            if (count == 0) return 0;
            while (true)
            {
                while (Volatile.Read(ref _waiting) > 0) Thread.Sleep(1);
                int n;
                lock (_io)
                {
                    if (_closed) return 0;
                    fixed (byte* p = buffer) n = Lwip.nfatip_net_read(_socket, p + offset, count, SliceMs);
                }
                if (n > 0) return n;
                if (n == -1) return 0; // the peer closed (FIN): end of stream
                // Reset or failed: an exception, so StreamConnection reports TcpRead.Failed, not an end of data.
                if (n < 0) throw new IOException("lwIP: the connection was reset or failed");
            }
        }

        /// <summary>
        /// The read on a pool thread of its own. Stream's default ReadAsync goes through BeginRead, which
        /// takes the stream's async semaphore synchronously: the caller would then wait out a read still
        /// pending. StreamConnection keeps one read pending while the board goes on.
        /// </summary>
        public override System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            System.Threading.Tasks.Task.Run(() => Read(buffer, offset, count), cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            Interlocked.Increment(ref _waiting);
            try
            {
                lock (_io)
                {
                    if (_closed) throw new ObjectDisposedException(nameof(LwipStream));
                    int n;
                    fixed (byte* p = buffer) n = Lwip.nfatip_net_write(_socket, p + offset, count, SendTimeoutMs);
                    if (n != count) throw new IOException("lwIP send failed");
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        protected override void Dispose(bool disposing)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                lock (_io)
                {
                    if (!_closed)
                    {
                        _closed = true;
                        Lwip.nfatip_net_close(_socket);
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
            base.Dispose(disposing);
        }

        /// <summary>The native calls take a pointer into the array: the range must lie inside it.</summary>
        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || count > buffer.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
        }

        public override void Flush() { }
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>libnfatip_ppp_host.so's sockets (native/nfatip_ppp_host_net.c); loaded as NativePpp resolves it.</summary>
    internal static unsafe class Lwip
    {
        private const string Library = "nfatip_ppp_host";

        static Lwip() => Ppp.NativePpp.Load(); // NativePpp registers the library's resolver

        [DllImport(Library)] internal static extern int nfatip_net_connect(uint address, int port, int timeoutMs);
        [DllImport(Library)] internal static extern int nfatip_net_read(int s, byte* buffer, int count, int timeoutMs);
        [DllImport(Library)] internal static extern int nfatip_net_write(int s, byte* buffer, int count, int timeoutMs);
        [DllImport(Library)] internal static extern void nfatip_net_close(int s);
        [DllImport(Library)] internal static extern int nfatip_net_listen(int port);
        [DllImport(Library)] internal static extern int nfatip_net_accept(int s, int timeoutMs, out uint remote);
        [DllImport(Library)] internal static extern int nfatip_net_udp_open();
        [DllImport(Library)] internal static extern int nfatip_net_sendto(int s, byte* buffer, int count, uint address, int port);
        [DllImport(Library)] internal static extern int nfatip_net_recvfrom(int s, byte* buffer, int count, int timeoutMs, out uint address, out int port);
    }
}
