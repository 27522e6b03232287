using NfAtip.Platform;

namespace NfAtip.Link
{
    /// <summary>
    /// The services' network, bound to the link: every socket operation first asks the connection
    /// manager whether IP is still up, and long waits are cut in slices that ask again. Why: when the
    /// call drops (NO CARRIER, PPP down) lwIP's sockets would only fail after TCP's retransmission
    /// timeouts — minutes in which an FTP transfer or a mail download would hang. Bound, the transfer
    /// fails within a slice and the service ends with its own error code. Data moved also restarts
    /// PHYTIMEOUT (<see cref="ConnectionManager.Touch"/>).
    /// One wrapper object per socket; no allocation per read or write.
    /// </summary>
    public sealed class LinkBoundNetwork : INetwork
    {
        /// <summary>Longest single wait on a socket before the link is asked again.</summary>
        public const int SliceMs = 250;

        private readonly INetwork _inner;
        private readonly ConnectionManager _link;
        private readonly IClock _clock;

        public LinkBoundNetwork(INetwork inner, ConnectionManager link, IClock clock)
        {
            _inner = inner;
            _link = link;
            _clock = clock;
        }

        public ITcpConnection Connect(uint address, int port, int timeoutMs)
        {
            if (!_link.LinkAlive()) return null;
            ITcpConnection c = _inner.Connect(address, port, timeoutMs);
            return c == null ? null : new BoundConnection(c, this);
        }

        public ITcpListener Listen(int port)
        {
            if (!_link.LinkAlive()) return null;
            ITcpListener l = _inner.Listen(port);
            return l == null ? null : new BoundListener(l, this);
        }

        public IUdpSocket OpenUdp()
        {
            if (!_link.LinkAlive()) return null;
            IUdpSocket u = _inner.OpenUdp();
            return u == null ? null : new BoundUdp(u, this);
        }

        /// <summary>When a wait of <paramref name="timeoutMs"/> ends (negative: never, as the platform sockets take it).</summary>
        private long End(int timeoutMs)
        {
            return timeoutMs < 0 ? long.MaxValue : _clock.TickMs + timeoutMs;
        }

        /// <summary>The next slice of a wait ending at <paramref name="end"/>; -1 when the wait is over.</summary>
        private int Slice(long end, bool first)
        {
            long left = end - _clock.TickMs;
            if (left <= 0) return first ? 0 : -1;
            return left < SliceMs ? (int)left : SliceMs;
        }

        private sealed class BoundConnection : ITcpConnection
        {
            private readonly ITcpConnection _c;
            private readonly LinkBoundNetwork _n;

            public BoundConnection(ITcpConnection c, LinkBoundNetwork n)
            {
                _c = c;
                _n = n;
            }

            public uint RemoteAddress
            {
                get { return _c.RemoteAddress; }
            }

            public int Read(byte[] buffer, int offset, int count, int timeoutMs)
            {
                long end = _n.End(timeoutMs);
                bool first = true;
                while (true)
                {
                    if (!_n._link.LinkAlive()) return -1;
                    int slice = _n.Slice(end, first);
                    if (slice < 0) return 0;
                    first = false;
                    int r = _c.Read(buffer, offset, count, slice);
                    if (r > 0) _n._link.Touch();
                    if (r != 0 || slice == 0) return r;
                }
            }

            public bool Write(byte[] buffer, int offset, int count)
            {
                if (!_n._link.LinkAlive()) return false;
                bool ok = _c.Write(buffer, offset, count);
                if (ok) _n._link.Touch();
                return ok;
            }

            public bool StartTls(string serverName, byte[] caCertificate)
            {
                return _n._link.LinkAlive() && _c.StartTls(serverName, caCertificate);
            }

            public void Close()
            {
                _c.Close();
            }
        }

        private sealed class BoundListener : ITcpListener
        {
            private readonly ITcpListener _l;
            private readonly LinkBoundNetwork _n;

            public BoundListener(ITcpListener l, LinkBoundNetwork n)
            {
                _l = l;
                _n = n;
            }

            public ITcpConnection Accept(int timeoutMs)
            {
                long end = _n.End(timeoutMs);
                bool first = true;
                while (true)
                {
                    if (!_n._link.LinkAlive()) return null;
                    int slice = _n.Slice(end, first);
                    if (slice < 0) return null;
                    first = false;
                    ITcpConnection c = _l.Accept(slice);
                    if (c != null) return new BoundConnection(c, _n);
                    if (slice == 0) return null;
                }
            }

            public void Close()
            {
                _l.Close();
            }
        }

        private sealed class BoundUdp : IUdpSocket
        {
            private readonly IUdpSocket _u;
            private readonly LinkBoundNetwork _n;

            public BoundUdp(IUdpSocket u, LinkBoundNetwork n)
            {
                _u = u;
                _n = n;
            }

            public bool SendTo(byte[] buffer, int offset, int count, uint address, int port)
            {
                return _n._link.LinkAlive() && _u.SendTo(buffer, offset, count, address, port);
            }

            public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
            {
                long end = _n.End(timeoutMs);
                bool first = true;
                address = 0;
                port = 0;
                while (true)
                {
                    if (!_n._link.LinkAlive()) return 0;
                    int slice = _n.Slice(end, first);
                    if (slice < 0) return 0;
                    first = false;
                    int r = _u.ReceiveFrom(buffer, offset, count, slice, out address, out port);
                    if (r != 0 || slice == 0) return r;
                }
            }

            public void Close()
            {
                _u.Close();
            }
        }
    }
}
