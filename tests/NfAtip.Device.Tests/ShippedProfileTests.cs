using NfAtip.Device;

namespace NfAtip.Device.Tests;

/// <summary>Every board under hardware/ ships a complete profile, readable by the firmware's own parser.</summary>
public class ShippedProfileTests
{
    private static string RepoRoot()
    {
        for (DirectoryInfo d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "nf-atip.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("nf-atip.sln not found above " + AppContext.BaseDirectory);
    }

    private static string[] BoardNames() =>
        Directory.GetDirectories(Path.Combine(RepoRoot(), "hardware")).Select(Path.GetFileName).OrderBy(d => d, StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Boards()
    {
        var data = new TheoryData<string>();
        foreach (string name in BoardNames()) data.Add(name);
        return data;
    }

    [Fact]
    public void At_least_the_three_supported_boards_are_shipped()
    {
        string[] boards = BoardNames();
        Assert.Contains("esp32-devkitc-sim800l", boards);
        Assert.Contains("lilygo-t-call-sim800", boards);
        Assert.Contains("stm32f769i-disco-sim800l", boards);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Profile_parses_and_has_every_required_key(string board)
    {
        string file = Path.Combine(RepoRoot(), "hardware", board, "board.profile");
        Assert.True(File.Exists(file), file + " missing");
        BoardProfile p = BoardProfile.Parse(File.ReadAllText(file));
        Assert.Null(p.Validate());
        Assert.Equal(board, p.GetString("board.name", null));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Profile_has_only_known_keys(string board)
    {
        // Optional keys are read with a fallback: a misspelt one would be ignored without a word.
        BoardProfile p = BoardProfile.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "hardware", board, "board.profile")));
        for (int i = 0; i < p.Count; i++)
        {
            string key = p.KeyAt(i);
            Assert.True(BoardProfile.RequiredKeys.Contains(key) || BoardProfile.OptionalKeys.Contains(key), board + ": unknown key " + key);
        }
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_has_a_readme_and_a_file_deployment_for_nanoff(string board)
    {
        string dir = Path.Combine(RepoRoot(), "hardware", board);
        Assert.True(File.Exists(Path.Combine(dir, "README.md")), board + ": README.md missing");
        string json = File.ReadAllText(Path.Combine(dir, "deploy-files.json"));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var entry = doc.RootElement.GetProperty("Files")[0];
        Assert.Equal(BoardProfile.DevicePath, entry.GetProperty("DestinationFilePath").GetString());
        Assert.Equal("hardware/" + board + "/board.profile", entry.GetProperty("SourceFilePath").GetString());
    }

    /// <summary>
    /// hardware/wiring.py draws each board's wiring.svg from its profile; a profile changed without drawing again
    /// leaves a pin the drawing does not name.
    /// </summary>
    [Theory]
    [MemberData(nameof(Boards))]
    public void Wiring_drawing_names_every_wired_pin_of_the_profile(string board)
    {
        string dir = Path.Combine(RepoRoot(), "hardware", board);
        BoardProfile p = BoardProfile.Parse(File.ReadAllText(Path.Combine(dir, "board.profile")));
        string svg = File.ReadAllText(Path.Combine(dir, "wiring.svg"));
        bool esp32 = p.GetString("board.mcu", null) == "esp32";
        string[] keys = { "host.tx", "host.rx", "host.rts", "host.cts", "radio.tx", "radio.rx", "radio.dtr", "radio.ri", "radio.pwrkey", "radio.reset", "radio.power_enable", "led" };
        int named = 0;
        foreach (string key in keys)
        {
            int pin = int.Parse(p.GetString(key, "-1"));
            if (pin < 0) continue;
            string name = esp32 ? "GPIO" + pin : "P" + (char)('A' + pin / 16) + (pin % 16);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(svg, ">[^<]*\\b" + name + "\\b[^<]*<"),
                board + ": wiring.svg does not name " + key + " (" + name + "); run python3 hardware/wiring.py");
            named++;
        }
        Assert.True(named >= 9, board + ": pins named " + named);
    }

    [Fact]
    public void Built_in_default_equals_the_shipped_devkitc_profile()
    {
        BoardProfile shipped = BoardProfile.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "hardware", "esp32-devkitc-sim800l", "board.profile")));
        BoardProfile builtIn = BoardProfile.Default();
        Assert.Equal(shipped.Count, builtIn.Count);
        for (int i = 0; i < builtIn.Count; i++)
        {
            Assert.Equal(builtIn.ValueAt(i), shipped.GetString(builtIn.KeyAt(i), null));
        }
    }

    [Fact]
    public void Esp32_profiles_use_only_COM2_and_COM3_and_valid_gpio_numbers()
    {
        foreach (string board in BoardNames())
        {
            BoardProfile p = BoardProfile.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "hardware", board, "board.profile")));
            if (p.GetString("board.mcu", null) != "esp32") continue;
            Assert.Contains(p.GetString("host.uart", null), new[] { "COM2", "COM3" });
            Assert.Contains(p.GetString("radio.uart", null), new[] { "COM2", "COM3" });
            Assert.NotEqual(p.GetString("host.uart", null), p.GetString("radio.uart", null));
            foreach (string key in new[] { "host.tx", "host.rx", "host.rts", "host.cts", "radio.tx", "radio.rx", "radio.power_enable", "radio.pwrkey", "radio.reset", "radio.dtr", "radio.ri", "led" })
            {
                int pin = p.GetInt(key, -2);
                Assert.InRange(pin, -1, 39);
                // GPIO 34-39 are input-only on the ESP32: only receive/CTS/RI lines may use them.
                if (pin >= 34) Assert.Contains(key, new[] { "host.rx", "host.cts", "radio.rx", "radio.ri" });
                // GPIO 6-11 carry the SPI flash.
                Assert.False(pin >= 6 && pin <= 11, board + ": " + key + " on flash pin " + pin);
            }
        }
    }
}
