namespace NfAtip.Radio
{
    /// <summary>
    /// Network registration as the module reports it, kept from URCs and read answers alike
    /// (27.007 stat: 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming).
    /// </summary>
    public sealed class Registration
    {
        public const int Unknown = -1;

        public Registration()
        {
            Reset();
        }

        /// <summary>+CREG stat (circuit-switched), or -1 before the first report.</summary>
        public int Gsm { get; private set; }

        /// <summary>+CGREG stat (GPRS).</summary>
        public int Gprs { get; private set; }

        /// <summary>+CEREG stat (LTE), on modules that have it.</summary>
        public int Eps { get; private set; }

        /// <summary>Counts every change of any stat (wraps): a consumer notices a change without an event.</summary>
        public int Changes { get; private set; }

        public static bool IsRegistered(int stat)
        {
            return stat == 1 || stat == 5;
        }

        /// <summary>Registered for calls (GSM data) or, on LTE modules, for packet data.</summary>
        public bool Registered
        {
            get { return IsRegistered(Gsm) || IsRegistered(Eps); }
        }

        /// <summary>Registered for packet data (GPRS or LTE).</summary>
        public bool PacketRegistered
        {
            get { return IsRegistered(Gprs) || IsRegistered(Eps); }
        }

        public void Reset()
        {
            Gsm = Unknown;
            Gprs = Unknown;
            Eps = Unknown;
        }

        /// <summary>
        /// Takes a "+CREG:", "+CGREG:" or "+CEREG:" line, URC or read answer; false for other lines.
        /// The forms: URC "+CREG: 1" or "+CREG: 1,\"1A2B\",\"3C4D\"" (stat first, location quoted);
        /// read "+CREG: 1,5[,...]" (mode first, then stat): a second field that is not quoted means read form.
        /// </summary>
        public bool Take(string line)
        {
            int which;
            int start;
            if (ChatMatch.StartsWith(line, "+CREG:")) { which = 0; start = 6; }
            else if (ChatMatch.StartsWith(line, "+CGREG:")) { which = 1; start = 7; }
            else if (ChatMatch.StartsWith(line, "+CEREG:")) { which = 2; start = 7; }
            else return false;
            int stat = ParseStat(line, start);
            if (stat < 0) return false;
            int old = which == 0 ? Gsm : which == 1 ? Gprs : Eps;
            if (old == stat) return true;
            if (which == 0) Gsm = stat;
            else if (which == 1) Gprs = stat;
            else Eps = stat;
            Changes++;
            return true;
        }

        private static int ParseStat(string line, int i)
        {
            int first = ParseInt(line, ref i);
            if (first < 0) return -1;
            if (i >= line.Length || line[i] != ',') return first; // "+CREG: 1": the URC
            i++;
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"') return first; // URC with location
            int second = ParseInt(line, ref i);
            return second >= 0 ? second : first;
        }

        private static int ParseInt(string s, ref int i)
        {
            while (i < s.Length && s[i] == ' ') i++;
            int value = 0;
            int digits = 0;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9' && digits < 6)
            {
                value = value * 10 + (s[i] - '0');
                i++;
                digits++;
            }
            return digits == 0 ? -1 : value;
        }
    }
}
