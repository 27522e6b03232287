using NfAtip.TestSupport;
namespace NfAtip.Core.Tests;

/// <summary>The V.250 commands the board answers itself, and the ones it relays to the cellular module.</summary>
public class StandardCommandTests
{
    private const string Ok = "\r\nOK\r\n";
    private const string Error = "\r\nERROR\r\n";

    private static TestBoard Quiet()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        return board;
    }

    [Fact]
    public void Ipr_ReadsSetsAndPersists_TheLineSwitchesAfterTheOk()
    {
        var board = Quiet();
        Assert.Equal("\r\n+IPR: 115200\r\n" + Ok, board.Command("AT+IPR?"));
        Assert.StartsWith("\r\n+IPR: (),(1200,", board.Command("AT+IPR=?"));
        int configurations = board.Host.Configurations;
        Assert.Equal(Ok, board.Command("AT+IPR=9600"));
        Assert.Equal(9600, board.Host.BaudRate);
        Assert.Equal(configurations + 1, board.Host.Configurations);
        Assert.Equal(Error, board.Command("AT+IPR=1234"));
        Assert.Equal(Error, board.Command("AT+IPR=0"));
        Assert.Equal(Error, board.Command("AT+IPR="));
        Assert.Equal(9600, board.Reboot().Host.BaudRate); // applied at start from flash
    }

    [Fact]
    public void Ifc_NoneOrRtsCts_AndPersists()
    {
        var board = Quiet();
        Assert.Equal("\r\n+IFC: 0,0\r\n" + Ok, board.Command("AT+IFC?"));
        Assert.Equal(Ok, board.Command("AT+IFC=2,2"));
        Assert.True(board.Host.HardwareFlowControl);
        Assert.Equal("\r\n+IFC: 2,2\r\n" + Ok, board.Command("AT+IFC?"));
        Assert.Equal(Error, board.Command("AT+IFC=2,0"));
        Assert.Equal(Error, board.Command("AT+IFC=1,1"));
        Assert.True(board.Reboot().Host.HardwareFlowControl);
    }

    [Fact]
    public void Wopen_StackIsAlwaysStarted()
    {
        var board = Quiet();
        Assert.Equal(Ok, board.Command("AT+WOPEN=1"));
        Assert.Equal("\r\n+WOPEN: 1\r\n" + Ok, board.Command("AT+WOPEN?"));
        Assert.Equal(Error, board.Command("AT+WOPEN=0"));
        Assert.Equal(Error, board.Command("AT+WOPEN"));
    }

    [Fact]
    public void S0_ThreeDigitRead_RangeChecked_Persisted()
    {
        var board = Quiet();
        Assert.Equal("\r\n000\r\n" + Ok, board.Command("ATS0?"));
        Assert.Equal(Ok, board.Command("ATS0=2"));
        Assert.Equal("\r\n002\r\n" + Ok, board.Command("ATS0?"));
        Assert.Equal(Error, board.Command("ATS0=256"));
        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        Assert.Equal("\r\n002\r\n" + Ok, rebooted.Command("ATS0?"));
    }

    [Fact]
    public void ModuleCommands_AreRelayed_WithTheModulesAnswer()
    {
        var board = Quiet();
        board.Radio.Answers["AT+CPIN?"] = "\r\n+CPIN: READY\r\n\r\nOK\r\n";
        Assert.Equal("\r\n+CPIN: READY\r\n" + Ok, board.Command("AT+CPIN?"));
        Assert.Equal("AT+CPIN?", board.Radio.Received[^1]);
        board.Radio.Answers["AT+CPIN=1234"] = "\r\n+CME ERROR: 16\r\n";
        Assert.Equal("\r\n+CME ERROR: 16\r\n", board.Command("AT+CPIN=1234"));
        Assert.Equal(Ok, board.Command("ATD123;"));
        Assert.Equal("ATD123;", board.Radio.Received[^1]);
    }

    [Fact]
    public void TheModuleEchoIsSwitchedOffAtStart()
    {
        var board = Quiet();
        // The driver's start-up: "AT" probes until the module answers, then echo off before anything else.
        Assert.Equal(new[] { "AT", "ATE0" }, board.Radio.Received.Take(2));
    }

    [Fact]
    public void AppendixA_GsmRegistration_UnsolicitedResultAfterOk()
    {
        var board = Quiet();
        board.Radio.Answers["AT+CREG=1"] = "\r\nOK\r\n\r\n+CREG: 1\r\n";
        Assert.Equal(Ok + "\r\n+CREG: 1\r\n", board.Command("AT+CREG=1"));
        board.Radio.Unsolicited("\r\n+CGREG: 2\r\n\r\n+CGREG: 1\r\n");
        Assert.Equal("\r\n+CGREG: 2\r\n\r\n+CGREG: 1\r\n", board.Send(""));
    }

    [Fact]
    public void AUrcArrivingWithALineOfReads_GoesOutAfterTheirAnswers_AndIsApplied()
    {
        // A line of reads (AT, AT#…?) changes nothing, so the board skips its polls after it (issue H); what the module
        // sent meanwhile is still the next step's work: relayed to the host and taken into the registration.
        var board = Quiet();
        for (int i = 0; i < 10; i++) board.Board.Step(0); // quiet idle steps
        Assert.Equal(NfAtip.Radio.RadioState.Ready, board.Board.Radio.State);
        board.Radio.Unsolicited("\r\n+CREG: 0\r\n");
        string answer = board.Command("AT#PPPMODE?");
        Assert.StartsWith("#PPPMODE: ", answer);
        Assert.EndsWith(Ok + "\r\n+CREG: 0\r\n", answer);
        Assert.Equal(0, board.Board.Radio.Registration.Gsm);
        Assert.Equal(NfAtip.Radio.RadioState.Registering, board.Board.Radio.State);
    }

    [Fact]
    public void ASilentModule_CostsAnError_NotAHang()
    {
        var board = Quiet();
        board.Radio.Silent = true;
        long before = board.Clock.TickMs;
        Assert.Equal(Error, board.Command("AT+CSQ"));
        Assert.True(board.Clock.TickMs - before >= 10_000);
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void ModuleAnswers_FollowAtv0()
    {
        var board = Quiet();
        board.Command("ATV0");
        Assert.Equal("\r0\r", board.Command("AT+CGATT=1"));
        board.Radio.Answers["AT+CSQ"] = "\r\n+CSQ: 20,0\r\n\r\nOK\r\n";
        Assert.Equal("+CSQ: 20,0\r\n\r0\r", board.Command("AT+CSQ"));
    }

    [Fact]
    public void ServiceCommands_WithoutALink_Answer35867()
    {
        var board = Quiet();
        foreach (string c in new[] { "GETMAIL", "SENDMAIL1", "SENDMAIL2", "SENDMAIL3", "PUTMAIL", "FTPGET", "FTPPUT", "OTCP", "LTCPSTART", "DISPLAYIP" })
        {
            Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#" + c));
        }
        Assert.Equal(Ok, board.Command("AT#CONNECTIONSTOP"));
        Assert.Equal(Ok, board.Command("AT#LTCPSTOP"));
    }
    [Fact]
    public void TheDriverStartsTheModule_AndLeavesTheHostsPresentationSettingsAlone()
    {
        var board = Quiet();
        Assert.Equal(new[] { "AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CGMM", "AT+CPIN?", "AT+CREG?", "AT+CGREG?" }, board.Radio.Received);
        Assert.Equal(NfAtip.Radio.RadioState.Ready, board.Board.Radio.State);
    }

    [Fact]
    public void ASilentModuleAtStart_DoesNotBlockTheBoard_AndItsStartUpRunsOnInTheBackground()
    {
        var host = new HostPipe();
        var clock = new FakeClock();
        var radio = new ScriptedRadio(clock) { Silent = true };
        var board = new Board(new NfAtip.Platform.BoardPlatform(host, radio, new NfAtip.HostAdapters.Flash.RamFlash(4096, 8), clock,
            new NfAtip.HostAdapters.Network.HostNetwork(), new NfAtip.HostAdapters.Network.HostIpLink()), TestBoard.Identity);
        board.Start();
        Assert.True(clock.TickMs < 100);
        host.Type(System.Text.Encoding.ASCII.GetBytes("AT\r"));
        board.Step(0);
        Assert.EndsWith(Ok, System.Text.Encoding.ASCII.GetString(host.TakeOutput()));
        Assert.True(clock.TickMs < 100);
        Assert.Equal(NfAtip.Radio.RadioState.Starting, board.Radio.State);
        // The module wakes up: the probing start-up finds it and configures it.
        radio.Silent = false;
        for (int i = 0; i < 200 && board.Radio.State != NfAtip.Radio.RadioState.Ready; i++)
        {
            clock.TickMs += 100;
            board.Step(0);
        }
        Assert.Equal(NfAtip.Radio.RadioState.Ready, board.Radio.State);
        Assert.Contains("ATE0", radio.Received);
    }

    [Fact]
    public void AHostCommandDuringTheStartUp_IsRelayed_AndTheStartUpStartsOver()
    {
        var host = new HostPipe();
        var clock = new FakeClock();
        var radio = new ScriptedRadio(clock) { Silent = true };
        var board = new Board(new NfAtip.Platform.BoardPlatform(host, radio, new NfAtip.HostAdapters.Flash.RamFlash(4096, 8), clock,
            new NfAtip.HostAdapters.Network.HostNetwork(), new NfAtip.HostAdapters.Network.HostIpLink()), TestBoard.Identity);
        board.Start(); // "AT" is out, unanswered
        radio.Silent = false;
        radio.Answers["AT+CSQ"] = "\r\n+CSQ: 20,0\r\n\r\nOK\r\n";
        host.Type(System.Text.Encoding.ASCII.GetBytes("ATE0\rAT+CSQ\r"));
        board.Step(0);
        Assert.EndsWith("\r\n+CSQ: 20,0\r\n" + Ok, System.Text.Encoding.ASCII.GetString(host.TakeOutput()));
        board.Step(0);
        board.Step(0);
        Assert.Equal(NfAtip.Radio.RadioState.Ready, board.Radio.State);
        Assert.Equal("AT+CSQ", radio.Received[1]);
        Assert.Equal(new[] { "AT", "ATE0" }, radio.Received.Skip(2).Take(2));
    }

    [Fact]
    public void TheWholeAnswer_InOrder_UrcSpellingsIncluded_AndTheFinalResultOfADial()
    {
        var board = Quiet();
        board.Radio.Answers["AT+CREG?"] = "\r\n+CREG: 0,1\r\n\r\nRING\r\n\r\nOK\r\n";
        Assert.Equal("\r\n+CREG: 0,1\r\n\r\nRING\r\n" + Ok, board.Command("AT+CREG?"));
        board.Radio.Answers["ATD123"] = "\r\nNO CARRIER\r\n";
        Assert.Equal("\r\nNO CARRIER\r\n", board.Command("ATD123"));
        board.Radio.Answers["AT+CMGS"] = "\r\n+CMS ERROR: 500\r\n";
        Assert.Equal("\r\n+CMS ERROR: 500\r\n", board.Command("AT+CMGS"));
        board.Command("ATQ1");
        Assert.Equal("", board.Command("AT+CGATT=1"));
        Assert.Equal("", board.Command("AT+CMGS"));
        board.Radio.Unsolicited("\r\nRING\r\n");
        Assert.Equal("\r\nRING\r\n", board.Send(""));
    }
}
