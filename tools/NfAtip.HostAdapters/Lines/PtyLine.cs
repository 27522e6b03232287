using System.Runtime.InteropServices;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Lines;

/// <summary>
/// The host line as a pseudo-terminal (<c>--pty</c>, Linux and macOS): the board holds the master side and
/// <see cref="SlavePath"/> (e.g. /dev/pts/7) behaves like a serial device for picocom, minicom, screen or a
/// test's SerialPort. The line keeps a slave descriptor open itself, so a terminal program may close and
/// reopen the slave as often as it likes: the master never sees EIO/HUP and the board keeps running.
/// While no program has the slave open, the board's output piles up in the pty (the next program reads it,
/// unless it flushes on open); when the pty buffer is full, writes wait up to <see cref="WriteTimeoutMs"/>
/// and then drop the rest. <see cref="Read"/> never returns -1 unless the line was disposed.
/// </summary>
public sealed class PtyLine : ISerialLine, IDisposable
{
    private readonly int _master;
    private int _slave;
    private readonly object _writeGate = new();
    private volatile bool _disposed;

    /// <summary>How long a write waits for room in the pty before dropping the rest.</summary>
    public int WriteTimeoutMs { get; set; } = 2000;

    /// <summary>Path of the slave side to hand to a terminal program.</summary>
    public string SlavePath { get; }

    public PtyLine()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("--pty needs Linux or macOS");
        _master = Native.posix_openpt(Native.O_RDWR | Native.O_NOCTTY);
        if (_master < 0) throw Error("posix_openpt");
        try
        {
            if (Native.grantpt(_master) != 0) throw Error("grantpt");
            if (Native.unlockpt(_master) != 0) throw Error("unlockpt");
            IntPtr name = Native.ptsname(_master);
            if (name == IntPtr.Zero) throw Error("ptsname");
            SlavePath = Marshal.PtrToStringAnsi(name)!;
            SetNonBlocking(_master);
            // Our own slave descriptor: keeps the pty alive while no terminal program has it open.
            _slave = Native.open(SlavePath, Native.O_RDWR | Native.O_NOCTTY);
            if (_slave < 0) throw Error("open " + SlavePath);
            MakeRaw(_slave);
        }
        catch
        {
            Native.close(_master);
            throw;
        }
    }

    private static void SetNonBlocking(int fd)
    {
        int flags = Native.fcntl(fd, Native.F_GETFL, 0);
        if (flags < 0 || Native.fcntl(fd, Native.F_SETFL, flags | Native.O_NONBLOCK) < 0) throw Error("fcntl");
    }

    private static unsafe void MakeRaw(int fd)
    {
        // struct termios differs between libcs: keep it opaque in a buffer larger than any of them.
        byte* termios = stackalloc byte[512];
        if (Native.tcgetattr(fd, termios) != 0) throw Error("tcgetattr");
        Native.cfmakeraw(termios);
        if (Native.tcsetattr(fd, 0 /* TCSANOW */, termios) != 0) throw Error("tcsetattr");
    }

    private static IOException Error(string what) =>
        new IOException(what + " failed: " + Marshal.GetLastPInvokeErrorMessage() + " (errno " + Marshal.GetLastPInvokeError() + ")");

    public unsafe int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (_disposed) return -1;
        if ((uint)offset > (uint)buffer.Length || (uint)count > (uint)(buffer.Length - offset)) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0) return 0;
        long deadline = Environment.TickCount64 + Math.Max(0, timeoutMs);
        while (true)
        {
            var pfd = new Native.PollFd { fd = _master, events = Native.POLLIN };
            int left = timeoutMs < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
            int r = Native.poll(&pfd, 1, left);
            if (_disposed) return -1;
            if (r < 0)
            {
                if (Marshal.GetLastPInvokeError() == Native.EINTR) continue;
                return 0;
            }
            if (r == 0) return 0;
            if ((pfd.revents & Native.POLLIN) != 0)
            {
                fixed (byte* p = &buffer[offset])
                {
                    nint n = Native.read(_master, p, (nint)count);
                    if (n > 0) return (int)n;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EINTR || errno == Native.EAGAIN) continue;
            }
            // HUP/ERR/EIO: cannot happen while our slave descriptor is open, but never end the board on it;
            // wait out the timeout instead of spinning.
            int rest = timeoutMs < 0 ? 50 : (int)Math.Max(0, deadline - Environment.TickCount64);
            if (rest > 0) Thread.Sleep(Math.Min(rest, 50));
            if (timeoutMs >= 0 && Environment.TickCount64 >= deadline) return 0;
        }
    }

    public unsafe void Write(byte[] buffer, int offset, int count)
    {
        if ((uint)offset > (uint)buffer.Length || (uint)count > (uint)(buffer.Length - offset)) throw new ArgumentOutOfRangeException(nameof(count));
        lock (_writeGate)
        {
            long deadline = Environment.TickCount64 + WriteTimeoutMs;
            while (count > 0 && !_disposed)
            {
                nint n;
                fixed (byte* p = &buffer[offset]) n = Native.write(_master, p, (nint)count);
                if (n > 0)
                {
                    offset += (int)n;
                    count -= (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EINTR) continue;
                if (errno != Native.EAGAIN) return; // EIO etc.: the bytes are lost
                int left = (int)(deadline - Environment.TickCount64);
                if (left <= 0) return; // nobody drains the pty: drop the rest
                var pfd = new Native.PollFd { fd = _master, events = Native.POLLOUT };
                Native.poll(&pfd, 1, Math.Min(left, 100));
            }
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        // A pty has no baud rate or flow control lines to apply.
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_writeGate)
        {
            if (_slave >= 0) Native.close(_slave);
            _slave = -1;
            Native.close(_master);
        }
    }

    private static unsafe class Native
    {
        private const string Libc = "libc";

        public static readonly int O_RDWR = 2;
        public static readonly int O_NOCTTY = OperatingSystem.IsMacOS() ? 0x20000 : 0x100;
        public static readonly int O_NONBLOCK = OperatingSystem.IsMacOS() ? 0x4 : 0x800;
        public const int F_GETFL = 3;
        public const int F_SETFL = 4;
        public const short POLLIN = 0x1;
        public const short POLLOUT = 0x4;
        public const int EINTR = 4;
        public static readonly int EAGAIN = OperatingSystem.IsMacOS() ? 35 : 11;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int fd;
            public short events;
            public short revents;
        }

        [DllImport(Libc, SetLastError = true)] public static extern int posix_openpt(int flags);
        [DllImport(Libc, SetLastError = true)] public static extern int grantpt(int fd);
        [DllImport(Libc, SetLastError = true)] public static extern int unlockpt(int fd);
        [DllImport(Libc, SetLastError = true)] public static extern IntPtr ptsname(int fd);
        [DllImport(Libc, SetLastError = true)] public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);
        [DllImport(Libc, SetLastError = true)] public static extern int close(int fd);
        [DllImport(Libc, SetLastError = true)] public static extern int fcntl(int fd, int cmd, int arg);
        [DllImport(Libc, SetLastError = true)] public static extern nint read(int fd, byte* buf, nint count);
        [DllImport(Libc, SetLastError = true)] public static extern nint write(int fd, byte* buf, nint count);
        [DllImport(Libc, SetLastError = true)] public static extern int poll(PollFd* fds, nuint nfds, int timeout);
        [DllImport(Libc, SetLastError = true)] public static extern int tcgetattr(int fd, byte* termios);
        [DllImport(Libc, SetLastError = true)] public static extern int tcsetattr(int fd, int optionalActions, byte* termios);
        [DllImport(Libc)] public static extern void cfmakeraw(byte* termios);
    }
}
