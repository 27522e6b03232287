namespace NfAtip.Radio
{
    /// <summary>
    /// What differs between cellular modules, as data: identification, control-line timing, start-up
    /// additions, PDP set-up and dial strings, registration commands and URC spellings. The driver and
    /// the connection manager read these fields; no code branches on the module type. A new module is a
    /// new row in <see cref="ModuleProfiles.All"/>.
    /// Command texts use "$1".."$9" for run-time values (see <see cref="ModuleChannel.Send"/>).
    /// </summary>
    public sealed class ModuleProfile
    {
        /// <summary>Short name ("SIM800").</summary>
        public string Name;

        /// <summary>Any of these found in the AT+CGMM / ATI answer identifies the module.</summary>
        public string[] ModelMarkers;

        /// <summary>PWRKEY low time to switch on, ms (hardware design manual minimum plus margin).</summary>
        public int PowerOnPulseMs;

        /// <summary>PWRKEY low time to switch off, ms.</summary>
        public int PowerOffPulseMs;

        /// <summary>RESET low time, ms (0: the module has no separate reset line).</summary>
        public int ResetPulseMs;

        /// <summary>Time from the power-key pulse until the UART answers AT, ms: the start-up probe covers it.</summary>
        public int BootMs;

        /// <summary>Lines the module sends by itself after boot ("RDY", "Call Ready") and at power-down: URCs, never answers.</summary>
        public ChatMatch[] Urcs;

        /// <summary>Commands that switch registration URCs on (27.007 +CREG/+CGREG, and +CEREG for LTE).</summary>
        public string[] RegistrationUrcsOn;

        /// <summary>Registration read commands and the prefix of their answers, pairwise (same index).</summary>
        public string[] RegistrationQueries;
        public string[] RegistrationPrefixes;

        /// <summary>Defines the PDP context: $1 = cid, $2 = APN.</summary>
        public string PdpContext;

        /// <summary>Sets the context's credentials when the module does it itself, else null (PPP carries them): $1 cid, $2 user, $3 password.</summary>
        public string PdpAuth;

        /// <summary>Starts the packet data call (PPP follows CONNECT): $1 = cid.</summary>
        public string PacketDial;

        /// <summary>Dials a circuit-switched data call: $1 = number; null when the module has no CSD (LTE-only data).</summary>
        public string CsdDial;

        /// <summary>Hangs up (after "+++" guard-time escape when online).</summary>
        public string HangUp;

        /// <summary>Switches on the caller's number with RING (+CLIP), or null when the module has no voice/CSD calls.</summary>
        public string CallerIdOn;

        /// <summary>Seconds a packet or CSD dial may take before the driver gives up.</summary>
        public int DialTimeoutMs;

        /// <summary>
        /// This profile without the start-up rows that change what the host sees of the module: the
        /// registration URCs (+CREG/+CGREG n) and caller id (+CLIP). While the host owns those settings
        /// through pass-through (AT+CREG=1 and its URCs are the host's choice, and AT+CREG? answers with
        /// the host's n), the driver tracks registration by its queries only. The connection manager
        /// and incoming calls (Radio/README steps 4 and 7) need the URCs and revisit this.
        /// </summary>
        public ModuleProfile LeavingPresentationToHost()
        {
            ModuleProfile p = new ModuleProfile();
            p.Name = Name;
            p.ModelMarkers = ModelMarkers;
            p.PowerOnPulseMs = PowerOnPulseMs;
            p.PowerOffPulseMs = PowerOffPulseMs;
            p.ResetPulseMs = ResetPulseMs;
            p.BootMs = BootMs;
            p.Urcs = Urcs;
            p.RegistrationUrcsOn = new string[0];
            p.RegistrationQueries = RegistrationQueries;
            p.RegistrationPrefixes = RegistrationPrefixes;
            p.PdpContext = PdpContext;
            p.PdpAuth = PdpAuth;
            p.PacketDial = PacketDial;
            p.CsdDial = CsdDial;
            p.HangUp = HangUp;
            p.CallerIdOn = null;
            p.DialTimeoutMs = DialTimeoutMs;
            return p;
        }
    }

    /// <summary>
    /// The module table. Facts from the makers' manuals (SIMCom SIM800 Series AT Command Manual and
    /// Hardware Design; SIMCom SIM7080G and SIM7500/SIM7600 Series AT Command Manuals and Hardware
    /// Designs; Quectel BG96 AT Commands Manual V2.x and Hardware Design). The timing values are the
    /// documented minima with margin; a board profile may still override them (hardware/README.md).
    /// The LTE modules register for packet data with +CEREG (27.007 §10.1.22): on LTE-M/NB-IoT +CGREG
    /// stays "not registered", so they read and switch on all three.
    /// </summary>
    public static class ModuleProfiles
    {
        /// <summary>SIMCom SIM800/SIM800C/SIM800L/SIM808 (2G GSM/GPRS, CSD data calls).</summary>
        public static readonly ModuleProfile Sim800 = new ModuleProfile
        {
            Name = "SIM800",
            ModelMarkers = new string[] { "SIM800", "SIM808", "SIM900" },
            PowerOnPulseMs = 1200,    // PWRKEY low >= 1 s
            PowerOffPulseMs = 1600,   // PWRKEY low > 1.5 s and < 33 s (SIM800 Hardware Design)
            ResetPulseMs = 150,       // RESET low >= 105 ms
            BootMs = 4000,            // UART ready about 3 s after power-on
            Urcs = new ChatMatch[]
            {
                ChatMatch.Exact("RDY"),
                ChatMatch.Exact("Call Ready"),
                ChatMatch.Exact("SMS Ready"),
                ChatMatch.Prefix("+CPIN:"),
                ChatMatch.Prefix("+CFUN:"),
                ChatMatch.Exact("NORMAL POWER DOWN"),
                ChatMatch.Prefix("UNDER-VOLTAGE"),
                ChatMatch.Prefix("OVER-VOLTAGE"),
            },
            RegistrationUrcsOn = new string[] { "AT+CREG=1", "AT+CGREG=1" },
            RegistrationQueries = new string[] { "AT+CREG?", "AT+CGREG?" },
            RegistrationPrefixes = new string[] { "+CREG:", "+CGREG:" },
            PdpContext = "AT+CGDCONT=$1,\"IP\",\"$2\"",
            PdpAuth = null,
            PacketDial = "ATD*99***$1#",
            CsdDial = "ATD$1",
            HangUp = "ATH",
            CallerIdOn = "AT+CLIP=1",
            DialTimeoutMs = 60000,
        };

        /// <summary>Quectel BG96 (LTE Cat M1/NB1 with EGPRS fallback; no CSD data calls).</summary>
        public static readonly ModuleProfile Bg96 = new ModuleProfile
        {
            Name = "BG96",
            ModelMarkers = new string[] { "BG96", "BG95" },
            PowerOnPulseMs = 600,     // PWRKEY low >= 500 ms
            PowerOffPulseMs = 800,    // PWRKEY low >= 650 ms
            ResetPulseMs = 300,       // RESET_N low 150 .. 460 ms
            BootMs = 6000,            // "RDY" about 4.8 s after power-on
            Urcs = new ChatMatch[]
            {
                ChatMatch.Exact("RDY"),
                ChatMatch.Exact("APP RDY"),
                ChatMatch.Prefix("+CPIN:"),
                ChatMatch.Prefix("+CFUN:"),
                ChatMatch.Prefix("+QIND:"),
                ChatMatch.Prefix("+QIURC:"),
                ChatMatch.Exact("POWERED DOWN"),
            },
            RegistrationUrcsOn = new string[] { "AT+CREG=1", "AT+CGREG=1", "AT+CEREG=1" },
            RegistrationQueries = new string[] { "AT+CREG?", "AT+CGREG?", "AT+CEREG?" },
            RegistrationPrefixes = new string[] { "+CREG:", "+CGREG:", "+CEREG:" },
            PdpContext = "AT+CGDCONT=$1,\"IP\",\"$2\"",
            PdpAuth = null,
            PacketDial = "ATD*99***$1#",
            CsdDial = null,
            HangUp = "ATH",
            CallerIdOn = "AT+CLIP=1",
            DialTimeoutMs = 150000,   // LTE-M attach and PDP activation can take minutes
        };

        /// <summary>SIMCom SIM7080G (LTE Cat-M1 / NB-IoT only: no 2G fallback, no CSD, no voice calls).</summary>
        public static readonly ModuleProfile Sim7080 = new ModuleProfile
        {
            Name = "SIM7080",
            ModelMarkers = new string[] { "SIM7080", "SIM7070", "SIM7090" },
            PowerOnPulseMs = 1200,    // PWRKEY low >= 1 s
            PowerOffPulseMs = 1500,   // PWRKEY low >= 1.2 s
            ResetPulseMs = 0,         // no RESET pin (a 12.6 s PWRKEY press resets it: the power-key cycle covers it)
            BootMs = 5000,            // UART ready about 2 s after power-on, "RDY" follows
            Urcs = new ChatMatch[]
            {
                ChatMatch.Exact("RDY"),
                ChatMatch.Exact("SMS Ready"),
                ChatMatch.Prefix("+CPIN:"),
                ChatMatch.Prefix("+CFUN:"),
                ChatMatch.Prefix("+APP PDP:"),
                ChatMatch.Exact("NORMAL POWER DOWN"),
            },
            RegistrationUrcsOn = new string[] { "AT+CREG=1", "AT+CGREG=1", "AT+CEREG=1" },
            RegistrationQueries = new string[] { "AT+CREG?", "AT+CGREG?", "AT+CEREG?" },
            RegistrationPrefixes = new string[] { "+CREG:", "+CGREG:", "+CEREG:" },
            PdpContext = "AT+CGDCONT=$1,\"IP\",\"$2\"",
            PdpAuth = null,
            PacketDial = "ATD*99***$1#",
            CsdDial = null,
            HangUp = "ATH",
            CallerIdOn = null,        // no voice or CSD calls: nothing rings
            DialTimeoutMs = 150000,   // LTE-M / NB-IoT attach and PDP activation can take minutes
        };

        /// <summary>SIMCom SIM7600 series (LTE Cat-1/Cat-4 with 3G/2G fallback on the global variants).</summary>
        public static readonly ModuleProfile Sim7600 = new ModuleProfile
        {
            Name = "SIM7600",
            ModelMarkers = new string[] { "SIM7600", "SIM7500" },
            PowerOnPulseMs = 600,     // PWRKEY low >= 500 ms (typical 500 ms)
            PowerOffPulseMs = 3000,   // PWRKEY low >= 2.5 s
            ResetPulseMs = 300,       // RESET low >= 200 ms
            BootMs = 16000,           // UART ready about 12 s after power-on, then "RDY"
            Urcs = new ChatMatch[]
            {
                ChatMatch.Exact("RDY"),
                ChatMatch.Exact("SMS DONE"),
                ChatMatch.Exact("PB DONE"),
                ChatMatch.Prefix("+CPIN:"),
                ChatMatch.Prefix("+CFUN:"),
                ChatMatch.Exact("NORMAL POWER DOWN"),
            },
            RegistrationUrcsOn = new string[] { "AT+CREG=1", "AT+CGREG=1", "AT+CEREG=1" },
            RegistrationQueries = new string[] { "AT+CREG?", "AT+CGREG?", "AT+CEREG?" },
            RegistrationPrefixes = new string[] { "+CREG:", "+CGREG:", "+CEREG:" },
            PdpContext = "AT+CGDCONT=$1,\"IP\",\"$2\"",
            PdpAuth = null,
            PacketDial = "ATD*99***$1#",
            CsdDial = null,           // the packet call only: CSD is not offered on the LTE networks it is bought for
            HangUp = "ATH",
            CallerIdOn = "AT+CLIP=1",
            DialTimeoutMs = 60000,
        };

        /// <summary>Every known module, tried in order by <see cref="Find"/>.</summary>
        public static readonly ModuleProfile[] All = { Sim800, Sim7080, Bg96, Sim7600 };

        /// <summary>The profile named <paramref name="name"/> (a board profile's radio.module, case ignored), or null.</summary>
        public static ModuleProfile Named(string name)
        {
            if (name == null) return null;
            string wanted = name.ToUpper();
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i].Name == wanted) return All[i];
            }
            return null;
        }

        /// <summary>The profile whose marker appears in <paramref name="identity"/> (AT+CGMM or ATI text), or null.</summary>
        public static ModuleProfile Find(string identity)
        {
            if (identity == null) return null;
            for (int i = 0; i < All.Length; i++)
            {
                string[] markers = All[i].ModelMarkers;
                for (int j = 0; j < markers.Length; j++)
                {
                    if (identity.IndexOf(markers[j]) >= 0) return All[i];
                }
            }
            return null;
        }
    }
}
