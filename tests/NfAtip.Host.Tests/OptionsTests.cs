using Xunit;

namespace NfAtip.Host.Tests;

/// <summary>The radio options of the command line (the host line options are covered by HostProcessTests).</summary>
public class OptionsTests
{
    [Fact]
    public void Without_radio_the_module_is_simulated()
    {
        var o = Options.Parse(new[] { "--stdio" });
        Assert.Null(o.RadioDevice);
        Assert.Equal(115200, o.RadioBaud);
    }

    [Theory]
    [InlineData(new[] { "--radio", "/dev/ttyUSB1" }, "/dev/ttyUSB1", 115200)]
    [InlineData(new[] { "--radio=COM4", "--radio-baud=9600" }, "COM4", 9600)]
    [InlineData(new[] { "--serial", "/dev/ttyUSB0", "--baud", "57600", "--radio", "/dev/ttyUSB1", "--radio-baud", "460800" }, "/dev/ttyUSB1", 460800)]
    public void Radio_selects_a_real_module_and_its_baud(string[] args, string device, int baud)
    {
        var o = Options.Parse(args);
        Assert.Equal(device, o.RadioDevice);
        Assert.Equal(baud, o.RadioBaud);
    }

    [Fact]
    public void Radio_baud_does_not_change_the_host_line_baud()
    {
        var o = Options.Parse(new[] { "--serial", "/dev/ttyUSB0", "--radio", "/dev/ttyUSB1", "--radio-baud", "9600" });
        Assert.Equal(115200, o.Baud);
        Assert.Equal("/dev/ttyUSB0", o.SerialDevice);
    }

    [Theory]
    [InlineData("--radio")]
    [InlineData("--radio", "--stdio")]
    [InlineData("--radio-baud", "9600")]
    [InlineData("--radio", "/dev/ttyUSB1", "--radio-baud", "0")]
    [InlineData("--radio", "/dev/ttyUSB1", "--radio-baud", "fast")]
    [InlineData("--radio", "/dev/ttyUSB1", "--radio", "/dev/ttyUSB2")]
    [InlineData("--serial", "/dev/ttyUSB0", "--radio", "/dev/ttyUSB0")]
    [InlineData("--radio", "/dev/ttyUSB1", "--baud", "9600")]
    public void Bad_radio_options_are_refused(params string[] args)
    {
        Assert.Throws<FormatException>(() => Options.Parse(args));
    }

    [Fact]
    public void Usage_names_the_radio_options_and_says_no_ppp_runs_on_the_pc()
    {
        Assert.Contains("--radio DEVICE", Options.Usage);
        Assert.Contains("--radio-baud N", Options.Usage);
        Assert.Contains("no PPP runs on the PC", Options.Usage);
    }
}
