using System.Diagnostics;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using NfAtip.Radio;
using NfAtip.HostAdapters.Text;

namespace NfAtip.TestSupport;

/// <summary>
/// The virtual board on a bench: Board + a simulated module (radio line) + its PPP link, stepped synchronously
/// by the test thread with a <see cref="HostPipe"/>; on the real clock (the module runs its own timers), or on a
/// <see cref="VirtualTime"/> shared by board and module, where each idle step lets 1 ms pass and the module's
/// waits let time pass to their next event: a minute of bench time takes a fraction of a second, and the
/// transcript is the same on every run.
/// Generic over the module and link types because this project does not reference tools/NfAtip.ModemSim:
/// a test writes <c>new SimBoard&lt;SimulatedModule, SimulatedPppLink&gt;(m, new SimulatedPppLink(m))</c>.
/// Every wait is bounded (30 s of the board's time) and fails with what the host saw, so a stuck board cannot
/// hang a test.
/// </summary>
public sealed class SimBoard<TModule, TLink> : IDisposable
    where TModule : ISerialLine
    where TLink : IIpLink
{
    public const int Bound = 30_000;

    /// <summary>How long the host line must stay quiet after a command before its answer is complete.</summary>
    public int QuietMs { get; set; } = 100;

    public HostPipe Host { get; } = new();
    public TModule Module { get; }
    public TLink Ppp { get; }
    public Board Board { get; }

    /// <summary>Everything the board has printed since it was built (echo off from then on).</summary>
    public string Output => _all.ToString();

    private readonly StringBuilder _all = new();
    private readonly VirtualTime? _time;
    private int _taken; // _all's output up to here was returned by Command, Settle or WaitFor

    /// <param name="module">The module, already scripted; give it a short escape guard (e.g. 100 ms).</param>
    /// <param name="ppp">The board's IP link over that module.</param>
    /// <param name="time">The module's <see cref="VirtualTime"/>, to run the bench on it; null: the real clock.</param>
    public SimBoard(TModule module, TLink ppp, VirtualTime? time = null)
    {
        Module = module;
        Ppp = ppp;
        _time = time;
        Board = new Board(new BoardPlatform(Host, module, new RamFlash(4096, 8), time ?? (IClock)new SystemClock(), new HostNetwork(), ppp) { Text = AsciiText.Instance }, TestBoard.Identity);
        // Bench timings: a spec second is 50 ms (the minute stays real, so PHYTIMEOUT does not end a slow test's
        // call unless the test shortens MinuteMs); escapes wait a little more than the module's guard.
        Board.LinkTimings.EscapeGuardMs = 150;
        // Generous: the wait ends at the module's OK, and a loaded test machine can delay the module's guard timer.
        Board.LinkTimings.EscapeAnswerMs = 2000;
        Board.LinkTimings.SecondMs = 50;
        Board.LinkTimings.RingGapMs = 1500;
        Board.LinkTimings.ClipWaitMs = 300;
        Board.Start();
        StepUntil(() => Board.Radio.State == RadioState.Ready, "module ready");
        string echoOff = Command("ATE0");
        if (!echoOff.EndsWith("OK\r\n", StringComparison.Ordinal)) throw new InvalidOperationException("ATE0 answered " + Escape(echoOff));
    }

    public int SecondMs { get => Board.LinkTimings.SecondMs; set => Board.LinkTimings.SecondMs = value; }
    public int MinuteMs { get => Board.LinkTimings.MinuteMs; set => Board.LinkTimings.MinuteMs = value; }

    /// <summary>The bench's time in ms: the virtual time, or the PC's.</summary>
    public long NowMs => _time?.NowMs ?? Environment.TickCount64;

    /// <summary>One board step, then 1 ms passes; returns what the host line got from it.</summary>
    public string Step()
    {
        Board.Step(0);
        if (_time != null) _time.Advance(1);
        else Thread.Sleep(1);
        return Collect();
    }

    /// <summary>Steps for <paramref name="ms"/> of the bench's time; returns what the host got meanwhile.</summary>
    public string Step(int ms)
    {
        var sb = new StringBuilder();
        long start = NowMs;
        do sb.Append(Step()); while (NowMs - start < ms);
        return sb.ToString();
    }

    /// <summary>Steps until <paramref name="done"/>; throws (with the host's output) after the bound.</summary>
    public string StepUntil(Func<bool> done, string what, int boundMs = Bound)
    {
        var sb = new StringBuilder();
        long start = NowMs;
        while (!done())
        {
            if (NowMs - start > boundMs)
                throw new TimeoutException("waited " + boundMs + " ms for " + what + "; host saw: " + Escape(sb.ToString()));
            sb.Append(Step());
        }
        return sb.ToString();
    }

    /// <summary>
    /// Types the text and steps until the board has taken it; returns what came meanwhile (no settle).
    /// That output is also returned again by the next Command, Settle or WaitFor.
    /// </summary>
    public string Type(string text)
    {
        Host.Type(Encoding.Latin1.GetBytes(text));
        var sb = new StringBuilder();
        long start = NowMs;
        while (Host.Pending > 0 && NowMs - start < Bound) sb.Append(Step());
        sb.Append(Step());
        return sb.ToString();
    }

    /// <summary>
    /// Types a command line and returns its whole answer: steps until the link has nothing under way
    /// (dial, redial wait, PPP, hang-up) and the host line has been quiet for <see cref="QuietMs"/>.
    /// </summary>
    public string Command(string line)
    {
        Type(line + "\r");
        return Settle();
    }

    /// <summary>
    /// Steps until the link is not busy and the host line is quiet; returns what came meanwhile, with
    /// the output no Command, Settle or WaitFor has returned yet before it.
    /// </summary>
    public string Settle()
    {
        var sb = new StringBuilder(_all.ToString(_taken, _all.Length - _taken));
        long start = NowMs;
        long quietSince = NowMs;
        while (Board.Connection.Busy || NowMs - quietSince < QuietMs)
        {
            if (NowMs - start > Bound)
                throw new TimeoutException("board still busy after " + Bound + " ms; host saw: " + Escape(sb.ToString()));
            string got = Step();
            if (got.Length > 0)
            {
                sb.Append(got);
                quietSince = NowMs;
            }
        }
        _taken = _all.Length;
        return sb.ToString();
    }

    /// <summary>
    /// Steps until the output not yet returned by a Command, Settle or WaitFor (so including what an
    /// earlier <see cref="Type"/> or <see cref="Step()"/> saw) contains <paramref name="text"/>; returns
    /// that output up to the end of the first match and keeps the rest for the next call.
    /// </summary>
    public string WaitFor(string text, int ms = Bound)
    {
        long start = NowMs;
        int at;
        while ((at = _all.ToString(_taken, _all.Length - _taken).IndexOf(text, StringComparison.Ordinal)) < 0)
        {
            if (NowMs - start > ms)
                throw new TimeoutException("waited " + ms + " ms for " + Escape(text) + "; host saw: " + Escape(_all.ToString(_taken, _all.Length - _taken)));
            Step();
        }
        string got = _all.ToString(_taken, at + text.Length);
        _taken += at + text.Length;
        return got;
    }

    private string Collect()
    {
        string got = Encoding.Latin1.GetString(Host.TakeOutput());
        _all.Append(got);
        return got;
    }

    public static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

    public void Dispose()
    {
        Host.Closed = true;
        (Module as IDisposable)?.Dispose();
        (Ppp as IDisposable)?.Dispose();
    }
}
