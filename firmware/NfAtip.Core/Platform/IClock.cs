using System;

namespace NfAtip.Platform
{
    /// <summary>Time as the firmware sees it: a monotonic tick for timeouts and the wall clock for mail headers.</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary start; never goes backwards.</summary>
        long TickMs { get; }

        /// <summary>Current UTC date and time (the board's RTC or network time).</summary>
        DateTime UtcNow { get; }
    }
}
