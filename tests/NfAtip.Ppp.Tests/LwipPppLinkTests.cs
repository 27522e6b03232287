using NfAtip.Device;
using NfAtip.Platform;
using NfAtip.Ppp;

namespace NfAtip.Ppp.Tests;

/// <summary>
/// LwipPppLink (firmware/NfAtip/Ppp/LwipPppLink.cs) against FakeNativePpp: what the host sees (Poll codes,
/// addresses) and the UART hand-over order (released before the native Open, reclaimed after the native
/// Release, on every way a session ends).
/// </summary>
public class LwipPppLinkTests
{
    private const int Up = PppStatusMap.StateUp;
    private const int Ended = PppStatusMap.StateEnded;

    private sealed class Clock : IClock
    {
        public long TickMs { get; set; }
        public DateTime UtcNow => DateTime.UtcNow;
    }

    /// <summary>The radio line's hand-over: records its calls in the session's log, and whether it holds the UART.</summary>
    private sealed class Handover : IPppUartHandover
    {
        private readonly FakeSession _s;
        public bool Held = true;
        public bool ReleaseWorks = true;

        public Handover(FakeSession s) => _s = s;

        public void ReleaseForPpp()
        {
            _s.Calls.Add("ReleaseForPpp");
            if (ReleaseWorks) Held = false;
        }

        public void ReclaimAfterPpp()
        {
            _s.Calls.Add("ReclaimAfterPpp");
            Held = true;
        }
    }

    private readonly FakeSession _s = new();
    private readonly Handover _uart;
    private readonly Clock _clock = new();
    private readonly LwipPppLink _link;

    public LwipPppLinkTests()
    {
        NativePpp.Session = _s;
        _uart = new Handover(_s);
        _s.UartTaken = () => _uart.Held;
        _link = new LwipPppLink(_uart, new PppUartSettings(2, 115200, 27, 26, -1, -1), _clock);
    }

    private static IpLinkRequest Client(int timeoutMs = 30000) =>
        new() { User = "web", Password = "gprs", TimeoutMs = timeoutMs };

    [Fact]
    public void Without_the_native_assembly_every_open_answers_36872_and_gives_the_uart_back()
    {
        _s.Missing = true;

        _link.Open(Client());
        Assert.Equal(36872, _link.Poll());
        Assert.Equal(36872, _link.Poll());
        _link.Close();
        _link.Open(Client());

        Assert.Equal(36872, _link.Poll());
        Assert.Equal(new[] { "ReleaseForPpp", "ReclaimAfterPpp", "ReleaseForPpp", "ReclaimAfterPpp" }, _s.Calls);
        Assert.True(_uart.Held);
        Assert.Equal(0u, _link.LocalAddress);
    }

    [Fact]
    public void Client_session_hands_the_uart_over_comes_up_with_addresses_and_closes_cleanly()
    {
        _link.Open(Client());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input" }, _s.Calls);
        Assert.Equal(new object[] { 2, 115200, 27, 26, -1, -1, false, "web", "gprs", 0u, 0u }, _s.OpenArgs);
        Assert.Equal(PppStatusMap.Negotiating, _link.Poll());

        _s.Status = PppStatusMap.Pack(Up, 0);
        _s.Addresses = new uint[] { 0x0A000002, 0x0A000001, 0x08080808, 0x08080404 };
        _clock.TickMs = 60000;   // past the negotiation limit: an up link stays up
        Assert.Equal(PppStatusMap.Up, _link.Poll());
        Assert.Equal(0x0A000002u, _link.LocalAddress);
        Assert.Equal(0x0A000001u, _link.PeerAddress);
        Assert.Equal(0x08080808u, _link.PrimaryDns);
        Assert.Equal(0x08080404u, _link.SecondaryDns);
        Assert.False(_uart.Held);

        _link.Close();
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input", "Close", "Release", "ReclaimAfterPpp" }, _s.Calls);
        Assert.True(_uart.Held);
        Assert.Equal(0u, _link.LocalAddress);
        Assert.Equal(0u, _link.PrimaryDns);
    }

    [Fact]
    public void Bytes_read_behind_connect_are_the_session_s_first_input()
    {
        // The peer's first LCP Configure-Request, already read by the radio driver with "CONNECT" (a 0x7E
        // frame after the line's LF): the session must get it, or LCP waits for the peer's restart timer.
        byte[] received = { 0x0A, 0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7E, 0x00 };
        var request = Client();
        request.Received = received;
        request.ReceivedCount = 8;
        _link.Open(request);
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input" }, _s.Calls);
        Assert.Equal(received.Take(8), _s.Input);
    }

    [Fact]
    public void Nothing_behind_connect_still_ends_the_native_hold_with_an_empty_input()
    {
        // The native receive loop waits for Input before it reads the UART (up to 200 ms): call it anyway.
        _link.Open(Client());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input" }, _s.Calls);
        Assert.Empty(_s.Input);
    }

    [Fact]
    public void Server_session_passes_the_addresses_to_assign()
    {
        _link.Open(new IpLinkRequest { Server = true, User = "u", Password = "p", ServerLocalAddress = 0xC0A80001, ServerPeerAddress = 0xC0A80002, TimeoutMs = 1000 });
        Assert.Equal(new object[] { 2, 115200, 27, 26, -1, -1, true, "u", "p", 0xC0A80001u, 0xC0A80002u }, _s.OpenArgs);
    }

    [Fact]
    public void A_uart_the_managed_side_did_not_let_go_fails_the_open_with_36872_and_is_reclaimed()
    {
        _uart.ReleaseWorks = false;
        _link.Open(Client());
        Assert.Equal(36872, _link.Poll());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Release", "ReclaimAfterPpp" }, _s.Calls);
    }

    [Fact]
    public void Negotiation_past_the_limit_is_a_timeout_that_ends_the_session_and_stays()
    {
        _link.Open(Client(timeoutMs: 30000));
        _clock.TickMs = 29999;
        Assert.Equal(PppStatusMap.Negotiating, _link.Poll());
        _clock.TickMs = 30000;
        Assert.Equal(38980, _link.Poll());
        Assert.True(_uart.Held);
        Assert.Equal("ReclaimAfterPpp", _s.Calls[^1]);
        Assert.Equal(38980, _link.Poll());
    }

    [Fact]
    public void Refused_authentication_is_a_failed_negotiation()
    {
        _link.Open(Client());
        _s.Status = PppStatusMap.Pack(Ended, PppStatusMap.ErrAuthFail);
        Assert.Equal(37120, _link.Poll());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input", "Release", "ReclaimAfterPpp" }, _s.Calls);
    }

    [Fact]
    public void A_link_that_drops_after_coming_up_loses_its_addresses_and_gives_the_uart_back()
    {
        _link.Open(Client());
        _s.Status = PppStatusMap.Pack(Up, 0);
        _s.Addresses = new uint[] { 1, 2, 3, 4 };
        Assert.Equal(PppStatusMap.Up, _link.Poll());

        _s.Status = PppStatusMap.Pack(Ended, PppStatusMap.ErrPeerDead);
        Assert.Equal(38980, _link.Poll());
        Assert.Equal(0u, _link.LocalAddress);
        Assert.True(_uart.Held);
    }

    [Fact]
    public void Opening_again_ends_the_running_session_first()
    {
        _link.Open(Client());
        _link.Open(Client());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input", "Release", "ReclaimAfterPpp", "ReleaseForPpp", "Open", "Input" }, _s.Calls);
        Assert.Equal(PppStatusMap.Negotiating, _link.Poll());
    }

    [Fact]
    public void Close_drops_a_peer_that_never_answers_the_termination_after_the_grace_time()
    {
        _s.TerminatesOnClose = false;
        _link.Open(Client());
        _link.Close();   // waits up to 1.5 s for the LCP termination
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input", "Close", "Release", "ReclaimAfterPpp" }, _s.Calls);
        Assert.True(_uart.Held);
    }

    [Fact]
    public void A_release_still_ending_is_called_again_and_the_uart_comes_back_only_when_it_is_done()
    {
        // lwIP reaches its dead phase and the receive task stops a little after the drop: Release says 1 meanwhile.
        _link.Open(Client());
        _s.ReleasePending = 3;
        _s.Status = PppStatusMap.Pack(Ended, PppStatusMap.ErrAuthFail);
        Assert.Equal(37120, _link.Poll());
        Assert.Equal(new[] { "ReleaseForPpp", "Open", "Input", "Release", "Release", "Release", "Release", "ReclaimAfterPpp" }, _s.Calls);
        Assert.True(_uart.Held);
    }

    [Fact]
    public void A_release_that_does_not_finish_keeps_the_uart_native_and_a_later_poll_finishes_it()
    {
        _link.Open(Client());
        _s.ReleasePending = int.MaxValue;
        _s.Status = PppStatusMap.Pack(Ended, PppStatusMap.ErrPeerDead);
        Assert.Equal(38980, _link.Poll());          // waits its bound (2.5 s), then leaves the UART to the native side
        Assert.False(_uart.Held);
        Assert.DoesNotContain("ReclaimAfterPpp", _s.Calls);

        // A new session cannot start on a UART the old one still holds: refused (36872), nothing opened.
        int opens = _s.Calls.Count(c => c == "Open");
        _link.Open(Client());
        Assert.Equal(36872, _link.Poll());
        Assert.Equal(opens, _s.Calls.Count(c => c == "Open"));

        _s.ReleasePending = 0;                      // the native side is done
        _link.Poll();
        Assert.True(_uart.Held);
        Assert.Equal("ReclaimAfterPpp", _s.Calls[^1]);
    }

    [Fact]
    public void Input_errors_are_the_third_byte_of_the_status()
    {
        Assert.Equal(7, PppStatusMap.InputErrors(PppStatusMap.Pack(Up, 0) | (7 << 16)));
        Assert.Equal(PppStatusMap.StateUp, PppStatusMap.State(PppStatusMap.Pack(Up, 0) | (7 << 16)));
        Assert.Equal(0, PppStatusMap.PppError(PppStatusMap.Pack(Up, 0) | (7 << 16)));
    }
}
