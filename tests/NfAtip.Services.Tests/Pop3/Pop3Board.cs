using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>A board on the system clock with its link up and the POP3 parameters set, echo off.</summary>
public static class Pop3Board
{
    public const string Ok = "\r\nOK\r\n";
    public const string InfoMail = "\r\nOK_Info_Mail\r\n";
    public const string InfoNoMail = "\r\nOK_Info_NoMail\r\n";

    public static string Error(int code) => $"\r\n#CME ERROR: {code}\r\n";

    /// <param name="silence">The scripted server's silence: its stall skips the board's clock (<see cref="PeerSilence"/>).</param>
    public static TestBoard Create(int port, string user, string password = DovecotServer.Password, int headerMode = 1, int replyMs = 180000, PeerSilence? silence = null)
    {
        var board = new TestBoard(realTime: true, silence: silence);
        board.Board.Tunables.ServerReplyMs = replyMs;
        board.Board.Tunables.ConnectMs = 5000;
        board.Board.Tunables.DnsQueryMs = 300;
        Assert.EndsWith(Ok, board.Command("ATE0")); // echoed: echo is still on
        Set(board, "POP3SERV", "\"127.0.0.1\"");
        Set(board, "POP3PORT", port.ToString());
        Set(board, "POP3UN", "\"" + user + "\"");
        Set(board, "POP3PW", "\"" + password + "\"");
        Set(board, "POP3HEADERMODE", headerMode.ToString());
        string link = board.Command("AT#CONNECTIONSTART");
        Assert.EndsWith("OK_Info_GprsActivation\r\n", link);
        return board;
    }

    public static void Set(TestBoard board, string name, string value) =>
        Assert.Equal(Ok, board.Command($"AT#{name}={value}"));
}
