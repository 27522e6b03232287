using NfAtip.Device;
using NfAtip.Radio;

namespace NfAtip.Device.Tests;

/// <summary>ModemTimings (firmware/NfAtip/ModemTimings.cs): the module table's timings unless the board profile sets its own.</summary>
public class ModemTimingsTests
{
    [Fact]
    public void Without_timing_keys_the_module_table_applies()
    {
        var t = new ModemTimings(BoardProfile.Parse("radio.pwrkey = 4\n"), ModuleProfiles.Sim800);
        Assert.Equal(ModuleProfiles.Sim800.PowerOnPulseMs, t.PowerOnPulseMs);
        Assert.Equal(ModuleProfiles.Sim800.PowerOffPulseMs, t.PowerOffPulseMs);
        Assert.Equal(ModuleProfiles.Sim800.ResetPulseMs, t.ResetPulseMs);
        Assert.Equal(ModuleProfiles.Sim800.BootMs, t.ReadyMs);

        var bg96 = new ModemTimings(BoardProfile.Parse(""), ModuleProfiles.Bg96);
        Assert.Equal(ModuleProfiles.Bg96.PowerOnPulseMs, bg96.PowerOnPulseMs);
        Assert.Equal(ModuleProfiles.Bg96.ResetPulseMs, bg96.ResetPulseMs);
    }

    [Fact]
    public void Each_timing_key_overrides_its_own_value_only()
    {
        var t = new ModemTimings(BoardProfile.Parse("radio.pwrkey_off_ms = 1600\nradio.ready_ms = 5000\n"), ModuleProfiles.Sim800);
        Assert.Equal(1600, t.PowerOffPulseMs);
        Assert.Equal(5000, t.ReadyMs);
        Assert.Equal(ModuleProfiles.Sim800.PowerOnPulseMs, t.PowerOnPulseMs);
        Assert.Equal(ModuleProfiles.Sim800.ResetPulseMs, t.ResetPulseMs);
    }

    [Fact]
    public void The_built_in_profile_presses_the_sim800_key_long_enough_to_switch_it_off()
    {
        // SIM800 / SIM800L Hardware Design (V1.09+): power-off press 1.5 s < t < 33 s; power-on press > 1 s.
        var t = new ModemTimings(BoardProfile.Default(), ModuleProfiles.Sim800);
        Assert.InRange(t.PowerOffPulseMs, 1501, 32999);
        Assert.InRange(t.PowerOnPulseMs, 1001, 1499);   // a press of 1.5 s or more on a module already on would switch it off
        Assert.True(t.ResetPulseMs > 105);              // RESET low >= 105 ms
    }
}
