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
/// PPPMODE's server role for real: a remote PC dials the board (the simulated module rings, ANSWERMODE 1
/// answers), and runs a PPP client (nfatip-ppp-peer) on the far end of the call; the board's own PPP server
/// session (LwipPppLink over the session core, taking the module line through ModuleUart as on the board)
/// checks PPPSERVUN/PPPSERVPW with PAP and hands out PPPMYIP/PPPPEERIP in IPCP.
/// </summary>
[Collection(InProcessLwip.Name)]
public sealed class DialInTests : IDisposable
{
    private readonly HostPipe _host = new();
    private readonly SimulatedModule _module = new();
    private readonly ModuleUart _uart;
    private readonly Board _board;
    private readonly LwipPppLink _link;
    private PppProgramRemote? _remote;

    public DialInTests()
    {
        _uart = new ModuleUart(_module);
        var clock = new SystemClock();
        _link = new LwipPppLink(_uart, new PppUartSettings(0, 115200, -1, -1, -1, -1), clock);
        _board = new Board(new BoardPlatform(_host, _uart, new RamFlash(4096, 8), clock, new LwipNetwork(), _link), TestBoard.Identity);
        _board.LinkTimings.EscapeGuardMs = 50;
        _board.LinkTimings.EscapeAnswerMs = 200;
        // As the incoming-call scenario tests: a +CLIP is waited for 100 ms after a RING, and rings more than
        // 1.5 s apart are separate calls (this caller rings every second).
        _board.LinkTimings.ClipWaitMs = 100;
        _board.LinkTimings.RingGapMs = 1500;
        _board.Start();
        foreach (string set in new[]
                 {
                     "AT#ANSWERMODE=1", "AT#CALLSCREENNUM=\"*\"", "AT#RINGCOUNT=1", "AT#PPPMODE=1",
                     "AT#PPPSERVUN=\"dialin\"", "AT#PPPSERVPW=\"secret\"",
                     "AT#PPPMYIP=\"192.168.10.1\"", "AT#PPPPEERIP=\"192.168.10.2\"",
                 })
        {
            Assert.EndsWith("OK\r\n", Command(set));
        }
    }

    public void Dispose()
    {
        // The process's one PPP session must be over before the next test of the collection opens its own.
        InProcessLwip.Release(_link);
        _remote?.Close();
        _uart.Dispose();
    }

    private string Command(string line)
    {
        _host.Type(Encoding.ASCII.GetBytes(line + "\r"));
        _host.TakeOutput();
        return StepUntil(o => o.EndsWith("OK\r\n") || o.Contains("ERROR"));
    }

    /// <summary>Steps the board until its output satisfies <paramref name="done"/>, within a generous bound (not a timing).</summary>
    private string StepUntil(Func<string, bool> done)
    {
        var output = new StringBuilder();
        var deadline = DateTime.UtcNow + PppProcess.Bound;
        while (DateTime.UtcNow < deadline)
        {
            _board.Step(5);
            output.Append(Encoding.Latin1.GetString(_host.TakeOutput()));
            if (done(output.ToString())) break;
        }
        return output.ToString();
    }

    /// <summary>A call from a remote PC whose PPP client presents these credentials.</summary>
    private void RemoteDials(string user, string password)
    {
        var answer = CallScript.Connect(9600, () =>
            _remote = new PppProgramRemote("nfatip-ppp-peer",
                new[] { "--role", "client", "--user", user, "--password", password, "--timeout-ms", "30000" }, CallRates.Csd));
        Assert.True(_module.Ring(new IncomingCallScript { Number = "0612345678", Answer = answer, RingIntervalMs = 1000 }));
    }

    [Fact]
    public void The_right_pap_credentials_get_the_addresses_the_board_assigns()
    {
        RemoteDials("dialin", "secret");
        string output = StepUntil(o => o.Contains("OK_Info_Ppp") || o.Contains("ERROR"));
        Assert.Contains("CONNECT 9600\r\n", output);
        Assert.EndsWith("\r\n192.168.10.1\r\n\r\nOK_Info_Ppp\r\n", output);
        // The remote's own view, from its IPCP: it got PPPPEERIP, the board is PPPMYIP.
        Assert.True(_remote!.Process.WaitLine("up local=192.168.10.2 peer=192.168.10.1 dns1=0.0.0.0 dns2=0.0.0.0", PppProcess.Bound),
            _remote.Process.Output);
        _host.Type("AT#DISPLAYIP\r"u8.ToArray());
        Assert.Contains("MY IP: 192.168.10.1\r\nPEER IP: 192.168.10.2\r\n", StepUntil(o => o.EndsWith("OK\r\n")));
    }

    [Theory]
    [InlineData("dialin", "wrong")]
    [InlineData("intruder", "secret")]
    public void Wrong_pap_credentials_get_no_ip(string user, string password)
    {
        RemoteDials(user, password);
        string output = StepUntil(o => o.Contains("OK_Info_Ppp") || o.Contains("ERROR"));
        Assert.Contains("CONNECT 9600\r\n", output);
        Assert.EndsWith("#CME ERROR: 37121\r\n", output);
        Assert.DoesNotContain(_remote!.Process.Lines, l => l.StartsWith("up ", StringComparison.Ordinal));
    }
}
