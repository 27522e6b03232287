namespace NfAtip.Parameters
{
    /// <summary>
    /// The display commands (AT#VPHY …) and the order AT#VALL walks them in, as in the spec's AT#VALL
    /// listing: physical, PPP, GPRS, DNS, FTP, POP3, SMTP, the three mail combinations, TCP.
    /// </summary>
    public static class DisplayGroup
    {
        public const int Phy = 0;
        public const int Ppp = 1;
        public const int Gprs = 2;
        public const int Dns = 3;
        public const int Ftp = 4;
        public const int Pop3 = 5;
        public const int Smtp = 6;
        public const int Mail1 = 7;
        public const int Mail2 = 8;
        public const int Mail3 = 9;
        public const int Tcp = 10;
        /// <summary>nf-atip's extension (not in the spec): TLS for SMTP, POP3 and FTP. Listed last by AT#VALL.</summary>
        public const int Tls = 11;
        public const int Count = 12;

        /// <summary>The command (after AT#) that shows each group, indexed by group.</summary>
        public static readonly string[] Commands =
        {
            "VPHY", "VPPP", "VGPRS", "VDNS", "VFTP", "VPOP3", "VSMTP", "VMAIL1", "VMAIL2", "VMAIL3", "VTCP", "VTLS"
        };
    }
}
