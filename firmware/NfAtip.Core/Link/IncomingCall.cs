using NfAtip.Radio;

namespace NfAtip.Link
{
    /// <summary>
    /// What the module has said about the call ringing now: rings counted from RING / +CRING, the type
    /// from +CRING (AT+CRC=1), the caller's number from +CLIP (AT+CLIP=1, the host's choice as the spec
    /// says), and the end of the ringing (NO CARRIER, or no ring for a while). Fed from the driver's URC
    /// hook while lines are framed, so it only records; the connection manager decides in its poll.
    /// </summary>
    public sealed class IncomingCall
    {
        /// <summary>True from the first ring until the ringing ends.</summary>
        public bool Ringing;

        /// <summary>Rings of this call so far.</summary>
        public int Rings;

        /// <summary>When the last ring came.</summary>
        public long LastRingMs;

        /// <summary>The +CRING type ("REL ASYNC", "VOICE" …), or null after a plain RING.</summary>
        public string Type;

        /// <summary>The +CLIP number: null when no +CLIP came, "" when the network withheld it.</summary>
        public string Number;

        /// <summary>The manager has decided what to do with this call (answer, call back, ignore).</summary>
        public bool Decided;

        /// <summary>Set when the ringing has ended; the manager clears it once it has acted on it.</summary>
        public bool Ended;

        /// <summary>Takes one URC; other lines are ignored.</summary>
        public void Take(string line, long nowMs)
        {
            if (line == "RING" || ChatMatch.StartsWith(line, "+CRING:"))
            {
                if (!Ringing)
                {
                    Ringing = true;
                    Rings = 0;
                    Number = null;
                    Decided = false;
                    Ended = false;
                }
                Rings++;
                LastRingMs = nowMs;
                Type = line.Length > 7 && line[0] == '+' ? line.Substring(7).Trim() : null;
                return;
            }
            if (!Ringing) return;
            if (ChatMatch.StartsWith(line, "+CLIP:"))
            {
                Number = QuotedField(line);
            }
            else if (line == "NO CARRIER")
            {
                End();
            }
        }

        /// <summary>Ends the ringing when no ring came for <paramref name="gapMs"/>.</summary>
        public void Expire(long nowMs, int gapMs)
        {
            if (Ringing && nowMs - LastRingMs > gapMs) End();
        }

        /// <summary>The board answered or gave the call up: forget it.</summary>
        public void Clear()
        {
            Ringing = false;
            Ended = false;
            Decided = true;
        }

        /// <summary>
        /// True when +CRING said the call is not a data call (voice, fax): "Invalid incoming call type"
        /// (35869) for an answer. A plain RING says nothing, so the board tries.
        /// </summary>
        public bool NotData
        {
            get { return Type != null && (Type.IndexOf("VOICE") >= 0 || Type.IndexOf("FAX") >= 0); }
        }

        private void End()
        {
            Ringing = false;
            Ended = true;
        }

        /// <summary>The text between the first pair of quotes ("+CLIP: \"0612\",129" → 0612), "" when none.</summary>
        private static string QuotedField(string line)
        {
            int open = line.IndexOf('"');
            if (open < 0) return "";
            int close = line.IndexOf('"', open + 1);
            return close < 0 ? "" : line.Substring(open + 1, close - open - 1);
        }
    }
}
