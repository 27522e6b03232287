using System.Net.Sockets;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Dns;

/// <summary>
/// Resolution through the board itself: AT#GETMAIL with POP3SERV as a name, DNSSERV1 a real dnsmasq,
/// against a minimal scripted POP3 server (empty mailbox) on 127.0.0.1.
/// </summary>
[Collection("dns")]
public class DnsBoardTests
{
    private const string Ok = "\r\nOK\r\n";
    private readonly DnsServersFixture _dns;

    public DnsBoardTests(DnsServersFixture dns) => _dns = dns;

    /// <summary>"+OK" to everything, "+OK 0 0" to STAT: an empty mailbox.</summary>
    private static async Task EmptyMailbox(NetworkStream stream, CancellationToken stop)
    {
        var reader = new StreamReader(stream, Encoding.ASCII);
        async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), stop);
        await Say("+OK ready");
        string? line;
        while ((line = await reader.ReadLineAsync(stop)) != null)
        {
            if (line.StartsWith("STAT", StringComparison.OrdinalIgnoreCase)) await Say("+OK 0 0");
            else if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase)) { await Say("+OK bye"); return; }
            else await Say("+OK");
        }
    }

    private TestBoard Board(string pop3Server, int pop3Port, string dns1, string dns2 = "0.0.0.0", string? linkDns = null)
    {
        // The board's own timeouts: a query to a server that is not there skips its 5 s (PeerSilence),
        // a real answer is waited for however late a loaded machine makes it.
        var board = new TestBoard(silence: DnsServersFixture.DeclareSilent(new PeerSilence()));
        board.Board.Tunables.DnsPort = _dns.Port;
        board.Board.Tunables.ConnectMs = 5000;
        board.Command("ATE0");
        if (linkDns != null) board.IpLink.SuppliedPrimaryDns = Addr.Parse(linkDns);
        foreach (var (name, value) in new[]
        {
            ("POP3SERV", "\"" + pop3Server + "\""), ("POP3PORT", pop3Port.ToString()), ("POP3UN", "\"user\""), ("POP3PW", "\"secret\""),
            ("DNSSERV1", dns1), ("DNSSERV2", dns2),
        })
            Assert.Equal(Ok, board.Command($"AT#{name}={value}"));
        Assert.EndsWith("OK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        return board;
    }

    [Fact]
    public void Getmail_ReachesTheServerByName()
    {
        using var pop3 = new ScriptedTcpServer(EmptyMailbox);
        var board = Board("pop.example.test", pop3.Port, DnsServersFixture.Primary);
        Assert.Equal("\r\nOK_Info_NoMail\r\n", board.Command("AT#GETMAIL"));
        Assert.Equal(1, pop3.Accepted);
    }

    [Fact]
    public void Getmail_ReachesTheServerByName_AfterFailover()
    {
        using var pop3 = new ScriptedTcpServer(EmptyMailbox);
        var board = Board("pop.example.test", pop3.Port, DnsServersFixture.Silent, DnsServersFixture.Primary);
        Assert.Equal("\r\nOK_Info_NoMail\r\n", board.Command("AT#GETMAIL"));
        Assert.Equal(1, pop3.Accepted);
    }

    [Fact]
    public void Getmail_UnresolvableName_Is38027_WithoutAConnection()
    {
        using var pop3 = new ScriptedTcpServer(EmptyMailbox);
        var board = Board("nowhere.example.test", pop3.Port, DnsServersFixture.Primary, DnsServersFixture.Secondary);
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Command("AT#GETMAIL"));
        Assert.Equal(0, pop3.Accepted);
        // Back in command mode.
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void Getmail_UsesTheLinkSuppliedServer_OverDnsserv1()
    {
        // DNSSERV1 knows pop.example.test (127.0.0.1); the operator's server does not (NXDOMAIN) and the
        // link supplied no secondary (DNSSERV2 is 0.0.0.0): 38027 proves the link's server replaced DNSSERV1.
        using var pop3 = new ScriptedTcpServer(EmptyMailbox);
        var board = Board("pop.example.test", pop3.Port, DnsServersFixture.Primary, linkDns: DnsServersFixture.Operator);
        Assert.Equal("\r\n#CME ERROR: 38027\r\n", board.Command("AT#GETMAIL"));
        Assert.Equal(0, pop3.Accepted);
    }
}
