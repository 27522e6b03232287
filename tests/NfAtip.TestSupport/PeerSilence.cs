using System.Net.Sockets;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;

namespace NfAtip.TestSupport;

/// <summary>
/// A scripted server's word that it will send nothing more, on any of its connections: its stall is
/// then a fact the board's waits can act on, not a guess from the PC's clock. With a
/// <see cref="SilenceClock"/> and a <see cref="SilenceAwareNetwork"/> a stall test keeps the spec's
/// reply timeout (3 minutes): replies that do come are waited for that long in real time, so a loaded
/// machine that delays one cannot turn it into a timeout, and once the server has declared its silence
/// the board's waits end at once, its clock jumped over them.
/// </summary>
public sealed class PeerSilence
{
    private volatile bool _declared;
    private volatile Socket? _lastWrittenOn;
    private readonly HashSet<uint> _silentAddresses = new();

    /// <summary>
    /// Called by the scripted server after its last byte has been written on <paramref name="socket"/>: no peer sends
    /// more. The silence begins when those bytes have left the socket: a write ends when its bytes are in the
    /// socket's send queue, and on a loaded machine the kernel may take a while to move its tail to the board's
    /// receive queue (a 10 MB reply line was once cut short so). Until then the board's reads wait in real time.
    /// </summary>
    public void Declare(Socket socket)
    {
        _lastWrittenOn = socket;
        _declared = true;
    }

    /// <summary>Nothing at <paramref name="address"/> will answer (a DNS server that is not there, a fake that said all it will).</summary>
    public void Declare(uint address)
    {
        lock (_silentAddresses) _silentAddresses.Add(address);
    }

    /// <summary>True when the peer at <paramref name="address"/> will send nothing more.</summary>
    public bool IsSilent(uint address)
    {
        if (_declared) return Sent(_lastWrittenOn);
        lock (_silentAddresses) return _silentAddresses.Contains(address);
    }

    /// <summary>
    /// True when nothing <paramref name="socket"/> was given is still on its way: its send queue is empty (Linux's
    /// SIOCOUTQ, the bytes the peer has not acknowledged; on loopback the board's socket acknowledges what reached
    /// its receive queue). Elsewhere, or once the socket is closed, true.
    /// </summary>
    private static bool Sent(Socket? socket)
    {
        if (socket == null || !OperatingSystem.IsLinux()) return true;
        try
        {
            return ioctl((int)socket.SafeHandle.DangerousGetHandle(), SiocOutq, out int queued) != 0 || queued == 0;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private const uint SiocOutq = 0x5411; // SIOCOUTQ (= TIOCOUTQ), linux/sockios.h

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, nuint request, out int value);
}

/// <summary>The PC's clock, which the board's reads jump forward by the time a silent peer would have made them wait (and a test by <see cref="Skip"/>, for cache lifetimes).</summary>
public sealed class SilenceClock : IClock
{
    private readonly SystemClock _system = new();
    private long _skippedMs;

    public long TickMs => _system.TickMs + Interlocked.Read(ref _skippedMs);
    public DateTime UtcNow => _system.UtcNow.AddMilliseconds(Interlocked.Read(ref _skippedMs));

    /// <summary>Time let pass at once so far.</summary>
    public long SkippedMs => Interlocked.Read(ref _skippedMs);

    /// <summary>Lets <paramref name="ms"/> pass at once.</summary>
    public void Skip(long ms) => Interlocked.Add(ref _skippedMs, ms);
}

/// <summary>
/// The PC's network (<see cref="HostNetwork"/>) whose reads know of <see cref="PeerSilence"/>. Until the
/// peer's silence is declared (a connection's remote address, a UDP socket's last destination) every
/// read is the PC's own with its real timeout, taken in <see cref="SliceMs"/> slices so a declaration made
/// meanwhile is seen. After it, a socket is first given
/// <see cref="QuietMs"/> of real time to deliver what the server wrote before it declared; from then on
/// a read of it that finds nothing ends at once and skips the clock by the read's timeout.
/// </summary>
public sealed class SilenceAwareNetwork : INetwork
{
    /// <summary>How often a read that waits in real time looks for a declaration.</summary>
    private const int SliceMs = 10;

    /// <summary>Real time a socket must stay empty after the declaration before its reads skip.</summary>
    private const int QuietMs = 100;

    private readonly INetwork _inner = new HostNetwork();
    private readonly PeerSilence _silence;
    private readonly SilenceClock _clock;

    public SilenceAwareNetwork(PeerSilence silence, SilenceClock clock)
    {
        _silence = silence;
        _clock = clock;
    }

    public ITcpConnection? Connect(uint address, int port, int timeoutMs)
    {
        ITcpConnection? c = _inner.Connect(address, port, timeoutMs);
        return c == null ? null : new Connection(c, this);
    }

    public ITcpListener? Listen(int port) => _inner.Listen(port);

    public IUdpSocket? OpenUdp()
    {
        IUdpSocket? s = _inner.OpenUdp();
        return s == null ? null : new Udp(s, this);
    }

    /// <summary>
    /// One read as the type's summary says: <paramref name="read"/> reads the socket with the timeout
    /// given (0: nothing yet); <paramref name="quietMs"/> is the socket's empty time since the declaration.
    /// </summary>
    private int Read(int timeoutMs, uint peer, ref int quietMs, Func<int, int> read)
    {
        if (timeoutMs <= 0) return read(timeoutMs);
        // Not yet silent: the PC's read, in slices, so a declaration made meanwhile is seen.
        long start = Environment.TickCount64;
        while (!_silence.IsSilent(peer))
        {
            int left = timeoutMs - (int)(Environment.TickCount64 - start);
            if (left <= 0) return 0;
            int n = read(Math.Min(left, SliceMs));
            if (n != 0) return n;
        }
        int rest = timeoutMs - (int)(Environment.TickCount64 - start);
        if (rest <= 0) return 0;
        int waited = Math.Min(QuietMs - Math.Min(quietMs, QuietMs), rest);
        int r = read(waited);
        if (r != 0) return r;
        quietMs += waited;
        if (rest > waited) _clock.Skip(rest - waited);
        return 0;
    }

    private sealed class Connection(ITcpConnection inner, SilenceAwareNetwork owner) : ITcpConnection
    {
        private int _quietMs;

        public uint RemoteAddress => inner.RemoteAddress;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs) =>
            owner.Read(timeoutMs, inner.RemoteAddress, ref _quietMs, slice => inner.Read(buffer, offset, count, slice));

        public bool Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public bool StartTls(string serverName, byte[] caCertificate) => inner.StartTls(serverName, caCertificate);
        public void Close() => inner.Close();
    }

    private sealed class Udp(IUdpSocket inner, SilenceAwareNetwork owner) : IUdpSocket
    {
        private int _quietMs;
        private uint _asked; // the address of the last datagram sent: the one whose answer is awaited

        public bool SendTo(byte[] buffer, int offset, int count, uint address, int port)
        {
            _asked = address;
            return inner.SendTo(buffer, offset, count, address, port);
        }

        public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
        {
            uint a = 0;
            int p = 0;
            int n = owner.Read(timeoutMs, _asked, ref _quietMs, slice => inner.ReceiveFrom(buffer, offset, count, slice, out a, out p));
            address = a;
            port = p;
            return n;
        }

        public void Close() => inner.Close();
    }
}
