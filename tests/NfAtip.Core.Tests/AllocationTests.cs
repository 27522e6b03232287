using NfAtip.TestSupport;
using System.Text;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;

namespace NfAtip.Core.Tests;

/// <summary>
/// Microcontroller discipline: once running, the command path allocates nothing per byte or per
/// command — reads, displays, errors, editing and overlong lines all work in the fixed buffers.
/// (Storing a new value allocates its string once; that is a parameter write, not the byte path.)
/// </summary>
public class AllocationTests
{
    /// <summary>A host line over fixed arrays, so the measurement sees only the board's allocations.</summary>
    private sealed class FixedLine : ISerialLine
    {
        private byte[] _input = Array.Empty<byte>();
        private int _next;
        public readonly byte[] Output = new byte[1 << 20];
        public int Written;

        public void Load(byte[] input)
        {
            _input = input;
            _next = 0;
            Written = 0;
        }

        public bool Drained => _next == _input.Length;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = Math.Min(count, _input.Length - _next);
            Array.Copy(_input, _next, buffer, offset, n);
            _next += n;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            Array.Copy(buffer, offset, Output, Written, count);
            Written += count;
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    [Fact]
    public void CommandPath_AllocatesNothing_AfterStart()
    {
        var host = new FixedLine();
        var clock = new FakeClock();
        var board = new Board(new BoardPlatform(host, new ScriptedRadio(clock), new RamFlash(4096, 8), clock, new HostNetwork(), new HostIpLink()), TestBoard.Identity);
        board.Start();
        byte[] session = Encoding.ASCII.GetBytes(
            "AT\rat#pppmode?\rAT#VALL\rAT#VMAIL1\rAT#VSTATE\rAT#VVERSION\rAT#NOSUCH\rAT#PPPMODE=9\rAT#ISPUN=\"unterminated\r" +
            "AT#PPPMODX\bE?\r\u0000\u00ff garbage\rAT#REDIALDELAY=?\rATV0\rAT#DNSSERV1?\rATV1\r" + new string('x', 1000) + "\r");

        Run(board, host, session); // warm up (JIT, statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Run(board, host, session);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        string last = Encoding.ASCII.GetString(host.Output, 0, host.Written);
        Assert.Contains("#PPPMODE: 1\r\n", last);
        Assert.EndsWith("\r\n#CME ERROR: 34881\r\n", last);
    }

    private static void Run(Board board, FixedLine host, byte[] session)
    {
        host.Load(session);
        while (!host.Drained) board.Step(0);
    }
}
