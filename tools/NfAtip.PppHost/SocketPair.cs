using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NfAtip.PppHost
{
    /// <summary>Two connected Unix stream sockets (socketpair(2)): a "UART" for the PPP session core and its other end.</summary>
    public static class SocketPair
    {
        public static (Socket First, Socket Second) Create()
        {
            int[] fds = new int[2];
            if (socketpair(1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, fds) != 0)
                throw new SocketException(Marshal.GetLastPInvokeError());
            return (new Socket(new SafeSocketHandle((IntPtr)fds[0], ownsHandle: true)),
                    new Socket(new SafeSocketHandle((IntPtr)fds[1], ownsHandle: true)));
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int socketpair(int domain, int type, int protocol, int[] sv);
    }
}
