namespace NfAtip.Radio
{
    /// <summary>
    /// One row of a chat script: what to send, which line ends the step successfully, which lines
    /// abort the script, how long the module may take, and what to keep from the answer. Scripts are
    /// tables of these rows, built once at start-up, so a module dialogue reads as data rather than as
    /// hand-written waits (the shape of Zephyr's modem_chat scripts and pppd's chat).
    /// </summary>
    public sealed class ChatStep
    {
        /// <summary>Builds a step; <paramref name="send"/> null waits for a line without sending anything.</summary>
        public ChatStep(string send, ChatMatch[] expect, int timeoutMs)
        {
            Send = send;
            Expect = expect;
            TimeoutMs = timeoutMs;
            Attempts = 1;
            CaptureSlot = -1;
        }

        /// <summary>The command line ("AT+CREG?"), with "$1".."$9" filled from the run's arguments; null sends nothing.</summary>
        public string Send { get; private set; }

        /// <summary>Any of these ends the step successfully (usually OK; CONNECT for a dial).</summary>
        public ChatMatch[] Expect { get; private set; }

        /// <summary>How long the module may take for this step, per attempt (settable: some waits come from tunable timings).</summary>
        public int TimeoutMs;

        /// <summary>Any of these ends the script as <see cref="ChatResult.Aborted"/>; null: the script's defaults.</summary>
        public ChatMatch[] Abort;

        /// <summary>Sends again on a timeout this many times in all (the "AT until answered" probe).</summary>
        public int Attempts;

        /// <summary>
        /// Information lines starting with this prefix are captured (text after it, trimmed) into
        /// <see cref="CaptureSlot"/>. Null with a slot set: the text after a Prefix expect match is
        /// captured instead (the speed of "CONNECT 9600").
        /// </summary>
        public string CapturePrefix;

        /// <summary>Slot of the engine's capture table for this step, or -1.</summary>
        public int CaptureSlot;

        /// <summary>When set, the captured value must start with it, else the script ends <see cref="ChatResult.Unexpected"/> (AT+CPIN? → READY).</summary>
        public string Require;

        // Fluent helpers keep script tables short and readable.
        public ChatStep Tries(int attempts)
        {
            Attempts = attempts;
            return this;
        }

        public ChatStep Capture(string prefix, int slot)
        {
            CapturePrefix = prefix;
            CaptureSlot = slot;
            return this;
        }

        public ChatStep Requires(string value)
        {
            Require = value;
            return this;
        }

        public ChatStep AbortOn(ChatMatch[] abort)
        {
            Abort = abort;
            return this;
        }
    }

    /// <summary>A named table of <see cref="ChatStep"/> rows run in order, with abort matches shared by all rows.</summary>
    public sealed class ChatScript
    {
        /// <summary>Failures every command can end with (27.007 +CME/+CMS with AT+CMEE=1 or 2).</summary>
        public static readonly ChatMatch[] CommandAborts =
        {
            ChatMatch.Exact("ERROR"),
            ChatMatch.Prefix("+CME ERROR:"),
            ChatMatch.Prefix("+CMS ERROR:"),
        };

        /// <summary>Failures of a dial or an answer (V.250 result codes), on top of <see cref="CommandAborts"/>.</summary>
        public static readonly ChatMatch[] CallAborts =
        {
            ChatMatch.Exact("ERROR"),
            ChatMatch.Prefix("+CME ERROR:"),
            ChatMatch.Exact("NO CARRIER"),
            ChatMatch.Exact("BUSY"),
            ChatMatch.Exact("NO ANSWER"),
            ChatMatch.Exact("NO DIALTONE"),
        };

        /// <summary>The usual end of a command.</summary>
        public static readonly ChatMatch[] Ok = { ChatMatch.Exact("OK") };

        public ChatScript(string name, ChatStep[] steps)
        {
            Name = name;
            Steps = steps;
            Abort = CommandAborts;
        }

        public string Name { get; private set; }

        public ChatStep[] Steps { get; private set; }

        /// <summary>Abort matches of steps that name none.</summary>
        public ChatMatch[] Abort;

        /// <summary>A command row ending with OK.</summary>
        public static ChatStep Command(string send, int timeoutMs)
        {
            return new ChatStep(send, Ok, timeoutMs);
        }
    }
}
