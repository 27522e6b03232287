namespace NfAtip.Parameters
{
    /// <summary>
    /// THE parameter table: the 60 AT# parameters of chapters 2–5, then nf-atip's extensions, each
    /// defined once. Set, get, the
    /// display commands, AT#VALL and the flash image are all derived from these rows. Rows are in
    /// display order inside each group (the order of the spec's AT#Vxxx examples); see
    /// docs/spec-decisions.md for every place the spec contradicts itself.
    /// Slots are the record ids in flash: append new rows with new slots, never renumber.
    /// </summary>
    public static class ParameterTable
    {
        private const int Text64 = 64;
        private const int Text120 = 120;
        /// <summary>Longest BODYn text ("up to 120 characters").</summary>
        public const int BodyLength = Text120;
        /// <summary>Longest phone number accepted (digits, plus an optional leading '+').</summary>
        public const int PhoneLength = 20;
        /// <summary>
        /// Longest canonical value of any row (the text rows' 120; numbers, addresses and phone numbers are
        /// shorter): what a value is canonicalized into before it is kept (ParameterTests checks every row).
        /// </summary>
        public const int LongestValue = Text120;

        public static readonly ParamDef[] Rows =
        {
            // Chapter 2 — physical layer (AT#VPHY)
            Int("ANSWERMODE", 0, 3, "0", DisplayGroup.Phy, 1),
            Int("CALLBACKTIMER", 2, 255, "2", DisplayGroup.Phy, 2),
            new ParamDef("CALLSCREENNUM", ParamKind.CallScreen, 0, 0, false, PhoneLength, "0", DisplayGroup.Phy, 3),
            new ParamDef("DIALN1", ParamKind.Phone, 0, 0, false, PhoneLength, "", DisplayGroup.Phy, 4),
            new ParamDef("DIALN2", ParamKind.Phone, 0, 0, false, PhoneLength, "", DisplayGroup.Phy, 5),
            Int("DIALSELECT", 1, 2, "1", DisplayGroup.Phy, 6),
            Int("GPRSMODE", 0, 1, "1", DisplayGroup.Phy, 7),
            Int("PHYTIMEOUT", 1, 255, "15", DisplayGroup.Phy, 8),
            Int("REDIALCOUNT", 0, 14, "5", DisplayGroup.Phy, 9),
            new ParamDef("REDIALDELAY", ParamKind.Integer, 5, 14, true, 0, "5", DisplayGroup.Phy, 10),
            Int("RINGCOUNT", 0, 15, "0", DisplayGroup.Phy, 11),

            // Chapter 2 — PPP (AT#VPPP)
            Text("ISPUN", Text64, DisplayGroup.Ppp, 12),
            Text("ISPPW", Text64, DisplayGroup.Ppp, 13),
            Int("PPPMODE", 0, 4, "1", DisplayGroup.Ppp, 14),
            Ip("PPPMYIP", DisplayGroup.Ppp, 15),
            Ip("PPPPEERIP", DisplayGroup.Ppp, 16),
            Text("PPPSERVUN", Text64, DisplayGroup.Ppp, 17),
            Text("PPPSERVPW", Text64, DisplayGroup.Ppp, 18),

            // Chapter 2 — GPRS (AT#VGPRS)
            Int("GPRSCID", 1, 4, "1", DisplayGroup.Gprs, 19),
            Text("APNPW", Text120, DisplayGroup.Gprs, 20),
            Text("APNSERV", Text120, DisplayGroup.Gprs, 21),
            Text("APNUN", Text120, DisplayGroup.Gprs, 22),

            // Chapter 3 — DNS (AT#VDNS)
            Ip("DNSSERV1", DisplayGroup.Dns, 23),
            Ip("DNSSERV2", DisplayGroup.Dns, 24),

            // Chapter 4 — FTP (AT#VFTP)
            Host("FTPSERV", DisplayGroup.Ftp, 25),
            Int("FTPPORT", 0, 65535, "21", DisplayGroup.Ftp, 26),
            Text("FTPUN", Text64, DisplayGroup.Ftp, 27),
            Text("FTPPW", Text64, DisplayGroup.Ftp, 28),
            new ParamDef("FTPTYPE", ParamKind.FtpType, 0, 0, false, 1, "I", DisplayGroup.Ftp, 29),
            Text("FTPGETFILENAME", Text120, DisplayGroup.Ftp, 30),
            Text("FTPGETPATH", Text120, DisplayGroup.Ftp, 31),
            Text("FTPPUTFILENAME", Text120, DisplayGroup.Ftp, 32),
            Text("FTPPUTPATH", Text120, DisplayGroup.Ftp, 33),

            // Chapter 3 — POP3 (AT#VPOP3)
            Int("POP3HEADERMODE", 0, 1, "1", DisplayGroup.Pop3, 34),
            Int("POP3PORT", 0, 65535, "110", DisplayGroup.Pop3, 35),
            Text("POP3PW", Text64, DisplayGroup.Pop3, 36),
            Host("POP3SERV", DisplayGroup.Pop3, 37),
            Text("POP3UN", Text64, DisplayGroup.Pop3, 38),

            // Chapter 3 — SMTP (AT#VSMTP)
            Text("DOMAIN", Text120, DisplayGroup.Smtp, 39),
            Text("SENDERADDR", Text120, DisplayGroup.Smtp, 40),
            Text("SENDERNAME", Text120, DisplayGroup.Smtp, 41),
            Int("SMTPPORT", 0, 65535, "25", DisplayGroup.Smtp, 42),
            Text("SMTPPW", Text64, DisplayGroup.Smtp, 43),
            Host("SMTPSERV", DisplayGroup.Smtp, 44),
            Text("SMTPUN", Text64, DisplayGroup.Smtp, 45),

            // Chapter 3 — the three mail combinations (AT#VMAILn shows REC, CCREC, SUBJ; BODY only in AT#VALL)
            Body("BODY1", DisplayGroup.Mail1, 46),
            Text("REC1", Text120, DisplayGroup.Mail1, 47),
            Text("CCREC1", Text120, DisplayGroup.Mail1, 48),
            Text("SUBJ1", Text120, DisplayGroup.Mail1, 49),
            Body("BODY2", DisplayGroup.Mail2, 50),
            Text("REC2", Text120, DisplayGroup.Mail2, 51),
            Text("CCREC2", Text120, DisplayGroup.Mail2, 52),
            Text("SUBJ2", Text120, DisplayGroup.Mail2, 53),
            Body("BODY3", DisplayGroup.Mail3, 54),
            Text("REC3", Text120, DisplayGroup.Mail3, 55),
            Text("CCREC3", Text120, DisplayGroup.Mail3, 56),
            Text("SUBJ3", Text120, DisplayGroup.Mail3, 57),

            // Chapter 5 — TCP sockets (AT#VTCP)
            Int("DLEMODE", 0, 1, "1", DisplayGroup.Tcp, 58),
            Int("TCPPORT", 0, 65535, "0", DisplayGroup.Tcp, 59),
            Host("TCPSERV", DisplayGroup.Tcp, 60),

            // Extension (docs/spec-decisions.md): TLS per service — 0 off (the spec's plain protocol),
            // 1 implicit (SMTPS 465, POP3S 995, FTPS), 2 explicit (STARTTLS, STLS, AUTH TLS).
            Int("SMTPTLS", 0, 2, "0", DisplayGroup.Tls, 61),
            Int("POP3TLS", 0, 2, "0", DisplayGroup.Tls, 62),
            Int("FTPTLS", 0, 2, "0", DisplayGroup.Tls, 63),
        };

        /// <summary>Rows 0..SpecRows-1 are the spec's 60 parameters; the rest are extensions.</summary>
        public const int SpecRows = 60;

        /// <summary>Index of a row by mnemonic (upper case), or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < Rows.Length; i++)
            {
                if (Rows[i].Name == name) return i;
            }
            return -1;
        }

        private static ParamDef Int(string name, int min, int max, string def, int group, byte slot)
        {
            return new ParamDef(name, ParamKind.Integer, min, max, false, 0, def, group, slot);
        }

        private static ParamDef Text(string name, int maxLength, int group, byte slot)
        {
            return new ParamDef(name, ParamKind.Text, 0, 0, false, maxLength, "", group, slot);
        }

        private static ParamDef Body(string name, int group, byte slot)
        {
            return new ParamDef(name, ParamKind.Body, 0, 0, false, BodyLength, "", group, slot);
        }

        private static ParamDef Ip(string name, int group, byte slot)
        {
            return new ParamDef(name, ParamKind.IpAddress, 0, 0, false, 15, "0.0.0.0", group, slot);
        }

        private static ParamDef Host(string name, int group, byte slot)
        {
            return new ParamDef(name, ParamKind.Host, 0, 0, false, Text120, "", group, slot);
        }
    }
}
