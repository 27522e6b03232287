namespace NfAtip.Radio
{
    /// <summary>
    /// The module scripts the driver runs, assembled once from a <see cref="ModuleProfile"/>: the
    /// common V.250 / 27.007 rows plus the profile's own rows. Built at start-up (allocation once), run
    /// many times.
    /// </summary>
    public static class StartupScripts
    {
        /// <summary>Capture slot of the +CPIN code in the start-up script.</summary>
        public const int SimSlot = 0;

        /// <summary>Capture slot of the AT+CGMM answer (the model) in the start-up script.</summary>
        public const int ModelSlot = 1;

        /// <summary>Row index of AT+CPIN? in the start-up script (the driver tells SIM trouble from other failures by it).</summary>
        public const int SimRow = 5;

        /// <summary>AT+CGMM ends in OK with the model, or in an error on a module without it: either way the start-up goes on.</summary>
        private static readonly ChatMatch[] AnyFinal =
        {
            ChatMatch.Exact("OK"),
            ChatMatch.Exact("ERROR"),
            ChatMatch.Prefix("+CME ERROR:"),
        };

        /// <summary>The probe: "AT" every ProbeIntervalMs, as long as the module may take to boot.</summary>
        public const int ProbeIntervalMs = 1000;

        /// <summary>Timeout of an ordinary configuration command.</summary>
        public const int CommandMs = 2000;

        /// <summary>AT+CPIN? may wait for the SIM to be read after boot.</summary>
        public const int SimMs = 5000;

        /// <summary>
        /// AT (repeated until answered) · ATE0 · ATV1 · AT+CMEE=1 · AT+CGMM (the model, 27.007 §5.2:
        /// the driver takes the module's profile from it) · AT+CPIN? (READY required) · registration
        /// URCs on · caller id on. The echo is off before anything is parsed, verbose results make the
        /// matches textual, numeric +CME errors make aborts precise. The model is asked before the SIM,
        /// so a module is known even while its SIM waits for a PIN.
        /// </summary>
        public static ChatScript Startup(ModuleProfile profile)
        {
            int extra = profile.RegistrationUrcsOn.Length + (profile.CallerIdOn != null ? 1 : 0);
            ChatStep[] rows = new ChatStep[6 + extra];
            int probes = profile.BootMs / ProbeIntervalMs + 2;
            rows[0] = ChatScript.Command("AT", ProbeIntervalMs).Tries(probes);
            rows[1] = ChatScript.Command("ATE0", CommandMs);
            rows[2] = ChatScript.Command("ATV1", CommandMs);
            rows[3] = ChatScript.Command("AT+CMEE=1", CommandMs);
            rows[4] = new ChatStep("AT+CGMM", AnyFinal, CommandMs).Capture("", ModelSlot).AbortOn(new ChatMatch[0]);
            rows[SimRow] = ChatScript.Command("AT+CPIN?", SimMs).Capture("+CPIN:", SimSlot).Requires("READY");
            int n = 6;
            for (int i = 0; i < profile.RegistrationUrcsOn.Length; i++) rows[n++] = ChatScript.Command(profile.RegistrationUrcsOn[i], CommandMs);
            if (profile.CallerIdOn != null) rows[n++] = ChatScript.Command(profile.CallerIdOn, CommandMs);
            return new ChatScript(profile.Name + " start-up", rows);
        }

        /// <summary>The registration read commands; answer of query i lands in capture slot i.</summary>
        public static ChatScript RegistrationQuery(ModuleProfile profile)
        {
            ChatStep[] rows = new ChatStep[profile.RegistrationQueries.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = ChatScript.Command(profile.RegistrationQueries[i], CommandMs).Capture(profile.RegistrationPrefixes[i], i);
            }
            return new ChatScript(profile.Name + " registration", rows);
        }

        /// <summary>PDP context then packet dial, capturing the CONNECT text (speed) in slot 0: args $1 cid, $2 APN.</summary>
        public static ChatScript PacketConnect(ModuleProfile profile)
        {
            ChatStep dial = new ChatStep(profile.PacketDial, new ChatMatch[] { ChatMatch.Prefix("CONNECT") }, profile.DialTimeoutMs)
                .AbortOn(ChatScript.CallAborts);
            dial.CaptureSlot = 0;
            return new ChatScript(profile.Name + " packet dial", new ChatStep[]
            {
                ChatScript.Command(profile.PdpContext, CommandMs),
                dial,
            });
        }
    }
}
