using NfAtip.TestSupport;
namespace NfAtip.Core.Tests;

/// <summary>Echo, editing, line endings, ATE/ATV/ATQ framing, long lines and multi-line BODY entry.</summary>
public class LineDisciplineTests
{
    private const string Ok = "\r\nOK\r\n";

    [Fact]
    public void PrefixAndMnemonic_AreCaseInsensitive()
    {
        var board = new TestBoard();
        Assert.Equal("at#pppmode=2\r" + Ok, board.Send("at#pppmode=2\r"));
        Assert.Equal("aT#PppMode?\r#PPPMODE: 2\r\n" + Ok, board.Send("aT#PppMode?\r"));
    }

    /// <summary>
    /// A mnemonic typed plainly (upper case, no spaces) is found by its ends and length (AtInterpreter.PlainMnemonic);
    /// any other spelling by the general loop. Both give the same answer for every parameter, and a stray character
    /// after a name is a syntax error either way, not an unknown command.
    /// </summary>
    [Fact]
    public void EveryParameter_AnswersTheSame_PlainLowerCaseOrSpaced()
    {
        var board = new TestBoard();
        foreach (var def in NfAtip.Parameters.ParameterTable.Rows)
        {
            string name = def.Name;
            string plain = board.Send($"AT#{name}?\r")[(name.Length + 5)..];
            Assert.StartsWith($"#{name}: ", plain);
            Assert.Equal(plain, board.Send($"at#{name.ToLowerInvariant()}?\r")[(name.Length + 5)..]);
            string spaced = name[..(name.Length / 2)] + " " + name[(name.Length / 2)..];
            Assert.Equal(plain, board.Send($"AT#{spaced}?\r")[(name.Length + 6)..]);
            Assert.EndsWith("\r\n#CME ERROR: 34819\r\n", board.Send($"AT#{name}-?\r"));
        }
        // Actions too (found in the same index).
        foreach (string action in new[] { "VVERSION", "VSTATE", "VPHY" })
        {
            string plain = board.Send($"AT#{action}\r")[(action.Length + 4)..];
            Assert.EndsWith("\r\nOK\r\n", plain);
            Assert.Equal(plain, board.Send($"at#{action.ToLowerInvariant()}\r")[(action.Length + 4)..]);
            Assert.Equal(plain, board.Send($"AT#{action[..2]} {action[2..]}\r")[(action.Length + 5)..]);
        }
        Assert.EndsWith("\r\n#CME ERROR: 34817\r\n", board.Send("AT#PPPMODEX?\r"));
        Assert.EndsWith("\r\n#CME ERROR: 34817\r\n", board.Send("AT#=1\r"));
    }

    [Fact]
    public void Backspace_AndDelete_EditTheLine_AndEraseOnScreen()
    {
        var board = new TestBoard();
        Assert.Equal("AT#PPPMODX\b \bE=3\r" + Ok, board.Send("AT#PPPMODX\bE=3\r"));
        Assert.Equal("AT#PPPMODE?X\b \b\r#PPPMODE: 3\r\n" + Ok, board.Send("AT#PPPMODE?X\u007f\r"));
        // Backspace on an empty line erases nothing.
        Assert.Equal("AT\r" + Ok, board.Send("\b\bAT\r"));
    }

    /// <summary>
    /// Decision F5: control bytes before a line's first character — a stray ETX (a Ctrl-C, or the far end and the
    /// host closing a socket at once), DLE, Ctrl-Z, ESC, NUL — are dropped unechoed, as a modem ignores what
    /// precedes AT; they used to make the next command 34817.
    /// </summary>
    [Fact]
    public void ControlBytes_BeforeALine_AreDropped_AndNotEchoed()
    {
        var board = new TestBoard();
        Assert.Equal("AT\r" + Ok + "AT\r" + Ok, board.Send("AT\r\u0003AT\r"));
        Assert.Equal("AT#PPPMODE?\r#PPPMODE: 1\r\n" + Ok, board.Send("\u0010\u0003\u001a\u001b\0\tAT#PPPMODE?\r"));
        // Inside a line they stay part of it: the command is not what was meant.
        Assert.Equal("AT#PPP\u0003MODE?\r\r\n#CME ERROR: 34817\r\n", board.Send("AT#PPP\u0003MODE?\r"));
        // Printable text before AT is a command line of its own (F5: it tells a typo): 34817.
        Assert.Equal("xAT\r\r\n#CME ERROR: 34817\r\n", board.Send("xAT\r"));
    }

    [Fact]
    public void CrLfLineEndings_AreAccepted_TheLfIsNotEchoed()
    {
        var board = new TestBoard();
        Assert.Equal("AT\r" + Ok + "AT\r" + Ok, board.Send("AT\r\nAT\r\n"));
    }

    [Fact]
    public void EmptyLine_GetsNoAnswer()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal("", board.Send("\r   \r\r\n"));
    }

    [Fact]
    public void Ate0_StopsEcho_Ate1_RestoresIt()
    {
        var board = new TestBoard();
        Assert.Equal("ATE0\r" + Ok, board.Send("ATE0\r"));
        Assert.Equal(Ok, board.Send("AT\r"));
        Assert.Equal(Ok, board.Send("ATE1\r"));
        Assert.Equal("AT\r" + Ok, board.Send("AT\r"));
        Assert.Equal("ATE\r" + Ok, board.Send("ATE\r")); // ATE = ATE0
        Assert.Equal(Ok, board.Send("AT\r"));
    }

    [Fact]
    public void Atv0_NumericCodes_AsAppendixBFrames_Them()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal("\r0\r", board.Command("ATV0"));
        Assert.Equal("\r0\r", board.Command("AT#PPPMODE=1"));
        Assert.Equal("#PPPMODE: 1\r\n\r0\r", board.Command("AT#PPPMODE?"));
        Assert.Equal("\r#CME ERROR: 34817\r\n", board.Command("AT#NOSUCH"));
        Assert.Equal("\r4\r", board.Command("ATE7"));
        Assert.Equal(Ok, board.Command("ATV1"));
    }

    [Fact]
    public void Atq1_SuppressesResultCodes_NotInformationText()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal("", board.Command("ATQ1"));
        Assert.Equal("", board.Command("AT#PPPMODE=2"));
        Assert.Equal("#PPPMODE: 2\r\n", board.Command("AT#PPPMODE?"));
        Assert.Equal("", board.Command("AT#NOSUCH"));
        Assert.Equal(Ok, board.Command("ATQ0"));
    }

    [Fact]
    public void ChainedBasicCommands_AllApply_OrNoneWhenOneIsBad()
    {
        var board = new TestBoard();
        Assert.Equal("ATE0V0\r\r0\r", board.Send("ATE0V0\r"));
        Assert.Equal("\r4\r", board.Command("ATV1Q5"));      // bad Q value: V1 not applied either
        Assert.Equal("\r0\r", board.Command("AT"));
        Assert.Equal(Ok, board.Command("ATZ"));             // back to E1 Q0 V1
        Assert.Equal("AT\r" + Ok, board.Send("AT\r"));
    }

    [Fact]
    public void A10kLineWithoutCr_IsDiscardedWith34881_AndTheBoardStaysResponsive()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string before = board.Command("AT#VALL");
        string answer = board.Send("AT#ISPUN=" + new string('x', 10_000));
        Assert.Equal("", answer);
        Assert.Equal("\r\n#CME ERROR: 34881\r\n", board.Command(""));
        Assert.Equal(Ok, board.Command("AT"));
        Assert.Equal(before, board.Command("AT#VALL"));
    }

    [Fact]
    public void TheLongestValidLine_Fits()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string value = new string('f', 120);
        Assert.Equal(Ok, board.Command($"AT#FTPGETFILENAME  =  \"{value}\"   "));
        Assert.Equal($"#FTPGETFILENAME: \"{value}\"\r\n" + Ok, board.Command("AT#FTPGETFILENAME?"));
    }

    [Fact]
    public void Body_MultiLineEntry_EndsWithCtrlZ()
    {
        var board = new TestBoard();
        Assert.Equal("AT#BODY1\rLine one\r\nLine two" + Ok, board.Send("AT#BODY1\rLine one\r\nLine two\u001a"));
        board.Command("ATE0");
        Assert.Equal("#BODY1: \"Line one\r\nLine two\"\r\n" + Ok, board.Command("AT#BODY1?"));
        Assert.Equal("#BODY1: \"Line one\r\nLine two\"\r\n" + Ok, board.Reboot().Send("ATE0\rAT#BODY1?\r").Substring(("ATE0\r" + Ok).Length));
    }

    [Fact]
    public void Body_TooLong_Or8Bit_IsRejectedWhole_AndEscCancels()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        board.Command("AT#BODY2=\"kept\"");
        Assert.Equal("\r\n#CME ERROR: 34882\r\n", board.Send("AT#BODY2\r" + new string('y', 121) + "\u001a"));
        Assert.Equal("\r\n#CME ERROR: 34882\r\n", board.Send("AT#BODY2\rcaf\u00e9\u001a"));
        Assert.Equal(Ok, board.Send("AT#BODY2\rabandoned\u001b"));
        Assert.Equal("#BODY2: \"kept\"\r\n" + Ok, board.Command("AT#BODY2?"));
        Assert.Equal(Ok, board.Send("AT#BODY2\r" + new string('y', 120) + "\u001a"));
        Assert.Equal(Ok, board.Send("AT#BODY2\rtypo\b\b\b\bfixed\u001a"));
        Assert.Equal("#BODY2: \"fixed\"\r\n" + Ok, board.Command("AT#BODY2?"));
    }

    /// <summary>
    /// A host's writes reach the board in reads of any size: a terminal's key at a time, a program's line at once, a
    /// long line in pieces. The interpreter takes runs of ordinary bytes whole and ends a short run at any byte outside
    /// printable ASCII (issue H), so every way of cutting the same bytes must give the same echo and answers.
    /// </summary>
    [Fact]
    public void TheSameBytes_GiveTheSameEchoAndAnswers_WholeOrInReadsOfAnySize()
    {
        string[] lines =
        {
            "AT\r", "at#pppmode?\r", "AT#PPPMODX\bE=3\r", "AT#PPPMODE?X\u007f\r", "\b\bAT\r", "AT#PPP\u0003MODE?\r",
            "\u0003\u0010AT\r\n", "AT#ISPUN=\"gr\u00fc\u00dfe\"\r", "AT#ISPUN=\"a\u0001b\"\r", "AT#ISPUN?\r",
            "AT#ISPUN=\"" + new string('x', 300) + "\"\r", "AT#BODY1\rone\u00e9\r\ntwo\u001a", "AT#BODY1\rone\r\ntwo\bO\u001a",
            "AT#BODY1?\r", "ATE0\rAT#PPPMODE?\r", "ATE1\r",
        };
        string whole = string.Empty;
        foreach (int size in new[] { 0, 1, 2, 3, 5, 7, 11 })
        {
            var board = new TestBoard();
            var output = new System.Text.StringBuilder();
            foreach (string line in lines)
            {
                if (size == 0) output.Append(board.Send(line));
                else for (int i = 0; i < line.Length; i += size) output.Append(board.Send(line.Substring(i, Math.Min(size, line.Length - i))));
            }
            if (size == 0) whole = output.ToString();
            else Assert.Equal(whole, output.ToString());
        }
        Assert.Contains("AT#PPPMODX\b \bE=3\r" + Ok, whole);
        Assert.Contains("\r#BODY1: \"one\r\ntwO\"\r\n" + Ok, whole);
        Assert.Contains("AT#PPP\u0003MODE?\r\r\n#CME ERROR: 34817\r\n", whole);
        Assert.EndsWith("#PPPMODE: 3\r\n" + Ok + Ok, whole);
    }
}
