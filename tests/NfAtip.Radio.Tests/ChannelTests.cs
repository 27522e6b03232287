using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>The line channel: framing, echo, the answer/URC split, bounds and allocation.</summary>
public class ChannelTests
{
    private readonly FakeClock _clock = new();
    private readonly FakeModule _module;
    private readonly ModuleChannel _channel;
    private readonly List<string> _seen = new();

    public ChannelTests()
    {
        _module = new FakeModule(_clock);
        _channel = new ModuleChannel(_module, 16);
        _channel.UrcArrived = _seen.Add;
    }

    private List<string> Answers(int waitMs = 100)
    {
        var lines = new List<string>();
        while (_channel.ReadAnswerLine(_clock, waitMs)) lines.Add(_channel.LineText());
        return lines;
    }

    [Fact]
    public void Echo_is_dropped_and_a_urc_inside_an_answer_goes_to_the_queue()
    {
        _module.Echo = true;
        _module.Answer = _ => "\r\n+CSQ: 20,0\r\n\r\n+CREG: 5\r\n\r\nRING\r\n\r\nOK\r\n";
        _channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, "+CSQ:");
        _channel.Send("AT+CSQ", null);
        Assert.Equal(new[] { "+CSQ: 20,0", "OK" }, Answers());
        Assert.Equal(new[] { "+CREG: 5", "RING" }, _seen);
        Assert.Equal("+CREG: 5", _channel.Urcs.Take());
        Assert.Equal("RING", _channel.Urcs.Take());
        Assert.Null(_channel.Urcs.Take());
    }

    [Fact]
    public void A_read_answer_with_a_urc_prefix_is_an_answer_during_its_exchange()
    {
        _module.Answer = _ => "\r\n+CREG: 1,1\r\n\r\nOK\r\n";
        _channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, "+CREG:");
        _channel.Send("AT+CREG?", null);
        Assert.Equal(new[] { "+CREG: 1,1", "OK" }, Answers());
        Assert.Empty(_seen);
    }

    [Theory]
    [InlineData("+CREG: 2", "+CREG: 1,2")]
    [InlineData("+CREG: 1,\"1A2B\",\"3C4D\"", "+CREG: 2,1,\"1A2B\",\"3C4D\"")]
    [InlineData("+CGREG: 0", "+CGREG: 1,0")]
    [InlineData("+CEREG: 5", "+CEREG: 0,5")]
    public void A_registration_urc_while_its_query_waits_is_a_urc_not_the_answer(string urc, string answer)
    {
        // Coverage changes the moment the driver reads it: the URC (27.007 7.2 "+CREG: <stat>") comes before
        // the read answer ("+CREG: <n>,<stat>"); the host must get the URC, the query its own answer.
        string prefix = answer[..(answer.IndexOf(':') + 1)];
        _module.Answer = _ => "\r\n" + urc + "\r\n\r\n" + answer + "\r\n\r\nOK\r\n";
        _channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, prefix);
        _channel.Send("AT" + prefix[..^1] + "?", null);
        Assert.Equal(new[] { answer, "OK" }, Answers());
        Assert.Equal(new[] { urc }, _seen);
        Assert.Equal(urc, _channel.Urcs.Take());
    }

    [Fact]
    public void Outside_an_exchange_every_line_is_unsolicited_even_unknown_ones()
    {
        _module.Inject("\r\nRING\r\n\r\n+CLIP: \"0612345678\",129\r\nsomething odd\r\n");
        _channel.Pump(_clock, 0);
        Assert.Equal(new[] { "RING", "+CLIP: \"0612345678\",129", "something odd" }, _seen);
    }

    [Fact]
    public void No_carrier_ends_a_dial_but_is_a_urc_during_an_ordinary_command()
    {
        _module.Answer = _ => "\r\nNO CARRIER\r\n\r\nOK\r\n";
        _channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, null);
        _channel.Send("AT", null);
        Assert.Equal(new[] { "OK" }, Answers());
        Assert.Equal(new[] { "NO CARRIER" }, _seen);

        _seen.Clear();
        _module.Answer = _ => "\r\nNO CARRIER\r\n";
        _channel.BeginExchange(new[] { ChatMatch.Prefix("CONNECT") }, ChatScript.CallAborts, null);
        _channel.Send("ATD123", null);
        Assert.Equal(new[] { "NO CARRIER" }, Answers());
        Assert.Empty(_seen);
    }

    [Fact]
    public void Module_specific_urcs_are_recognised_from_the_profile()
    {
        _channel.SetModuleUrcs(ModuleProfiles.Sim800.Urcs);
        _module.Answer = _ => "\r\nCall Ready\r\n\r\nOK\r\n";
        _channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, null);
        _channel.Send("AT", null);
        Assert.Equal(new[] { "OK" }, Answers());
        Assert.Equal(new[] { "Call Ready" }, _seen);
    }

    [Fact]
    public void Arguments_are_substituted_into_the_command()
    {
        _channel.Send("AT+CGDCONT=$1,\"IP\",\"$2\"", new[] { "1", "internet.example" });
        Assert.Equal("AT+CGDCONT=1,\"IP\",\"internet.example\"", _module.Received.Single());
    }

    [Fact]
    public void Overlong_lines_are_cut_and_noise_bytes_do_not_break_framing()
    {
        _module.InjectBytes(Enumerable.Repeat((byte)'x', 1000).Concat(new byte[] { 13, 10, 0, 0xFF, 0x80, 13, 10 }).ToArray());
        _module.Inject("\r\nRING\r\n");
        _channel.Pump(_clock, 0);
        Assert.Equal(3, _seen.Count);
        Assert.Equal(ModuleChannel.MaxLine, _seen[0].Length);
        Assert.Equal("??", _seen[1]);
        Assert.Equal("RING", _seen[2]);
    }

    [Fact]
    public void The_urc_queue_is_bounded_and_keeps_the_newest()
    {
        for (int i = 0; i < 20; i++) _module.Inject("\r\n+CREG: " + (i % 6) + "\r\n");
        _channel.Pump(_clock, 0);
        Assert.Equal(20, _seen.Count);
        Assert.Equal(16, _channel.Urcs.Count);
        Assert.Equal(4, _channel.Urcs.Dropped);
        Assert.Equal("+CREG: 4", _channel.Urcs.Take()); // the 5th URC is now the oldest
    }

    /// <summary>A line over one fixed array, so the measurement sees only the channel's allocations.</summary>
    private sealed class ArrayLine : NfAtip.Platform.ISerialLine
    {
        public byte[] Data = Array.Empty<byte>();
        public int Next;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = Math.Min(count, Data.Length - Next);
            Array.Copy(Data, Next, buffer, offset, n);
            Next += n;
            return n;
        }
        public void Write(byte[] buffer, int offset, int count) { }
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    [Fact]
    public void Framing_bytes_allocates_nothing_per_byte()
    {
        var line = new ArrayLine { Data = Enumerable.Repeat((byte)'z', 50_000).ToArray() };
        var channel = new ModuleChannel(line, 4);
        channel.BeginExchange(ChatScript.Ok, ChatScript.CommandAborts, null);
        channel.ReadAnswerLine(_clock, 0); // warm-up: JIT, first read
        line.Next = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool answered = channel.ReadAnswerLine(_clock, 0);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(answered);
        Assert.True(allocated == 0, "allocated " + allocated + " bytes for 50 000 bytes of one line");
    }

    [Fact]
    public void A_closed_line_is_reported()
    {
        _module.Closed = true;
        Assert.False(_channel.ReadAnswerLine(_clock, 100));
        Assert.True(_channel.Closed);
    }
}
