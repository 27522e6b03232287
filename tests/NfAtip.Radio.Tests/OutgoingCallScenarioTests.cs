using System.Net;
using System.Net.Sockets;
using NfAtip.HostAdapters.Clock;
using NfAtip.Link;
using NfAtip.ModemSim;
using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>
/// Outgoing calls (spec Appendix A "Connect to the Internet" and the outgoing PPP / GPRS process diagrams) on the
/// virtual board: Board + SimulatedModule + SimulatedPppLink, stepped by the test on virtual time (board and
/// module share one <see cref="VirtualTime"/>: a 60 s dial timeout takes milliseconds, and the run is the same on
/// every machine). The transparent-call tests bridge to a real TCP echo server on its own thread: real time.
/// </summary>
public class OutgoingCallScenarioTests
{
    private const string Isp = "0860000000";
    private const uint Ip213 = 0xD51E1E1Eu; // 213.30.30.30, the spec's example address
    private const uint Ip10 = 0x0A000001u;  // 10.0.0.1

    private static SimBoard<SimulatedModule, SimulatedPppLink> NewBoard(Action<ModuleState>? setup = null, bool realTime = false, string playing = "SIM800")
    {
        var state = ModuleState.Playing(playing)!;
        state.GuardTimeMs = 100;
        setup?.Invoke(state);
        var time = realTime ? null : new VirtualTime();
        var module = new SimulatedModule(state, time);
        return new SimBoard<SimulatedModule, SimulatedPppLink>(module, new SimulatedPppLink(module), time);
    }

    private static void Ok(SimBoard<SimulatedModule, SimulatedPppLink> sim, string line) =>
        Assert.Equal("\r\nOK\r\n", sim.Command(line));

    /// <summary>Appendix A's GSM settings, the ISP number answering CONNECT 9600 and PPP giving 213.30.30.30.</summary>
    private static SimBoard<SimulatedModule, SimulatedPppLink> GsmBoard(Action<ModuleState>? setup = null, bool realTime = false, string module = "SIM800")
    {
        var sim = NewBoard(setup, realTime, module);
        Ok(sim, "AT#GPRSMODE=0");
        Ok(sim, "AT#DIALN1=\"" + Isp + "\"");
        Ok(sim, "AT#ISPUN=\"login\"");
        Ok(sim, "AT#ISPPW=\"password\"");
        Ok(sim, "AT#DNSSERV1=\"192.168.1.1\"");
        Ok(sim, "AT#REDIALCOUNT=0");
        sim.Module.ScriptDial(Isp, CallScript.Connect(9600));
        sim.Ppp.Network = new PppNetworkScript { LocalAddress = Ip213, PeerAddress = Ip10 };
        return sim;
    }

    private static SimBoard<SimulatedModule, SimulatedPppLink> GprsBoard(string module = "SIM800")
    {
        var sim = NewBoard(s => s.ExpectedApn = "apnserver.com", playing: module);
        Ok(sim, "AT#GPRSMODE=1");
        Ok(sim, "AT#APNSERV=\"apnserver.com\"");
        Ok(sim, "AT#APNUN=\"login\"");
        Ok(sim, "AT#APNPW=\"password\"");
        sim.Ppp.Network = new PppNetworkScript { LocalAddress = Ip213, PeerAddress = Ip10, ExpectedUser = "login", ExpectedPassword = "password" };
        return sim;
    }

    private static string Connected(string ip, string info) => "\r\n" + ip + "\r\n\r\n" + info + "\r\n";
    private const string GsmUp = "\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nCONNECT 9600\r\n\r\n213.30.30.30\r\n\r\nOK_Info_Ppp\r\n";

    private static int Dials(SimBoard<SimulatedModule, SimulatedPppLink> sim, string number) =>
        sim.Module.Received.ToArray().Count(l => l.Equals("ATD" + number, StringComparison.OrdinalIgnoreCase) || l.Equals("ATDT" + number, StringComparison.OrdinalIgnoreCase));

    /// <summary>IDLE (AT#VSTATE shows "#NO SERVICE" instead while unregistered) and the module in command mode without a call.</summary>
    private static void AssertIdle(SimBoard<SimulatedModule, SimulatedPppLink> sim)
    {
        Assert.Equal(LinkState.Idle, sim.Board.Link.State);
        Assert.Equal(CallMode.Command, sim.Module.Mode);
        if (!sim.Board.Link.NoService) Assert.Contains("IDLE", sim.Command("AT#VSTATE"));
    }

    // ------------------------------------------------------------------ Appendix A

    [Fact]
    public void Appendix_A_gsm_connects_shows_addresses_and_stops()
    {
        using var sim = GsmBoard();
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        var request = sim.Ppp.LastRequest!;
        Assert.False(request.Server);
        Assert.Equal("login", request.User);
        Assert.Equal("password", request.Password);
        Assert.Equal("MY IP: 213.30.30.30\r\nPEER IP: 10.0.0.1\r\n\r\nOK\r\n", sim.Command("AT#DISPLAYIP"));
        Assert.Contains("CONNECTED", sim.Command("AT#VSTATE"));
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        AssertIdle(sim);
    }

    [Fact]
    public void Appendix_A_gprs_activates_the_context_and_stops()
    {
        using var sim = GprsBoard();
        Assert.Equal(Connected("213.30.30.30", "OK_Info_GprsActivation"), sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal("MY IP: 213.30.30.30\r\nGateway IP: 10.0.0.1\r\n\r\nOK\r\n", sim.Command("AT#DISPLAYIP"));
        string[] received = sim.Module.Received.ToArray();
        Assert.Contains("AT+CGDCONT=1,\"IP\",\"apnserver.com\"", received);
        Assert.Contains("ATD*99***1#", received);
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ LTE modules (issue J)

    [Theory]
    [InlineData("SIM7080")]
    [InlineData("BG96")]
    [InlineData("SIM7600")]
    public void An_lte_module_is_told_from_cgmm_registers_by_cereg_and_dials_the_packet_call(string module)
    {
        using var sim = GprsBoard(module);
        Assert.Equal(Connected("213.30.30.30", "OK_Info_GprsActivation"), sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(module, sim.Board.Radio.Profile.Name);
        string[] received = sim.Module.Received.ToArray();
        Assert.Contains("AT+CEREG?", received); // the registration check before the dial reads the LTE registration
        Assert.Contains("ATD*99***1#", received);
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        AssertIdle(sim);

        // Coverage lost: +CEREG says so, and the start is refused before any dial (35865).
        sim.Module.LoseRegistration();
        int dials = sim.Module.Received.Count(c => c.StartsWith("ATD"));
        Assert.Equal("\r\n#CME ERROR: 35865\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(dials, sim.Module.Received.Count(c => c.StartsWith("ATD")));
    }

    [Theory]
    [InlineData("SIM7080")]
    [InlineData("BG96")]
    [InlineData("SIM7600")]
    public void An_lte_module_has_no_gsm_data_call_36872(string module)
    {
        using var sim = GsmBoard(module: module);
        Assert.Equal("\r\n#CME ERROR: 36872\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.DoesNotContain(sim.Module.Received, c => c.StartsWith("ATD" + Isp));
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ outgoing PPP diagram

    public static TheoryData<string, string> Failures => new()
    {
        { "busy", "BUSY" }, { "noanswer", "NO ANSWER" }, { "nocarrier", "NO CARRIER" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failed_dial_is_redialled_REDIALCOUNT_times(string kind, string text)
    {
        using var sim = GsmBoard();
        sim.Module.ScriptDial(Isp, kind switch { "busy" => CallScript.Busy(), "noanswer" => CallScript.NoAnswer(), _ => CallScript.NoCarrier() });
        Ok(sim, "AT#REDIALCOUNT=2");
        Ok(sim, "AT#REDIALDELAY=5"); // 250 ms of bench time
        string attempt = "\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\n" + text + "\r\n";
        Assert.Equal(attempt + attempt + attempt, sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(3, Dials(sim, Isp));
        AssertIdle(sim);
    }

    [Fact]
    public void REDIALCOUNT_0_dials_once()
    {
        using var sim = GsmBoard();
        sim.Module.ScriptDial(Isp, CallScript.Busy());
        Assert.Equal("\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nBUSY\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(1, Dials(sim, Isp));
    }

    [Fact]
    public void DIALSELECT_2_dials_DIALN2()
    {
        using var sim = GsmBoard();
        Ok(sim, "AT#DIALN2=\"0299\"");
        Ok(sim, "AT#DIALSELECT=2");
        sim.Module.ScriptDial("0299", CallScript.Connect(14400));
        Assert.Equal("\r\nDIALING\r\n\r\n0299\r\n\r\nCONNECT 14400\r\n\r\n213.30.30.30\r\n\r\nOK_Info_Ppp\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(0, Dials(sim, Isp));
        Assert.Equal(1, Dials(sim, "0299"));
        Ok(sim, "AT#CONNECTIONSTOP");
    }

    [Fact]
    public void A_start_typed_while_the_module_start_up_runs_waits_for_it_and_dials()
    {
        // As after Appendix A's AT+CPIN=xxxx (or any command of the host's that interrupts the start-up):
        // the module is being configured again when the host's AT#CONNECTIONSTART comes (decision L4).
        using var sim = GsmBoard();
        sim.Board.Radio.Start();
        Assert.True(sim.Board.Radio.StartupRunning);
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(2, sim.Board.Radio.Attempts);
    }

    [Fact]
    public void A_start_waiting_for_the_module_start_up_is_cancelled_by_a_stop_and_a_second_is_35840()
    {
        using var sim = GsmBoard();
        sim.Module.Update(s => s.Silent = true); // the start-up's probes go unanswered: it runs for seconds
        sim.Board.Radio.Start();
        Assert.Equal("", sim.Type("AT#CONNECTIONSTART\r"));
        Assert.Contains("#CME ERROR: 35840", sim.Type("AT#CONNECTIONSTART\r"));
        // (Command returns what came since the last Command: the 35840, then the stop's OK.)
        Assert.Equal("\r\n#CME ERROR: 35840\r\n\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        Assert.Equal(0, Dials(sim, Isp));
        Assert.False(sim.Board.Connection.Busy);
    }

    [Fact]
    public void Not_registered_gives_35865()
    {
        using var sim = GsmBoard();
        sim.Module.LoseRegistration();
        Assert.Equal("\r\n#CME ERROR: 35865\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal(0, Dials(sim, Isp));
        AssertIdle(sim);
    }

    [Fact]
    public void A_second_start_gives_35840()
    {
        using var sim = GsmBoard();
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Assert.Equal("\r\n#CME ERROR: 35840\r\n", sim.Command("AT#CONNECTIONSTART"));
        Ok(sim, "AT#CONNECTIONSTOP");
    }

    [Fact]
    public void Ppp_auth_refused_as_client_gives_37120()
    {
        using var sim = GsmBoard();
        sim.Ppp.Network = sim.Ppp.Network with { ExpectedUser = "someone-else" };
        Assert.Equal("\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nCONNECT 9600\r\n\r\n#CME ERROR: 37120\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    [Fact]
    public void Ppp_timeout_as_client_gives_38980()
    {
        using var sim = GsmBoard();
        sim.Board.LinkTimings.NegotiationTimeoutMs = 500;
        sim.Ppp.Network = sim.Ppp.Network with { Timeout = true };
        Assert.Equal("\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nCONNECT 9600\r\n\r\n#CME ERROR: 38980\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Server_role_failures_give_37121_and_38981_with_the_configured_addresses(int mode)
    {
        using var sim = GsmBoard();
        Ok(sim, "AT#PPPMODE=" + mode);
        Ok(sim, "AT#PPPMYIP=\"10.1.1.1\"");
        Ok(sim, "AT#PPPPEERIP=\"10.1.1.2\"");
        sim.Ppp.Network = sim.Ppp.Network with { ClientRejectsAddress = true };
        Assert.Equal("\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nCONNECT 9600\r\n\r\n#CME ERROR: 37121\r\n", sim.Command("AT#CONNECTIONSTART"));
        var request = sim.Ppp.LastRequest!;
        Assert.True(request.Server);
        Assert.Equal(0x0A010101u, request.ServerLocalAddress);
        Assert.Equal(0x0A010102u, request.ServerPeerAddress);

        sim.Board.LinkTimings.NegotiationTimeoutMs = 500;
        sim.Ppp.Network = sim.Ppp.Network with { ClientRejectsAddress = false, Timeout = true };
        Assert.Equal("\r\nDIALING\r\n\r\n" + Isp + "\r\n\r\nCONNECT 9600\r\n\r\n#CME ERROR: 38981\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    [Fact]
    public void PHYTIMEOUT_ends_an_idle_call_with_35862()
    {
        using var sim = GsmBoard();
        sim.MinuteMs = 300;
        Ok(sim, "AT#PHYTIMEOUT=1");
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Assert.Contains("#CME ERROR: 35862\r\n", sim.WaitFor("#CME ERROR: 35862\r\n", 10_000));
        sim.Settle();
        AssertIdle(sim);
    }

    [Fact]
    public void Link_lost_gives_NO_CARRIER_and_a_new_start_works()
    {
        using var sim = GsmBoard();
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Assert.True(sim.Module.DropCall());
        Assert.Equal("\r\nNO CARRIER\r\n", sim.WaitFor("NO CARRIER\r\n") + sim.Settle());
        AssertIdle(sim);
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Ok(sim, "AT#CONNECTIONSTOP");
    }

    [Fact]
    public void A_start_typed_while_the_lost_call_is_still_hung_up_waits_for_the_line_and_connects()
    {
        // Issue I: right after NO CARRIER the board still escapes and hangs up the module (guard times);
        // a CONNECTIONSTART then answered 35840 for ~2 s. Decision L20: it waits for the line, then dials.
        using var sim = GsmBoard();
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Assert.True(sim.Module.DropCall());
        Assert.Equal("\r\nNO CARRIER\r\n", sim.WaitFor("NO CARRIER\r\n"));
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Ok(sim, "AT#CONNECTIONSTOP");
        AssertIdle(sim);
    }

    [Fact]
    public void A_stop_after_a_waiting_start_cancels_it()
    {
        using var sim = GsmBoard();
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        // A module slow to answer keeps the hang-up going for seconds (its "+++" waits EscapeAnswerMs, its ATH
        // 3 s more), so both commands surely arrive during it, however loaded the machine.
        sim.Module.Update(s => s.ResponseDelayMs = 3000);
        Assert.True(sim.Module.DropCall());
        Assert.Equal("\r\nNO CARRIER\r\n", sim.WaitFor("NO CARRIER\r\n"));
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTART\rAT#CONNECTIONSTOP"));
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ GPRS diagram

    [Fact]
    public void Gprs_packet_dial_rejected_gives_35866()
    {
        using var sim = GprsBoard();
        sim.Module.Update(s => s.ExpectedApn = "other.apn");
        Assert.Equal("\r\n#CME ERROR: 35866\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    [Fact]
    public void Gprs_ppp_auth_failure_gives_35868()
    {
        using var sim = GprsBoard();
        sim.Ppp.Network = sim.Ppp.Network with { ExpectedPassword = "wrong" };
        Assert.Equal("\r\n#CME ERROR: 35868\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    [Fact]
    public void Gprs_not_registered_gives_35865()
    {
        using var sim = GprsBoard();
        sim.Module.LoseRegistration();
        Assert.Equal("\r\n#CME ERROR: 35865\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.DoesNotContain("ATD*99***1#", sim.Module.Received.ToArray());
    }

    [Fact]
    public void Gprs_module_ERROR_for_CGDCONT_gives_35866()
    {
        using var sim = GprsBoard();
        sim.Module.FailCommand("+CGDCONT");
        Assert.Equal("\r\n#CME ERROR: 35866\r\n", sim.Command("AT#CONNECTIONSTART"));
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ CONNECTIONSTOP at each stage

    [Fact]
    public void Stop_during_the_dial()
    {
        using var sim = GsmBoard();
        sim.Module.ScriptDial(Isp, CallScript.Connect(9600, delayMs: 5000));
        sim.Type("AT#CONNECTIONSTART\r");
        sim.WaitFor(Isp + "\r\n");
        sim.StepUntil(() => sim.Module.Mode == CallMode.Connecting, "the module dialling");
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        AssertQuietThenRestart(sim);
    }

    [Fact]
    public void Stop_during_the_redial_wait_racing_the_redial()
    {
        using var sim = GsmBoard();
        sim.Module.ScriptDial(Isp, CallScript.Busy());
        Ok(sim, "AT#REDIALCOUNT=3");
        Ok(sim, "AT#REDIALDELAY=5"); // 250 ms of bench time
        sim.Type("AT#CONNECTIONSTART\r");
        sim.WaitFor("BUSY\r\n");
        sim.Step(240); // close to the redial
        string answer = sim.Command("AT#CONNECTIONSTOP");
        Assert.EndsWith("\r\nOK\r\n", answer);
        int dials = Dials(sim, Isp);
        Assert.InRange(dials, 1, 2);
        sim.Module.ScriptDial(Isp, CallScript.Connect(9600));
        Assert.Equal("", sim.Step(500));
        Assert.Equal(dials, Dials(sim, Isp));
        AssertIdle(sim);
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Ok(sim, "AT#CONNECTIONSTOP");
    }

    [Fact]
    public void Stop_during_negotiation()
    {
        using var sim = GsmBoard();
        sim.Ppp.Network = sim.Ppp.Network with { NegotiationDelayMs = 5000 };
        sim.Type("AT#CONNECTIONSTART\r");
        sim.WaitFor("CONNECT 9600\r\n");
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        sim.Ppp.Network = sim.Ppp.Network with { NegotiationDelayMs = 50 };
        AssertQuietThenRestart(sim);
    }

    private static void AssertQuietThenRestart(SimBoard<SimulatedModule, SimulatedPppLink> sim)
    {
        AssertIdle(sim);
        Assert.Equal("", sim.Step(500));
        sim.Module.ScriptDial(Isp, CallScript.Connect(9600));
        Assert.Equal(GsmUp, sim.Command("AT#CONNECTIONSTART"));
        Ok(sim, "AT#CONNECTIONSTOP");
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ PPPMODE 0: transparent call

    /// <summary>A loopback TCP echo server on a dedicated thread; closes a connection on request.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Thread _thread;
        private volatile TcpClient? _client;
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public EchoServer()
        {
            _listener.Start();
            _thread = new Thread(Serve) { IsBackground = true, Name = "echo server" };
            _thread.Start();
        }

        private void Serve()
        {
            try
            {
                while (true)
                {
                    var client = _listener.AcceptTcpClient();
                    _client = client;
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    try
                    {
                        int n;
                        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) stream.Write(buffer, 0, n);
                    }
                    catch (IOException) { }
                    catch (ObjectDisposedException) { }
                    client.Dispose();
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
            catch (InvalidOperationException) { } // stopped while accepting
        }

        public void CloseClient() => _client?.Dispose();

        public void Dispose()
        {
            _listener.Stop();
            _client?.Dispose();
        }
    }

    [Fact]
    public void Transparent_call_echoes_escapes_and_stops()
    {
        using var echo = new EchoServer();
        using var sim = GsmBoard(realTime: true);
        Ok(sim, "AT#PPPMODE=0");
        sim.Module.ScriptDialToTcp("0299", "127.0.0.1", echo.Port);
        Ok(sim, "AT#DIALN1=\"0299\"");
        // The CONNECT's framing is checked by Transparent_call_CONNECT_is_followed_by_the_remote_bytes_only.
        Assert.StartsWith("\r\nDIALING\r\n\r\n0299\r\n\r\nCONNECT 9600\r\n", sim.Command("AT#CONNECTIONSTART"));
        Assert.True(sim.Board.Connection.DataMode);
        sim.Type("hello, remote");
        Assert.Equal("hello, remote", sim.WaitFor("hello, remote"));
        sim.Step(300); // guard time before the escape
        sim.Type("+++");
        Assert.Equal("\r\nOK\r\n", sim.WaitFor("OK\r\n", 5000));
        Assert.Contains("CONNECTED", sim.Command("AT#VSTATE"));
        Assert.Equal("\r\nOK\r\n", sim.Command("AT#CONNECTIONSTOP"));
        AssertIdle(sim);
    }

    [Fact]
    public void Transparent_call_closed_by_the_remote_gives_NO_CARRIER()
    {
        using var echo = new EchoServer();
        using var sim = GsmBoard(realTime: true);
        Ok(sim, "AT#PPPMODE=0");
        sim.Module.ScriptDialToTcp("0299", "127.0.0.1", echo.Port);
        Ok(sim, "AT#DIALN1=\"0299\"");
        Assert.StartsWith("\r\nDIALING\r\n\r\n0299\r\n\r\nCONNECT 9600\r\n", sim.Command("AT#CONNECTIONSTART"));
        sim.Type("ping");
        Assert.Equal("ping", sim.WaitFor("ping"));
        echo.CloseClient();
        Assert.Equal("\r\nNO CARRIER\r\n", sim.WaitFor("NO CARRIER\r\n"));
        sim.StepUntil(() => !sim.Board.Connection.DataMode, "the end of data mode");
        AssertIdle(sim);
    }

    [Fact]
    public void Transparent_call_CONNECT_is_followed_by_the_remote_bytes_only()
    {
        using var echo = new EchoServer();
        using var sim = GsmBoard(realTime: true);
        Ok(sim, "AT#PPPMODE=0");
        sim.Module.ScriptDialToTcp("0299", "127.0.0.1", echo.Port);
        Ok(sim, "AT#DIALN1=\"0299\"");
        Assert.Equal("\r\nDIALING\r\n\r\n0299\r\n\r\nCONNECT 9600\r\n", sim.Command("AT#CONNECTIONSTART"));
        // In the call the host line is the remote's: escape first, then stop.
        sim.Step(300);
        sim.Type("+++");
        Assert.Equal("\r\nOK\r\n", sim.WaitFor("OK\r\n", 5000));
        Ok(sim, "AT#CONNECTIONSTOP");
        AssertIdle(sim);
    }

    // ------------------------------------------------------------------ faults

    [Fact]
    public void Silent_module_during_a_dial_gives_NO_CARRIER()
    {
        using var sim = GsmBoard();
        sim.Module.ScriptDial(Isp, CallScript.Connect(9600, delayMs: 60_000));
        sim.Type("AT#CONNECTIONSTART\r");
        sim.WaitFor(Isp + "\r\n");
        sim.StepUntil(() => sim.Module.Mode == CallMode.Connecting, "the module dialling");
        sim.Module.Update(s => s.Silent = true);
        string got = sim.WaitFor("NO CARRIER\r\n", 30_000 * 3);
        Assert.Equal("\r\nNO CARRIER\r\n", got);
        sim.Settle();
        sim.Module.Update(s => s.Silent = false);
        Assert.Contains("IDLE", sim.Command("AT#VSTATE"));
    }
}
