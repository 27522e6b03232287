using NfAtip.Net;

namespace NfAtip.Core.Tests;

/// <summary>Spec decision L19: the address pair a PPP server session may hand out.</summary>
public class Ipv4Tests
{
    private static uint A(string text)
    {
        Assert.True(Ipv4.TryParse(text, out uint a), text);
        return a;
    }

    [Theory]
    [InlineData("192.168.10.1", "192.168.10.2")]  // class C: three octets
    [InlineData("172.16.0.1", "172.16.200.9")]    // class B: two
    [InlineData("10.0.0.1", "10.200.3.4")]        // class A: one
    public void ServerPair_OnOneClassfulNetwork_IsAccepted(string server, string peer) =>
        Assert.True(Ipv4.ServerPair(A(server), A(peer)));

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]            // the defaults
    [InlineData("192.168.10.1", "0.0.0.0")]       // one of two set
    [InlineData("192.168.10.1", "192.168.10.1")]  // the same address twice
    [InlineData("192.168.10.1", "192.168.11.2")]  // class C, another network
    [InlineData("172.16.0.1", "172.17.0.1")]      // class B, another network
    [InlineData("10.0.0.1", "11.0.0.1")]          // class A, another network
    [InlineData("127.0.0.1", "127.0.0.2")]        // loopback
    [InlineData("224.0.0.1", "224.0.0.2")]        // multicast
    public void ServerPair_OtherwiseIsRefused(string server, string peer) =>
        Assert.False(Ipv4.ServerPair(A(server), A(peer)));
}
