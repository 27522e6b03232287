namespace NfAtip.Parameters
{
    /// <summary>
    /// Value syntax of a parameter, straight from its "Values" paragraph in the spec. The kind decides
    /// validation and display (integers bare, everything else between double quotes).
    /// </summary>
    public enum ParamKind
    {
        /// <summary>Decimal integer, 1–5 digits, within [Min, Max] (or 0 when ZeroAllowed).</summary>
        Integer,
        /// <summary>Printable ASCII (0x20–0x7E) up to MaxLength characters.</summary>
        Text,
        /// <summary>Like Text, and CR/LF are allowed too: BODYn is entered over several lines.</summary>
        Body,
        /// <summary>IPv4 in dotted-decimal notation, each octet 0–255.</summary>
        IpAddress,
        /// <summary>Dotted IPv4, or a host name (letters, digits, '-', '.', '_') up to MaxLength, or empty.</summary>
        Host,
        /// <summary>Phone number: an optional leading '+' and decimal digits, or empty.</summary>
        Phone,
        /// <summary>CALLSCREENNUM: "0" (nobody), "*" (anybody) or a phone number.</summary>
        CallScreen,
        /// <summary>FTPTYPE: one letter, A (ASCII) or I (binary).</summary>
        FtpType
    }
}
