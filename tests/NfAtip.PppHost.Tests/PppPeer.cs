namespace NfAtip.PppHost.Tests;

/// <summary>nfatip-ppp-peer (one PPP endpoint per process) as tools/NfAtip.PppHost's <see cref="PppProcess"/>.</summary>
internal static class PppPeer
{
    public static PppProcess Start(params string[] arguments) => new("nfatip-ppp-peer", arguments);
}
