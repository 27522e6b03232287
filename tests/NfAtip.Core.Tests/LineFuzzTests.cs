using NfAtip.TestSupport;
using System.Text;
using NfAtip.Parameters;

namespace NfAtip.Core.Tests;

/// <summary>
/// Generated hostile input for the line discipline (fixed seed, so a failure replays): each case
/// is a line assembled from real mnemonics, values, quotes, spaces, NUL, control and 8-bit bytes,
/// overlong runs, BODY entries and mode switches. After every case the board must still answer a
/// probe, and a case that was not answered OK must not have changed any setting; every so often
/// the flash image is reloaded and must equal the settings in RAM.
/// </summary>
public class LineFuzzTests
{
    private const int Cases = 100_000;
    private const int Seed = 0x5EED;

    private static readonly string[] Mnemonics = ParameterTable.Rows.Select(r => r.Name)
        .Concat(new[] { "VALL", "VPHY", "VMAIL2", "VSTATE", "VVERSION", "DIALN 1", "NOSUCH", "", "BODY1", "GETMAIL", "CACERT", "VTLS" }).ToArray();

    private static readonly string[] Fragments =
    {
        "AT", "at", "AT#", "=", "?", "=?", "\"", " ", "0", "1", "255", "65536", "-1", "+", "00001", "1.2.3.4", "256.0.0.1",
        "smtp.example.com", "a b", "*", "I", "A", ",", "E0", "V0", "Q1", "Z", "S0=3", "+IPR=9600", "+IFC=2,2", "+WOPEN=1", "+CSQ",
        "\0", "\u0001", "\u0003", "\u0010", "\u001a", "\u001b", "\b", "\u007f", "\n", "\u00e9", "\u00ff", "\u0080",
    };

    /// <summary>Inside a BODY entry only the final byte may end it, so the case stays one command.</summary>
    private static readonly string[] BodyFragments = Fragments.Where(f => !f.Contains('\u001a') && !f.Contains('\u001b')).ToArray();

    [Fact]
    public void HostileLines_NeverHang_NeverCorrupt_NeverChangeOnError()
    {
        var random = new Random(Seed);
        var board = new TestBoard();
        int answeredOk = 0;
        for (int n = 0; n < Cases; n++)
        {
            string[] before = Snapshot(board);
            string input = NextCase(random);
            string answer = board.Send(input);

            // The probe: ESC leaves a BODY entry if the case opened one; ATZ restores echo and verbose codes.
            board.Send("\u001b\r");
            string probe = board.Send("ATZ\r");
            Assert.True(probe.EndsWith("\r\nOK\r\n", StringComparison.Ordinal), $"case {n}: no answer to the probe after {Show(input)}: {Show(probe)}");

            bool changed = !before.SequenceEqual(Snapshot(board));
            if (changed)
            {
                bool endsOk = answer.EndsWith("\r\nOK\r\n", StringComparison.Ordinal) || answer.EndsWith("\r0\r", StringComparison.Ordinal);
                Assert.True(endsOk, $"case {n}: {Show(input)} changed settings but answered {Show(answer)}");
                answeredOk++;
            }
            if (n % 5000 == 0 || n == Cases - 1)
            {
                var rebooted = board.Reboot();
                Assert.Equal(Snapshot(board), Snapshot(rebooted));
            }
        }
        Assert.True(answeredOk > 1000, $"the generator must also produce valid changes, got {answeredOk}");
    }

    private static string[] Snapshot(TestBoard board)
    {
        var values = new string[ParameterTable.Rows.Length + 3];
        for (int i = 0; i < ParameterTable.Rows.Length; i++) values[i] = board.Board.Settings.Get(i);
        values[^3] = board.Board.Settings.BaudRate.ToString();
        values[^2] = board.Board.Settings.HardwareFlowControl.ToString();
        values[^1] = board.Board.Settings.S0.ToString();
        return values;
    }

    private static string NextCase(Random random)
    {
        var line = new StringBuilder();
        switch (random.Next(10))
        {
            case 0: // pure noise
                for (int i = random.Next(1, 40); i > 0; i--) line.Append(AnyByteButCr(random));
                break;
            case 1: // an overlong run, sometimes far past the line limit
                line.Append("AT#ISPUN=").Append((char)random.Next(32, 127), random.Next(100, 3000));
                break;
            case 2: // multi-line BODY entry, ended by Ctrl-Z, ESC or never
                line.Append("AT#BODY").Append(random.Next(1, 4)).Append('\r');
                for (int i = random.Next(0, 160); i > 0; i--) line.Append(random.Next(8) == 0 ? BodyFragments[random.Next(BodyFragments.Length)] : ((char)random.Next(32, 127)).ToString());
                line.Append(random.Next(3) switch { 0 => "\u001a", 1 => "\u001b", _ => "" });
                return line.ToString();
            default: // a plausible command with mutations
                line.Append(random.Next(6) == 0 ? "at#" : "AT#").Append(Mnemonics[random.Next(Mnemonics.Length)]);
                for (int i = random.Next(0, 5); i > 0; i--) line.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) == 0) line.Append('=').Append(Value(random));
                break;
        }
        return line.Append('\r').ToString();
    }

    private static string Value(Random random) => random.Next(6) switch
    {
        0 => random.Next(-5, 70000).ToString(),
        1 => "\"" + new string((char)random.Next(32, 127), random.Next(0, 130)) + (random.Next(4) == 0 ? "" : "\""),
        2 => $"{random.Next(300)}.{random.Next(300)}.{random.Next(300)}.{random.Next(300)}",
        3 => "+" + random.NextInt64(0, long.MaxValue),
        4 => new string(AnyByteButCr(random), random.Next(0, 8)),
        _ => Fragments[random.Next(Fragments.Length)],
    };

    /// <summary>Any byte value except CR, which would split the case into several commands.</summary>
    private static char AnyByteButCr(Random random)
    {
        int b = random.Next(0, 255);
        return (char)(b >= 13 ? b + 1 : b);
    }

    private static string Show(string s) => string.Concat(s.Take(200).Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"<{(int)c:X2}>"));
}
