namespace NfAtip.Net
{
    /// <summary>IPv4 addresses as the core keeps them: a uint with the first octet in the top byte.</summary>
    public static class Ipv4
    {
        public const uint Any = 0;
        public const uint Broadcast = 0xFFFFFFFF;
        public const uint Loopback = 0x7F000001;

        /// <summary>
        /// Parses canonical dotted decimal (as the parameter table stores it). Returns false for
        /// anything else, e.g. a host name.
        /// </summary>
        public static bool TryParse(string text, out uint address)
        {
            address = 0;
            int octets = 0;
            int value = 0;
            int digits = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i == text.Length ? '.' : text[i];
                if (c == '.')
                {
                    if (digits == 0 || value > 255 || octets == 4) return false;
                    address = (address << 8) | (uint)value;
                    octets++;
                    value = 0;
                    digits = 0;
                }
                else if (c >= '0' && c <= '9' && digits < 3)
                {
                    value = value * 10 + (c - '0');
                    digits++;
                }
                else
                {
                    return false;
                }
            }
            return octets == 4;
        }

        /// <summary>Writes dotted decimal; returns the number of chars (7–15).</summary>
        /// <summary>
        /// The pair a PPP server may hand out (spec decision L19): both set (not 0.0.0.0), not the same, and on
        /// one classful network, the manual's "same IP network" with no mask given (class A: first octet,
        /// B: two, C: three); multicast and reserved addresses (first octet 224 and above) and 127/8 never.
        /// </summary>
        public static bool ServerPair(uint server, uint peer)
        {
            if (server == 0 || peer == 0 || server == peer) return false;
            uint first = server >> 24;
            if (first >= 224 || first == 127 || (peer >> 24) >= 224 || (peer >> 24) == 127) return false;
            uint mask = first < 128 ? 0xFF000000u : first < 192 ? 0xFFFF0000u : 0xFFFFFF00u;
            return (server & mask) == (peer & mask);
        }

        public static int Format(uint address, char[] destination, int at)
        {
            int start = at;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                if (shift != 24) destination[at++] = '.';
                at += Parameters.ValueRules.FormatInt((int)((address >> shift) & 0xFF), destination, at);
            }
            return at - start;
        }
    }
}
