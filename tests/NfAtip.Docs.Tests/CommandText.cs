namespace NfAtip.Docs.Tests;

/// <summary>A passage of a shipped rig scenario: from its first <c>cmd</c> that starts with <paramref name="From"/>, that many commands.</summary>
public sealed record Example(string Scenario, string From, int Commands = 1);

/// <summary>A command of the reference. <paramref name="Name"/> as typed (AT#VPHY, ATE, AT+IPR).</summary>
public sealed record CommandText(string Name, string Summary, string Details, int[] Errors, Example? Example);

/// <summary>A parameter's description; <paramref name="Values"/> names what each value means, when they mean something.</summary>
public sealed record ParameterText(string Name, string Summary, string? Values = null);

/// <summary>A section of commands in the reference.</summary>
public sealed record CommandSection(string Title, string Intro, CommandText[] Commands);

/// <summary>
/// The words of docs/commands.md that the firmware's tables cannot carry: on the board every string costs
/// flash, so the descriptions live here, on the host, and CommandReferenceTests checks them row for row
/// against the firmware's tables (ParameterTable, the action command table, ResultCode, CmeError).
/// Meanings are from the spec (../shared/seed, chapters 2–7) and docs/spec-decisions.md, in our words.
/// </summary>
public static class ReferenceText
{
    // Codes every service command shares before it talks to a server.
    private static readonly int[] ServiceEntry = { 35867, 37122, 36872 };

    private static int[] With(int[] a, params int[] b) => a.Concat(b).ToArray();

    public static readonly CommandSection[] Sections =
    {
        new("Standard commands",
            "Answered by the board itself (decision S1 in docs/spec-decisions.md). Errors here are a plain `ERROR`, " +
            "as on the Wavecom modem the manual describes; every other command without `#` goes to the cellular module " +
            "and its answer comes back.",
            new CommandText[]
            {
                new("AT", "Checks the line.", "Answers `OK`.", Array.Empty<int>(), new Example("basics.at", "AT")),
                new("ATE", "Echo of what the host types.", "`ATE0` off, `ATE1` (or `ATE`) on. On at power-up; not stored (S4).",
                    Array.Empty<int>(), new Example("line.ate0", "ATE0", 2)),
                new("ATQ", "Quiet mode.", "`ATQ1` suppresses the result codes (`OK`, `ERROR`, `#CME ERROR`), never information lines; " +
                    "`ATQ0` (power-up) shows them (F2).", Array.Empty<int>(), new Example("line.atq1", "ATQ1", 2)),
                new("ATV", "Form of the result codes.", "`ATV1` (power-up) words, `ATV0` numbers: `[CR]0[CR]` for OK. " +
                    "Information lines keep their form (F1). See [Result codes](#result-codes).",
                    Array.Empty<int>(), new Example("line.atv0", "ATV0", 2)),
                new("ATZ", "Back to the power-up line settings.", "Echo on, quiet off, verbose on. Basic commands can be chained " +
                    "(`ATE0V1`); the chain is checked whole first, so a bad one changes nothing.",
                    Array.Empty<int>(), new Example("line.chain-and-atz", "AT", 2)),
                new("ATS0", "Rings before the module answers a call by itself.", "`ATS0=n` (0–255, stored at once), `ATS0?` answers " +
                    "three digits (`002`). Keep it in step with ANSWERMODE and RINGCOUNT.",
                    Array.Empty<int>(), new Example("std.s0", "ATS0", 2)),
                new("AT+IPR", "Speed of the host line.", "`AT+IPR=<rate>` (1200 … 921600 bit/s), stored at once; the `OK` goes out " +
                    "at the old rate, then the line switches (S3). `AT+IPR?`, `AT+IPR=?`.",
                    Array.Empty<int>(), new Example("std.ipr", "AT+IPR", 2)),
                new("AT+IFC", "Flow control on the host line.", "`AT+IFC=0,0` none (the default: a three-wire cable works) or " +
                    "`AT+IFC=2,2` RTS/CTS; stored at once (S2).", Array.Empty<int>(), new Example("std.ifc", "AT+IFC", 3)),
                new("AT+WOPEN", "Starts the TCP/IP stack (compatibility).", "The stack is the firmware and always runs: `AT+WOPEN=1` " +
                    "`OK`, `AT+WOPEN?` `+WOPEN: 1`, `AT+WOPEN=0` `ERROR` (S5).", Array.Empty<int>(), new Example("std.wopen", "AT+WOPEN", 2)),
                new("AT+… and other AT commands", "Relayed to the cellular module.", "`AT+CPIN`, `AT+CREG`, `AT+CSQ`, `ATI` … go to the " +
                    "module unchanged and its answer comes back. While a connection holds the module they answer `ERROR` (L1).",
                    Array.Empty<int>(), new Example("relay.cpin", "AT+CPIN")),
            }),
        new("Displays",
            "Each shows its parameters as `#NAME: value` lines (numbers bare, text between double quotes), then `OK`. " +
            "`AT#NAME=?` answers `OK`; a value (`AT#VPHY=1`) is 34819.",
            new CommandText[]
            {
                Display("VPHY", "the physical layer and incoming calls", "display.vphy"),
                Display("VPPP", "PPP", "display.vppp"),
                Display("VGPRS", "GPRS", "display.vgprs"),
                Display("VDNS", "DNS", "display.vdns"),
                Display("VFTP", "FTP", "display.vftp"),
                Display("VPOP3", "POP3", "display.vpop3"),
                Display("VSMTP", "SMTP", "display.vsmtp"),
                Display("VMAIL1", "mail combination 1 (BODY1 only AT#VALL shows)", "display.vmail1"),
                Display("VMAIL2", "mail combination 2", "display.vmail2"),
                Display("VMAIL3", "mail combination 3", "display.vmail3"),
                Display("VTCP", "TCP sockets", "display.vtcp"),
                Display("VTLS", "TLS (nf-atip's extension)", "display.vtls"),
                new("AT#VALL", "Shows every parameter.", "The version line, then every group as its own display shows it, BODYn " +
                    "included, groups separated by an empty line (D2, D4, D5).", new[] { 34819 }, new Example("display.vall", "AT#VALL")),
                new("AT#VVERSION", "Shows the firmware's name, size and build time.",
                    "`#VERSION: \"nf-atip_Vxx.yy <size> <Mmm dd yyyy hh:mm:ss>\"` of the running image (D7).", new[] { 34819 },
                    new Example("basics.vversion", "AT#VVERSION")),
                new("AT#VSTATE", "Shows what the board is doing.", "`#STATE: \"IDLE\"`, `\"DIALING\"`, `\"AUTHENTICATING\"`, `\"CONNECTED\"` or " +
                    "`\"DISCONNECTING\"`; `#NO SERVICE` while the module has no network. After a start that found a damaged store, " +
                    "a second line `#STORE: \"RECOVERED\"` or `\"LOST\"` (S6).", new[] { 34819 },
                    new Example("link.gprs-start-stop", "AT#VSTATE")),
                new("AT#CACERT", "Stores the CA certificate the TLS services trust (nf-atip's extension).",
                    "`AT#CACERT`, then the PEM text, ended by Ctrl-Z: `OK`. An empty entry removes the certificate, ESC abandons " +
                    "the entry. `AT#CACERT?` answers its size in bytes (0: none).", new[] { 34882, 34824, 34819 },
                    new Example("cacert.entry", "AT#CACERT?")),
            }),
        new("Link",
            "The GSM data call or GPRS session and PPP over it (spec chapter 2; decisions L1–L… in docs/spec-decisions.md). " +
            "A connection's own failures arrive as lines after its command has returned.",
            new CommandText[]
            {
                new("AT#CONNECTIONSTART", "Opens the connection: GPRS (GPRSMODE 1) or a GSM data call to DIALN1/DIALN2.",
                    "GPRS: the PDP context from GPRSCID and APNSERV, the packet dial, PPP with APNUN/APNPW; the board's address, then " +
                    "`OK_Info_GprsActivation`. GSM: `DIALING`, the number, `CONNECT <speed>`, PPP as PPPMODE says with ISPUN/ISPPW, " +
                    "`OK_Info_Ppp`; BUSY, NO ANSWER and NO CARRIER are redialled REDIALCOUNT times, REDIALDELAY seconds apart. " +
                    "The command returns at once; AT#CONNECTIONSTOP stops it at any point. PHYTIMEOUT minutes without data end the " +
                    "connection with 35862.",
                    new[] { 35840, 35862, 35865, 35866, 35868, 36872, 36929, 37120, 37121, 38980, 38981 },
                    new Example("link.gprs-start-stop", "AT#CONNECTIONSTART")),
                new("AT#CONNECTIONSTOP", "Ends the connection or stops a start under way.", "Hangs up (or cancels the dial); `OK`, " +
                    "also when nothing was connected.", new[] { 34819 }, new Example("link.gprs-start-stop", "AT#CONNECTIONSTOP")),
                new("AT#DISPLAYIP", "Shows the link's addresses.", "`MY IP: a.b.c.d` and `Gateway IP: a.b.c.d`, then `OK`; without a link " +
                    "35867.", new[] { 35867, 34819 }, new Example("link.gprs-start-stop", "AT#DISPLAYIP")),
                new("AT#ACCEPT", "Answers the incoming call that is ringing (ANSWERMODE 0).",
                    "The board goes off hook and runs PPP in the role PPPMODE gives an incoming call (server: PPPMYIP, PPPPEERIP, " +
                    "PPPSERVUN, PPPSERVPW). `NO CARRIER` when nothing rings. With ANSWERMODE 1–3 the board decides by itself, " +
                    "after RINGCOUNT rings, screening the caller by CALLSCREENNUM (35869 for a call that is not data, 35870 when " +
                    "the network gives no caller number).",
                    new[] { 35840, 35862, 35869, 35870, 37120, 37121, 38980, 38981 },
                    new Example("world.accept-as-ppp-server", "AT+CLIP", 2)),
            }),
        new("Services",
            "Each needs the link (35867 without it) and runs alone (37122 while AT#LTCPSTART listens). Servers are named by " +
            "address or by name (resolved through DNSSERV1/DNSSERV2 or the servers the link gave: 38027). Every server " +
            "reply has a 3-minute bound (37964) and every transfer a minimum rate (N1).",
            new CommandText[]
            {
                SendMail(1), SendMail(2), SendMail(3),
                new("AT#PUTMAIL", "Sends a mail whose body the host types.",
                    "Headers from SENDERNAME, SENDERADDR, REC1, CCREC1, SUBJ1. After `OK_Info_WaitingForData` the host sends the " +
                    "body (not echoed) and ends it with CR LF . CR LF (echoed); 50 s without a byte cancels (37952).",
                    With(ServiceEntry, 38027, 38016, 38080, 38081, 38028, 38029, 38030, 38031, 37964, 37966, 37952),
                    new Example("smtp.putmail-appendix-a", "AT#PUTMAIL")),
                new("AT#GETMAIL", "Fetches the first mail from the POP3 server and deletes it there.",
                    "POP3SERV, POP3PORT, POP3UN, POP3PW. `OK_Info_NoMail` when there is none; else `OK_Info_Mail`, the message " +
                    "(headers as POP3HEADERMODE says) ended by CR LF . CR LF, `OK`.",
                    With(ServiceEntry, 38027, 38016, 38080, 38081, 38025, 38026, 37964),
                    new Example("pop3.getmail-appendix-a", "AT#POP3SERV", 5)),
                new("AT#FTPGET", "Downloads FTPGETFILENAME from FTPGETPATH to the host.",
                    "FTPSERV, FTPPORT, FTPUN, FTPPW, FTPTYPE; passive mode. `OK_Info_DataBegin`, the file DLE-coded " +
                    "(ETX and DLE in it sent as DLE ETX, DLE DLE), ETX, `OK`. An error after the data began follows an ETX.",
                    With(ServiceEntry, 38027, 38016, 38080, 38081, 38022, 38024, 37964),
                    new Example("ftp.put-get-appendix-a", "AT#FTPGETFILENAME", 2)),
                new("AT#FTPPUT", "Uploads what the host sends as FTPPUTFILENAME in FTPPUTPATH.",
                    "After `OK_Info_WaitingForData` the host sends the file DLE-coded and ends it with a bare ETX; " +
                    "the board echoes the ETX and answers `OK` once the server confirmed. 50 s without a host byte cancels (37952).",
                    With(ServiceEntry, 38027, 38016, 38080, 38081, 38022, 38023, 38024, 37964, 37952),
                    new Example("ftp.put-get-appendix-a", "AT#FTPSERV", 7)),
                new("AT#OTCP", "Opens a TCP connection to TCPSERV:TCPPORT and bridges it to the host line.",
                    "`OK_Info_WaitingForData`, then the bytes pass both ways, coded as DLEMODE says. With DLEMODE 1 the host " +
                    "ends it with ETX (echoed, `OK_Info_SocketClosed`, `OK`); the peer's close gives ETX (DLEMODE 1), " +
                    "`OK_Info_SocketClosed` and `OK`, or an error when data was lost.",
                    With(ServiceEntry, 38027, 38016, 37966, 38017, 37952),
                    new Example("tcp.client-appendix-a", "AT#TCPSERV", 3)),
                new("AT#LTCPSTART", "Listens on TCPPORT for TCPSERV (255.255.255.255: anyone).",
                    "`OK` at once; the allowed peer's connection is bridged as for AT#OTCP (`OK_Info_WaitingForData` …), others are " +
                    "refused. TCPSERV must be dotted decimal (36929). An ETX while listening cancels it (37952).",
                    With(ServiceEntry, 36929, 38016, 37966, 38017, 37952),
                    new Example("tcp.server-appendix-a", "AT#TCPSERV", 3)),
                new("AT#LTCPSTOP", "Stops listening.", "`OK`, also when nothing listened.", new[] { 34819 },
                    new Example("tcp.server-appendix-a", "AT#LTCPSTOP", 2)),
            }),
    };

    private static CommandText Display(string name, string what, string scenario) =>
        new("AT#" + name, "Shows the parameters of " + what + ".", "", new[] { 34819 }, new Example(scenario, "AT#" + name));

    private static CommandText SendMail(int n) =>
        new("AT#SENDMAIL" + n, "Sends mail combination " + n + " (REC" + n + ", CCREC" + n + ", SUBJ" + n + ", BODY" + n + ").",
            "From SENDERNAME and SENDERADDR through SMTPSERV:SMTPPORT, logging in with SMTPUN/SMTPPW when set, greeting " +
            "with DOMAIN. `OK` once the server took the mail.",
            With(ServiceEntry, 38027, 38016, 38080, 38081, 38028, 38029, 38030, 38031, 37964, 37966),
            n switch
            {
                1 => new Example("smtp.sendmail-combinations", "AT#REC1", 5),
                2 => new Example("smtp.sendmail-combinations", "AT#REC2", 4),
                _ => new Example("smtp.sendmail-combinations", "AT#SENDMAIL3", 3),
            });

    /// <summary>Title and spec chapter of each display group, indexed by group (Parameters/DisplayGroup).</summary>
    public static readonly string[] GroupTitles =
    {
        "Physical layer and incoming calls (chapter 2)", "PPP (chapter 2)", "GPRS (chapter 2)", "DNS (chapter 3)",
        "FTP (chapter 4)", "POP3 (chapter 3)", "SMTP (chapter 3)", "Mail combination 1 (chapter 3)",
        "Mail combination 2 (chapter 3)", "Mail combination 3 (chapter 3)", "TCP sockets (chapter 5)",
        "TLS (nf-atip's extension)",
    };

    public static readonly ParameterText[] Parameters =
    {
        new("ANSWERMODE", "What the board does when a call comes in.",
            "0 ignore: the host answers with AT#ACCEPT; 1 answer after RINGCOUNT rings; 2 static call-back: hang up and dial " +
            "DIALN1/DIALN2 after CALLBACKTIMER; 3 dynamic call-back: dial the caller's number (needs caller ID). 1–3 only for " +
            "callers CALLSCREENNUM allows"),
        new("CALLBACKTIMER", "Seconds from the end of the ringing to the call-back (ANSWERMODE 2 and 3)."),
        new("CALLSCREENNUM", "Which callers ANSWERMODE 1–3 serve.", "0 nobody; * anybody, also without caller ID; a number: only that caller"),
        new("DIALN1", "The ISP's primary number, for a GSM data call."),
        new("DIALN2", "The ISP's secondary number."),
        new("DIALSELECT", "Which number a GSM connection dials.", "1 DIALN1; 2 DIALN2"),
        new("GPRSMODE", "What AT#CONNECTIONSTART opens.", "0 a GSM data call; 1 a GPRS session"),
        new("PHYTIMEOUT", "Minutes without data either way after which the board hangs up (35862)."),
        new("REDIALCOUNT", "Retries after a failed GSM dial (BUSY, NO ANSWER, NO CARRIER); 0 none."),
        new("REDIALDELAY", "Seconds between the retries; 0 retries at once."),
        new("RINGCOUNT", "Rings before ANSWERMODE 1–3 act; must be more than 0 for them."),
        new("ISPUN", "User name the board gives the ISP in PPP authentication (GSM data call)."),
        new("ISPPW", "Password the board gives the ISP."),
        new("PPPMODE", "The board's PPP role.",
            "0 modem: no PPP, the call's data passes through; 1 client on outgoing calls, server on incoming; 2 the reverse; " +
            "3 always client; 4 always server"),
        new("PPPMYIP", "The board's own address when it is the PPP server."),
        new("PPPPEERIP", "The address the board gives the caller when it is the PPP server."),
        new("PPPSERVUN", "User name a caller must give when the board is the PPP server."),
        new("PPPSERVPW", "Password a caller must give when the board is the PPP server."),
        new("GPRSCID", "PDP context identifier used for the GPRS session."),
        new("APNPW", "Password of the access point, from the operator."),
        new("APNSERV", "Access point name (APN), from the operator."),
        new("APNUN", "User name of the access point, from the operator."),
        new("DNSSERV1", "Primary DNS server; the link's own servers take its place when the link gives them."),
        new("DNSSERV2", "Secondary DNS server, asked when the primary cannot answer."),
        new("FTPSERV", "FTP server: dotted IPv4 or a name."),
        new("FTPPORT", "FTP server's control port."),
        new("FTPUN", "FTP user name."),
        new("FTPPW", "FTP password."),
        new("FTPTYPE", "FTP transfer type.", "A ASCII (bit 7 cleared on upload); I binary"),
        new("FTPGETFILENAME", "File AT#FTPGET downloads."),
        new("FTPGETPATH", "Directory of that file; empty or . is the login directory."),
        new("FTPPUTFILENAME", "File AT#FTPPUT creates or overwrites."),
        new("FTPPUTPATH", "Directory of that file; empty or . is the login directory."),
        new("POP3HEADERMODE", "Whether AT#GETMAIL passes the mail's header to the host.", "0 body only; 1 header and body"),
        new("POP3PORT", "POP3 server's port."),
        new("POP3PW", "POP3 password."),
        new("POP3SERV", "POP3 server: dotted IPv4 or a name."),
        new("POP3UN", "POP3 user name."),
        new("DOMAIN", "Domain the board names in its SMTP greeting (EHLO) and its Message-IDs."),
        new("SENDERADDR", "Sender's mail address (MAIL FROM and From:)."),
        new("SENDERNAME", "Sender's name in the From: header."),
        new("SMTPPORT", "SMTP server's port."),
        new("SMTPPW", "SMTP password (with SMTPUN)."),
        new("SMTPSERV", "SMTP server: dotted IPv4 or a name."),
        new("SMTPUN", "SMTP user name; empty sends without logging in."),
        new("BODY1", "Body of mail combination 1: `AT#BODY1`, CR, the text (lines allowed), Ctrl-Z; ESC abandons."),
        new("REC1", "Recipient of mail combination 1."),
        new("CCREC1", "Copy recipient of mail combination 1; empty: none."),
        new("SUBJ1", "Subject of mail combination 1."),
        new("BODY2", "Body of mail combination 2 (entered as BODY1)."),
        new("REC2", "Recipient of mail combination 2."),
        new("CCREC2", "Copy recipient of mail combination 2; empty: none."),
        new("SUBJ2", "Subject of mail combination 2."),
        new("BODY3", "Body of mail combination 3 (entered as BODY1)."),
        new("REC3", "Recipient of mail combination 3."),
        new("CCREC3", "Copy recipient of mail combination 3; empty: none."),
        new("SUBJ3", "Subject of mail combination 3."),
        new("DLEMODE", "How the data of AT#OTCP and AT#LTCPSTART sessions is coded on the host line.",
            "0 raw: every byte is data, so only the peer's close (or the link's end) ends the session; 1 DLE coding: ETX and DLE " +
            "in the data travel as DLE ETX and DLE DLE both ways, and a bare ETX ends the session (from the host) or marks its end " +
            "(to the host)"),
        new("TCPPORT", "Port AT#OTCP connects to and AT#LTCPSTART listens on."),
        new("TCPSERV", "Peer of AT#OTCP (address or name), or the only peer AT#LTCPSTART accepts (dotted IPv4; 255.255.255.255: anyone)."),
        new("SMTPTLS", "TLS for SMTP.", "0 none; 1 implicit (SMTPS, port 465); 2 STARTTLS"),
        new("POP3TLS", "TLS for POP3.", "0 none; 1 implicit (POP3S, port 995); 2 STLS"),
        new("FTPTLS", "TLS for FTP (control and data).", "0 none; 1 implicit (port 990); 2 AUTH TLS"),
    };

    /// <summary>Meanings of the result and error codes (chapter 7), in our words.</summary>
    public static readonly Dictionary<int, string> CodeMeanings = new()
    {
        [0] = "the command succeeded",
        [1] = "connected (a GSM data call; CONNECT with a speed below)",
        [2] = "an incoming call rings",
        [3] = "no connection, or it ended",
        [4] = "a standard command failed",
        [6] = "no dial tone",
        [7] = "the number called is busy",
        [8] = "the number called did not answer",
        [1025] = "the data of AT#FTPGET follows",
        [1028] = "the board waits for the host's data",
        [3072] = "no mail on the server",
        [3073] = "a mail follows",
        [3074] = "the socket was closed",
        [3077] = "the GSM connection and PPP are up",
        [3086] = "the GPRS session is up",
        [34817] = "unknown command, or a line that does not start with AT",
        [34819] = "syntax error (a value where none is taken, a broken quote …)",
        [34824] = "the flash write failed; the value is unchanged",
        [34881] = "the line is longer than 256 bytes",
        [34882] = "the value is not one the parameter takes",
        [35840] = "a connection is already running or starting",
        [35862] = "PHYTIMEOUT: no data for that long, the board hung up",
        [35865] = "the module is not registered on the network (or has no SIM, or does not answer)",
        [35866] = "the GPRS session could not be set up (context or packet dial refused)",
        [35867] = "the command needs the link and it is not up",
        [35868] = "PPP over GPRS failed (check APNUN/APNPW)",
        [35869] = "the incoming call is not a data call",
        [35870] = "the network gave no caller number, and screening needs one",
        [36872] = "the board ran out of a resource",
        [36929] = "the parameters do not allow this (no number to dial, TCPSERV not an address for listening …)",
        [37120] = "PPP negotiation failed, board as client",
        [37121] = "PPP negotiation failed, board as server",
        [37122] = "another service is running (AT#LTCPSTART listens)",
        [37952] = "the session was cancelled (the host was silent, or an ETX stopped listening)",
        [37964] = "the server did not answer in time, or sent too slowly",
        [37966] = "the peer closed the connection",
        [38016] = "the connection to the server could not be opened (refused, no greeting, TLS failed)",
        [38017] = "sending data failed",
        [38018] = "closing the session failed",
        [38022] = "the server refused to change to the directory",
        [38023] = "the server refused to store the file",
        [38024] = "the file could not be retrieved, or its transfer broke",
        [38025] = "the mail could not be retrieved",
        [38026] = "the mail's header could not be received",
        [38027] = "the name could not be resolved (no DNS answer, unknown name, empty server)",
        [38028] = "the server refused the sender address",
        [38029] = "the server refused the recipient",
        [38030] = "the server refused the copy recipient",
        [38031] = "the server refused the body",
        [38080] = "the server refused the user name",
        [38081] = "the server refused the password",
        [38980] = "PPP timed out, board as client",
        [38981] = "PPP timed out, board as server",
    };
}
