using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.HostAdapters.Text;

namespace NfAtip.Bench;

/// <summary>
/// The host side of the board's serial line, in memory and allocation-free: the bench loads a command
/// into a fixed array, the board reads it, and the board's output is only counted (and the last bytes
/// kept in a fixed buffer for checking). Never closes, never waits.
/// </summary>
public sealed class MemoryHostLine : ISerialLine
{
    private byte[] _input = Array.Empty<byte>();
    private int _next;
    private readonly byte[] _lastOutput = new byte[4096];

    /// <summary>Bytes the board wrote since <see cref="Load"/>.</summary>
    public int Written { get; private set; }

    public int Pending => _input.Length - _next;

    /// <summary>Queues one command (the array is used as is, not copied) and resets the output count.</summary>
    public void Load(byte[] command)
    {
        _input = command;
        _next = 0;
        Written = 0;
    }

    /// <summary>The first <see cref="Written"/> bytes (up to 4 kB) the board answered since the last load.</summary>
    public ReadOnlySpan<byte> Output => _lastOutput.AsSpan(0, Math.Min(Written, _lastOutput.Length));

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = Math.Min(count, _input.Length - _next);
        Buffer.BlockCopy(_input, _next, buffer, offset, n);
        _next += n;
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        int room = _lastOutput.Length - Written;
        if (room > 0) Buffer.BlockCopy(buffer, offset, _lastOutput, Written, Math.Min(room, count));
        Written += count;
    }

    public void Configure(int baudRate, bool hardwareFlowControl) { }
}

/// <summary>A cellular module that answers OK to every command line (the driver's start-up stops at AT+CPIN?, which gets no +CPIN line: no SIM traffic in the benchmarks).</summary>
public sealed class OkRadio : ISerialLine
{
    private static readonly byte[] Ok = "\r\nOK\r\n"u8.ToArray();
    private int _okPending; // bytes of Ok still to deliver
    private readonly BenchClock _clock;

    public OkRadio(BenchClock clock) => _clock = clock;

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (_okPending == 0)
        {
            _clock.TickMs += timeoutMs; // a wait with nothing to read lets the time pass at once
            return 0;
        }
        int start = Ok.Length - _okPending;
        int n = Math.Min(count, _okPending);
        Buffer.BlockCopy(Ok, start, buffer, offset, n);
        _okPending -= n;
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
            if (buffer[i] == 13) _okPending = Ok.Length;
    }

    public void Configure(int baudRate, bool hardwareFlowControl) { }
}

/// <summary>A clock that moves only when a radio wait moves it.</summary>
public sealed class BenchClock : IClock
{
    public long TickMs { get; set; }
    public DateTime UtcNow => new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc).AddMilliseconds(TickMs);
}

/// <summary>A started board on a given flash, driven synchronously.</summary>
public sealed class BenchBoard
{
    public static readonly BoardIdentity Identity = new(123456, "Nov 24 2026 13:42:19");

    public MemoryHostLine Host { get; } = new();
    public Board Board { get; }

    public BenchBoard(IFlash flash)
    {
        var clock = new BenchClock();
        Board = new Board(new BoardPlatform(Host, new OkRadio(clock), flash, clock, new HostNetwork(), new HostIpLink()) { Text = AsciiText.Instance }, Identity);
        Board.Start();
    }

    /// <summary>Feeds one command and lets the board handle it; returns the number of bytes it answered (echo included).</summary>
    public int Send(byte[] command)
    {
        Host.Load(command);
        while (Host.Pending > 0) Board.Step(0);
        return Host.Written;
    }
}
