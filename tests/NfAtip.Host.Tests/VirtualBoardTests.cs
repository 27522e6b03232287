using System.Text;
using Xunit;
using NfAtip.Parameters;

namespace NfAtip.Host.Tests;

/// <summary>
/// The virtual board as a user meets it: the real process, its --state flash image, the spec's
/// examples byte for byte over --stdio, and every parameter surviving a restart.
/// </summary>
public class VirtualBoardTests
{
    private const string Ok = "\r\nOK\r\n";

    /// <summary>What "ATE0\r" answers: its own echo (echo is still on when it arrives), then OK.</summary>
    private const string EchoOff = "ATE0\r" + Ok;

    /// <summary>Runs one board process over --stdio: sends the input, closes stdin, returns stdout after a clean exit.</summary>
    private static string RunSession(string stateDir, string input)
    {
        using var board = BoardProcess.Start("--stdio", "--state", stateDir);
        board.Stdin.Write(Encoding.Latin1.GetBytes(input));
        board.Stdin.Close();
        Assert.Equal(0, board.WaitForExit(60000));
        return Encoding.Latin1.GetString(board.StdoutBytes);
    }

    [Fact]
    public void AppendixA_AtHashInterface_ByteForByte()
    {
        using var state = new TempDir();
        Assert.Equal("AT#PPPMODE=1\r" + Ok + "AT#PPPMODE?\r#PPPMODE: 1\r\n" + Ok, RunSession(state.Path, "AT#PPPMODE=1\rAT#PPPMODE?\r"));
    }

    /// <summary>A short valid value for each row that differs from its default.</summary>
    private static string ValueFor(ParamDef def) => def.Kind switch
    {
        ParamKind.Integer => (def.Min.ToString() != def.Default ? def.Min : def.Max).ToString(),
        ParamKind.IpAddress => $"198.51.100.{def.Slot}",
        ParamKind.Host => $"{def.Name.ToLowerInvariant()}.example.net",
        ParamKind.Phone => $"+3312345{def.Slot:00}",
        ParamKind.CallScreen => "+33999",
        ParamKind.FtpType => "A",
        _ => $"{def.Name} value {def.Slot}!",
    };

    [Fact]
    public void AllSixtyParameters_PersistAcrossARestart_InTheStateDirectory()
    {
        using var state = new TempDir();
        var set = new StringBuilder("ATE0\r");
        var read = new StringBuilder("ATE0\r");
        var expected = new StringBuilder(EchoOff);
        foreach (ParamDef def in ParameterTable.Rows)
        {
            string value = ValueFor(def);
            set.Append($"AT#{def.Name}=\"{value}\"\r");
            read.Append($"AT#{def.Name}?\r");
            expected.Append(def.IsNumeric ? $"#{def.Name}: {value}\r\n{Ok}" : $"#{def.Name}: \"{value}\"\r\n{Ok}");
        }

        string first = RunSession(state.Path, set.ToString());
        Assert.Equal(EchoOff + string.Concat(Enumerable.Repeat(Ok, ParameterTable.Rows.Length)), first);
        Assert.Equal(expected.ToString(), RunSession(state.Path, read.ToString()));

        // A different state directory is a different board: factory defaults.
        using var other = new TempDir();
        Assert.Equal(EchoOff + "#ISPUN: \"\"\r\n" + Ok, RunSession(other.Path, "ATE0\rAT#ISPUN?\r"));
    }
}
