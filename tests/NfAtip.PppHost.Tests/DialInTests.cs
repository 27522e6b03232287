using NfAtip.ModemSim;

namespace NfAtip.PppHost.Tests;

/// <summary>
/// PPPMODE's server role for real: a remote PC dials the board (the simulated module rings, ANSWERMODE 1
/// answers), and runs a PPP client (nfatip-ppp-peer) on the far end of the call; the board's own PPP server
/// session (LwipPppLink over the session core, taking the module line through ModuleUart as on the board)
/// checks PPPSERVUN/PPPSERVPW with PAP and hands out PPPMYIP/PPPPEERIP in IPCP.
/// </summary>
[Collection(InProcessLwip.Name)]
public sealed class DialInTests : IDisposable
{
    private readonly ModuleBoard _b;
    private PppProgramRemote? _remote;

    public DialInTests()
    {
        // As the incoming-call scenario tests: a +CLIP is waited for 100 ms after a RING, and rings more than
        // 1.5 s apart are separate calls (this caller rings every second).
        _b = new ModuleBoard(board =>
        {
            board.LinkTimings.ClipWaitMs = 100;
            board.LinkTimings.RingGapMs = 1500;
        });
        foreach (string set in new[]
                 {
                     "AT#ANSWERMODE=1", "AT#CALLSCREENNUM=\"*\"", "AT#RINGCOUNT=1", "AT#PPPMODE=1",
                     "AT#PPPSERVUN=\"dialin\"", "AT#PPPSERVPW=\"secret\"",
                     "AT#PPPMYIP=\"192.168.10.1\"", "AT#PPPPEERIP=\"192.168.10.2\"",
                 })
        {
            Assert.EndsWith("OK\r\n", _b.Command(set, o => o.EndsWith("OK\r\n") || o.Contains("ERROR")));
        }
    }

    public void Dispose()
    {
        // The process's one PPP session must be over before the next test of the collection opens its own.
        _b.Dispose();
        _remote?.Close();
    }

    /// <summary>A call from a remote PC whose PPP client presents these credentials and, once up, holds the session.</summary>
    private void RemoteDials(string user, string password)
    {
        var answer = CallScript.Connect(9600, () =>
            _remote = new PppProgramRemote("nfatip-ppp-peer",
                new[] { "--role", "client", "--user", user, "--password", password, "--timeout-ms", "30000", "--after-up", "stay" }, CallRates.Csd));
        Assert.True(_b.Module.Ring(new IncomingCallScript { Number = "0612345678", Answer = answer, RingIntervalMs = 1000 }));
    }

    [Fact]
    public void The_right_pap_credentials_get_the_addresses_the_board_assigns()
    {
        RemoteDials("dialin", "secret");
        string output = _b.StepUntil(o => o.Contains("OK_Info_Ppp") || o.Contains("ERROR"));
        Assert.Contains("CONNECT 9600\r\n", output);
        Assert.EndsWith("\r\n192.168.10.1\r\n\r\nOK_Info_Ppp\r\n", output);
        // The remote's own view, from its IPCP: it got PPPPEERIP, the board is PPPMYIP.
        Assert.True(_remote!.Process.WaitLine("up local=192.168.10.2 peer=192.168.10.1 dns1=0.0.0.0 dns2=0.0.0.0", PppProcess.Bound),
            _remote.Process.Output);
        Assert.Contains("MY IP: 192.168.10.1\r\nPEER IP: 192.168.10.2\r\n", _b.Command("AT#DISPLAYIP", o => o.EndsWith("OK\r\n")));
    }

    [Fact]
    public void A_stop_ends_the_dial_in_session_and_hangs_up()
    {
        RemoteDials("dialin", "secret");
        string output = _b.StepUntil(o => o.Contains("OK_Info_Ppp") || o.Contains("ERROR"));
        Assert.EndsWith("OK_Info_Ppp\r\n", output);
        string stop = _b.Command("AT#CONNECTIONSTOP", o => o.EndsWith("OK\r\n") || o.Contains("ERROR"));
        Assert.EndsWith("\r\nOK\r\n", stop);
    }

    [Theory]
    [InlineData("dialin", "wrong")]
    [InlineData("intruder", "secret")]
    public void Wrong_pap_credentials_get_no_ip(string user, string password)
    {
        RemoteDials(user, password);
        string output = _b.StepUntil(o => o.Contains("OK_Info_Ppp") || o.Contains("ERROR"));
        Assert.Contains("CONNECT 9600\r\n", output);
        Assert.EndsWith("#CME ERROR: 37121\r\n", output);
        Assert.DoesNotContain(_remote!.Process.Lines, l => l.StartsWith("up ", StringComparison.Ordinal));
    }
}
