namespace NfAtip.PppHost.Tests;

/// <summary>
/// The board's PPP session core (firmware/native/NfAtip.Ppp/nfatip_ppp.c) negotiating for real over lwIP
/// 2.1.3 built from Debian's source: LCP, PAP and IPCP between a client and a server process on a Unix
/// socket, as the board's client side meets the ISP's server and its server side meets a dial-in PC.
/// </summary>
public sealed class SessionTests : IDisposable
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), "nfatip-ppp-" + Guid.NewGuid().ToString("N")[..12] + ".sock");

    public void Dispose()
    {
        try { File.Delete(_socket); } catch (IOException) { }
    }

    private PppProcess Server(string user, string password, string our = "10.64.0.1", string peer = "10.64.0.2")
    {
        var s = PppPeer.Start("--listen", _socket, "--role", "server", "--user", user, "--password", password,
            "--our", our, "--peer", peer, "--timeout-ms", "30000");
        s.WaitListening();
        return s;
    }

    private PppProcess Client(string user, string password) =>
        PppPeer.Start("--connect", _socket, "--role", "client", "--user", user, "--password", password, "--timeout-ms", "30000");

    [Fact]
    public void Pap_client_and_server_come_up_with_the_addresses_the_server_assigns_and_end_cleanly()
    {
        using PppProcess server = Server("login", "secret", our: "10.64.0.1", peer: "10.64.0.2");
        using PppProcess client = Client("login", "secret");

        Assert.True(client.Exit() == 0, client.Output);
        Assert.True(server.Exit() == 0, server.Output);
        // IPCP: the client takes the address the server hands out and sees the server's as its peer.
        Assert.Contains("up local=10.64.0.2 peer=10.64.0.1 dns1=0.0.0.0 dns2=0.0.0.0", client.Lines);
        Assert.Contains("up local=10.64.0.1 peer=10.64.0.2 dns1=0.0.0.0 dns2=0.0.0.0", server.Lines);
        // The client closes (LCP Terminate): PPPERR_USER at its end, the server sees the peer end the link.
        Assert.Contains("ended ppp-error=5", client.Lines);
        Assert.Contains("ended ppp-error=6", server.Lines);
    }

    [Fact]
    public void Other_addresses_are_handed_out_as_configured()
    {
        using PppProcess server = Server("u", "p", our: "192.0.2.1", peer: "192.0.2.77");
        using PppProcess client = Client("u", "p");
        Assert.True(client.Exit() == 0, client.Output);
        Assert.Contains("up local=192.0.2.77 peer=192.0.2.1 dns1=0.0.0.0 dns2=0.0.0.0", client.Lines);
        server.Exit();
    }

    [Fact]
    public void A_server_offering_dns_servers_gives_them_to_the_client_in_ipcp()
    {
        // The ISP's side: IPCP hands out the DNS servers the board uses when DNSSERV1/2 are empty.
        var server = PppPeer.Start("--listen", _socket, "--role", "server", "--user", "web", "--password", "gprs",
            "--our", "10.64.0.1", "--peer", "10.64.0.9", "--dns", "192.0.2.53", "--dns2", "198.51.100.53", "--timeout-ms", "30000");
        using (server)
        {
            server.WaitListening();
            using PppProcess client = Client("web", "gprs");
            Assert.True(client.Exit() == 0, client.Output);
            Assert.Contains("up local=10.64.0.9 peer=10.64.0.1 dns1=192.0.2.53 dns2=198.51.100.53", client.Lines);
            server.Exit();
        }
    }

    [Theory]
    [InlineData("login", "wrong")]
    [InlineData("intruder", "secret")]
    public void Wrong_pap_credentials_are_refused_and_no_ip_comes_up(string user, string password)
    {
        using PppProcess server = Server("login", "secret");
        using PppProcess client = Client(user, password);

        Assert.True(client.Exit() == 1, client.Output);
        Assert.True(server.Exit() == 1, server.Output);
        // PPPERR_AUTHFAIL on both ends (the managed side maps it to 37120 as client, 37121 as server).
        Assert.Contains("ended ppp-error=7", client.Lines);
        Assert.Contains("ended ppp-error=7", server.Lines);
        Assert.DoesNotContain(client.Lines, l => l.StartsWith("up ", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Lines, l => l.StartsWith("up ", StringComparison.Ordinal));
    }
}
