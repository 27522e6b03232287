using System;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// IClock from DateTime.UtcNow, the only time source in nanoFramework's mscorlib (no Environment,
    /// no Stopwatch there). The tick only adds forward steps shorter than a minute, so a wall-clock
    /// correction (SNTP, RTC set) neither rewinds nor jumps the timeouts.
    /// </summary>
    public sealed class BoardClock : IClock
    {
        private const long MaxStepTicks = TimeSpan.TicksPerMinute;
        private long _lastTicks = DateTime.UtcNow.Ticks;
        private long _elapsedTicks;

        public long TickMs
        {
            get
            {
                lock (this)
                {
                    long now = DateTime.UtcNow.Ticks;
                    long step = now - _lastTicks;
                    if (step > 0 && step < MaxStepTicks) _elapsedTicks += step;
                    _lastTicks = now;
                    return _elapsedTicks / TimeSpan.TicksPerMillisecond;
                }
            }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }
    }
}
