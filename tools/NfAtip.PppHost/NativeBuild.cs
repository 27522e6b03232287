using System;
using System.IO;

namespace NfAtip.PppHost
{
    /// <summary>
    /// Where build.sh put the PC's PPP programs and library: tools/NfAtip.PppHost/build/cmake/ of the checkout
    /// the running assembly was built in (found by walking up from it to nf-atip.sln).
    /// </summary>
    public static class NativeBuild
    {
        /// <summary>The build's directory, or null when no checkout is above the running assembly.</summary>
        public static string Directory
        {
            get
            {
                for (DirectoryInfo d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                {
                    if (File.Exists(Path.Combine(d.FullName, "nf-atip.sln")))
                        return Path.Combine(d.FullName, "tools", "NfAtip.PppHost", "build", "cmake");
                }
                return null;
            }
        }

        /// <summary>The path of a built file (nfatip-ppp-isp, libnfatip_ppp_host.so), or null when it is not built.</summary>
        public static string Find(string name)
        {
            string dir = Directory;
            if (dir == null) return null;
            string path = Path.Combine(dir, name);
            return File.Exists(path) ? path : null;
        }

        /// <summary>As <see cref="Find"/>, but says how to build it when it is missing.</summary>
        public static string Require(string name) =>
            Find(name) ?? throw new FileNotFoundException(
                name + " is not built: run bash tools/NfAtip.PppHost/build.sh (the virtual board's build and tools/test-all.sh run it)");
    }
}
