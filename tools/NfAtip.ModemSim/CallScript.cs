namespace NfAtip.ModemSim;

/// <summary>How a dial (or an answer) ends.</summary>
public enum CallOutcome { Connect, Busy, NoAnswer, NoCarrier, NoDialtone, Error }

/// <summary>Where the module is in a call.</summary>
public enum CallMode
{
    /// <summary>Command mode, no call (an incoming call may be ringing: see <see cref="SimulatedModule.Ringing"/>).</summary>
    Command,
    /// <summary>ATD (or ATA) in progress: the final result comes after the scripted delay; any character aborts.</summary>
    Connecting,
    /// <summary>Connected, online data mode: bytes pass through to the remote.</summary>
    Data,
    /// <summary>Connected, escaped with "+++" (or DTR with AT&amp;D1): commands are accepted, ATO returns to data mode.</summary>
    OnlineCommand,
}

/// <summary>
/// The scripted outcome of an outgoing data call (ATD&lt;number&gt;), a packet call (ATD*99#) or an answered
/// incoming call: the result after <see cref="DelayMs"/>, the CONNECT speed and the remote the call reaches.
/// </summary>
public sealed class CallScript
{
    public CallOutcome Outcome { get; init; } = CallOutcome.Connect;

    /// <summary>Milliseconds between the command and its result ("dialling time").</summary>
    public int DelayMs { get; init; }

    /// <summary>Speed shown as "CONNECT &lt;speed&gt;"; 0 shows a bare "CONNECT" (SIM800 packet calls).</summary>
    public int Speed { get; init; } = 9600;

    /// <summary>Makes the remote for each connected call; null connects to a <see cref="NullRemote"/>.</summary>
    public Func<IDataRemote>? Remote { get; init; }

    /// <summary>The final result text for <see cref="Outcome"/>.</summary>
    public string ResultText => Outcome switch
    {
        CallOutcome.Connect => Speed > 0 ? "CONNECT " + Speed : "CONNECT",
        CallOutcome.Busy => "BUSY",
        CallOutcome.NoAnswer => "NO ANSWER",
        CallOutcome.NoCarrier => "NO CARRIER",
        CallOutcome.NoDialtone => "NO DIALTONE",
        _ => "ERROR",
    };

    public static CallScript Connect(int speed = 9600, Func<IDataRemote>? remote = null, int delayMs = 0) =>
        new() { Outcome = CallOutcome.Connect, Speed = speed, Remote = remote, DelayMs = delayMs };

    /// <summary>Connects and bridges the call to a TCP address (a new connection per call).</summary>
    public static CallScript ToTcp(string host, int port, int speed = 9600, int delayMs = 0) =>
        Connect(speed, () => new TcpRemote(host, port), delayMs);

    public static CallScript Busy(int delayMs = 0) => Fail(CallOutcome.Busy, delayMs);
    public static CallScript NoAnswer(int delayMs = 0) => Fail(CallOutcome.NoAnswer, delayMs);
    public static CallScript NoCarrier(int delayMs = 0) => Fail(CallOutcome.NoCarrier, delayMs);
    public static CallScript NoDialtone(int delayMs = 0) => Fail(CallOutcome.NoDialtone, delayMs);
    public static CallScript Error(int delayMs = 0) => Fail(CallOutcome.Error, delayMs);

    private static CallScript Fail(CallOutcome outcome, int delayMs) => new() { Outcome = outcome, DelayMs = delayMs };
}

/// <summary>An incoming call to ring the board with (<see cref="SimulatedModule.Ring"/>).</summary>
public sealed class IncomingCallScript
{
    /// <summary>The caller's number shown by +CLIP (when AT+CLIP=1); null: the network gives no CLI, no +CLIP line.</summary>
    public string? Number { get; init; }

    /// <summary>True: the caller withholds the number: +CLIP: "",128.</summary>
    public bool Withheld { get; init; }

    /// <summary>Type of address in +CLIP: 145 for international ("+..."), else 129, unless set.</summary>
    public int? NumberType { get; init; }

    /// <summary>The +CRING type shown with AT+CRC=1.</summary>
    public string CallType { get; init; } = "ASYNC";

    /// <summary>Milliseconds between rings (the first ring comes at once).</summary>
    public int RingIntervalMs { get; init; } = 3000;

    /// <summary>The caller hangs up after this many unanswered rings; 0 rings until answered or rejected.</summary>
    public int Rings { get; init; }

    /// <summary>What the board reads when the caller gives up (SIM800: NO CARRIER); null for nothing.</summary>
    public string? ReleaseResult { get; init; } = "NO CARRIER";

    /// <summary>What ATA gets: the delay, CONNECT speed and the remote (the caller's side of the data call).</summary>
    public CallScript Answer { get; init; } = CallScript.Connect();

    internal int TypeOfAddress => NumberType ?? (Withheld ? 128 : Number != null && Number.StartsWith('+') ? 145 : 129);
}
