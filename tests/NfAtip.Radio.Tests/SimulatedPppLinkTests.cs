using System.Diagnostics;
using System.Text;
using NfAtip.ModemSim;
using NfAtip.Platform;

namespace NfAtip.Radio.Tests;

/// <summary>
/// The virtual board's PPP network side: the outcome of IIpLink.Open against the simulated module's call, in
/// real time (the link uses the real clock, like the virtual board).
/// </summary>
public class SimulatedPppLinkTests
{
    private const int Bound = 30_000;

    private static uint Ip(int a, int b, int c, int d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    /// <summary>Writes a command line to the module and reads its answer up to <paramref name="final"/>.</summary>
    private static string Command(SimulatedModule module, string line, string final)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r");
        module.Write(bytes, 0, bytes.Length);
        var got = new StringBuilder();
        var buffer = new byte[256];
        var clock = Stopwatch.StartNew();
        while (!got.ToString().Contains(final))
        {
            Assert.True(clock.ElapsedMilliseconds < Bound, "waited for " + final + ", got " + got);
            int n = module.Read(buffer, 0, buffer.Length, 200);
            got.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return got.ToString();
    }

    /// <summary>A module in data mode after a circuit-switched dial (the board calls its ISP).</summary>
    private static SimulatedModule Dialled(ModuleState? state = null)
    {
        var module = new SimulatedModule(state ?? new ModuleState());
        module.ScriptDial("0860922000", CallScript.Connect(speed: 9600));
        Command(module, "ATD0860922000", "CONNECT 9600\r\n");
        Assert.Equal(CallMode.Data, module.Mode);
        return module;
    }

    /// <summary>A module in data mode after a GPRS packet dial.</summary>
    private static SimulatedModule PacketDialled()
    {
        var module = new SimulatedModule();
        Command(module, "AT+CGDCONT=1,\"IP\",\"internet\"", "OK\r\n");
        Command(module, "ATD*99***1#", "CONNECT\r\n");
        Assert.Equal(CallMode.Data, module.Mode);
        return module;
    }

    /// <summary>A module in data mode after answering an incoming call (the board as PPP server).</summary>
    private static SimulatedModule Answered()
    {
        var module = new SimulatedModule();
        Assert.True(module.Ring(new IncomingCallScript { Number = "0612345678" }));
        Command(module, "ATA", "CONNECT 9600\r\n");
        Assert.Equal(CallMode.Data, module.Mode);
        return module;
    }

    private static IpLinkRequest Client(string user = "isp", string password = "secret", int timeoutMs = 10_000) =>
        new() { Server = false, User = user, Password = password, TimeoutMs = timeoutMs };

    private static IpLinkRequest Server(string user = "pppuser", string password = "ppppw", int timeoutMs = 10_000) =>
        new()
        {
            Server = true, User = user, Password = password, TimeoutMs = timeoutMs,
            ServerLocalAddress = Ip(192, 168, 10, 1), ServerPeerAddress = Ip(192, 168, 10, 2),
        };

    /// <summary>Polls until the link leaves Negotiating; returns the outcome and how long it took.</summary>
    private static (int Status, long ElapsedMs) Outcome(IIpLink link)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int status = link.Poll();
            if (status != IpLinkStatus.Negotiating) return (status, clock.ElapsedMilliseconds);
            Assert.True(clock.ElapsedMilliseconds < Bound, "still negotiating after " + Bound + " ms");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void Client_comes_up_after_the_delay_with_the_scripted_addresses_and_dns()
    {
        var module = PacketDialled();
        var link = new SimulatedPppLink(module)
        {
            Network = new PppNetworkScript
            {
                NegotiationDelayMs = 200, ExpectedUser = "web", ExpectedPassword = "web",
                LocalAddress = Ip(10, 64, 1, 7), PeerAddress = Ip(10, 64, 0, 1),
                PrimaryDns = Ip(8, 8, 8, 8), SecondaryDns = Ip(8, 8, 4, 4),
            },
        };
        var request = Client("web", "web");

        link.Open(request);
        var (status, elapsed) = Outcome(link);

        Assert.Equal(IpLinkStatus.Up, status);
        Assert.True(elapsed >= 150, "up after " + elapsed + " ms, the network takes 200");
        Assert.Equal(Ip(10, 64, 1, 7), link.LocalAddress);
        Assert.Equal(Ip(10, 64, 0, 1), link.PeerAddress);
        Assert.Equal(Ip(8, 8, 8, 8), link.PrimaryDns);
        Assert.Equal(Ip(8, 8, 4, 4), link.SecondaryDns);
        Assert.Same(request, link.LastRequest);
        Assert.Equal(1, link.Opens);
        Assert.Equal(IpLinkStatus.Up, link.Poll()); // stays up while the call holds
    }

    [Fact]
    public void By_default_any_client_comes_up_on_loopback_without_dns()
    {
        var link = new SimulatedPppLink(Dialled());
        link.Open(Client("anyone", "anything"));

        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);
        Assert.Equal(0x7F000001u, link.LocalAddress);
        Assert.Equal(0x7F000001u, link.PeerAddress);
        Assert.Equal(0u, link.PrimaryDns);
        Assert.Equal(0u, link.SecondaryDns);
    }

    [Fact]
    public void Server_comes_up_with_the_addresses_the_board_assigns()
    {
        var link = new SimulatedPppLink(Answered()) { Network = new PppNetworkScript { PrimaryDns = Ip(1, 1, 1, 1) } };
        link.Open(Server());

        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);
        Assert.Equal(Ip(192, 168, 10, 1), link.LocalAddress); // PPPMYIP
        Assert.Equal(Ip(192, 168, 10, 2), link.PeerAddress);  // PPPPEERIP
        Assert.Equal(0u, link.PrimaryDns); // the board serves; nobody offers it DNS
        Assert.True(link.LastRequest!.Server);
    }

    [Theory]
    [InlineData("isp", "wrong")]
    [InlineData("other", "secret")]
    public void Client_credentials_the_network_refuses_fail_with_37120(string user, string password)
    {
        var link = new SimulatedPppLink(Dialled())
        {
            Network = new PppNetworkScript { ExpectedUser = "isp", ExpectedPassword = "secret" },
        };
        link.Open(Client(user, password));

        Assert.Equal(37120, Outcome(link).Status);
        Assert.Equal(0u, link.LocalAddress);
        Assert.Equal(0u, link.PeerAddress);
    }

    [Fact]
    public void Server_refusing_the_client_credentials_fails_with_37121()
    {
        var link = new SimulatedPppLink(Answered()) { Network = new PppNetworkScript { ClientPassword = "guess" } };
        link.Open(Server(password: "ppppw"));

        Assert.Equal(37121, Outcome(link).Status);
        Assert.Equal(0u, link.LocalAddress);
    }

    [Fact]
    public void Client_rejecting_the_assigned_address_fails_the_server_with_37121()
    {
        var link = new SimulatedPppLink(Answered()) { Network = new PppNetworkScript { ClientRejectsAddress = true } };
        link.Open(Server());

        Assert.Equal(37121, Outcome(link).Status);
    }

    [Theory]
    [InlineData(false, 38980)]
    [InlineData(true, 38981)]
    public void A_peer_that_never_answers_times_out_after_the_request_limit(bool server, int code)
    {
        var module = server ? Answered() : Dialled();
        var link = new SimulatedPppLink(module) { Network = new PppNetworkScript { Timeout = true } };
        link.Open(server ? Server(timeoutMs: 300) : Client(timeoutMs: 300));

        var (status, elapsed) = Outcome(link);

        Assert.Equal(code, status);
        Assert.True(elapsed >= 250, "timed out after " + elapsed + " ms, the limit is 300");
    }

    [Fact]
    public void A_negotiation_slower_than_the_limit_is_a_timeout()
    {
        var link = new SimulatedPppLink(Dialled()) { Network = new PppNetworkScript { NegotiationDelayMs = 5_000 } };
        link.Open(Client(timeoutMs: 100));

        Assert.Equal(38980, Outcome(link).Status);
    }

    [Theory]
    [InlineData(false, 37120)]
    [InlineData(true, 37121)]
    public void Opening_without_a_data_call_fails_at_once(bool server, int code)
    {
        var link = new SimulatedPppLink(new SimulatedModule()) { Network = new PppNetworkScript { NegotiationDelayMs = 60_000 } };
        link.Open(server ? Server() : Client());

        Assert.Equal(code, link.Poll()); // no waiting: the first poll already fails
        Assert.Equal(1, link.Opens);
    }

    [Theory]
    [InlineData(false, 37120)]
    [InlineData(true, 37121)]
    public void The_link_is_lost_when_the_call_drops(bool server, int code)
    {
        var module = server ? Answered() : Dialled();
        var link = new SimulatedPppLink(module);
        link.Open(server ? Server() : Client());
        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);

        Assert.True(module.DropCall());

        Assert.Equal(code, link.Poll());
        Assert.Equal(0u, link.LocalAddress);
        Assert.Equal(code, link.Poll()); // lost for good, not up again
    }

    [Fact]
    public void Losing_registration_ends_the_call_and_the_link()
    {
        var module = PacketDialled();
        var link = new SimulatedPppLink(module);
        link.Open(Client());
        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);

        module.LoseRegistration();

        Assert.Equal(37120, link.Poll());
    }

    [Fact]
    public void The_escape_to_online_command_mode_keeps_the_link_up()
    {
        var module = Dialled(new ModuleState { GuardTimeMs = 100 });
        var link = new SimulatedPppLink(module);
        link.Open(Client());
        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);

        Thread.Sleep(150); // the guard time of silence the escape needs, not an assertion
        var plus = Encoding.ASCII.GetBytes("+++");
        module.Write(plus, 0, plus.Length);
        var clock = Stopwatch.StartNew();
        while (module.Mode != CallMode.OnlineCommand)
        {
            Assert.True(clock.ElapsedMilliseconds < Bound, "the module did not escape");
            module.Read(new byte[64], 0, 64, 50);
        }

        Assert.Equal(IpLinkStatus.Up, link.Poll());
        Assert.Equal(0x7F000001u, link.LocalAddress);
    }

    [Fact]
    public void Close_ends_the_link_and_a_new_open_uses_the_network_script_of_that_moment()
    {
        var module = Dialled();
        var link = new SimulatedPppLink(module);
        link.Open(Client());
        Assert.Equal(IpLinkStatus.Up, Outcome(link).Status);

        link.Close();
        Assert.Equal(IpLinkStatus.Negotiating, link.Poll());
        Assert.Equal(0u, link.LocalAddress);

        link.Network = link.Network with { ExpectedPassword = "new" };
        link.Open(Client(password: "old"));
        Assert.Equal(37120, Outcome(link).Status);
        Assert.Equal(2, link.Opens);
        Assert.Equal("old", link.LastRequest!.Password);
    }
}
