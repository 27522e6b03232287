using NfAtip.Platform;

namespace NfAtip.Radio
{
    /// <summary>How a chat script ended (or that it still runs).</summary>
    public enum ChatResult
    {
        /// <summary>No script started.</summary>
        Idle,
        /// <summary>Still running: call <see cref="ChatEngine.Poll"/> again.</summary>
        Running,
        /// <summary>Every row got its expected line.</summary>
        Ok,
        /// <summary>A row's abort match came (see <see cref="ChatEngine.AbortLine"/>).</summary>
        Aborted,
        /// <summary>The module said something, but not the expected line in time.</summary>
        Timeout,
        /// <summary>The module said nothing at all during the row (dead, off, wrong baud rate).</summary>
        Silent,
        /// <summary>A captured value did not satisfy the row's <see cref="ChatStep.Require"/> (SIM PIN instead of READY).</summary>
        Unexpected,
        /// <summary>Stopped by <see cref="ChatEngine.Cancel"/> (AT#CONNECTIONSTOP).</summary>
        Cancelled,
        /// <summary>The serial line closed.</summary>
        Closed,
    }

    /// <summary>
    /// Runs a <see cref="ChatScript"/> over a <see cref="ModuleChannel"/> one row at a time. It never
    /// blocks in <see cref="Poll"/>, so the board's loop keeps serving the host and AT#CONNECTIONSTOP
    /// can cancel a dial; <see cref="Run"/> is the blocking form for start-up. Every row has a timeout,
    /// so a silent module ends a script, never hangs it.
    /// </summary>
    public sealed class ChatEngine
    {
        /// <summary>Capture slots per run (CONNECT speed, +CREG stat, +CPIN code …).</summary>
        public const int Slots = 8;

        private readonly ModuleChannel _channel;
        private readonly IClock _clock;
        private readonly string[] _captures = new string[Slots];
        private ChatScript _script;
        private string[] _args;
        private int _step;
        private bool _sent;
        private int _attempt;
        private long _deadline;
        private int _heardMark;

        public ChatEngine(ModuleChannel channel, IClock clock)
        {
            _channel = channel;
            _clock = clock;
            Result = ChatResult.Idle;
        }

        public ChatResult Result { get; private set; }

        /// <summary>The script last started.</summary>
        public ChatScript Script
        {
            get { return _script; }
        }

        /// <summary>Row that ended the script (the failing row; Steps.Length after success).</summary>
        public int Step
        {
            get { return _step; }
        }

        /// <summary>True while the current row's command is sent and its answer not yet complete.</summary>
        public bool Awaiting
        {
            get { return Result == ChatResult.Running && _sent; }
        }

        /// <summary>When the current row times out (meaningful while <see cref="Awaiting"/>).</summary>
        public long RowDeadline
        {
            get { return _deadline; }
        }

        /// <summary>The abort line received ("+CME ERROR: 10", "BUSY"), or null.</summary>
        public string AbortLine { get; private set; }

        /// <summary>Index, in the row's abort table, of the abort that matched; -1 when none.</summary>
        public int AbortIndex { get; private set; }

        /// <summary>A captured value of the last run, or null.</summary>
        public string Capture(int slot)
        {
            return _captures[slot];
        }

        /// <summary>Starts a script; <paramref name="args"/> fill "$1".."$9" in its commands.</summary>
        public void Start(ChatScript script, string[] args)
        {
            _script = script;
            _args = args;
            _step = 0;
            _sent = false;
            _attempt = 0;
            AbortLine = null;
            AbortIndex = -1;
            for (int i = 0; i < Slots; i++) _captures[i] = null;
            Result = script.Steps.Length == 0 ? ChatResult.Ok : ChatResult.Running;
        }

        /// <summary>Advances the script with whatever the module has sent; never waits.</summary>
        public ChatResult Poll()
        {
            return Advance(0);
        }

        /// <summary>Runs a script to its end, waiting for the module (start-up, tests).</summary>
        public ChatResult Run(ChatScript script, string[] args)
        {
            Start(script, args);
            return Complete();
        }

        /// <summary>Waits for the running script to end (blocking form of <see cref="Poll"/>).</summary>
        public ChatResult Complete()
        {
            while (Result == ChatResult.Running)
            {
                long left = _sent ? _deadline - _clock.TickMs : 0;
                Advance(left > 0 ? (int)left : 0);
            }
            return Result;
        }

        /// <summary>
        /// Stops the script at once. The module may still be busy with the row's command (a dial): the
        /// caller decides how to end that (any character aborts a V.250 dial; then ATH).
        /// </summary>
        public void Cancel()
        {
            if (Result != ChatResult.Running) return;
            Finish(ChatResult.Cancelled);
        }

        private ChatResult Advance(int waitMs)
        {
            if (Result != ChatResult.Running) return Result;
            ChatStep row = _script.Steps[_step];
            if (!_sent) SendRow(row);
            while (_channel.ReadAnswerLine(_clock, waitMs))
            {
                if (Handle(row))
                {
                    if (Result != ChatResult.Running) return Result;
                    row = _script.Steps[_step];
                    SendRow(row);
                }
                long left = _deadline - _clock.TickMs;
                waitMs = left > 0 && waitMs > 0 ? (int)left : 0;
            }
            if (_channel.Closed)
            {
                Finish(ChatResult.Closed);
                return Result;
            }
            if (_clock.TickMs >= _deadline)
            {
                if (_attempt < row.Attempts)
                {
                    _sent = false; // the next Advance sends the row again
                    return Result;
                }
                Finish(_channel.BytesReceived == _heardMark ? ChatResult.Silent : ChatResult.Timeout);
            }
            return Result;
        }

        private void SendRow(ChatStep row)
        {
            _attempt++;
            _sent = true;
            _heardMark = _channel.BytesReceived;
            _channel.BeginExchange(row.Expect, AbortsOf(row), row.CapturePrefix);
            if (row.Send != null) _channel.Send(row.Send, _args);
            _deadline = _clock.TickMs + row.TimeoutMs;
        }

        /// <summary>Handles one answer line; true when the row finished successfully and the next one is due.</summary>
        private bool Handle(ChatStep row)
        {
            byte[] line = _channel.Line;
            int length = _channel.LineLength;
            int abort = ChatMatch.FindIn(AbortsOf(row), line, length);
            if (abort >= 0)
            {
                AbortIndex = abort;
                AbortLine = _channel.LineText();
                Finish(ChatResult.Aborted);
                return true;
            }
            int expect = ChatMatch.FindIn(row.Expect, line, length);
            if (expect >= 0)
            {
                if (row.CaptureSlot >= 0 && row.CapturePrefix == null)
                {
                    _captures[row.CaptureSlot] = After(_channel.LineText(), row.Expect[expect].Text.Length);
                }
                if (row.Require != null && (row.CaptureSlot < 0 || !ChatMatch.StartsWith(_captures[row.CaptureSlot], row.Require)))
                {
                    Finish(ChatResult.Unexpected);
                    return true;
                }
                _step++;
                _attempt = 0;
                if (_step == _script.Steps.Length) Finish(ChatResult.Ok);
                return true;
            }
            if (row.CapturePrefix != null && row.CaptureSlot >= 0)
            {
                string text = _channel.LineText();
                if (ChatMatch.StartsWith(text, row.CapturePrefix)) _captures[row.CaptureSlot] = After(text, row.CapturePrefix.Length);
            }
            return false; // an information line nobody asked for: part of the answer, ignored
        }

        private ChatMatch[] AbortsOf(ChatStep row)
        {
            return row.Abort != null ? row.Abort : _script.Abort;
        }

        private void Finish(ChatResult result)
        {
            Result = result;
            _channel.EndExchange();
        }

        private static string After(string text, int start)
        {
            return start >= text.Length ? "" : text.Substring(start).Trim();
        }
    }
}
