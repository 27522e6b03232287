namespace NfAtip.Radio.Tests;

/// <summary>The module table and the registration parser.</summary>
public class ProfileTests
{
    [Theory]
    [InlineData("SIMCOM_SIM800", "SIM800")]
    [InlineData("SIM800 R14.18", "SIM800")]
    [InlineData("BG96", "BG96")]
    [InlineData("Quectel BG96 Revision: BG96MAR02A07M1G", "BG96")]
    [InlineData("BG95-M3", "BG96")]
    [InlineData("SIMCOM_SIM7080G", "SIM7080")]
    [InlineData("SIM7070G", "SIM7080")]
    [InlineData("SIMCOM_SIM7600G-H", "SIM7600")]
    [InlineData("SIMCOM_SIM7600E", "SIM7600")]
    public void Identity_text_selects_the_profile(string identity, string name) =>
        Assert.Equal(name, ModuleProfiles.Find(identity)!.Name);

    [Theory]
    [InlineData("SIM800", "SIM800")]
    [InlineData("sim7080", "SIM7080")]
    [InlineData("Bg96", "BG96")]
    [InlineData("SIM7600", "SIM7600")]
    public void A_board_profile_names_a_module_in_any_case(string name, string profile) =>
        Assert.Same(ModuleProfiles.Named(profile), ModuleProfiles.Named(name));

    [Fact]
    public void An_unknown_name_names_no_module() => Assert.Null(ModuleProfiles.Named("SARA-R4"));

    [Fact]
    public void The_lte_modules_read_cereg_and_have_no_csd()
    {
        foreach (var p in new[] { ModuleProfiles.Sim7080, ModuleProfiles.Bg96, ModuleProfiles.Sim7600 })
        {
            Assert.Contains("AT+CEREG?", p.RegistrationQueries);
            Assert.Contains("+CEREG:", p.RegistrationPrefixes);
            Assert.Null(p.CsdDial);
        }
        Assert.Null(ModuleProfiles.Sim7080.CallerIdOn); // LTE-M / NB-IoT only: nothing rings
    }

    [Fact]
    public void An_unknown_module_has_no_profile() => Assert.Null(ModuleProfiles.Find("u-blox SARA-R410M"));

    [Fact]
    public void Every_profile_is_complete()
    {
        foreach (var p in ModuleProfiles.All)
        {
            Assert.False(string.IsNullOrEmpty(p.Name));
            Assert.True(p.PowerOnPulseMs > 0 && p.PowerOffPulseMs > 0 && p.BootMs > 0, p.Name);
            Assert.Equal(p.RegistrationQueries.Length, p.RegistrationPrefixes.Length);
            Assert.Contains("$1", p.PdpContext);
            Assert.Contains("$2", p.PdpContext);
            Assert.Contains("$1", p.PacketDial);
            Assert.NotNull(p.HangUp);
            Assert.NotEmpty(p.Urcs);
        }
    }

    [Fact]
    public void Differences_live_in_the_table()
    {
        Assert.Equal("ATD$1", ModuleProfiles.Sim800.CsdDial);
        Assert.Null(ModuleProfiles.Bg96.CsdDial); // no circuit-switched data calls
        Assert.DoesNotContain("AT+CEREG=1", ModuleProfiles.Sim800.RegistrationUrcsOn);
        Assert.Contains("AT+CEREG=1", ModuleProfiles.Bg96.RegistrationUrcsOn);
        var sim800 = StartupScripts.Startup(ModuleProfiles.Sim800).Steps.Select(s => s.Send).ToArray();
        Assert.Equal(new[] { "AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CGMM", "AT+CPIN?", "AT+CREG=1", "AT+CGREG=1", "AT+CLIP=1" }, sim800);
        Assert.Equal("AT+CEREG=1", StartupScripts.Startup(ModuleProfiles.Bg96).Steps[8].Send);
    }

    [Theory]
    [InlineData("+CREG: 1", 1)]
    [InlineData("+CREG: 5,\"1A2B\",\"3C4D\"", 5)]
    [InlineData("+CREG: 1,5", 5)]
    [InlineData("+CREG: 2,1,\"1A2B\",\"3C4D\"", 1)]
    [InlineData("+CREG: 0,3", 3)]
    [InlineData("+CREG:2", 2)]
    public void Registration_reads_urc_and_read_forms(string line, int stat)
    {
        var r = new Registration();
        Assert.True(r.Take(line));
        Assert.Equal(stat, r.Gsm);
    }

    [Fact]
    public void Registration_ignores_other_and_broken_lines()
    {
        var r = new Registration();
        Assert.False(r.Take("+CSQ: 20,0"));
        Assert.False(r.Take("+CREG: x"));
        Assert.Equal(Registration.Unknown, r.Gsm);
        Assert.True(r.Take("+CGREG: 1"));
        Assert.True(r.Take("+CEREG: 2,\"00C3\",\"0A1B2C3D\",7"));
        Assert.Equal(1, r.Gprs);
        Assert.Equal(2, r.Eps);
        Assert.False(r.Registered);
        Assert.True(r.PacketRegistered);
    }
}
