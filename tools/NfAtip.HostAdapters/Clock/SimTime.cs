using NfAtip.Platform;

namespace NfAtip.HostAdapters.Clock;

/// <summary>
/// Time for the simulated world (the module simulator, its PPP outcome link, a bench): the real clock, or a
/// <see cref="VirtualTime"/> that moves only when told, so a scenario runs as fast as the CPU allows and the
/// same way on every machine.
/// </summary>
public abstract class SimTime
{
    /// <summary>The PC's monotonic clock, real timers and real waits.</summary>
    public static readonly SimTime Real = new RealTime();

    /// <summary>Milliseconds on this time's scale.</summary>
    public abstract long NowMs { get; }

    /// <summary>Runs <paramref name="action"/> once <paramref name="delayMs"/> have passed (the action takes its own locks).</summary>
    public abstract void After(int delayMs, Action action);

    /// <summary>
    /// The caller holds <paramref name="gate"/>'s monitor and has nothing to do until it is pulsed or
    /// <paramref name="timeoutMs"/> pass. Real time waits on the monitor; virtual time lets time pass instead
    /// (up to the next timer that is due, which may be what the caller waits for).
    /// </summary>
    public abstract void Wait(object gate, int timeoutMs);

    private sealed class RealTime : SimTime
    {
        private readonly HashSet<Timer> _pending = new();

        public override long NowMs => Environment.TickCount64;

        public override void After(int delayMs, Action action)
        {
            Timer? timer = null;
            timer = new Timer(_ =>
            {
                lock (_pending) _pending.Remove(timer!);
                timer!.Dispose();
                action();
            });
            lock (_pending) _pending.Add(timer); // referenced until it fires
            timer.Change(Math.Max(0, delayMs), Timeout.Infinite);
        }

        public override void Wait(object gate, int timeoutMs) => Monitor.Wait(gate, timeoutMs);
    }
}

/// <summary>
/// A clock that moves only by <see cref="Advance"/> (and by waits of the simulated parties, which let time pass
/// to their deadline or the next timer): the board's <see cref="IClock"/> and the simulator's time at once, so
/// board, module and network share one time line. Timers run on the thread that advances, in due order (ties in
/// the order they were set). Use it from one thread: the bench's.
/// </summary>
public sealed class VirtualTime : SimTime, IClock
{
    private static readonly DateTime Epoch = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private readonly PriorityQueue<Action, (long Due, long Order)> _timers = new();
    private long _now;
    private long _order;

    public override long NowMs => Interlocked.Read(ref _now);

    public long TickMs => NowMs;

    public DateTime UtcNow => Epoch.AddMilliseconds(NowMs);

    /// <summary>Timers not yet run.</summary>
    public int Pending { get { lock (_timers) return _timers.Count; } }

    public override void After(int delayMs, Action action)
    {
        lock (_timers) _timers.Enqueue(action, (NowMs + Math.Max(0, delayMs), _order++));
    }

    /// <summary>Moves time on by <paramref name="ms"/>, running every timer that falls due on the way at its time.</summary>
    public void Advance(long ms)
    {
        long end = NowMs + Math.Max(0, ms);
        while (RunNext(end)) { }
        Interlocked.Exchange(ref _now, Math.Max(NowMs, end));
    }

    public override void Wait(object gate, int timeoutMs)
    {
        if (timeoutMs < 0)
        {
            // Nothing bounds the wait: only a timer can end it.
            if (!RunNext(long.MaxValue)) throw new InvalidOperationException("virtual time: an unbounded wait with no timer set");
            return;
        }
        long end = NowMs + timeoutMs;
        if (!RunNext(end)) Interlocked.Exchange(ref _now, end);
    }

    /// <summary>Runs one timer that is due now, if there is one (time does not move); true when one ran.</summary>
    public bool RunDue() => RunNext(NowMs);

    /// <summary>Runs the earliest timer due by <paramref name="end"/> (time jumps to its due time); false when there is none.</summary>
    private bool RunNext(long end)
    {
        Action action;
        lock (_timers)
        {
            if (!_timers.TryPeek(out _, out var key) || key.Due > end) return false;
            action = _timers.Dequeue();
            if (key.Due > NowMs) Interlocked.Exchange(ref _now, key.Due);
        }
        action();
        return true;
    }
}
