namespace NfAtip.Device
{
    /// <summary>
    /// Turns the native PPP session status (NfAtip.Ppp.NativePpp.Status: state in the low byte, lwIP's
    /// PPPERR_* code in the second) into what IIpLink.Poll returns: 0 negotiating, 1 up, or the #CME ERROR
    /// code of the failure. Plain integer logic with no nanoFramework or native dependency, so the host
    /// tests compile this file alone (tests/NfAtip.Ppp.Tests).
    ///
    /// Codes (spec, error table): 37120 / 37121 PPP negotiation failed as client / server, 38980 / 38981
    /// PPP timeout as client / server, 36872 internal resource unavailable (the session could not even
    /// start: UART busy, lwIP out of memory, bad parameters).
    /// </summary>
    public static class PppStatusMap
    {
        // IIpLink.Poll values besides error codes (same numbers as NfAtip.Platform.IpLinkStatus).
        public const int Negotiating = 0;
        public const int Up = 1;

        public const int ResourceUnavailable = 36872;
        public const int ClientFailed = 37120;
        public const int ServerFailed = 37121;
        public const int ClientTimeout = 38980;
        public const int ServerTimeout = 38981;

        // Native session states (low byte of NativePpp.Status).
        public const int StateNone = 0;
        public const int StateNegotiating = 1;
        public const int StateUp = 2;
        public const int StateEnded = 3;

        // lwIP PPPERR_* (src/include/netif/ppp/ppp.h, lwIP 2.x): the link status callback's err_code.
        public const int ErrNone = 0;
        public const int ErrParam = 1;
        public const int ErrOpen = 2;
        public const int ErrDevice = 3;
        public const int ErrAlloc = 4;
        public const int ErrUser = 5;
        public const int ErrConnect = 6;
        public const int ErrAuthFail = 7;
        public const int ErrProtocol = 8;
        public const int ErrPeerDead = 9;
        public const int ErrIdleTimeout = 10;
        public const int ErrConnectTime = 11;
        public const int ErrLoopback = 12;

        /// <summary>Packs a state and an error the way the native side does (for tests and diagnostics).</summary>
        public static int Pack(int state, int pppErr)
        {
            return (state & 0xFF) | ((pppErr & 0xFF) << 8);
        }

        public static int State(int packed)
        {
            return packed & 0xFF;
        }

        public static int PppError(int packed)
        {
            return (packed >> 8) & 0xFF;
        }

        /// <summary>Received chunks lwIP refused other than for memory (third byte, saturating at 255): bytes lost from the line.</summary>
        public static int InputErrors(int packed)
        {
            return (packed >> 16) & 0xFF;
        }

        /// <summary>
        /// The Poll result for <paramref name="packed"/> after <paramref name="elapsedMs"/> of negotiation
        /// with a limit of <paramref name="timeoutMs"/> (0 or less: no limit). Up stays up whatever the time;
        /// a session still negotiating (or not started) past the limit is a timeout.
        /// </summary>
        public static int Map(int packed, bool server, long elapsedMs, int timeoutMs)
        {
            int state = State(packed);
            if (state == StateUp) return Up;
            if (state == StateEnded) return FailureCode(PppError(packed), server);
            if (timeoutMs > 0 && elapsedMs >= timeoutMs) return server ? ServerTimeout : ClientTimeout;
            return Negotiating;
        }

        /// <summary>
        /// The code for a session that ended with lwIP error <paramref name="pppErr"/>. The peer going silent
        /// (LCP echo or configure requests unanswered) and lwIP's own time limits are timeouts; local
        /// set-up failures are resource errors; everything else (authentication refused, options not agreed,
        /// loopback, carrier lost, closed) is a failed negotiation.
        /// </summary>
        public static int FailureCode(int pppErr, bool server)
        {
            switch (pppErr)
            {
                case ErrPeerDead:
                case ErrIdleTimeout:
                case ErrConnectTime:
                    return server ? ServerTimeout : ClientTimeout;
                case ErrParam:
                case ErrOpen:
                case ErrDevice:
                case ErrAlloc:
                    return ResourceUnavailable;
                default:
                    return server ? ServerFailed : ClientFailed;
            }
        }

        /// <summary>True for a Poll result that ends the session (neither negotiating nor up).</summary>
        public static bool IsFailure(int result)
        {
            return result != Negotiating && result != Up;
        }
    }
}
