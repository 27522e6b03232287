using System;
using System.IO;
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

        /// <summary>tools/NfAtip.PppHost/build/cmake/libnfatip_ppp_host.so above the running assembly, else the default search.</summary>
        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        {
            if (name != Library) return IntPtr.Zero;
            for (DirectoryInfo d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            {
                string built = Path.Combine(d.FullName, "tools", "NfAtip.PppHost", "build", "cmake", "lib" + Library + ".so");
                if (File.Exists(built)) return NativeLibrary.Load(built);
            }
            return IntPtr.Zero;
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
    }
}
