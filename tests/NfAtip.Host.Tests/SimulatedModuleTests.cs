using System.Text;
using NfAtip.ModemSim;
using Xunit;

namespace NfAtip.Host.Tests;

public class SimulatedModuleTests
{
    private static string Send(SimulatedModule module, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        module.Write(bytes, 0, bytes.Length);
        return Drain(module);
    }

    private static string Drain(SimulatedModule module)
    {
        var sb = new StringBuilder();
        var buffer = new byte[256];
        int n;
        while ((n = module.Read(buffer, 0, buffer.Length, 0)) > 0) sb.Append(Encoding.ASCII.GetString(buffer, 0, n));
        return sb.ToString();
    }

    [Fact]
    public void Echo_is_on_by_default_and_ATE0_turns_it_off()
    {
        var m = new SimulatedModule();
        Assert.Equal("AT\r\r\nOK\r\n", Send(m, "AT\r"));
        Assert.Equal("ATE0\r\r\nOK\r\n", Send(m, "ATE0\r"));
        Assert.Equal("\r\nOK\r\n", Send(m, "AT\r"));
        Assert.Equal("\r\nOK\r\n", Send(m, "ATE1\r"));
        Assert.Equal("at\r\r\nOK\r\n", Send(m, "at\r"));
    }

    [Fact]
    public void Identity_commands_answer_sim800_values()
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("\r\nSIMCOM_Ltd\r\n\r\nOK\r\n", Send(m, "AT+CGMI\r"));
        Assert.Equal("\r\nSIMCOM_SIM800\r\n\r\nOK\r\n", Send(m, "AT+CGMM\r"));
        Assert.StartsWith("\r\nRevision:", Send(m, "AT+CGMR\r"));
        Assert.Equal("\r\n" + m.State.Imei + "\r\n\r\nOK\r\n", Send(m, "AT+CGSN\r"));
        Assert.Equal("\r\nSIM800 R14.18\r\n\r\nOK\r\n", Send(m, "ATI\r"));
        Assert.Equal("\r\n+CSQ: 20,0\r\n\r\nOK\r\n", Send(m, "AT+CSQ\r"));
        Assert.Equal("\r\n+COPS: 0,0,\"SIMULATED NET\"\r\n\r\nOK\r\n", Send(m, "AT+COPS?\r"));
    }

    [Theory]
    [InlineData("AT+FOO\r")]
    [InlineData("ATX\r")]
    [InlineData("AT+CREG=7\r")]
    [InlineData("AT+CGATT=2\r")]
    [InlineData("AT&&\r")]
    public void Unknown_or_bad_commands_answer_ERROR(string line)
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("\r\nERROR\r\n", Send(m, line));
    }

    [Fact]
    public void Creg_1_reports_the_state_then_changes_as_urcs()
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("\r\n+CREG: 0,1\r\n\r\nOK\r\n", Send(m, "AT+CREG?\r"));
        Assert.Equal("\r\nOK\r\n\r\n+CREG: 1\r\n", Send(m, "AT+CREG=1\r"));
        m.Update(s => s.NetworkStatus = 5);
        Assert.Equal("\r\n+CREG: 5\r\n", Drain(m));
        m.Update(s => s.Rssi = 10); // no registration change: no URC
        Assert.Equal("", Drain(m));
        Assert.Equal("\r\n+CREG: 1,5\r\n\r\nOK\r\n", Send(m, "AT+CREG?\r"));
        Send(m, "AT+CREG=0\r");
        m.Update(s => s.NetworkStatus = 1);
        Assert.Equal("", Drain(m));
    }

    [Fact]
    public void Cgatt_attach_reports_searching_then_registered_like_the_spec()
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("\r\nOK\r\n\r\n+CGREG: 0\r\n", Send(m, "AT+CGREG=1\r"));
        Assert.Equal("\r\n+CGATT: 0\r\n\r\nOK\r\n", Send(m, "AT+CGATT?\r"));
        Assert.Equal("\r\n+CGREG: 2\r\n\r\n+CGREG: 1\r\n\r\nOK\r\n", Send(m, "AT+CGATT=1\r"));
        Assert.Equal("\r\n+CGATT: 1\r\n\r\nOK\r\n", Send(m, "AT+CGATT?\r"));
        Assert.Equal("\r\n+CGREG: 1,1\r\n\r\nOK\r\n", Send(m, "AT+CGREG?\r"));
        Assert.Equal("\r\nOK\r\n\r\n+CGREG: 0\r\n", Send(m, "AT+CGATT=0\r"));
    }

    [Fact]
    public void Pin_required_blocks_registration_until_the_right_pin()
    {
        var m = new SimulatedModule(new ModuleState { PinRequired = true, Pin = "0000" });
        Send(m, "ATE0\r");
        Assert.Equal("\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n", Send(m, "AT+CPIN?\r"));
        Assert.Equal("\r\n+CREG: 0,0\r\n\r\nOK\r\n", Send(m, "AT+CREG?\r"));
        Assert.Equal("\r\nERROR\r\n", Send(m, "AT+CPIN=1111\r"));
        Send(m, "AT+CMEE=1\r");
        Assert.Equal("\r\n+CME ERROR: 16\r\n", Send(m, "AT+CPIN=\"1111\"\r"));
        Assert.Equal("\r\n+CME ERROR: 11\r\n", Send(m, "AT+CGATT=1\r"));
        Send(m, "AT+CREG=1\r");
        Assert.Equal("\r\nOK\r\n\r\n+CREG: 1\r\n", Send(m, "AT+CPIN=0000\r"));
        Assert.Equal("\r\n+CPIN: READY\r\n\r\nOK\r\n", Send(m, "AT+CPIN?\r"));
    }

    [Fact]
    public void Clip_and_cmee_settings_are_kept()
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("\r\nOK\r\n", Send(m, "AT+CLIP=1\r"));
        Assert.Equal("\r\n+CLIP: 1,1\r\n\r\nOK\r\n", Send(m, "AT+CLIP?\r"));
        Assert.Equal("\r\nOK\r\n", Send(m, "AT+CMEE=2\r"));
        Assert.Equal("\r\n+CMEE: 2\r\n\r\nOK\r\n", Send(m, "AT+CMEE?\r"));
    }

    [Fact]
    public void Commands_split_across_writes_and_injected_urcs_work()
    {
        var m = new SimulatedModule();
        Send(m, "ATE0\r");
        Assert.Equal("", Send(m, "AT+C"));
        Assert.Equal("\r\n+CSQ: 20,0\r\n\r\nOK\r\n", Send(m, "SQ\r\n"));
        m.InjectUrc("RING");
        Assert.Equal("\r\nRING\r\n", Drain(m));
    }

    [Fact]
    public void Read_waits_for_the_timeout_and_returns_0_when_idle()
    {
        var m = new SimulatedModule();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, m.Read(new byte[8], 0, 8, 100));
        Assert.True(sw.ElapsedMilliseconds >= 80);
    }

    [Fact]
    public void Read_from_another_thread_wakes_up_on_output()
    {
        var m = new SimulatedModule();
        var buffer = new byte[64];
        var reader = Task.Run(() => m.Read(buffer, 0, buffer.Length, 5000));
        Thread.Sleep(50);
        var at = Encoding.ASCII.GetBytes("AT\r");
        m.Write(at, 0, at.Length);
        Assert.True(reader.Wait(30000));
        Assert.True(reader.Result > 0);
    }
}
