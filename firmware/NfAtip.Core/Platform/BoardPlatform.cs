namespace NfAtip.Platform
{
    /// <summary>
    /// Everything the core needs from the platform, in one place: the board's drivers on
    /// nanoFramework, the PC adapters on the virtual board, fakes in the tests.
    /// </summary>
    public sealed class BoardPlatform
    {
        /// <summary>The host UART (attached equipment).</summary>
        public readonly ISerialLine Host;

        /// <summary>The cellular module's UART.</summary>
        public readonly ISerialLine Radio;

        /// <summary>Non-volatile memory for the settings (sectors 0–3) and later stores.</summary>
        public readonly IFlash Flash;

        public readonly IClock Clock;

        /// <summary>Sockets over the IP link.</summary>
        public readonly INetwork Network;

        /// <summary>IP over the physical link (PPP / GPRS).</summary>
        public readonly IIpLink IpLink;

        public BoardPlatform(ISerialLine host, ISerialLine radio, IFlash flash, IClock clock, INetwork network, IIpLink ipLink)
        {
            Host = host;
            Radio = radio;
            Flash = flash;
            Clock = clock;
            Network = network;
            IpLink = ipLink;
        }
    }
}
