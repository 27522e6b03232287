using NfAtip.At;
using NfAtip.Platform;

namespace NfAtip.Radio
{
    /// <summary>
    /// The host's side of the module: standard commands the module owns (AT+CPIN, AT+CREG, AT+CSQ,
    /// ATD …) go to it over the driver's <see cref="ModuleChannel"/> (the one owner of the radio UART)
    /// and its answer comes back to the host; the module's unsolicited lines are relayed while the
    /// board is idle. Each answer line is re-framed for the host's ATV/ATQ settings. Every exchange has
    /// a timeout, so a silent module costs the host an ERROR, never a hang.
    /// </summary>
    public sealed class HostPassThrough
    {
        /// <summary>How long the module may take to finish an answer.</summary>
        public const int AnswerTimeoutMs = 10000;

        private readonly RadioDriver _driver;
        private readonly ModuleChannel _channel;
        private readonly IClock _clock;
        private readonly ResponseWriter _out;

        public HostPassThrough(RadioDriver driver, IClock clock, ResponseWriter output)
        {
            _driver = driver;
            _channel = driver.Channel;
            _clock = clock;
            _out = output;
        }

        /// <summary>
        /// Sends one command line to the module and relays its answer until the final result code
        /// (a verbose result, +CME ERROR or +CMS ERROR). Lines the module sends meanwhile, URCs
        /// included, are relayed in the order they come. A start-up or registration query the driver is
        /// running is interrupted first and starts over afterwards.
        /// </summary>
        public void Execute(byte[] command, int offset, int count)
        {
            if (_driver.Held)
            {
                // The connection manager is dialling, in a call or hanging up: the module's line is its
                // (during PPP the UART is lwIP's). A standard command now would break the call: ERROR.
                _out.Result(ResultCode.Error);
                return;
            }
            _driver.Interrupt();
            _channel.BeginPassThrough();
            _channel.SendLine(command, offset, count);
            long deadline = _clock.TickMs + AnswerTimeoutMs;
            try
            {
                while (true)
                {
                    long left = deadline - _clock.TickMs;
                    if (!_channel.ReadAnswerLine(_clock, left > 0 ? (int)left : 0))
                    {
                        _out.Result(ResultCode.Error); // the module did not finish in time
                        return;
                    }
                    string line = _channel.LineText();
                    int final = ResultCode.FromVerbose(line);
                    if (final >= 0 || StartsWith(line, "+CME ERROR") || StartsWith(line, "+CMS ERROR"))
                    {
                        if (final >= 0 && !_out.Verbose) _out.Result(final);
                        else if (!_out.Quiet) _out.InfoLine(line);
                        return;
                    }
                    _out.InfoLine(line);
                }
            }
            finally
            {
                _channel.EndExchange();
                _driver.HostExchangeDone();
            }
        }

        /// <summary>Relays the unsolicited lines the channel has queued; never waits, allocates nothing when none.</summary>
        public void RelayUrcs()
        {
            string line;
            while ((line = _channel.Urcs.Take()) != null) _out.InfoLine(line);
        }

        private static bool StartsWith(string text, string prefix)
        {
            if (text.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (text[i] != prefix[i]) return false;
            }
            return true;
        }
    }
}
