using NfAtip.Device;
using NfAtip.Radio;

namespace NfAtip.Device.Tests;

public class BoardProfileTests
{
    [Fact]
    public void Parses_keys_values_comments_and_blank_lines()
    {
        BoardProfile p = BoardProfile.Parse("# header\n\nhost.uart = COM2\r\nradio.tx=27   # to RXD\n  led = -1 \n");
        Assert.Null(p.Error);
        Assert.Equal(3, p.Count);
        Assert.Equal("COM2", p.GetString("host.uart", null));
        Assert.Equal(27, p.GetInt("radio.tx", 0));
        Assert.Equal(-1, p.GetInt("led", 0));
    }

    [Fact]
    public void Keys_are_case_insensitive_values_keep_their_case()
    {
        BoardProfile p = BoardProfile.Parse("Board.Name = MyBoard\n");
        Assert.Equal("MyBoard", p.GetString("board.name", null));
    }

    [Fact]
    public void Hash_inside_a_value_without_blank_before_it_is_kept()
    {
        BoardProfile p = BoardProfile.Parse("board.name = a#b\n");
        Assert.Equal("a#b", p.GetString("board.name", null));
    }

    [Theory]
    [InlineData("no equals sign", "line 1: no '='")]
    [InlineData("a = 1\nbad key = 2", "line 2: bad key")]
    [InlineData("a = 1\na = 2", "line 2: duplicate key a")]
    [InlineData(" = 3", "line 1: bad key")]
    public void Malformed_lines_are_reported_with_their_line_number(string text, string expected)
    {
        BoardProfile p = BoardProfile.Parse(text);
        Assert.NotNull(p.Error);
        Assert.StartsWith(expected, p.Error);
    }

    [Fact]
    public void Null_or_empty_text_gives_an_empty_profile()
    {
        Assert.Equal(0, BoardProfile.Parse(null).Count);
        Assert.Equal(0, BoardProfile.Parse("").Count);
    }

    [Fact]
    public void Fallbacks_apply_to_missing_and_bad_values()
    {
        BoardProfile p = BoardProfile.Parse("n = 12x\nlevel = sideways\nhi = HIGH\n");
        Assert.Equal(7, p.GetInt("n", 7));
        Assert.Equal(7, p.GetInt("absent", 7));
        Assert.True(p.GetActiveHigh("level", true));
        Assert.False(p.GetActiveHigh("level", false));
        Assert.True(p.GetActiveHigh("hi", false));
        Assert.Equal("x", p.GetString("absent", "x"));
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("-1", true, -1)]
    [InlineData("2147483647", true, int.MaxValue)]
    [InlineData("2147483648", false, 0)]
    [InlineData("-", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("1.5", false, 0)]
    [InlineData("0x10", false, 0)]
    public void TryInt_accepts_decimal_integers_only(string s, bool ok, int value)
    {
        Assert.Equal(ok, BoardProfile.TryInt(s, out int v));
        if (ok) Assert.Equal(value, v);
    }

    [Fact]
    public void Validate_names_every_problem()
    {
        BoardProfile p = BoardProfile.Parse("board.mcu = avr\npins.mux = magic\nled = x\nled_active = bright\nradio.baud = 0\n");
        string problems = p.Validate();
        Assert.NotNull(problems);
        Assert.Contains("missing board.name", problems);
        Assert.Contains("board.mcu must be esp32 or stm32: avr", problems);
        Assert.Contains("pins.mux must be esp32 or fixed: magic", problems);
        Assert.Contains("led is not an integer: x", problems);
        Assert.Contains("led_active must be high or low: bright", problems);
        Assert.Contains("radio.baud must be positive", problems);
    }

    [Fact]
    public void Built_in_default_is_complete()
    {
        BoardProfile p = BoardProfile.Default();
        Assert.Null(p.Validate());
        Assert.Equal("esp32-devkitc-sim800l", p.GetString("board.name", null));
    }

    [Fact]
    public void Required_and_optional_keys_cover_the_integer_and_level_keys()
    {
        foreach (string k in BoardProfile.IntegerKeys) Assert.True(BoardProfile.RequiredKeys.Contains(k) || BoardProfile.OptionalKeys.Contains(k), k);
        foreach (string k in BoardProfile.LevelKeys) Assert.Contains(k, BoardProfile.RequiredKeys);
        foreach (string k in BoardProfile.TimingKeys)
        {
            Assert.Contains(k, BoardProfile.OptionalKeys);
            Assert.Contains(k, BoardProfile.IntegerKeys);
        }
        Assert.Empty(BoardProfile.RequiredKeys.Intersect(BoardProfile.OptionalKeys));
    }

    [Fact]
    public void Timings_are_optional_but_must_be_positive_integers_when_given()
    {
        string complete = BoardProfile.DefaultText;
        Assert.Null(BoardProfile.Parse(complete).Validate());

        string problems = BoardProfile.Parse(complete + "radio.pwrkey_on_ms = 0\nradio.reset_ms = -5\nradio.ready_ms = soon\n").Validate();
        Assert.NotNull(problems);
        Assert.Contains("radio.pwrkey_on_ms must be positive", problems);
        Assert.Contains("radio.reset_ms must be positive", problems);
        Assert.Contains("radio.ready_ms is not an integer: soon", problems);
        Assert.DoesNotContain("pwrkey_off_ms", problems);
    }

    [Theory]
    [InlineData("SIM800")]
    [InlineData("sim7080")]
    [InlineData("BG96")]
    [InlineData("SIM7600")]
    public void A_module_named_by_the_table_is_accepted_and_gives_its_timings(string module)
    {
        var p = BoardProfile.Parse(BoardProfile.DefaultText + "radio.module = " + module + "\n");
        Assert.Null(p.Validate());
        var row = ModuleProfiles.Named(module)!;
        var t = new ModemTimings(p, row);
        Assert.Equal(row.PowerOnPulseMs, t.PowerOnPulseMs);
        Assert.Equal(row.BootMs, t.ReadyMs);
    }

    [Fact]
    public void A_module_the_table_does_not_know_is_a_problem_of_the_profile()
    {
        string? problems = BoardProfile.Parse(BoardProfile.DefaultText + "radio.module = SARA-R410M\n").Validate();
        Assert.Equal("radio.module is not in the module table (SIM800, SIM7080, BG96, SIM7600): SARA-R410M", problems);
    }
}
