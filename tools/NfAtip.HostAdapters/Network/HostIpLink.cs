using NfAtip.Platform;

namespace NfAtip.HostAdapters.Network;

/// <summary>
/// IP over the PC's own network, always there: opening succeeds at once with loopback addresses (the
/// services reach servers on this machine). Used with a real module (`--radio`: no PPP runs on the PC)
/// and by the bench tests, which can set another outcome. The simulated module plays PPP's network side
/// itself (ModemSim SimulatedPppLink).
/// </summary>
public sealed class HostIpLink : IIpLink
{
    private int _status = IpLinkStatus.Negotiating;

    /// <summary>What the next Open leads to: <see cref="IpLinkStatus.Up"/> or a #CME ERROR code.</summary>
    public int Outcome { get; set; } = IpLinkStatus.Up;

    /// <summary>DNS servers the "network" supplies on open (0 = none, so DNSSERV1/2 apply).</summary>
    public uint SuppliedPrimaryDns { get; set; }
    public uint SuppliedSecondaryDns { get; set; }

    public IpLinkRequest? LastRequest { get; private set; }

    public uint LocalAddress => _status == IpLinkStatus.Up ? 0x7F000001u : 0;
    public uint PeerAddress => _status == IpLinkStatus.Up ? 0x7F000001u : 0;
    public uint PrimaryDns => _status == IpLinkStatus.Up ? SuppliedPrimaryDns : 0;
    public uint SecondaryDns => _status == IpLinkStatus.Up ? SuppliedSecondaryDns : 0;

    public void Open(IpLinkRequest request)
    {
        LastRequest = request;
        _status = Outcome;
    }

    public int Poll() => _status;

    public void Close() => _status = IpLinkStatus.Negotiating;
}
