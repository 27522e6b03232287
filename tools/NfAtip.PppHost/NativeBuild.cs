using System;
using System.IO;

namespace NfAtip.PppHost
{
    /// <summary>
    /// Where build.sh put the PC's PPP programs and library: tools/NfAtip.PppHost/build/cmake/ of the checkout
    /// the running assembly was built in (found by walking up from it to nf-atip.sln), or the ppp/ folder next to
    /// it in the installed dotnet tool (nf-atip-board packs them).
    /// </summary>
    public static class NativeBuild
    {
        /// <summary>The build's directory, or null when neither a packed copy nor a checkout is there.</summary>
        public static string Directory
        {
            get
            {
                string packed = Path.Combine(AppContext.BaseDirectory, "ppp");
                if (File.Exists(Path.Combine(packed, "nfatip-ppp-isp"))) return packed;
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
            if (!File.Exists(path)) return null;
            // A package does not keep the execute bit: the tool's copies of the programs get it back here.
            if (!OperatingSystem.IsWindows() && !name.EndsWith(".so", StringComparison.Ordinal))
            {
                var mode = File.GetUnixFileMode(path);
                if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            return path;
        }

        /// <summary>As <see cref="Find"/>, but says how to build it when it is missing.</summary>
        public static string Require(string name) =>
            Find(name) ?? throw new FileNotFoundException(
                name + " is not built: run bash tools/NfAtip.PppHost/build.sh (the virtual board's build and tools/test-all.sh run it)");
    }
}
