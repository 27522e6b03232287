using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>The chat-script engine against scripted fakes on a fake clock.</summary>
public class ChatEngineTests
{
    private readonly FakeClock _clock = new();
    private readonly FakeModule _module;
    private readonly ModuleChannel _channel;
    private readonly ChatEngine _chat;

    public ChatEngineTests()
    {
        _module = new FakeModule(_clock);
        _channel = new ModuleChannel(_module, 16);
        _chat = new ChatEngine(_channel, _clock);
    }

    private static ChatScript TwoCommands() => new("two", new[]
    {
        ChatScript.Command("AT+ONE", 1000),
        ChatScript.Command("AT+TWO", 1000),
    });

    [Fact]
    public void Packet_dial_sends_the_profile_rows_and_captures_the_connect_speed()
    {
        _module.Answer = cmd => cmd.StartsWith("ATD") ? "\r\nCONNECT 115200\r\n" : "\r\nOK\r\n";
        var result = _chat.Run(StartupScripts.PacketConnect(ModuleProfiles.Sim800), new[] { "1", "internet" });
        Assert.Equal(ChatResult.Ok, result);
        Assert.Equal(new[] { "AT+CGDCONT=1,\"IP\",\"internet\"", "ATD*99***1#" }, _module.Received);
        Assert.Equal("115200", _chat.Capture(0));
    }

    [Fact]
    public void A_bare_connect_captures_an_empty_speed()
    {
        _module.Answer = cmd => cmd.StartsWith("ATD") ? "\r\nCONNECT\r\n" : "\r\nOK\r\n";
        Assert.Equal(ChatResult.Ok, _chat.Run(StartupScripts.PacketConnect(ModuleProfiles.Bg96), new[] { "2", "apn" }));
        Assert.Equal("", _chat.Capture(0));
    }

    [Theory]
    [InlineData("BUSY", 3)]
    [InlineData("NO ANSWER", 4)]
    [InlineData("NO CARRIER", 2)]
    [InlineData("+CME ERROR: 30", 1)]
    public void A_dial_abort_says_which_abort_matched(string line, int index)
    {
        _module.Answer = cmd => cmd.StartsWith("ATD") ? "\r\n" + line + "\r\n" : "\r\nOK\r\n";
        Assert.Equal(ChatResult.Aborted, _chat.Run(StartupScripts.PacketConnect(ModuleProfiles.Sim800), new[] { "1", "apn" }));
        Assert.Equal(line, _chat.AbortLine);
        Assert.Equal(index, _chat.AbortIndex);
        Assert.Equal(1, _chat.Step);
    }

    [Fact]
    public void A_silent_module_ends_the_row_as_silent_after_its_timeout_and_retries()
    {
        _module.Silent = true;
        var probe = new ChatScript("probe", new[] { ChatScript.Command("AT", 1000).Tries(5) });
        Assert.Equal(ChatResult.Silent, _chat.Run(probe, null));
        Assert.Equal(5000, _clock.TickMs);
    }

    [Fact]
    public void Garbage_instead_of_an_answer_is_a_timeout_not_silence()
    {
        _module.Answer = _ => "\r\n#$%garbage\u00ff\r\n";
        Assert.Equal(ChatResult.Timeout, _chat.Run(TwoCommands(), null));
        Assert.Equal(0, _chat.Step);
    }

    [Fact]
    public void A_slow_answer_within_the_timeout_is_fine_beyond_it_is_a_timeout()
    {
        _module.DelayMs = 900;
        Assert.Equal(ChatResult.Ok, _chat.Run(TwoCommands(), null));
        _module.DelayMs = 1500; // nothing at all within the row's timeout: silent, and the late OK is no answer to the next run
        Assert.Equal(ChatResult.Silent, _chat.Run(TwoCommands(), null));
        _module.DelayMs = 0;
        _module.Answer = _ => "\r\nERROR\r\n";
        Assert.Equal(ChatResult.Aborted, _chat.Run(TwoCommands(), null));
    }

    [Fact]
    public void A_probe_retries_until_the_module_answers()
    {
        _module.Answer = _ => _module.Received.Count >= 3 ? "\r\nOK\r\n" : null;
        var probe = new ChatScript("probe", new[] { ChatScript.Command("AT", 1000).Tries(5) });
        Assert.Equal(ChatResult.Ok, _chat.Run(probe, null));
        Assert.Equal(3, _module.Received.Count);
    }

    [Fact]
    public void Poll_never_waits_and_cancel_stops_a_dial_at_once()
    {
        _module.Answer = cmd => cmd.StartsWith("ATD") ? "\r\nCONNECT 9600\r\n" : "\r\nOK\r\n";
        _module.DelayMs = 20_000; // the network takes its time
        _chat.Start(StartupScripts.PacketConnect(ModuleProfiles.Sim800), new[] { "1", "apn" });
        Assert.Equal(ChatResult.Running, _chat.Poll());
        Assert.Equal(0, _clock.TickMs);
        _clock.TickMs = 20_000;
        Assert.Equal(ChatResult.Running, _chat.Poll()); // OK to CGDCONT: the dial is sent
        Assert.Equal("ATD*99***1#", _module.Received.Last());
        _chat.Cancel(); // AT#CONNECTIONSTOP
        Assert.Equal(ChatResult.Cancelled, _chat.Poll());
        // A late CONNECT after the cancel is no longer an answer: it goes to the URC side.
        _clock.TickMs = 40_000;
        _channel.Pump(_clock, 0);
        Assert.Equal("CONNECT 9600", _channel.Urcs.Take());
    }

    [Fact]
    public void A_required_value_that_differs_ends_the_script_unexpected()
    {
        _module.Answer = _ => "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n";
        var script = new ChatScript("pin", new[] { ChatScript.Command("AT+CPIN?", 1000).Capture("+CPIN:", 0).Requires("READY") });
        Assert.Equal(ChatResult.Unexpected, _chat.Run(script, null));
        Assert.Equal("SIM PIN", _chat.Capture(0));
    }

    [Fact]
    public void A_closed_line_ends_the_script()
    {
        _module.Closed = true;
        _module.Answer = _ => null;
        Assert.Equal(ChatResult.Closed, _chat.Run(TwoCommands(), null));
    }
}
