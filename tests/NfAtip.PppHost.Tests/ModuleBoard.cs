using System.Text;
using NfAtip.Device;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.PppHost.Tests;

/// <summary>The tests that run the PPP session core in this process: one lwIP per process, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessLwip
{
    public const string Name = "the PPP session core in this process";

    /// <summary>
    /// Ends what a test left of the process's one session: its LwipPppLink is gone with the test, so nothing
    /// else would finish a release still pending, and the next test's Open would find the core busy (36872).
    /// </summary>
    public static void Release(LwipPppLink link)
    {
        link.Close();
        Release();
    }

    /// <summary>Drops whatever session is left (NativePpp.Release's first call does) and waits, bounded, until it is gone.</summary>
    public static void Release()
    {
        var deadline = DateTime.UtcNow + PppProcess.Bound;
        while (NfAtip.Ppp.NativePpp.Release() != 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the PPP session core did not finish releasing");
            Thread.Sleep(10);
        }
    }
}

/// <summary>
/// A board wired as the virtual board is: the simulated module as its radio, handed to the PPP session core
/// for a call through ModuleUart, the device application's LwipPppLink, lwIP's sockets. Stepped by the test
/// (commands only: the data pump runs inside one Step). Disposing ends the process's PPP session.
/// </summary>
public sealed class ModuleBoard : IDisposable
{
    public HostPipe Host { get; } = new();
    public SimulatedModule Module { get; } = new();
    public Board Board { get; }
    private readonly ModuleUart _uart;
    private readonly LwipPppLink _link;

    public ModuleBoard(Action<Board>? tune = null)
    {
        _uart = new ModuleUart(Module);
        var clock = new SystemClock();
        _link = new LwipPppLink(_uart, new PppUartSettings(0, 115200, -1, -1, -1, -1), clock);
        Board = new Board(new BoardPlatform(Host, _uart, new RamFlash(4096, 8), clock, new LwipNetwork(), _link), TestBoard.Identity);
        // Short escape timings for the tests, the board's guard still longer than the module's (S12), as with
        // the defaults (1 s each): otherwise the module never sees "+++" and every hang-up waits out its bounds.
        Module.State.GuardTimeMs = 40;
        Board.LinkTimings.EscapeGuardMs = 50;
        Board.LinkTimings.EscapeAnswerMs = 200;
        tune?.Invoke(Board);
        Board.Start();
    }

    /// <summary>Types the line and CR, then steps until the output satisfies <paramref name="done"/>.</summary>
    public string Command(string line, Func<string, bool> done)
    {
        Host.Type(Encoding.ASCII.GetBytes(line + "\r"));
        return StepUntil(done);
    }

    /// <summary>Steps the board until its output satisfies <paramref name="done"/>, within a generous bound (not a timing).</summary>
    public string StepUntil(Func<string, bool> done)
    {
        var output = new StringBuilder();
        var deadline = DateTime.UtcNow + PppProcess.Bound;
        while (DateTime.UtcNow < deadline)
        {
            Board.Step(5);
            output.Append(Encoding.Latin1.GetString(Host.TakeOutput()));
            if (done(output.ToString())) break;
        }
        return output.ToString();
    }

    public void Dispose()
    {
        InProcessLwip.Release(_link);
        _uart.Dispose();
    }
}
