namespace NfAtip.Link
{
    /// <summary>
    /// Where the GSM/GPRS link stands, as AT#VSTATE reports it (chapter 6). Issue C's connection
    /// manager drives it; until then the board stays IDLE.
    /// </summary>
    public sealed class LinkState
    {
        public const int Idle = 0;
        public const int Dialing = 1;
        public const int Authenticating = 2;
        public const int Connected = 3;
        public const int Disconnecting = 4;

        private static readonly string[] Names = { "IDLE", "DIALING", "AUTHENTICATING", "CONNECTED", "DISCONNECTING" };

        /// <summary>One of the constants above.</summary>
        public int State = Idle;

        /// <summary>True when the module has no radio coverage ("#NO SERVICE").</summary>
        public bool NoService;

        /// <summary>The AT#VSTATE word, or null for "#NO SERVICE".</summary>
        public string StateName
        {
            get { return NoService ? null : Names[State]; }
        }
    }
}
