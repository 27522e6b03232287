namespace NfAtip.Parameters
{
    /// <summary>
    /// Checks a value typed by the host against its parameter's row and produces the canonical text
    /// that is stored and displayed. Works on the raw line bytes and a caller-owned char buffer so a
    /// rejected value allocates nothing.
    /// </summary>
    public static class ValueRules
    {
        /// <summary>An integer value has 1 to 5 digits ("5 digits (each digit between 0 and 9 inclusive)").</summary>
        public const int MaxIntegerDigits = 5;

        /// <summary>
        /// Validates <paramref name="count"/> bytes at <paramref name="start"/> for <paramref name="def"/>.
        /// On success writes the canonical form to <paramref name="canonical"/> and returns its length;
        /// returns -1 when the value is not acceptable (the caller answers 34882).
        /// </summary>
        public static int Canonicalize(ParamDef def, byte[] src, int start, int count, char[] canonical)
        {
            switch (def.Kind)
            {
                case ParamKind.Integer: return Integer(def, src, start, count, canonical);
                case ParamKind.Text: return Text(src, start, count, def.MaxLength, false, canonical);
                case ParamKind.Body: return Text(src, start, count, def.MaxLength, true, canonical);
                case ParamKind.IpAddress: return Ip(src, start, count, canonical);
                case ParamKind.Host: return Host(src, start, count, def.MaxLength, canonical);
                case ParamKind.Phone: return count == 0 ? 0 : Phone(src, start, count, canonical);
                case ParamKind.CallScreen:
                    if (count == 1 && (src[start] == (byte)'*' || src[start] == (byte)'0'))
                    {
                        canonical[0] = (char)src[start];
                        return 1;
                    }
                    return count == 0 ? -1 : Phone(src, start, count, canonical);
                case ParamKind.FtpType:
                    if (count != 1) return -1;
                    byte c = src[start];
                    if (c == (byte)'a' || c == (byte)'A') { canonical[0] = 'A'; return 1; }
                    if (c == (byte)'i' || c == (byte)'I') { canonical[0] = 'I'; return 1; }
                    return -1;
            }
            return -1;
        }

        /// <summary>Parses 1–5 decimal digits (no sign); -1 when not such a number.</summary>
        public static int ParseDigits(byte[] src, int start, int count)
        {
            return ParseUnsigned(src, start, count, MaxIntegerDigits);
        }

        /// <summary>Parses 1 to <paramref name="maxDigits"/> (at most 9) decimal digits; -1 when not such a number.</summary>
        public static int ParseUnsigned(byte[] src, int start, int count, int maxDigits)
        {
            if (count < 1 || count > maxDigits) return -1;
            int value = 0;
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                int d = src[i] - '0';
                if (d < 0 || d > 9) return -1;
                value = value * 10 + d;
            }
            return value;
        }

        /// <summary>Parses a canonical stored integer (trusted text); -1 when it is not one.</summary>
        public static int ParseStored(string text)
        {
            if (text == null || text.Length < 1 || text.Length > MaxIntegerDigits) return -1;
            int value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int d = text[i] - '0';
                if (d < 0 || d > 9) return -1;
                value = value * 10 + d;
            }
            return value;
        }

        /// <summary>Writes a non-negative integer in decimal; returns the number of chars written.</summary>
        public static int FormatInt(int value, char[] dst, int at)
        {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10) digits++;
            for (int i = digits - 1; i >= 0; i--)
            {
                dst[at + i] = (char)('0' + value % 10);
                value /= 10;
            }
            return digits;
        }

        /// <summary>1–5 digits in the row's range; canonical text: the digits without leading zeros (parsed and copied in one loop).</summary>
        private static int Integer(ParamDef def, byte[] src, int start, int count, char[] canonical)
        {
            if (count < 1 || count > MaxIntegerDigits) return -1;
            int value = 0;
            int n = 0;
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                int d = src[i] - '0';
                if (d < 0 || d > 9) return -1;
                value = value * 10 + d;
                if (value != 0) canonical[n++] = (char)src[i]; // a zero before the first other digit is dropped
            }
            if (n == 0) canonical[n++] = '0';
            bool ok = (value >= def.Min && value <= def.Max) || (value == 0 && def.ZeroAllowed);
            return ok ? n : -1;
        }

        private static int Text(byte[] src, int start, int count, int maxLength, bool multiLine, char[] canonical)
        {
            if (count > maxLength) return -1;
            for (int i = 0; i < count; i++)
            {
                byte c = src[start + i];
                bool printable = c >= 0x20 && c <= 0x7E;
                bool lineBreak = multiLine && (c == 13 || c == 10);
                if (!printable && !lineBreak) return -1;
                canonical[i] = (char)c;
            }
            return count;
        }

        /// <summary>Dotted-decimal IPv4: four groups of 1–3 digits, each at most 255. Canonical form drops leading zeros.</summary>
        private static int Ip(byte[] src, int start, int count, char[] canonical)
        {
            int octets = 0;
            int digits = 0;
            int value = 0;
            int written = 0;
            for (int i = start; i <= start + count; i++)
            {
                bool end = i == start + count;
                byte c = end ? (byte)'.' : src[i];
                if (c == (byte)'.')
                {
                    if (digits == 0 || value > 255 || octets == 4) return -1;
                    if (octets > 0) canonical[written++] = '.';
                    written += FormatInt(value, canonical, written);
                    octets++;
                    digits = 0;
                    value = 0;
                }
                else if (c >= (byte)'0' && c <= (byte)'9' && digits < 3)
                {
                    value = value * 10 + (c - '0');
                    digits++;
                }
                else
                {
                    return -1;
                }
            }
            return octets == 4 ? written : -1;
        }

        /// <summary>
        /// A server address: dotted IPv4 (validated as such when it is all digits and dots), otherwise a
        /// DNS name of letters, digits, '-', '_' and non-empty dot-separated labels. Empty clears it.
        /// </summary>
        private static int Host(byte[] src, int start, int count, int maxLength, char[] canonical)
        {
            if (count == 0) return 0;
            if (count > maxLength) return -1;
            bool numeric = true;
            for (int i = start; i < start + count; i++)
            {
                byte c = src[i];
                if (c != (byte)'.' && (c < (byte)'0' || c > (byte)'9')) { numeric = false; break; }
            }
            if (numeric) return Ip(src, start, count, canonical);

            byte previous = (byte)'.';
            for (int i = 0; i < count; i++)
            {
                byte c = src[start + i];
                bool letterOrDigit = (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z') || (c >= (byte)'0' && c <= (byte)'9');
                if (c == (byte)'.')
                {
                    if (previous == (byte)'.') return -1; // empty label
                }
                else if (!letterOrDigit && c != (byte)'-' && c != (byte)'_')
                {
                    return -1;
                }
                canonical[i] = (char)c;
                previous = c;
            }
            return count;
        }

        /// <summary>Decimal phone number: optional leading '+', then 1 to PhoneLength digits.</summary>
        private static int Phone(byte[] src, int start, int count, char[] canonical)
        {
            int i = 0;
            if (src[start] == (byte)'+')
            {
                canonical[0] = '+';
                i = 1;
            }
            int digits = count - i;
            if (digits < 1 || digits > ParameterTable.PhoneLength) return -1;
            for (; i < count; i++)
            {
                byte c = src[start + i];
                if (c < (byte)'0' || c > (byte)'9') return -1;
                canonical[i] = (char)c;
            }
            return count;
        }
    }
}
