using NfAtip.Platform;

namespace NfAtip.HostAdapters.Network;

/// <summary>
/// The virtual board's IP link: the PC's own network is always there, so opening it succeeds at once
/// with loopback addresses (the services reach servers on this machine). Until issue C's module
/// simulator plays the network side of PPP, an outcome other than "up" can be set for tests.
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
