using NfAtip.TestSupport;
using NfAtip.Parameters;

namespace NfAtip.Core.Tests;

/// <summary>All 60 parameters: set, read back, persist across a power cycle, and reject what the spec's Values paragraphs exclude.</summary>
public class ParameterTests
{
    private const string Ok = "\r\nOK\r\n";

    private static string Error(int code) => $"\r\n#CME ERROR: {code}\r\n";

    /// <summary>
    /// Values are canonicalized into a buffer of LongestValue characters (AtInterpreter, Settings.Load), and a save
    /// tracks the rows that differ from their defaults in one 64-bit mask (Settings): every row must fit both.
    /// </summary>
    [Fact]
    public void EveryCanonicalValue_FitsLongestValue_AndTheRowsFitTheSavesMask()
    {
        Assert.True(ParameterTable.Rows.Length <= 64);
        foreach (ParamDef r in ParameterTable.Rows)
        {
            int longest = r.Kind switch
            {
                ParamKind.Integer => ValueRules.MaxIntegerDigits,
                ParamKind.IpAddress => 15,
                ParamKind.Phone or ParamKind.CallScreen => ParameterTable.PhoneLength + 1,
                ParamKind.FtpType => 1,
                _ => r.MaxLength,
            };
            Assert.True(longest <= ParameterTable.LongestValue, r.Name);
            Assert.True(r.Default.Length <= longest, r.Name);
        }
    }

    /// <summary>
    /// A save writes the rows that differ from their defaults (Settings tracks them in a mask): a row set back to
    /// its default leaves the image, rows on either side of the mask's byte boundaries stay in it, and a failed
    /// write leaves the mask as it was.
    /// </summary>
    [Fact]
    public void SavedRows_AreExactlyThoseAwayFromTheirDefaults_AcrossAPowerCycle()
    {
        var board = new TestBoard();
        ParamDef[] rows = ParameterTable.Rows;
        int[] picked = { 0, 7, 8, 15, 16, 47, 57, rows.Length - 1 };
        foreach (int i in picked) Assert.EndsWith(Ok, board.Send($"AT#{rows[i].Name}={Quote(rows[i], LongestValue(rows[i]))}\r"));
        // Row 8 back to its default; row 15 fails to change (the old value stays, and stays saved).
        Assert.EndsWith(Ok, board.Send($"AT#{rows[8].Name}={Quote(rows[8], rows[8].Default)}\r"));
        board.Flash.FailWrites = true;
        Assert.EndsWith(Error(34824), board.Send($"AT#{rows[15].Name}={Quote(rows[15], rows[15].Default)}\r"));
        board.Flash.FailWrites = false;
        var rebooted = board.Reboot();
        foreach (int i in picked)
        {
            string expected = i == 8 ? rows[8].Default : LongestValue(rows[i]);
            Assert.Equal(expected, rebooted.Board.Settings.Get(i));
        }
    }

    private static string Quote(ParamDef def, string value) => def.IsNumeric ? value : "\"" + value + "\"";

    [Fact]
    public void TheTableHasTheSixtyParametersOfChapters2To5_ThenTheExtensions_WithUniqueNamesAndSlots()
    {
        Assert.Equal(60, ParameterTable.SpecRows);
        Assert.All(ParameterTable.Rows.Take(60), r => Assert.NotEqual(DisplayGroup.Tls, r.Group));
        Assert.All(ParameterTable.Rows.Skip(60), r => Assert.Equal(DisplayGroup.Tls, r.Group));
        // AT#VALL shows the groups in one pass over the table (Displays.ShowAll): each group's rows together, in display order.
        Assert.Equal(Enumerable.Range(0, DisplayGroup.Count), ParameterTable.Rows.Select(r => r.Group).Distinct());
        Assert.Equal(ParameterTable.Rows.Select(r => r.Group).Order(), ParameterTable.Rows.Select(r => r.Group));
        Assert.Equal(new[] { "SMTPTLS", "POP3TLS", "FTPTLS" }, ParameterTable.Rows.Skip(60).Select(r => r.Name));
        int rows = ParameterTable.Rows.Length;
        Assert.Equal(rows, ParameterTable.Rows.Select(r => r.Name).Distinct().Count());
        Assert.Equal(rows, ParameterTable.Rows.Select(r => r.Slot).Distinct().Count());
    }

    /// <summary>A valid value for the row that is not its default, at the longest length the row allows.</summary>
    public static string SampleValue(ParamDef def) => def.Kind switch
    {
        ParamKind.Integer => (def.Max.ToString() != def.Default ? def.Max : def.Min).ToString(),
        ParamKind.Text => new string(Enumerable.Range(0, def.MaxLength).Select(i => (char)(0x21 + (i * 7 + def.Slot) % 94)).Where(c => c != '"').ToArray()).PadRight(def.MaxLength, 'z'),
        ParamKind.Body => new string('b', def.MaxLength - 1) + def.Slot % 10,
        ParamKind.IpAddress => $"203.0.113.{def.Slot}",
        ParamKind.Host => new string('h', 60) + "." + new string('q', 50) + ".example",
        ParamKind.Phone => "+" + new string('7', ParameterTable.PhoneLength),
        ParamKind.CallScreen => "*",
        ParamKind.FtpType => "A",
        _ => throw new InvalidOperationException(def.Kind.ToString()),
    };

    [Fact]
    public void EveryParameter_RoundTripsAtItsLongest_AndPersistsAcrossAPowerCycle()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        foreach (ParamDef def in ParameterTable.Rows)
        {
            string value = SampleValue(def);
            Assert.Equal(Ok, board.Command($"AT#{def.Name}=\"{value}\""));
            Assert.Equal(Expected(def, value), board.Command($"AT#{def.Name}?"));
        }

        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        foreach (ParamDef def in ParameterTable.Rows)
        {
            Assert.Equal(Expected(def, SampleValue(def)), rebooted.Command($"AT#{def.Name}?"));
        }
    }

    /// <summary>The longest canonical value each row can hold.</summary>
    private static string LongestValue(ParamDef def) => def.Kind switch
    {
        ParamKind.Integer => def.Max.ToString(),
        ParamKind.IpAddress => "255.255.255.255",
        ParamKind.Host => new string('h', def.MaxLength),
        ParamKind.Phone or ParamKind.CallScreen => "+" + new string('9', ParameterTable.PhoneLength),
        _ => SampleValue(def),
    };

    [Fact]
    public void AllSixtyValuesAtTheirLongest_FitTheStore_OneSectorWriteEach()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        board.Command("AT+IPR=921600");
        board.Command("AT+IFC=2,2");
        board.Command("ATS0=255");
        foreach (ParamDef def in ParameterTable.Rows)
        {
            int erases = board.Flash.Erases;
            Assert.Equal(Ok, board.Command($"AT#{def.Name}=\"{LongestValue(def)}\""));
            Assert.Equal(erases + (LongestValue(def) == def.Default ? 0 : 1), board.Flash.Erases);
        }
        var rebooted = board.Reboot();
        Assert.Equal(921600, rebooted.Host.BaudRate);
        rebooted.Command("ATE0");
        foreach (ParamDef def in ParameterTable.Rows)
        {
            Assert.Equal(Expected(def, LongestValue(def)), rebooted.Command($"AT#{def.Name}?"));
        }
    }

    [Fact]
    public void EveryParameter_ReadsItsDefault_OnABlankStore()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        foreach (ParamDef def in ParameterTable.Rows)
        {
            Assert.Equal(Expected(def, def.Default), board.Command($"AT#{def.Name}?"));
        }
    }

    private static string Expected(ParamDef def, string value) =>
        def.IsNumeric ? $"#{def.Name}: {value}\r\n{Ok}" : $"#{def.Name}: \"{value}\"\r\n{Ok}";

    public static TheoryData<string, string?> Values => new()
    {
        // integers: ranges from the Values paragraphs, 1–5 digits, no sign
        { "CALLBACKTIMER=1", null }, { "CALLBACKTIMER=2", "2" }, { "CALLBACKTIMER=255", "255" }, { "CALLBACKTIMER=256", null },
        { "REDIALDELAY=0", "0" }, { "REDIALDELAY=4", null }, { "REDIALDELAY=5", "5" }, { "REDIALDELAY=14", "14" }, { "REDIALDELAY=15", null },
        { "REDIALCOUNT=0", "0" }, { "REDIALCOUNT=14", "14" }, { "REDIALCOUNT=15", null },
        { "RINGCOUNT=15", "15" }, { "RINGCOUNT=16", null }, { "PHYTIMEOUT=0", null }, { "ANSWERMODE=3", "3" }, { "ANSWERMODE=4", null },
        { "PPPMODE=4", "4" }, { "PPPMODE=9", null }, { "PPPMODE=-1", null }, { "PPPMODE=+1", null }, { "PPPMODE=00001", "1" }, { "PPPMODE=00000", "0" }, { "REDIALDELAY=00", "0" }, { "TCPPORT=00080", "80" }, { "PPPMODE=000001", null },
        { "PPPMODE=99999999999999999999", null }, { "PPPMODE=", null }, { "PPPMODE=1 2", null }, { "PPPMODE=0x1", null }, { "PPPMODE=1.0", null },
        { "GPRSCID=0", null }, { "GPRSCID=4", "4" }, { "GPRSCID=5", null }, { "DIALSELECT=0", null }, { "DIALSELECT=2", "2" },
        { "GPRSMODE=2", null }, { "DLEMODE=0", "0" }, { "DLEMODE=2", null }, { "POP3HEADERMODE=0", "0" },
        { "FTPPORT=65535", "65535" }, { "FTPPORT=65536", null }, { "FTPPORT=00021", "21" }, { "SMTPPORT=0", "0" }, { "TCPPORT=\"23\"", "23" }, { "POP3PORT=99999", null },
        // FTPTYPE: A or I
        { "FTPTYPE=A", "\"A\"" }, { "FTPTYPE=i", "\"I\"" }, { "FTPTYPE=1", null }, { "FTPTYPE=AI", null }, { "FTPTYPE=", null }, { "FTPTYPE=X", null },
        // dotted IPv4
        { "DNSSERV1=203.0.113.7", "\"203.0.113.7\"" }, { "DNSSERV1=001.002.003.004", "\"1.2.3.4\"" }, { "DNSSERV1=255.255.255.255", "\"255.255.255.255\"" },
        { "DNSSERV1=256.1.1.1", null }, { "DNSSERV1=1.2.3", null }, { "DNSSERV1=1.2.3.4.5", null }, { "DNSSERV1=1..2.3", null },
        { "DNSSERV1=", null }, { "DNSSERV1=a.b.c.d", null }, { "PPPMYIP=1.2.3.4 ", "\"1.2.3.4\"" }, { "DNSSERV2=1234.1.1.1", null },
        // server: IPv4 or DNS name, or empty
        { "SMTPSERV=smtp.example.com", "\"smtp.example.com\"" }, { "SMTPSERV=", "\"\"" }, { "SMTPSERV=1.2.3.999", null },
        { "SMTPSERV=smtp..example", null }, { "SMTPSERV=bad host", null }, { "SMTPSERV=.lead", null }, { "FTPSERV=ftp-1.example.org.", "\"ftp-1.example.org.\"" },
        // phone numbers
        { "DIALN1=+441234", "\"+441234\"" }, { "DIALN1=", "\"\"" }, { "DIALN1=12a", null }, { "DIALN1=+", null }, { "DIALN1=++1", null },
        { "DIALN1=123456789012345678901", null }, { "CALLSCREENNUM=*", "\"*\"" }, { "CALLSCREENNUM=0", "\"0\"" }, { "CALLSCREENNUM=+4412", "\"+4412\"" },
        { "CALLSCREENNUM=", null }, { "CALLSCREENNUM=**", null },
        // text: printable ASCII, 64 or 120 characters
        { "ISPUN=" + new string('u', 64), "\"" + new string('u', 64) + "\"" }, { "ISPUN=" + new string('u', 65), null },
        { "APNSERV=" + new string('a', 120), "\"" + new string('a', 120) + "\"" }, { "APNSERV=" + new string('a', 121), null },
        { "ISPPW=p@ss w0rd!", "\"p@ss w0rd!\"" }, { "ISPPW=\"  spaced  \"", "\"  spaced  \"" }, { "ISPPW=", "\"\"" },
        { "SUBJ2=caf\u00e9", null }, { "SUBJ2=a\u0000b", null }, { "SUBJ2=tab\there", null },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void SetValue_IsCheckedAgainstItsValuesParagraph(string assignment, string? shown)
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string name = assignment.Substring(0, assignment.IndexOf('='));
        string before = board.Command("AT#VALL");
        string answer = board.Command("AT#" + assignment);
        if (shown is null)
        {
            Assert.Equal(Error(34882), answer);
            Assert.Equal(before, board.Command("AT#VALL"));
            Assert.Equal(0, board.Flash.Erases);
        }
        else
        {
            Assert.Equal(Ok, answer);
            Assert.Equal($"#{name}: {shown}\r\n{Ok}", board.Command($"AT#{name}?"));
        }
    }

    public static TheoryData<string, int> SyntaxErrors => new()
    {
        { "AT#ISPUN=\"abc", 34819 }, { "AT#ISPUN=\"a\"b", 34819 }, { "AT#ISPUN=a\"b", 34819 }, { "AT#ISPUN", 34819 },
        { "AT#PPPMODE?1", 34819 }, { "AT#PPPMODE!", 34819 }, { "AT#VALL?", 34819 }, { "AT#VALL=1", 34819 }, { "AT#PPPMODE\u0000", 34819 },
        { "AT#NOSUCH", 34817 }, { "AT#", 34817 }, { "AT#=1", 34817 }, { "AT#PPP-MODE=1", 34817 }, { "HELLO", 34817 }, { "A", 34817 },
        { "\u0000\u0001\u00ff", 34817 }, { "AT#POP3PPORT?", 34817 }, { "AT#" + new string('X', 40), 34817 }, { "AT#PPPMODEE=1", 34817 },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void MalformedCommands_GetTheirCode_AndChangeNothing(string line, int code)
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string before = board.Command("AT#VALL");
        Assert.Equal(Error(code), board.Command(line));
        Assert.Equal(before, board.Command("AT#VALL"));
        Assert.Equal(Ok, board.Command("AT"));
    }

    [Fact]
    public void TestCommand_ShowsTheRange_AndNeverSetsAValue()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal("#PPPMODE: (0-4)\r\n" + Ok, board.Command("AT#PPPMODE=?"));
        Assert.Equal("#REDIALDELAY: (0,5-14)\r\n" + Ok, board.Command("AT#REDIALDELAY=?"));
        Assert.Equal("#FTPTYPE: (\"A\",\"I\")\r\n" + Ok, board.Command("AT#FTPTYPE=?"));
        Assert.Equal(Ok, board.Command("AT#ISPUN=?"));
        Assert.Equal("#ISPUN: \"\"\r\n" + Ok, board.Command("AT#ISPUN?"));
        Assert.Equal(Ok, board.Command("AT#VALL=?"));
    }

    [Fact]
    public void AFailedFlashWrite_Answers34824_AndKeepsTheOldValue()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#PPPMODE=3"));
        board.Flash.FailWrites = true;
        Assert.Equal(Error(34824), board.Command("AT#PPPMODE=2"));
        Assert.Equal("#PPPMODE: 3\r\n" + Ok, board.Command("AT#PPPMODE?"));
        board.Flash.FailWrites = false;
        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        Assert.Equal("#PPPMODE: 3\r\n" + Ok, rebooted.Command("AT#PPPMODE?"));
    }

    [Fact]
    public void EachChange_CostsAtMostOneSectorWrite_AndAnUnchangedValueNone()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        int before = board.Flash.Erases;
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=smtp.example.com"));
        Assert.Equal(before + 1, board.Flash.Erases);
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"smtp.example.com\""));
        Assert.Equal(before + 1, board.Flash.Erases);
    }

    [Fact]
    public void BackToBackWrites_AtLineRate_AllSucceedAndTheLastWins()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        var burst = new System.Text.StringBuilder();
        for (int i = 0; i < 300; i++) burst.Append($"AT#TCPPORT={i}\r");
        string answers = board.Send(burst.ToString());
        Assert.Equal(300, CountOf(answers, Ok));
        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        Assert.Equal("#TCPPORT: 299\r\n" + Ok, rebooted.Command("AT#TCPPORT?"));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
