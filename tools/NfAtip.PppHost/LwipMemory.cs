using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NfAtip.PppHost
{
    /// <summary>
    /// lwIP's memory in this process (the virtual board's PPP session and sockets): the heap in bytes and each
    /// pool's elements (TCP_PCB, NETCONN, PBUF_POOL, ...), in use and at the peak, from lwIP's own statistics
    /// (nfatip_host_lwip_memory). What the tests check for leaks and the benchmarks report as the session
    /// core's memory. On the PC the pools come from malloc (MEMP_MEM_MALLOC), so nothing caps them: the peaks
    /// say how large a board's fixed pools must be for the same work.
    /// </summary>
    public static class LwipMemory
    {
        public readonly record struct Use(long InUse, long Peak);

        /// <summary>"heap" and every pool by lwIP's name (memp_std.h without the MEMP_ prefix).</summary>
        public static unsafe IReadOnlyDictionary<string, Use> Take()
        {
            NfAtip.Ppp.NativePpp.Load();
            var text = new byte[4096];
            int n;
            fixed (byte* p = text) n = nfatip_host_lwip_memory(p, text.Length);
            if (n < 0) throw new InvalidOperationException("lwIP's memory statistics do not fit " + text.Length + " bytes");
            var use = new Dictionary<string, Use>();
            foreach (string line in Encoding.ASCII.GetString(text, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = line.Split(' ');
                use[f[0]] = new Use(long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture));
            }
            return use;
        }

        /// <summary>Peaks start again from what is in use now.</summary>
        public static void ResetPeaks()
        {
            NfAtip.Ppp.NativePpp.Load();
            nfatip_host_lwip_memory_reset_peaks();
        }

        [DllImport("nfatip_ppp_host")]
        private static extern unsafe int nfatip_host_lwip_memory(byte* text, int size);

        [DllImport("nfatip_ppp_host")]
        private static extern void nfatip_host_lwip_memory_reset_peaks();
    }
}
