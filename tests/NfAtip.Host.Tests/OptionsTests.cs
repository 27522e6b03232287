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

    /// <summary>System.CommandLine parses; what it refuses and what the board's own rules refuse read as one line.</summary>
    [Theory]
    [InlineData(new[] { "--stdio=x" }, "unknown option 'x'")]
    [InlineData(new[] { "--clock", "fast" }, "Argument 'fast' not recognized. Must be one of: 'real' 'simulated'")]
    [InlineData(new[] { "--stdio", "--world" }, "Required argument missing for option: '--world'.")]
    [InlineData(new[] { "--state", "--pty" }, "--state needs a value")]
    [InlineData(new[] { "--listen", "5000" }, "--listen needs HOST:PORT")]
    [InlineData(new[] { "--pty", "--listen=127.0.0.1:1" }, "only one of --stdio, --listen, --pty, --serial may be given (--listen)")]
    [InlineData(new[] { "--serial", "x", "--baud", "0" }, "--baud needs a positive number, got '0'")]
    public void Bad_options_are_refused_with_one_line_saying_why(string[] args, string message)
    {
        var e = Assert.Throws<FormatException>(() => Options.Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Repeatable_options_keep_their_order_and_inline_values_work()
    {
        var o = Options.Parse(new[] { "--world", "sim pin 1234", "--world=unregister", "--dial", "0612=127.0.0.1:7", "--listen=127.0.0.1:5000" });
        Assert.Equal(new[] { "sim pin 1234", "unregister" }, o.World);
        Assert.Equal(("0612", "127.0.0.1", 7), Assert.Single(o.Dials));
        Assert.Equal(LineKind.Listen, o.Line);
        Assert.Equal("127.0.0.1:5000", o.ListenAddress);
        Assert.Equal("@secret", Options.Parse(new[] { "--stdio", "--isp-user", "u", "--isp-password", "@secret" }).IspPassword); // no response file
    }

    [Fact]
    public void Usage_names_the_radio_and_ip_options()
    {
        Assert.Contains("--radio DEVICE", Options.Usage);
        Assert.Contains("--radio-baud N", Options.Usage);
        Assert.Contains("--ip ppp", Options.Usage);
        Assert.Contains("--ip direct", Options.Usage);
    }

    [Theory]
    [InlineData(new[] { "--stdio" }, IpMode.Auto)]
    [InlineData(new[] { "--stdio", "--ip", "ppp" }, IpMode.Ppp)]
    [InlineData(new[] { "--stdio", "--ip=direct" }, IpMode.Direct)]
    public void Ip_mode_is_parsed(string[] args, IpMode mode) => Assert.Equal(mode, Options.Parse(args).Ip);

    [Theory]
    [InlineData("--ip", "tcp")]
    [InlineData("--line-rate", "fast")]
    [InlineData("--isp-dns", "0")]
    [InlineData("--isp-password", "p")]
    [InlineData("--isp-auth", "chap")]
    public void Bad_ip_options_are_refused(string option, string value) =>
        Assert.Throws<FormatException>(() => Options.Parse(new[] { "--stdio", option, value }));

    [Fact]
    public void Isp_options_need_the_simulated_isp() =>
        Assert.Throws<FormatException>(() => Options.Parse(new[] { "--stdio", "--ip", "direct", "--isp-user", "u" }));

    [Fact]
    public void Isp_credentials_and_line_rate_are_kept()
    {
        var o = Options.Parse(new[] { "--stdio", "--isp-user", "web", "--isp-password", "gprs", "--isp-auth", "chap", "--line-rate", "off", "--isp-dns", "5353" });
        Assert.Equal("web", o.IspUser);
        Assert.True(o.IspChap);
        Assert.False(Options.Parse(new[] { "--stdio", "--isp-user", "web" }).IspChap);
        Assert.Throws<FormatException>(() => Options.Parse(new[] { "--stdio", "--isp-user", "web", "--isp-auth", "mschap" }));
        Assert.Equal("gprs", o.IspPassword);
        Assert.False(o.ModelledLineRate);
        Assert.Equal(5353, o.IspDnsPort);
    }

    [Fact]
    public void Dial_maps_numbers_to_tcp_services()
    {
        var o = Options.Parse(new[] { "--stdio", "--dial", "0299=127.0.0.1:7000", "--dial=0300=localhost:23" });
        Assert.Equal(new[] { ("0299", "127.0.0.1", 7000), ("0300", "localhost", 23) }, o.Dials);
    }

    [Theory]
    [InlineData("--dial", "0299")]
    [InlineData("--dial", "=127.0.0.1:7000")]
    [InlineData("--dial", "0299=127.0.0.1:0")]
    [InlineData("--dial", "0299=127.0.0.1")]
    public void Bad_dial_options_are_refused(params string[] args) => Assert.Throws<FormatException>(() => Options.Parse(args));

    [Fact]
    public void The_simulated_network_answers_by_the_numbers_last_digit()
    {
        var module = new NfAtip.ModemSim.SimulatedModule();
        SimulatedNetwork.Configure(module, new[] { ("0299", "127.0.0.1", 7000) });
        Assert.Equal(NfAtip.ModemSim.CallOutcome.Busy, module.DialRule!("0860000007")!.Outcome);
        Assert.Equal(NfAtip.ModemSim.CallOutcome.NoAnswer, module.DialRule!("0860000008")!.Outcome);
        Assert.Equal(NfAtip.ModemSim.CallOutcome.NoCarrier, module.DialRule!("0860000003")!.Outcome);
        Assert.Null(module.DialRule!("0860000000"));
        Assert.Equal(NfAtip.ModemSim.CallOutcome.Connect, module.DefaultCall.Outcome);
    }

    [Fact]
    public void World_directives_and_the_control_socket_are_parsed_in_order()
    {
        var o = Options.Parse(new[] { "--stdio", "--world", "sim pin 1234", "--control", "127.0.0.1:5001", "--world=signal 5" });
        Assert.Equal(new[] { "sim pin 1234", "signal 5" }, o.World);
        Assert.Equal("127.0.0.1:5001", o.ControlAddress);
    }

    [Theory]
    [InlineData("--control", "5001")]
    [InlineData("--radio", "/dev/ttyUSB1", "--world", "sim ready")]
    [InlineData("--radio", "/dev/ttyUSB1", "--control", "127.0.0.1:5001")]
    public void World_options_need_the_simulated_world(params string[] args) =>
        Assert.Throws<FormatException>(() => Options.Parse(args));

    [Fact]
    public void The_simulated_clock_goes_with_the_direct_link_which_it_then_chooses()
    {
        var o = Options.Parse(new[] { "--stdio", "--clock", "simulated" });
        Assert.True(o.SimulatedClock);
        Assert.Equal(IpMode.Direct, o.Ip);
        Assert.False(Options.Parse(new[] { "--stdio", "--clock=real" }).SimulatedClock);
    }

    [Theory]
    [InlineData("--clock", "fast")]
    [InlineData("--clock", "simulated", "--ip", "ppp")]
    [InlineData("--clock", "simulated", "--radio", "/dev/ttyUSB1")]
    [InlineData("--clock", "simulated", "--isp-user", "u")]
    public void The_simulated_clock_refuses_real_time_parts(params string[] args) =>
        Assert.Throws<FormatException>(() => Options.Parse(args));
}
