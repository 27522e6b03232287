namespace NfAtip.ModemSim;

/// <summary>
/// What the simulated module knows, as a small public model a test or a script can set up and change
/// (through <see cref="SimulatedModule.Update"/>, which holds the module's lock and reports changes as URCs).
/// </summary>
public sealed class ModuleState
{
    // ---- SIM ----
    /// <summary>True when the SIM asks for a PIN at power-on (+CPIN: SIM PIN until AT+CPIN=&lt;pin&gt;).</summary>
    public bool PinRequired { get; set; }

    /// <summary>The SIM's PIN.</summary>
    public string Pin { get; set; } = "1234";

    /// <summary>True once the right PIN was entered (or none was required).</summary>
    public bool PinEntered { get; set; }

    /// <summary>False models "SIM not inserted": +CPIN? and SIM-dependent commands answer +CME ERROR: 10.</summary>
    public bool SimInserted { get; set; } = true;

    /// <summary>True when the SIM is blocked and asks for the PUK (+CPIN: SIM PUK, +CME ERROR: 12).</summary>
    public bool PukRequired { get; set; }

    /// <summary>The SIM's PUK (AT+CPIN="&lt;puk&gt;","&lt;new pin&gt;" unblocks it).</summary>
    public string Puk { get; set; } = "12345678";

    /// <summary>Wrong PINs left before the SIM asks for the PUK (3 at power-on, like a real SIM).</summary>
    public int PinAttemptsLeft { get; set; } = 3;

    /// <summary>True when the SIM is usable: inserted, not PUK-blocked, and no PIN required or the PIN was entered.</summary>
    public bool SimReady => SimInserted && !PukRequired && (!PinRequired || PinEntered);

    /// <summary>The +CPIN? code: READY, SIM PIN or SIM PUK (null when no SIM is inserted).</summary>
    public string? CpinCode => !SimInserted ? null : PukRequired ? "SIM PUK" : SimReady ? "READY" : "SIM PIN";

    // ---- network ----
    /// <summary>
    /// GSM registration status the network grants once the SIM is ready (+CREG stat: 0 not registered,
    /// 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming).
    /// </summary>
    public int NetworkStatus { get; set; } = 1;

    /// <summary>The registration the network grants: <see cref="NetworkStatus"/> once the SIM is ready, else 0.</summary>
    public int RadioStatus => SimReady ? NetworkStatus : 0;

    /// <summary>
    /// The module camps on LTE (LTE-M, NB-IoT, Cat-1): its registration is reported by +CEREG, the EPS attach
    /// comes with it (+CGATT reads 1), and +CGREG (GPRS) stays 0 (27.007 §10.1.22). False: a 2G module.
    /// </summary>
    public bool Lte { get; set; }

    /// <summary>The module has a circuit-switched domain (+CREG reports the registration); false on LTE-M/NB-IoT-only modules.</summary>
    public bool CircuitDomain { get; set; } = true;

    /// <summary>The +CREG stat currently reported: the registration on a module with a circuit-switched domain, else 0.</summary>
    public int GsmStatus => CircuitDomain ? RadioStatus : 0;

    /// <summary>True when registered on the network (home or roaming), whichever domain reports it.</summary>
    public bool GsmRegistered => RadioStatus == 1 || RadioStatus == 5;

    /// <summary>GPRS attached (AT+CGATT=1 succeeded); on LTE the attach comes with the registration.</summary>
    public bool GprsAttached { get; set; }

    /// <summary>The +CGREG stat currently reported: the registration while attached on 2G, else 0 (always 0 on LTE).</summary>
    public int GprsStatus => !Lte && GprsAttached && GsmRegistered ? RadioStatus : 0;

    /// <summary>The +CEREG stat currently reported: the registration on an LTE module, else 0.</summary>
    public int EpsStatus => Lte ? RadioStatus : 0;

    /// <summary>Packet data possible: attached on 2G, registered on LTE.</summary>
    public bool PacketAttached => Lte ? GsmRegistered : GprsAttached;

    /// <summary>Location area code and cell id shown with +CREG/+CGREG mode 2.</summary>
    public string Lac { get; set; } = "1A2B";
    public string CellId { get; set; } = "3C4D";

    /// <summary>+CSQ rssi (0–31, 99 unknown) and ber (0–7, 99 unknown).</summary>
    public int Rssi { get; set; } = 20;
    public int Ber { get; set; } = 0;

    /// <summary>Operator name shown by AT+COPS? while registered.</summary>
    public string Operator { get; set; } = "SIMULATED NET";

    // ---- GPRS ----
    /// <summary>The APN the network accepts (case-insensitive); null accepts any APN.</summary>
    public string? ExpectedApn { get; set; }

    /// <summary>When set, AT+CGATT=1 (and the implicit attach of AT+CGACT / ATD*99#) is rejected with this +CME error (e.g. 148, 30).</summary>
    public int? AttachRejectCode { get; set; }

    /// <summary>The +CME error of AT+CGACT=1 when the context's APN is not <see cref="ExpectedApn"/> (27.007: 533 missing or unknown APN).</summary>
    public int ApnRejectCode { get; set; } = 533;

    /// <summary>Final result of a rejected packet dial (ATD*99#): "NO CARRIER" (default) or "ERROR".</summary>
    public string PacketRejectResult { get; set; } = "NO CARRIER";

    /// <summary>Defined PDP contexts (AT+CGDCONT): cid → APN. Change through <see cref="SimulatedModule.Update"/>.</summary>
    public SortedDictionary<int, string> Contexts { get; } = new();

    /// <summary>Activated PDP contexts (AT+CGACT, or a packet call in progress).</summary>
    public SortedSet<int> ActiveContexts { get; } = new();

    // ---- timing and faults ----
    /// <summary>
    /// "Slow module": every command's answer (information lines and final result) becomes readable this many
    /// milliseconds after the command line was received. The echo stays immediate.
    /// </summary>
    public int ResponseDelayMs { get; set; }

    /// <summary>"Silent module": no echo, no answer, no URC and commands are not executed, until cleared.</summary>
    public bool Silent { get; set; }

    /// <summary>Escape guard time in ms (S12 is in 1/50 s, 1 s by default): silence before and after "+++".</summary>
    public int GuardTimeMs { get; set; } = 1000;

    /// <summary>The escape character (S2, '+').</summary>
    public byte EscapeChar { get; set; } = (byte)'+';

    /// <summary>AT&amp;D&lt;n&gt;: what a DTR drop does (0 ignored, 1 to online command mode, 2 hang up). Default 2.</summary>
    public int DtrMode { get; set; } = 2;

    /// <summary>ATS0=&lt;n&gt;: answer an incoming call automatically after n rings (0: never).</summary>
    public int AutoAnswerRings { get; set; }

        /// <summary>AT+CRC=&lt;n&gt;: 1 reports incoming calls as "+CRING: &lt;type&gt;" instead of "RING".</summary>
    public int CrcMode { get; set; }

    /// <summary>
    /// A module as the simulator plays it: its AT+CGMI/CGMM/CGMR/ATI answers and the network it camps on, for each
    /// profile of the board's module table (firmware/NfAtip.Core/Radio/ModuleProfile.cs). Null for an unknown name.
    /// </summary>
    public static ModuleState? Playing(string module) => module.ToUpperInvariant() switch
    {
        "SIM800" => new ModuleState(),
        "SIM7080" => new ModuleState
        {
            Manufacturer = "SIMCOM INCORPORATED", Model = "SIMCOM_SIM7080G", Revision = "Revision:1951B04SIM7080",
            Product = "SIM7080 R1951.04", Lte = true, CircuitDomain = false,
        },
        "BG96" => new ModuleState
        {
            Manufacturer = "Quectel", Model = "BG96", Revision = "BG96MAR02A07M1G",
            Product = "Quectel BG96 Revision: BG96MAR02A07M1G", Lte = true, CircuitDomain = false,
        },
        "SIM7600" => new ModuleState
        {
            Manufacturer = "SIMCOM INCORPORATED", Model = "SIMCOM_SIM7600G-H", Revision = "LE20B04SIM7600G22",
            Product = "SIM7600G-H R2", Lte = true, CircuitDomain = true,
        },
        _ => null,
    };

    /// <summary>The names <see cref="Playing"/> knows.</summary>
    public static readonly string[] Modules = { "SIM800", "SIM7080", "BG96", "SIM7600" };

    // ---- identity ----
    public string Manufacturer { get; set; } = "SIMCOM_Ltd";
    public string Model { get; set; } = "SIMCOM_SIM800";
    public string Revision { get; set; } = "Revision:1418B04SIM800C24";
    public string Imei { get; set; } = "867857030000017";
    /// <summary>ATI answer.</summary>
    public string Product { get; set; } = "SIM800 R14.18";

    // ---- command settings (changed by the board's commands) ----
    public bool Echo { get; set; } = true;
    /// <summary>AT+CREG=&lt;n&gt;: 0 no URC, 1 URC with stat, 2 URC with stat, lac, ci.</summary>
    public int CregMode { get; set; }
    /// <summary>AT+CGREG=&lt;n&gt;, same meaning for GPRS.</summary>
    public int CgregMode { get; set; }
    /// <summary>AT+CEREG=&lt;n&gt;, same meaning for LTE (an LTE module only).</summary>
    public int CeregMode { get; set; }
    /// <summary>AT+CLIP=&lt;n&gt;: calling line identification presentation.</summary>
    public int ClipMode { get; set; }
    /// <summary>AT+CMEE=&lt;n&gt;: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose +CME ERROR.</summary>
    public int CmeeMode { get; set; }

    /// <summary>Baud rate and flow control the board last configured on the line (informational).</summary>
    public int BaudRate { get; set; }
    public bool HardwareFlowControl { get; set; }
}
