using System.Globalization;
using NfAtip.HostAdapters.Clock;
using NfAtip.Platform;

namespace NfAtip.Host;

/// <summary>
/// <c>--clock simulated</c>: the board, the simulated module and its network on one <see cref="VirtualTime"/>
/// that stands still until a party that waits lets it run — <c>clock run</c> on the control socket (what
/// the rig sends whenever it waits for the board), <c>clock +DURATION</c>, or the board's own waits on the
/// PC's sockets. Everything that changes the board's world then happens on the board's thread, at a
/// point of its loop where it has done all it can with the host's input without time passing, so a
/// scenario gives the same bytes at the same board times on every run and every machine, and runs as
/// fast as the CPU allows (a minute of board time is a few thousand board steps).
/// </summary>
public sealed class SimulatedClock
{
    /// <summary>Board steps in a row that find nothing to do before the board counts as settled.</summary>
    private const int SettledSteps = 4;

    private readonly object _gate = new();
    private readonly Queue<Request> _requests = new();
    private Request? _run;          // the clock run under way (its directive came first in the queue)
    private long _runEnd;           // … lets time pass up to here
    private bool _running;          // … has begun: the board had settled after the input it waits for
    private int _quietSteps;
    private long _input, _output;   // host bytes the board has read and written so far
    private bool _stopped;

    public VirtualTime Time { get; } = new();

    /// <summary>Wakes the host line's wait, so a request reaches the board's thread at once.</summary>
    public Action? Wake { get; set; }

    private sealed class Request(string directive, Func<string, string?> apply)
    {
        public string Directive { get; } = directive;
        public Func<string, string?> Apply { get; } = apply;
        public string? Answer;
        public long Ms, AfterInput, UntilOutput = long.MaxValue;
    }

    /// <summary>
    /// Called on a control socket's thread: the directive is carried out on the board's thread, in the
    /// order received; returns its answer line (OK, OK with the clock's figures, or ERROR: why).
    /// </summary>
    public string Submit(string directive, Func<string, string?> apply)
    {
        var request = new Request(directive, apply);
        string[] words = directive.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words[0] == "clock" && words[1] == "run")
        {
            if (ParseRun(words, request) is { } bad) return "ERROR: " + bad;
        }
        lock (_gate)
        {
            if (_stopped) return "ERROR: the board has stopped";
            _requests.Enqueue(request);
        }
        Wake?.Invoke();
        lock (_gate)
        {
            while (request.Answer == null) Monitor.Wait(_gate);
            return request.Answer;
        }
    }

    /// <summary><c>clock run DURATION [after-input=N] [until-output=N]</c>.</summary>
    private static string? ParseRun(string[] words, Request r)
    {
        const string usage = "clock run DURATION [after-input=N] [until-output=N]";
        if (words.Length < 3) return usage;
        try { r.Ms = VirtualWorld.Milliseconds(words[2]); }
        catch (FormatException e) { return e.Message; }
        for (int i = 3; i < words.Length; i++)
        {
            int eq = words[i].IndexOf('=');
            string name = eq < 0 ? words[i] : words[i][..eq];
            if (eq < 0 || !long.TryParse(words[i][(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return usage;
            if (name == "after-input") r.AfterInput = n;
            else if (name == "until-output") r.UntilOutput = n;
            else return usage;
        }
        return null;
    }

    /// <summary>The board's loop has ended: requests still waiting are refused.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            if (_run != null) _run.Answer = "ERROR: the board has stopped";
            foreach (var r in _requests) r.Answer ??= "ERROR: the board has stopped";
            _requests.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The board wrote to the host.</summary>
    internal void Wrote(int count)
    {
        _output += count;
        _quietSteps = 0;
    }

    /// <summary>
    /// The host line's read on the board's thread. Input first; then the world's requests, timers due
    /// now, and time moving on while a clock run allows it; else a real wait for input or a request
    /// (the PC's sockets behind the services keep real time).
    /// </summary>
    internal int Read(ISerialLine inner, byte[] buffer, int offset, int count, int timeoutMs)
    {
        while (true)
        {
            int n = inner.Read(buffer, offset, count, 0);
            if (n != 0)
            {
                if (n > 0) { _input += n; _quietSteps = 0; }
                return n;
            }
            if (Serve()) continue;
            if (Time.RunDue()) { _quietSteps = 0; return 0; }
            if (_run != null)
            {
                if (!_running)
                {
                    // The run waits for the input the rig had sent, and for the board to have finished with it.
                    if (_input >= _run.AfterInput && ++_quietSteps >= SettledSteps)
                    {
                        _running = true;
                        _runEnd = Time.NowMs + _run.Ms;
                    }
                    else if (_input < _run.AfterInput) return Real(inner, buffer, offset, count, timeoutMs);
                    return 0;
                }
                if (_output > _run.UntilOutput || Time.NowMs >= _runEnd)
                {
                    Answer(_run, "OK t=" + Time.NowMs.ToString(CultureInfo.InvariantCulture) + " output=" + _output.ToString(CultureInfo.InvariantCulture));
                    _run = null;
                    _running = false;
                    continue;
                }
                // To the next timer, the end of the board's own wait, or the run's end, whichever comes first.
                long step = Math.Min(Math.Max(1, timeoutMs), _runEnd - Time.NowMs);
                Time.Wait(_gate, (int)Math.Min(step, int.MaxValue));
                return 0;
            }
            if (timeoutMs == 0) return 0;
            return Real(inner, buffer, offset, count, timeoutMs);
        }
    }

    private int Real(ISerialLine inner, byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = inner.Read(buffer, offset, count, timeoutMs);
        if (n > 0) { _input += n; _quietSteps = 0; }
        return n;
    }

    /// <summary>Carries out the requests that do not wait for a run under way; true when one was done.</summary>
    private bool Serve()
    {
        if (_run != null) return false;
        Request? next;
        lock (_gate)
        {
            if (!_requests.TryDequeue(out next)) return false;
        }
        if (next.Directive.StartsWith("clock run", StringComparison.Ordinal))
        {
            _run = next;
            _running = false;
            _quietSteps = 0;
            return true;
        }
        string? why;
        try { why = next.Apply(next.Directive); }
        catch (FormatException e) { why = e.Message; }
        Answer(next, why == null ? "OK" : "ERROR: " + why);
        return true;
    }

    private void Answer(Request r, string answer)
    {
        lock (_gate)
        {
            r.Answer = answer;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Where nobody else is there to let time pass (the host line has closed and the board finishes
    /// what it had under way): the board's own wait of <paramref name="ms"/>.
    /// </summary>
    public void Pass(int ms) => Time.Wait(_gate, ms);

    /// <summary>The host line as the board sees it on the simulated clock.</summary>
    public ISerialLine Line(ISerialLine inner) => new ClockedLine(this, inner);

    /// <summary>The PC's sockets on the simulated clock: a wait on them that times out has let that much board time pass.</summary>
    public INetwork Network(INetwork inner) => new ClockedNetwork(this, inner);

    private sealed class ClockedLine(SimulatedClock clock, ISerialLine inner) : ISerialLine, IHostSessions
    {
        public int Session => (inner as IHostSessions)?.Session ?? 0;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => clock.Read(inner, buffer, offset, count, timeoutMs);

        public void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            clock.Wrote(count);
        }

        public void Configure(int baudRate, bool hardwareFlowControl) => inner.Configure(baudRate, hardwareFlowControl);
    }

    /// <summary>Time passed in a real wait on the PC's network that found nothing.</summary>
    private void Waited(int ms)
    {
        if (ms > 0) Time.Advance(ms);
    }

    private sealed class ClockedNetwork(SimulatedClock clock, INetwork inner) : INetwork
    {
        public ITcpConnection Connect(uint address, int port, int timeoutMs)
        {
            var c = inner.Connect(address, port, timeoutMs);
            if (c == null) clock.Waited(timeoutMs);
            return c == null ? null! : new Connection(clock, c);
        }

        public ITcpListener Listen(int port) => inner.Listen(port) is { } l ? new Listener(clock, l) : null!;

        public IUdpSocket OpenUdp() => inner.OpenUdp() is { } u ? new Udp(clock, u) : null!;

        private sealed class Connection(SimulatedClock clock, ITcpConnection c) : ITcpConnection
        {
            public uint RemoteAddress => c.RemoteAddress;

            public int Read(byte[] buffer, int offset, int count, int timeoutMs)
            {
                int n = c.Read(buffer, offset, count, timeoutMs);
                if (n == 0) clock.Waited(timeoutMs);
                return n;
            }

            public bool Write(byte[] buffer, int offset, int count) => c.Write(buffer, offset, count);
            public bool StartTls(string serverName, byte[] caCertificate) => c.StartTls(serverName, caCertificate);
            public void Close() => c.Close();
        }

        private sealed class Listener(SimulatedClock clock, ITcpListener l) : ITcpListener
        {
            public ITcpConnection Accept(int timeoutMs)
            {
                var c = l.Accept(timeoutMs);
                if (c == null) clock.Waited(timeoutMs);
                return c == null ? null! : new Connection(clock, c);
            }

            public void Close() => l.Close();
        }

        private sealed class Udp(SimulatedClock clock, IUdpSocket u) : IUdpSocket
        {
            public bool SendTo(byte[] buffer, int offset, int count, uint address, int port) => u.SendTo(buffer, offset, count, address, port);

            public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
            {
                int n = u.ReceiveFrom(buffer, offset, count, timeoutMs, out address, out port);
                if (n == 0) clock.Waited(timeoutMs);
                return n;
            }

            public void Close() => u.Close();
        }
    }
}
