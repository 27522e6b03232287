using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.HostAdapters.Text;

namespace NfAtip.TestSupport;

/// <summary>Host side of the board's serial line, driven synchronously by a test.</summary>
public sealed class HostPipe : ISerialLine
{
    private readonly Queue<byte> _toBoard = new();
    private readonly MemoryStream _fromBoard = new();

    public bool Closed { get; set; }
    public int BaudRate { get; private set; } = -1;
    public bool HardwareFlowControl { get; private set; }
    public int Configurations { get; private set; }
    public int Pending => _toBoard.Count;

    public void Type(byte[] bytes)
    {
        foreach (byte b in bytes) _toBoard.Enqueue(b);
    }

    public byte[] TakeOutput()
    {
        byte[] bytes = _fromBoard.ToArray();
        _fromBoard.SetLength(0);
        return bytes;
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (_toBoard.Count == 0) return Closed ? -1 : 0;
        int n = 0;
        while (n < count && _toBoard.Count > 0) buffer[offset + n++] = _toBoard.Dequeue();
        return n;
    }

    public void Write(byte[] buffer, int offset, int count) => _fromBoard.Write(buffer, offset, count);

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        BaudRate = baudRate;
        HardwareFlowControl = hardwareFlowControl;
        Configurations++;
    }
}

/// <summary>A clock that only moves when the test (or a waiting radio read) moves it.</summary>
public sealed class FakeClock : IClock
{
    public long TickMs { get; set; }
    public DateTime UtcNow => new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc).AddMilliseconds(TickMs);
}

/// <summary>
/// A scripted cellular module: every command line it receives is answered from <see cref="Answers"/>
/// (preset for the driver's start-up: +CPIN: READY, registered; "OK" for anything else), or not at
/// all when <see cref="Silent"/>. A read with nothing to deliver moves the
/// fake clock by its timeout, so the board's timeouts elapse instantly.
/// </summary>
public sealed class ScriptedRadio : ISerialLine
{
    private readonly FakeClock _clock;
    private readonly Queue<byte> _toBoard = new();
    private readonly List<byte> _partial = new();

    public ScriptedRadio(FakeClock clock)
    {
        _clock = clock;
        // What a SIM800 with a SIM, registered at home, answers to the driver's start-up and registration reads.
        Answers["AT+CPIN?"] = "\r\n+CPIN: READY\r\n\r\nOK\r\n";
        Answers["AT+CREG?"] = "\r\n+CREG: 0,1\r\n\r\nOK\r\n";
        Answers["AT+CGREG?"] = "\r\n+CGREG: 0,1\r\n\r\nOK\r\n";
        // The packet call of AT#CONNECTIONSTART in GPRS mode (context 1): PPP follows, on the test's IP link.
        Answers["ATD*99***1#"] = "\r\nCONNECT\r\n";
    }

    public Dictionary<string, string> Answers { get; } = new();
    public List<string> Received { get; } = new();
    public bool Silent { get; set; }

    public void Unsolicited(string text)
    {
        foreach (byte b in Encoding.ASCII.GetBytes(text)) _toBoard.Enqueue(b);
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (_toBoard.Count == 0)
        {
            _clock.TickMs += Math.Max(timeoutMs, 1);
            return 0;
        }
        int n = 0;
        while (n < count && _toBoard.Count > 0) buffer[offset + n++] = _toBoard.Dequeue();
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            if (buffer[i] != 13)
            {
                _partial.Add(buffer[i]);
                continue;
            }
            string line = Encoding.Latin1.GetString(_partial.ToArray());
            _partial.Clear();
            Received.Add(line);
            if (Silent) continue;
            // V.250: a line without the AT prefix (the "+++" of an escape the board sent while no call was up) is ignored.
            if (!line.StartsWith("AT", StringComparison.OrdinalIgnoreCase)) continue;
            string answer = Answers.TryGetValue(line.ToUpperInvariant(), out string? a) ? a : "\r\nOK\r\n";
            Unsolicited(answer);
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl) { }
}

/// <summary>A board on a test bench: RAM flash, fake clock, scripted module, synchronous host line.</summary>
public sealed class TestBoard
{
    public HostPipe Host { get; } = new();
    public FakeClock Clock { get; } = new();
    public ScriptedRadio Radio { get; }
    public RamFlash Flash { get; }
    public HostIpLink IpLink { get; } = new();
    public INetwork Network { get; }
    public Board Board { get; }
    public static readonly BoardIdentity Identity = new(123456, "Nov 24 2026 13:42:19");

    /// <param name="flash">The flash to boot from (a reboot passes the old board's).</param>
    /// <param name="realTime">Run the board on the system clock: services that wait on real sockets need it.</param>
    /// <param name="silence">
    /// A scripted server's silence (a real-time board): the board's reads skip its clock over the waits
    /// once the server has declared it, so a stall test keeps the spec's reply timeout (see <see cref="PeerSilence"/>).
    /// </param>
    public TestBoard(RamFlash? flash = null, bool realTime = false, PeerSilence? silence = null)
    {
        _realTime = realTime || silence != null;
        _silence = silence;
        Radio = new ScriptedRadio(Clock);
        Flash = flash ?? new RamFlash(4096, 8);
        IClock clock;
        if (silence != null)
        {
            var skipping = new SilenceClock();
            _skipping = skipping;
            clock = skipping;
            Network = new SilenceAwareNetwork(silence, skipping);
        }
        else
        {
            clock = realTime ? new SystemClock() : Clock;
            Network = new HostNetwork();
        }
        Board = new Board(new BoardPlatform(Host, Radio, Flash, clock, Network, IpLink) { Text = AsciiText.Instance }, Identity);
        // Hang-ups escape the module with guard times of silence: short on the bench.
        Board.LinkTimings.EscapeGuardMs = 20;
        Board.LinkTimings.EscapeAnswerMs = 20;
        Board.Start();
        Host.TakeOutput();
    }

    /// <summary>A new board over the same flash: a power cycle.</summary>
    public TestBoard Reboot() => new(Flash, _realTime, _silence);

    private readonly bool _realTime;
    private readonly PeerSilence? _silence;
    private readonly SilenceClock? _skipping;

    /// <summary>Board time a declared silence let pass at once (0 without one).</summary>
    public long SkippedMs => _skipping?.SkippedMs ?? 0;

    /// <summary>Types the bytes and returns everything the board answered (latin-1, byte for byte).</summary>
    public string Send(string input) => Encoding.Latin1.GetString(SendBytes(Encoding.Latin1.GetBytes(input)));

    public byte[] SendBytes(byte[] input)
    {
        Host.Type(input);
        while (Host.Pending > 0) Board.Step(0);
        Board.Step(0);
        Settle();
        return Host.TakeOutput();
    }

    /// <summary>
    /// Steps the board while the link has something under way that prints more by itself (a dial, a
    /// redial wait, PPP, a hang-up), so a command's whole answer is collected. Bounded: a board stuck
    /// in a phase fails the caller's assertions instead of hanging the test.
    /// </summary>
    public void Settle(int maxSteps = 5_000_000)
    {
        for (int i = 0; i < maxSteps && Board.Connection.Busy; i++)
        {
            Board.Step(0);
            if (_realTime) Thread.Sleep(1);
            else Clock.TickMs++; // bench time passes (guard times, redial delays) even when nothing reads the radio
        }
    }

    /// <summary>Types the bytes and steps only until they are taken: the link may still be busy (to interrupt it).</summary>
    public string SendNoSettle(string input)
    {
        Host.Type(Encoding.Latin1.GetBytes(input));
        while (Host.Pending > 0) Board.Step(0);
        Board.Step(0);
        return Encoding.Latin1.GetString(Host.TakeOutput());
    }

    /// <summary>Sends a command with echo off and returns the answer only.</summary>
    public string Command(string line) => Send(line + "\r");
}
