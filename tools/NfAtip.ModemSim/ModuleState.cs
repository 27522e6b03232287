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

    /// <summary>True when the SIM is usable: no PIN required, or the PIN was entered.</summary>
    public bool SimReady => !PinRequired || PinEntered;

    // ---- network ----
    /// <summary>
    /// GSM registration status the network grants once the SIM is ready (+CREG stat: 0 not registered,
    /// 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming).
    /// </summary>
    public int NetworkStatus { get; set; } = 1;

    /// <summary>The +CREG stat currently reported: <see cref="NetworkStatus"/> once the SIM is ready, else 0.</summary>
    public int GsmStatus => SimReady ? NetworkStatus : 0;

    /// <summary>True when registered (home or roaming).</summary>
    public bool GsmRegistered => GsmStatus == 1 || GsmStatus == 5;

    /// <summary>GPRS attached (AT+CGATT=1 succeeded).</summary>
    public bool GprsAttached { get; set; }

    /// <summary>The +CGREG stat currently reported: the GSM status while attached, else 0.</summary>
    public int GprsStatus => GprsAttached && GsmRegistered ? GsmStatus : 0;

    /// <summary>Location area code and cell id shown with +CREG/+CGREG mode 2.</summary>
    public string Lac { get; set; } = "1A2B";
    public string CellId { get; set; } = "3C4D";

    /// <summary>+CSQ rssi (0–31, 99 unknown) and ber (0–7, 99 unknown).</summary>
    public int Rssi { get; set; } = 20;
    public int Ber { get; set; } = 0;

    /// <summary>Operator name shown by AT+COPS? while registered.</summary>
    public string Operator { get; set; } = "SIMULATED NET";

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
    /// <summary>AT+CLIP=&lt;n&gt;: calling line identification presentation.</summary>
    public int ClipMode { get; set; }
    /// <summary>AT+CMEE=&lt;n&gt;: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose +CME ERROR.</summary>
    public int CmeeMode { get; set; }

    /// <summary>Baud rate and flow control the board last configured on the line (informational).</summary>
    public int BaudRate { get; set; }
    public bool HardwareFlowControl { get; set; }
}
