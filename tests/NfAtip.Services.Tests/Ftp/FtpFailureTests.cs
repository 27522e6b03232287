using NfAtip.TestSupport;
using static NfAtip.Services.Tests.Ftp.FtpKit;

namespace NfAtip.Services.Tests.Ftp;

/// <summary>
/// Failure paths against a scripted FTP server: at every protocol step a reject, a stall, a drop, a
/// reset and a 10 MB line. Each ends with the documented code (after ETX once data mode began), the
/// board closes its sockets and is back in command mode.
/// </summary>
public class FtpFailureTests
{
    /// <summary>
    /// The spec's reply timeout (3 minutes) for every reply: a stall declares the fake's silence and the
    /// board's clock skips its wait (<see cref="PeerSilence"/>), replies that do come are waited for in real time.
    /// </summary>
    private static TestBoard Board(FakeFtpServer fake)
    {
        var board = FtpKit.Board(fake.Port, silence: fake.Silence);
        Set(board, "FTPGETPATH", "dir");
        Set(board, "FTPPUTPATH", "dir");
        Set(board, "FTPGETFILENAME", "file.bin");
        Set(board, "FTPPUTFILENAME", "file.bin");
        return board;
    }

    /// <summary>Runs AT#FTPGET; checks the answer, that the control connection was released and that AT works.</summary>
    private static void GetFails(FakeFtpServer fake, string expected)
    {
        var board = Board(fake);
        Assert.Equal(expected, FtpServerTests.Latin1(Get(board)));
        // A stall is 37964 after the spec's whole 3 minutes of board time, not before.
        if (fake.How == Misbehaviour.Stall) Assert.InRange(board.SkippedMs, 179_000, 200_000);
        Assert.True(fake.WaitEnded(), "the board did not close the control connection");
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Theory]
    [InlineData(FtpStep.Greeting, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Greeting, Misbehaviour.Close, "", 38016)]
    [InlineData(FtpStep.Greeting, Misbehaviour.Reset, "", 38016)]
    [InlineData(FtpStep.Greeting, Misbehaviour.Reply, "421 too many users", 38016)]
    [InlineData(FtpStep.Greeting, Misbehaviour.HugeGarbageLine, "", 38016)]
    [InlineData(FtpStep.User, Misbehaviour.Reply, "530 user unknown", 38080)]
    [InlineData(FtpStep.User, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.User, Misbehaviour.Close, "", 38080)]
    [InlineData(FtpStep.User, Misbehaviour.Reset, "", 38080)]
    [InlineData(FtpStep.User, Misbehaviour.HugeGarbageLine, "", 38080)]
    [InlineData(FtpStep.Pass, Misbehaviour.Reply, "530 login incorrect", 38081)]
    [InlineData(FtpStep.Pass, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Pass, Misbehaviour.Close, "", 38081)]
    [InlineData(FtpStep.Pass, Misbehaviour.HugeGarbageLine, "", 38081)]
    [InlineData(FtpStep.Type, Misbehaviour.Reply, "504 type not implemented", 38016)]
    [InlineData(FtpStep.Type, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Type, Misbehaviour.HugeGarbageLine, "", 38016)]
    [InlineData(FtpStep.Cwd, Misbehaviour.Reply, "550 no such directory", 38022)]
    [InlineData(FtpStep.Cwd, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Cwd, Misbehaviour.Reset, "", 38022)]
    [InlineData(FtpStep.Cwd, Misbehaviour.HugeGarbageLine, "", 38022)]
    [InlineData(FtpStep.Epsv, Misbehaviour.Reply, "425 cannot open passive connection", 38024)]
    [InlineData(FtpStep.Epsv, Misbehaviour.Reply, "229 Entering Extended Passive Mode (|||99999|)", 38024)]
    [InlineData(FtpStep.Epsv, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Epsv, Misbehaviour.HugeGarbageLine, "", 38024)]
    [InlineData(FtpStep.Retr, Misbehaviour.Reply, "550 no such file", 38024)]
    [InlineData(FtpStep.Retr, Misbehaviour.Stall, "", 37964)]
    [InlineData(FtpStep.Retr, Misbehaviour.Close, "", 38024)]
    [InlineData(FtpStep.Retr, Misbehaviour.HugeGarbageLine, "", 38024)]
    public void Get_FailsBeforeData_WithTheStepsCode(FtpStep step, Misbehaviour how, string reply, int code)
    {
        using var fake = new FakeFtpServer { At = step, How = how, Reply = reply };
        GetFails(fake, Error(code));
    }

    [Theory]
    [InlineData(Misbehaviour.Reply, "426 connection closed; transfer aborted", 38024)]
    [InlineData(Misbehaviour.Reply, "451 local error", 38024)]
    [InlineData(Misbehaviour.Stall, "", 37964)]
    [InlineData(Misbehaviour.Close, "", 38024)]
    [InlineData(Misbehaviour.Reset, "", 38024)]
    [InlineData(Misbehaviour.HugeGarbageLine, "", 38024)]
    public void Get_FinalReplyFails_EtxThenCode(Misbehaviour how, string reply, int code)
    {
        var payload = Binary(5000);
        using var fake = new FakeFtpServer { At = FtpStep.Final, How = how, Reply = reply, Payload = payload };
        GetFails(fake, DataBegin + FtpServerTests.Latin1(Encode(payload)) + "\u0003" + Error(code));
    }

    [Fact]
    public void Get_AServerTricklingItsFile_Is37964_WithinAProgressWindow()
    {
        // Issue I, hole 3: a byte every 100 ms never let the per-read timeout expire, so AT#FTPGET ran on
        // for as long as the server liked. Decision N1: MinProgressBytes per ProgressWindowMs (here 256 per 1.5 s).
        var payload = Binary(10_000);
        using var fake = new FakeFtpServer { Payload = payload, DropAfter = 100, TrickleMs = 100 };
        var board = Board(fake);
        board.Board.Tunables.MinProgressBytes = 256;
        board.Board.Tunables.ProgressWindowMs = 1500;
        string answer = FtpServerTests.Latin1(Get(board));
        Assert.StartsWith(DataBegin, answer);
        Assert.EndsWith("\u0003" + Error(37964), answer);
        Assert.True(answer.Length < DataBegin.Length + 2 * 1000, "far more than a window's trickle was read: " + answer.Length);
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void Get_AnEndlessReplyLine_IsTheStepsRefusal_AfterMaxLineBytes_NotTheReplyDeadline()
    {
        // Issue I, hole 3: a line without end was read until the reply's deadline (180 s, 71 GB on loopback).
        // Decision N1: a line is at most LineReader.MaxLineBytes (16 MB), then garbage. The deadline here is
        // ten minutes, so only the line bound can end it.
        using var fake = new FakeFtpServer { At = FtpStep.User, How = Misbehaviour.EndlessLine };
        var board = Board(fake);
        board.Board.Tunables.ServerReplyMs = 600_000;
        Set(board, "FTPGETFILENAME", "x");
        Assert.Equal(Error(38080), FtpServerTests.Latin1(Get(board)));
        Assert.Equal(Ok, board.Command("AT"));
        // The board stopped reading at the bound (what socket buffers hold comes on top), not at some later end.
        Assert.True(fake.EndlessWritten < 2L * NfAtip.Net.LineReader.MaxLineBytes, fake.EndlessWritten + " bytes taken");
    }

    [Fact]
    public void Get_DataResetThen226_IsStill38024()
    {
        // Issue I, hole 5: a data connection reset after part of the file, then "226" on the control
        // connection, gave OK with a quarter of the file. A reset is no end of file, whatever the server says.
        var payload = Binary(100_000);
        using var fake = new FakeFtpServer { Payload = payload, DropAfter = 30_000, ResetData = true, CompleteAfterReset = true };
        var board = Board(fake);
        string answer = FtpServerTests.Latin1(Get(board));
        Assert.StartsWith(DataBegin, answer);
        Assert.EndsWith("\u0003" + Error(38024), answer);
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Get_DropMidTransfer_EtxThen38024(bool reset)
    {
        var payload = Binary(100_000);
        using var fake = new FakeFtpServer { Payload = payload, DropAfter = 30_000, ResetData = reset };
        string sent = FtpServerTests.Latin1(Encode(payload[..30_000]));
        if (!reset)
        {
            GetFails(fake, DataBegin + sent + "\u0003" + Error(38024));
            return;
        }
        // A reset may discard bytes still in flight: whatever arrived is a prefix of what was sent.
        var board = Board(fake);
        string answer = FtpServerTests.Latin1(Get(board));
        string tail = "\u0003" + Error(38024);
        Assert.StartsWith(DataBegin, answer);
        Assert.EndsWith(tail, answer);
        Assert.StartsWith(answer[DataBegin.Length..^tail.Length], sent, StringComparison.Ordinal);
        Assert.True(fake.WaitEnded());
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void Get_DataStall_EtxThen37964()
    {
        var payload = Binary(10_000);
        using var fake = new FakeFtpServer { Payload = payload, DropAfter = 4000, StallData = true };
        GetFails(fake, DataBegin + FtpServerTests.Latin1(Encode(payload[..4000])) + "\u0003" + Error(37964));
    }

    [Theory]
    [InlineData(FtpStep.Greeting)]
    [InlineData(FtpStep.User)]
    [InlineData(FtpStep.Pass)]
    [InlineData(FtpStep.Type)]
    [InlineData(FtpStep.Cwd)]
    [InlineData(FtpStep.Retr)]
    [InlineData(FtpStep.Final)]
    public void Get_TenMegabyteReplyLine_IsReadInBoundedMemory_AndAccepted(FtpStep step)
    {
        using var fake = new FakeFtpServer { At = step, How = Misbehaviour.HugeValidLine };
        var board = Board(fake);
        Assert.Equal(DataBegin + "fake file\r\n\u0003" + Ok, FtpServerTests.Latin1(Get(board)));
    }

    [Fact]
    public void Get_EpsvRefused_FallsBackToPasv_AndIgnoresThePasvAddress()
    {
        using var fake = new FakeFtpServer { RefuseEpsv = true };
        var board = Board(fake);
        string answer = FtpServerTests.Latin1(Get(board));
        Assert.True(answer == DataBegin + "fake file\r\n\u0003" + Ok, answer + string.Join("|", fake.Commands));
        lock (fake.Commands)
            Assert.Equal(new[] { "USER user", "PASS secret", "TYPE I", "CWD dir", "EPSV", "PASV", "RETR file.bin", "QUIT" }, fake.Commands);
    }

    [Theory]
    [InlineData(Misbehaviour.Reply, "500 PASV not understood", 38024)]
    [InlineData(Misbehaviour.Reply, "227 Entering Passive Mode (127,0,0,1,0,0)", 38024)]
    [InlineData(Misbehaviour.Reply, "227 garbage", 38024)]
    [InlineData(Misbehaviour.Stall, "", 37964)]
    public void Get_PasvFails(Misbehaviour how, string reply, int code)
    {
        using var fake = new FakeFtpServer { RefuseEpsv = true, At = FtpStep.Pasv, How = how, Reply = reply };
        GetFails(fake, Error(code));
    }

    [Theory]
    [InlineData(Misbehaviour.Reply, "553 file name not allowed", 38023)]
    [InlineData(Misbehaviour.Reply, "550 permission denied", 38023)]
    [InlineData(Misbehaviour.Stall, "", 37964)]
    [InlineData(Misbehaviour.HugeGarbageLine, "", 38023)]
    [InlineData(Misbehaviour.Reset, "", 38023)]
    public void Put_StorRefused(Misbehaviour how, string reply, int code)
    {
        using var fake = new FakeFtpServer { At = FtpStep.Stor, How = how, Reply = reply };
        var board = Board(fake);
        Assert.Equal(Error(code), FtpServerTests.Latin1(board.SendBytes(Ascii("AT#FTPPUT\r"))));
        Assert.True(fake.WaitEnded());
    }

    [Theory]
    [InlineData(Misbehaviour.Reply, "452 insufficient storage", 38024)]
    [InlineData(Misbehaviour.Stall, "", 37964)]
    [InlineData(Misbehaviour.Close, "", 38024)]
    [InlineData(Misbehaviour.Reset, "", 38024)]
    [InlineData(Misbehaviour.HugeGarbageLine, "", 38024)]
    public void Put_FinalReplyFails_EtxThenCode(Misbehaviour how, string reply, int code)
    {
        using var fake = new FakeFtpServer { At = FtpStep.Final, How = how, Reply = reply };
        var board = Board(fake);
        Assert.Equal(WaitingForData + "\u0003" + Error(code), FtpServerTests.Latin1(Put(board, Binary(3000))));
        Assert.True(fake.WaitEnded());
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void Put_ServerDropsDataConnection_HostDataIsDrained_EtxThen38024()
    {
        using var fake = new FakeFtpServer { StorLimit = 10_000 };
        var board = Board(fake);
        // 2 MB of host data after the drop: all of it must be swallowed, none reaches the interpreter.
        var answer = FtpServerTests.Latin1(Put(board, Binary(2 * 1024 * 1024)));
        Assert.Equal(WaitingForData + "\u0003" + Error(38024), answer);
        Assert.True(fake.WaitEnded());
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void Put_HostSilent_EndsDataModeWithEtxThen37952()
    {
        using var fake = new FakeFtpServer();
        var board = Board(fake);
        board.Board.Tunables.HostInactivityMs = 300;
        var answer = FtpServerTests.Latin1(board.SendBytes(Concat(Ascii("AT#FTPPUT\r"), new byte[] { 1, 2, 4 })));
        Assert.Equal(WaitingForData + "\u0003" + Error(37952), answer);
        Assert.True(fake.WaitEnded());
        Assert.Equal(new byte[] { 1, 2, 4 }, fake.Stored.ToArray());
    }

    [Fact]
    public void Put_BytesAfterTheEtx_AreTheNextCommand()
    {
        using var fake = new FakeFtpServer();
        var board = Board(fake);
        var answer = FtpServerTests.Latin1(board.SendBytes(Concat(Ascii("AT#FTPPUT\r"), new byte[] { 7, Dle, Etx, Etx }, Ascii("AT\r"))));
        Assert.Equal(WaitingForData + "\u0003" + Ok + Ok, answer);
        Assert.Equal(new byte[] { 7, Etx }, fake.Stored.ToArray());
    }

    [Fact]
    public void NoLink_Is35867()
    {
        var board = new TestBoard(realTime: true);
        board.Command("ATE0");
        Assert.Equal(Error(35867), FtpServerTests.Latin1(Get(board)));
    }
}
