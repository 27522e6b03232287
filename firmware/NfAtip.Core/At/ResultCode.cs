namespace NfAtip.At
{
    /// <summary>
    /// Result codes of chapter 7: the numeric form is what ATV0 prints, the verbose form what ATV1
    /// prints. Error codes are printed as "#CME ERROR: n" in both modes.
    /// </summary>
    public static class ResultCode
    {
        // Standard AT messages
        public const int Ok = 0;
        public const int Connect = 1;
        public const int Ring = 2;
        public const int NoCarrier = 3;
        public const int Error = 4;
        public const int NoDialtone = 6;
        public const int Busy = 7;
        public const int NoAnswer = 8;

        // Information messages (verbose text as in chapter 7's table)
        public const int InfoDataBegin = 1025;
        public const int InfoWaitingForData = 1028;
        public const int InfoNoMail = 3072;
        public const int InfoMail = 3073;
        public const int InfoSocketClosed = 3074;
        public const int InfoPpp = 3077;
        public const int InfoGprsActivation = 3086;

        /// <summary>Verbose text of a standard or information result code; null for an unknown one.</summary>
        public static string Verbose(int code)
        {
            switch (code)
            {
                case Ok: return "OK";
                case Connect: return "CONNECT";
                case Ring: return "RING";
                case NoCarrier: return "NO CARRIER";
                case Error: return "ERROR";
                case NoDialtone: return "NO DIALTONE";
                case Busy: return "BUSY";
                case NoAnswer: return "NO ANSWER";
                case InfoDataBegin: return "OK_Info_DataBegin";
                case InfoWaitingForData: return "OK_Info_WaitingForData";
                case InfoNoMail: return "OK_Info_NoMail";
                case InfoMail: return "OK_Info_Mail";
                case InfoSocketClosed: return "OK_Info_SocketClosed";
                case InfoPpp: return "OK_Info_Ppp";
                case InfoGprsActivation: return "OK_Info_GprsActivation";
            }
            return null;
        }

        /// <summary>
        /// The numeric code of "CONNECT &lt;speed&gt;" (chapter 7: 10 CONNECT 300 … 16 CONNECT 14400), or 1
        /// (CONNECT) for a speed the table does not list or none.
        /// </summary>
        public static int ConnectCode(string speed)
        {
            switch (speed)
            {
                case "300": return 10;
                case "1200": return 11;
                case "1200/75": return 12;
                case "2400": return 13;
                case "4800": return 14;
                case "9600": return 15;
                case "14400": return 16;
            }
            return Connect;
        }

        /// <summary>
        /// Numeric form of a verbose final result line from the radio (for ATV0), or -1 when the line
        /// is not a final result code.
        /// </summary>
        public static int FromVerbose(string line)
        {
            if (line == "OK") return Ok;
            if (line == "ERROR") return Error;
            if (line == "NO CARRIER") return NoCarrier;
            if (line == "BUSY") return Busy;
            if (line == "NO ANSWER") return NoAnswer;
            if (line == "NO DIALTONE") return NoDialtone;
            if (line.Length >= 7 && line.Substring(0, 7) == "CONNECT") return Connect;
            return -1;
        }
    }

    /// <summary>The "#CME ERROR: n" codes of chapter 7 that nf-atip produces.</summary>
    public static class CmeError
    {
        public const int UnknownCommand = 34817;
        public const int SyntaxError = 34819;
        public const int StoreWriteFailed = 34824;
        public const int LineTooLong = 34881;
        public const int BadValue = 34882;
        public const int AlreadyRunning = 35840;
        public const int PhyInactivityTimeout = 35862;
        public const int NotRegistered = 35865;
        public const int InvalidActivationEvent = 35866;
        public const int LinkNotActive = 35867;
        public const int GprsAborted = 35868;
        public const int InvalidIncomingCall = 35869;
        public const int NoCallerId = 35870;
        public const int ResourceUnavailable = 36872;
        public const int BadConfiguration = 36929;
        public const int PppClientFailed = 37120;
        public const int PppServerFailed = 37121;
        public const int ServiceBusy = 37122;
        public const int TcpSessionCancelled = 37952;
        public const int NoServerResponse = 37964;
        public const int ClosedByPeer = 37966;
        public const int OpenFailed = 38016;
        public const int SendFailed = 38017;
        public const int CloseFailed = 38018;
        public const int ChangeDirectoryFailed = 38022;
        public const int DeleteFailed = 38023;
        public const int RetrieveFailed = 38024;
        public const int MailRetrieveFailed = 38025;
        public const int MailHeaderFailed = 38026;
        public const int DnsFailed = 38027;
        public const int SenderRejected = 38028;
        public const int RecipientRejected = 38029;
        public const int CcRejected = 38030;
        public const int BodyRejected = 38031;
        public const int UserRejected = 38080;
        public const int PasswordRejected = 38081;
        public const int PppClientTimeout = 38980;
        public const int PppServerTimeout = 38981;
    }
}
