using NfAtip.At;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// The IP link of a build for a stock nanoFramework image (NfAtip.nfproj with NfAtipStockImage=true):
    /// stock images have no PPP, so every open fails with 36872 ("internal resource unavailable") and
    /// AT#CONNECTIONSTART says so plainly. Such a build leaves out LwipPppLink and its NfAtip.Ppp reference,
    /// because Visual Studio's deployment refuses an application whose interop assembly the image lacks;
    /// everything but the IP link (host line, AT commands, pass-through to the module) still runs.
    /// </summary>
    public sealed class NoPppLink : IIpLink
    {
        public uint LocalAddress { get { return 0; } }
        public uint PeerAddress { get { return 0; } }
        public uint PrimaryDns { get { return 0; } }
        public uint SecondaryDns { get { return 0; } }

        public void Open(IpLinkRequest request)
        {
        }

        public int Poll()
        {
            return CmeError.ResourceUnavailable;
        }

        public void Close()
        {
        }
    }
}
