using System.Net;
using System.Net.Sockets;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Dns;

/// <summary>
/// Three real dnsmasq servers on 127.0.0.2/.3/.4, same port, each knowing different names (and
/// different addresses for one.example.test, so a test sees which server answered). 127.0.0.9 has
/// nobody listening: a server that never answers.
/// </summary>
public sealed class DnsServersFixture : IDisposable
{
    public const string Primary = "127.0.0.2";
    public const string Secondary = "127.0.0.3";
    public const string Operator = "127.0.0.4";
    public const string Silent = "127.0.0.9";
    /// <summary>A second address nothing listens on.</summary>
    public const string AlsoSilent = "127.0.0.10";
    /// <summary>Fake servers (DnsFakeServerTests) bind here, on the same port.</summary>
    public const string Fake1 = "127.0.0.5";
    public const string Fake2 = "127.0.0.6";

    public int Port { get; } = FreeDnsPort();

    /// <summary>Declares the addresses nothing listens on silent: a query to them skips the clock over its wait.</summary>
    public static PeerSilence DeclareSilent(PeerSilence silence)
    {
        silence.Declare(Addr.Parse(Silent));
        silence.Declare(Addr.Parse(AlsoSilent));
        return silence;
    }

    /// <summary>
    /// A port free for UDP and TCP on every address above, chosen below Linux's ephemeral range (32768 and
    /// up, net.ipv4.ip_local_port_range): a free TCP port from the kernel is an ephemeral one, which any
    /// other test's UDP socket bound to 0.0.0.0 may be given meanwhile (seen once: the fake's bind failed
    /// with "Address already in use").
    /// </summary>
    private static int FreeDnsPort()
    {
        string[] addresses = { Primary, Secondary, Operator, Silent, Fake1, Fake2 };
        var random = new Random();
        for (int attempt = 0; attempt < 500; attempt++)
        {
            int port = random.Next(20000, 32000);
            if (addresses.All(a => Free(a, port, SocketType.Dgram, ProtocolType.Udp) && Free(a, port, SocketType.Stream, ProtocolType.Tcp)))
                return port;
        }
        throw new InvalidOperationException("no port free for the DNS servers between 20000 and 32000");
    }

    private static bool Free(string address, int port, SocketType type, ProtocolType protocol)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
        try
        {
            s.Bind(new IPEndPoint(IPAddress.Parse(address), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
    public Dnsmasq PrimaryServer { get; }
    public Dnsmasq SecondaryServer { get; }
    public Dnsmasq OperatorServer { get; }

    public DnsServersFixture()
    {
        PrimaryServer = new Dnsmasq(Primary, Port,
            "--host-record=one.example.test,10.0.0.1,120",
            "--host-record=pop.example.test,127.0.0.1",
            "--cname=alias.example.test,one.example.test",
            "--cname=chain1.example.test,chain2.example.test",
            "--cname=chain2.example.test,one.example.test",
            "--address=/onlyv6.example.test/::1");
        SecondaryServer = new Dnsmasq(Secondary, Port,
            "--host-record=one.example.test,10.0.0.11",
            "--host-record=two.example.test,10.0.0.2");
        OperatorServer = new Dnsmasq(Operator, Port,
            "--host-record=one.example.test,10.0.0.12",
            "--host-record=link.example.test,10.0.0.3");
    }

    public void Dispose()
    {
        PrimaryServer.Dispose();
        SecondaryServer.Dispose();
        OperatorServer.Dispose();
    }
}

[CollectionDefinition("dns")]
public sealed class DnsCollection : ICollectionFixture<DnsServersFixture> { }

/// <summary>The resolver against real dnsmasq servers: answers, CNAMEs, failover, the link's servers first.</summary>
[Collection("dns")]
public class DnsmasqTests
{
    private readonly DnsServersFixture _dns;

    public DnsmasqTests(DnsServersFixture dns) => _dns = dns;

    private DnsRig Rig(string dns1, string dns2 = "0.0.0.0", string? linkPrimary = null, string? linkSecondary = null)
        => new(_dns.Port, dns1, dns2, linkPrimary, linkSecondary);

    [Fact]
    public void Name_IsResolvedByDnsserv1()
    {
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("10.0.0.1", rig.Resolve("one.example.test"));
        Assert.Equal(1, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void Name_CaseAndTrailingDot_DoNotMatter()
    {
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("10.0.0.1", rig.Resolve("ONE.Example.TEST"));
        Assert.Equal("10.0.0.1", rig.Resolve("one.example.test."));
    }

    [Fact]
    public void DottedDecimal_SkipsDns()
    {
        var rig = Rig("0.0.0.0");
        Assert.Equal("192.0.2.7", rig.Resolve("192.0.2.7"));
        Assert.Equal(0, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void Cname_AndCnameChain_AreFollowedInTheReply()
    {
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("10.0.0.1", rig.Resolve("alias.example.test"));
        Assert.Equal("10.0.0.1", rig.Resolve("chain1.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void Nxdomain_OnTheFirst_TheSecondAnswers()
    {
        var rig = Rig(DnsServersFixture.Primary, DnsServersFixture.Secondary);
        Assert.Equal("10.0.0.2", rig.Resolve("two.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void NoAddressRecord_OnTheFirst_TheSecondAnswers()
    {
        // onlyv6 has an AAAA record only on the primary: NOERROR without an A answer (NODATA).
        var rig = Rig(DnsServersFixture.Primary, DnsServersFixture.Secondary);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve("onlyv6.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void Timeout_OnTheFirst_TheSecondAnswers()
    {
        var rig = Rig(DnsServersFixture.Silent, DnsServersFixture.Secondary);
        Assert.Equal("10.0.0.11", rig.Resolve("one.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void BothFail_Is38027()
    {
        var rig = Rig(DnsServersFixture.Primary, DnsServersFixture.Secondary);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve("nowhere.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void BothSilent_Is38027()
    {
        var rig = Rig(DnsServersFixture.Silent, DnsServersFixture.AlsoSilent);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve("one.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void NoServerConfigured_Is38027_WithoutAQuery()
    {
        var rig = Rig("0.0.0.0", "0.0.0.0");
        Assert.Equal("#CME ERROR: 38027", rig.Resolve("one.example.test"));
        Assert.Equal(0, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void OnlyDnsserv2_IsUsed()
    {
        var rig = Rig("0.0.0.0", DnsServersFixture.Secondary);
        Assert.Equal("10.0.0.11", rig.Resolve("one.example.test"));
        Assert.Equal(1, rig.Resolver.QueriesSent);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("bad..example.test")]
    [InlineData(".example.test")]
    [InlineData("spa ce.example.test")]
    [InlineData("caf\u00e9.example.test")]
    [InlineData("a-label-of-sixty-four-characters-is-one-too-many-for-dns-xxxxxxx.test")]
    public void InvalidName_Is38027_WithoutAQuery(string name)
    {
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve(name));
        Assert.Equal(0, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void LongestValidName_IsSent_LongerIsNot()
    {
        // 253 characters: the wire form is exactly 255 bytes. The server does not know it (NXDOMAIN).
        string label = new('a', 63);
        string longest = $"{label}.{label}.{label}.{new string('b', 56)}.test";
        Assert.Equal(253, longest.Length);
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve(longest));
        Assert.Equal(1, rig.Resolver.QueriesSent);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve("c" + longest));
        Assert.Equal(1, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void LinkSuppliedServers_TakePrecedenceOverDnsserv()
    {
        // DNSSERV1 would answer 10.0.0.1; the operator's server answers 10.0.0.12.
        var rig = Rig(DnsServersFixture.Primary, DnsServersFixture.Secondary, linkPrimary: DnsServersFixture.Operator);
        Assert.Equal("10.0.0.12", rig.Resolve("one.example.test"));
        Assert.Equal("10.0.0.3", rig.Resolve("link.example.test"));
    }

    [Fact]
    public void LinkSuppliedSecondary_IsTheFailover()
    {
        // The link's primary never answers; its secondary (not DNSSERV2) does.
        var rig = Rig(DnsServersFixture.Primary, DnsServersFixture.Secondary,
            linkPrimary: DnsServersFixture.Silent, linkSecondary: DnsServersFixture.Operator);
        Assert.Equal("10.0.0.12", rig.Resolve("one.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }

    [Fact]
    public void Answer_IsCached_ForItsTtl()
    {
        // one.example.test has TTL 120 on the primary.
        var rig = Rig(DnsServersFixture.Primary);
        Assert.Equal("10.0.0.1", rig.Resolve("one.example.test"));
        Assert.Equal("10.0.0.1", rig.Resolve("One.Example.Test"));
        Assert.Equal(1, rig.Resolver.QueriesSent);
        rig.Clock.Skip(119_000);
        Assert.Equal("10.0.0.1", rig.Resolve("one.example.test"));
        Assert.Equal(1, rig.Resolver.QueriesSent);
        rig.Clock.Skip(2_000);
        Assert.Equal("10.0.0.1", rig.Resolve("one.example.test"));
        Assert.Equal(2, rig.Resolver.QueriesSent);
    }
}
