using NfAtip.TestSupport;
namespace NfAtip.Core.Tests;

/// <summary>
/// AT#CONNECTIONSTART / STOP / DISPLAYIP over the IP link as issue B needs it (GPRS mode; the
/// virtual board's link is the host network). Issue C adds the module driver in front.
/// </summary>
public class ConnectionTests
{
    private const string Ok = "\r\nOK\r\n";

    private static TestBoard Quiet()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        return board;
    }

    [Fact]
    public void AppendixA_GprsConnection_StartDisplayStop()
    {
        var board = Quiet();
        Assert.Equal(Ok, board.Command("AT#GPRSMODE=1"));
        Assert.Equal(Ok, board.Command("AT#APNSERV=\"apnserver.com\""));
        Assert.Equal(Ok, board.Command("AT#APNUN=\"login\""));
        Assert.Equal(Ok, board.Command("AT#APNPW=\"password\""));
        Assert.Equal("\r\n127.0.0.1\r\n\r\nOK_Info_GprsActivation\r\n", board.Command("AT#CONNECTIONSTART"));
        Assert.Equal("login", board.IpLink.LastRequest!.User);
        Assert.Equal("password", board.IpLink.LastRequest.Password);
        Assert.False(board.IpLink.LastRequest.Server);
        Assert.Equal("#STATE: \"CONNECTED\"\r\n" + Ok, board.Command("AT#VSTATE"));
        Assert.Equal("MY IP: 127.0.0.1\r\nGateway IP: 127.0.0.1\r\n" + Ok, board.Command("AT#DISPLAYIP"));
        Assert.Equal("\r\n#CME ERROR: 35840\r\n", board.Command("AT#CONNECTIONSTART"));
        Assert.Equal(Ok, board.Command("AT#CONNECTIONSTOP"));
        Assert.Equal("#STATE: \"IDLE\"\r\n" + Ok, board.Command("AT#VSTATE"));
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#DISPLAYIP"));
    }

    [Fact]
    public void AGprsLinkThatFails_Answers35868_AndStaysIdle()
    {
        var board = Quiet();
        board.IpLink.Outcome = 37120;
        // The GPRS process diagram: "GPRS Negotiation Successful? N → #CME ERROR: 35868".
        Assert.Equal("\r\n#CME ERROR: 35868\r\n", board.Command("AT#CONNECTIONSTART"));
        Assert.Equal("#STATE: \"IDLE\"\r\n" + Ok, board.Command("AT#VSTATE"));
        board.IpLink.Outcome = 1;
        Assert.StartsWith("\r\n127.0.0.1\r\n", board.Command("AT#CONNECTIONSTART"));
    }

    [Fact]
    public void ConnectionStart_NumericCodes_UnderAtv0()
    {
        var board = Quiet();
        board.Command("ATV0");
        Assert.Equal("127.0.0.1\r\n\r3086\r", board.Command("AT#CONNECTIONSTART"));
    }

    [Fact]
    public void GsmDataCall_WithoutANumber_IsABadConfiguration()
    {
        var board = Quiet();
        board.Command("AT#GPRSMODE=0");
        Assert.Equal("\r\n#CME ERROR: 36929\r\n", board.Command("AT#CONNECTIONSTART"));
        Assert.Equal("#STATE: \"IDLE\"\r\n" + Ok, board.Command("AT#VSTATE"));
    }

    [Fact]
    public void Services_NeedTheLink_ThenReachTheService()
    {
        var board = Quiet();
        Assert.Equal("\r\n#CME ERROR: 35867\r\n", board.Command("AT#GETMAIL"));
        board.Command("AT#CONNECTIONSTART");
        Assert.DoesNotContain("35867", board.Command("AT#GETMAIL"));
    }
}
