namespace NfAtip.Link
{
    /// <summary>
    /// The connection manager's waits, with the values a real module and network need. One object on
    /// the board (<see cref="Board.LinkTimings"/>), so tests shorten a one-second escape guard or a
    /// five-second redial delay without another code path. The spec's own timers (REDIALDELAY,
    /// CALLBACKTIMER in seconds, PHYTIMEOUT in minutes) are read from the parameters and scaled by
    /// <see cref="SecondMs"/> / <see cref="MinuteMs"/>.
    /// </summary>
    public sealed class LinkTimings
    {
        /// <summary>How long PPP (LCP, authentication, IPCP) may take before the timeout code (38980/38981).</summary>
        public int NegotiationTimeoutMs = 60000;

        /// <summary>
        /// Silence before and after "+++" when the board escapes the module from a data call to hang up
        /// (V.250 S12 is 1 s by default; a little more so the module is sure to see it).
        /// </summary>
        public int EscapeGuardMs = 1100;

        /// <summary>After the trailing guard, how long the module may take to say OK to the escape.</summary>
        public int EscapeAnswerMs = 500;

        /// <summary>ATH may take a while on a live call (the network releases it).</summary>
        public int HangUpMs = 20000;

        /// <summary>An answer (ATA) until CONNECT: the modems train, like a dial.</summary>
        public int AnswerMs = 60000;

        /// <summary>
        /// No RING for this long means the caller gave up (GSM rings every 5 s or so; modules do not all
        /// say NO CARRIER for an unanswered call). The end of the ringing starts CALLBACKTIMER.
        /// </summary>
        public int RingGapMs = 8000;

        /// <summary>After the ring that decides, how long +CLIP may take to follow it before deciding without a number.</summary>
        public int ClipWaitMs = 1000;

        /// <summary>Length of the spec's second (REDIALDELAY, CALLBACKTIMER).</summary>
        public int SecondMs = 1000;

        /// <summary>Length of the spec's minute (PHYTIMEOUT).</summary>
        public int MinuteMs = 60000;
    }
}
