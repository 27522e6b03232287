using NfAtip.At;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// IP over the module's UART. Stock nanoFramework has no PPP interface: issue C adds lwIP PPPoS
    /// as a native interop of a custom nanoFramework image and this class calls it. Until then every
    /// open fails with 36872 ("internal resource unavailable"), so AT#CONNECTIONSTART says so plainly.
    /// </summary>
    public sealed class PppLink : IIpLink
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
