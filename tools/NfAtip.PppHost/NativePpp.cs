using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NfAtip.Ppp
{
    /// <summary>
    /// The board's NativePpp (firmware/NfAtip/Ppp/NativePpp.cs: same names, signatures and results) on the PC:
    /// each method calls the PPP session core in libnfatip_ppp_host.so, the same C the image's interop calls.
    /// The module's UART is a file descriptor the owner gives with <see cref="UseLine"/> before Open (a Unix
    /// socket to the simulated ISP). One lwIP per process, so one session per process, as on the board.
    /// </summary>
    public static class NativePpp
    {
        private const string Library = "nfatip_ppp_host";

        static NativePpp()
        {
            NativeLibrary.SetDllImportResolver(typeof(NativePpp).Assembly, Resolve);
        }

        /// <summary>Makes sure the library resolver is registered (this type's static constructor) before another type binds to the library.</summary>
        internal static void Load() { }

        /// <summary>The file descriptor the next Open uses as the UART (e.g. a connected Socket's Handle).</summary>
        public static void UseLine(IntPtr fd) => nfatip_host_use_line(fd.ToInt32());

        public static int Open(int uart, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin,
            bool server, string user, string password, uint ourAddress, uint peerAddress) =>
            nfatip_ppp_open(uart, baudRate, txPin, rxPin, rtsPin, ctsPin, server, user, password, ourAddress, peerAddress);

        public static int Status() => nfatip_ppp_status();

        public static uint GetAddress(int which) => nfatip_ppp_address(which);

        public static void Close() => nfatip_ppp_close();

        public static int Release() => nfatip_ppp_release();

        public static int Input(byte[] data, int offset, int count)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (offset < 0 || count < 0 || offset > data.Length - count) throw new IndexOutOfRangeException();
            return nfatip_ppp_input(data, offset, count);
        }

        /// <summary>The range of a managed array given to native code as a pointer.</summary>
        private static unsafe int nfatip_ppp_input(byte[] data, int offset, int count)
        {
            fixed (byte* p = data) return nfatip_ppp_input_native(p + offset, count);
        }

        /// <summary>build.sh's libnfatip_ppp_host.so of this checkout (NativeBuild), else the default search.</summary>
        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        {
            if (name != Library) return IntPtr.Zero;
            string built = NfAtip.PppHost.NativeBuild.Find("lib" + Library + ".so");
            return built != null ? NativeLibrary.Load(built) : IntPtr.Zero;
        }

        [DllImport(Library)]
        private static extern void nfatip_host_use_line(int fd);

        [DllImport(Library)]
        private static extern int nfatip_ppp_open(int comIndex, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin,
            [MarshalAs(UnmanagedType.U1)] bool server,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string user, [MarshalAs(UnmanagedType.LPUTF8Str)] string password,
            uint ourAddress, uint peerAddress);

        [DllImport(Library)]
        private static extern int nfatip_ppp_status();

        [DllImport(Library)]
        private static extern uint nfatip_ppp_address(int which);

        [DllImport(Library)]
        private static extern void nfatip_ppp_close();

        [DllImport(Library)]
        private static extern int nfatip_ppp_release();

        [DllImport(Library, EntryPoint = "nfatip_ppp_input")]
        private static extern unsafe int nfatip_ppp_input_native(byte* data, int length);
    }
}
