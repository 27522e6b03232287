using System.Diagnostics;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Clock;

/// <summary>The PC's clocks: a monotonic Stopwatch tick and the system's UTC time.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long TickMs => _watch.ElapsedMilliseconds;

    public DateTime UtcNow => DateTime.UtcNow;
}
