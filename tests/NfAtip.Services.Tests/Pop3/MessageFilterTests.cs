using System.Text;
using NfAtip.At;
using NfAtip.Platform;
using NfAtip.Services.Mail;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>The RETR stream filter on its own: unstuffing, header skip and the end line, split anywhere; no allocation.</summary>
public class MessageFilterTests
{
    private const string Wire =
        "From: a@b\r\nSubject: s\r\n\r\n" +
        "..stuffed\r\n" +
        ". lone dot stripped\r\n" +
        "..\r\n" +
        "mid.line. dots\r\n" +
        "\r\n" +
        ".\r\n" +
        "after the end";

    private const string Unstuffed =
        "From: a@b\r\nSubject: s\r\n\r\n" +
        ".stuffed\r\n" +
        " lone dot stripped\r\n" +
        ".\r\n" +
        "mid.line. dots\r\n" +
        "\r\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EverySplitOfTheStream_GivesTheSameResult(bool sendHeader)
    {
        byte[] wire = Encoding.ASCII.GetBytes(Wire);
        string expected = sendHeader ? Unstuffed : Unstuffed.Substring(Unstuffed.IndexOf("\r\n\r\n") + 4);
        for (int split = 0; split <= wire.Length; split++)
        {
            var host = new HostPipe();
            var output = new ResponseWriter(host);
            var filter = new Pop3MessageFilter();
            filter.Reset(sendHeader, true);
            int used = filter.Feed(wire, 0, split, output);
            if (!filter.Ended) used += filter.Feed(wire, split, wire.Length - split, output);
            output.Flush();
            Assert.True(filter.Ended);
            Assert.False(filter.InHeader);
            Assert.Equal(expected, Encoding.ASCII.GetString(host.TakeOutput()));
            Assert.Equal(Wire.IndexOf("after the end"), used);
            Assert.True(filter.HostAtLineStart);
        }
    }

    [Fact]
    public void BareLfLines_AreTolerated()
    {
        var host = new HostPipe();
        var output = new ResponseWriter(host);
        var filter = new Pop3MessageFilter();
        filter.Reset(false, true);
        byte[] wire = Encoding.ASCII.GetBytes("H: v\n\n..x\n.\n");
        filter.Feed(wire, 0, wire.Length, output);
        output.Flush();
        Assert.True(filter.Ended);
        Assert.Equal(".x\n", Encoding.ASCII.GetString(host.TakeOutput()));
    }

    private sealed class Sink : ISerialLine
    {
        public long Bytes;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => 0;
        public void Write(byte[] buffer, int offset, int count) => Bytes += count;
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    [Fact]
    public void TenMegabytes_InLongAndStuffedLines_AllocateNothing()
    {
        var sink = new Sink();
        var output = new ResponseWriter(sink);
        var filter = new Pop3MessageFilter();
        var chunk = new byte[512];
        // A chunk of a 100 000-byte line, and one full of short stuffed lines.
        byte[] longLine = Encoding.ASCII.GetBytes(new string('x', 512));
        byte[] stuffed = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("..ab\r\n", 85)) + "xx");
        byte[] end = Encoding.ASCII.GetBytes("\r\n.\r\n");
        filter.Reset(true, true);
        filter.Feed(stuffed, 0, stuffed.Length, output); // warm-up (JIT)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10 * 1024 * 3; i++)
        {
            byte[] data = i % 2 == 0 ? longLine : stuffed;
            filter.Feed(data, 0, data.Length, output);
        }
        filter.Feed(end, 0, end.Length, output);
        output.Flush();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(filter.Ended);
        Assert.Equal(0, allocated);
        Assert.True(sink.Bytes > 10 * 1024 * 1024);
    }
}
