using NfAtip.At;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>The start-up sequence and supervision, against the module simulator and scripted fakes.</summary>
public class DriverTests
{
    private static RadioDriver OnSimulator(SimulatedModule sim)
    {
        // The simulator has no ATV (a real SIM800 answers ATV1 with OK): until it does, the test adds it.
        if (!sim.Commands.ContainsKey("V")) sim.Commands["V"] = (m, r, after) => r.Args is "" or "0" or "1" ? "OK" : "ERROR";
        return new(sim, new SystemClock(), NoModemControl.Instance, ModuleProfiles.Sim800, pinned: false);
    }

    [Theory]
    [InlineData("SIM800", "SIM800", false)]
    [InlineData("SIM7080", "SIM7080", true)]
    [InlineData("BG96", "BG96", true)]
    [InlineData("SIM7600", "SIM7600", true)]
    public void The_module_is_told_from_its_cgmm_and_registers_by_its_own_profile(string playing, string profile, bool cereg)
    {
        var sim = new SimulatedModule(ModuleState.Playing(playing)!);
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.Ready, driver.RunStartup(10_000));
        Assert.Equal(profile, driver.Profile.Name);
        Assert.Equal(sim.State.Model, driver.Model);
        Assert.Equal(cereg, sim.Received.Contains("AT+CEREG?"));
        if (cereg) Assert.Equal(1, driver.Registration.Eps);
        // An identified profile leaves the host's presentation settings (+CREG/+CGREG/+CEREG n, +CLIP) to the host, as the board's does.
        if (profile != "SIM800")
        {
            Assert.Empty(driver.Profile.RegistrationUrcsOn);
            Assert.Null(driver.Profile.CallerIdOn);
        }
    }

    [Fact]
    public void A_pinned_module_is_kept_whatever_cgmm_says()
    {
        // The board profile says SIM800 on a board whose module is a SIM7080: the driver believes the board,
        // reads +CREG only, and a module without a circuit-switched domain never shows as registered.
        var sim = new SimulatedModule(ModuleState.Playing("SIM7080")!);
        if (!sim.Commands.ContainsKey("V")) sim.Commands["V"] = (m, r, after) => r.Args is "" or "0" or "1" ? "OK" : "ERROR";
        var driver = new RadioDriver(sim, new SystemClock(), NoModemControl.Instance, ModuleProfiles.Sim800.LeavingPresentationToHost(), pinned: true);
        Assert.Equal(RadioState.Registering, driver.RunStartup(10_000));
        Assert.Equal("SIM800", driver.Profile.Name);
        Assert.Equal("SIMCOM_SIM7080G", driver.Model);
        Assert.DoesNotContain("AT+CEREG?", sim.Received);
    }

    [Fact]
    public void The_identified_module_gives_the_control_lines_its_times_unless_pinned()
    {
        foreach (bool pinned in new[] { false, true })
        {
            var sim = new SimulatedModule(ModuleState.Playing("SIM7600")!);
            sim.Commands["V"] = (m, r, after) => "OK";
            var control = new FakeControl();
            var driver = new RadioDriver(sim, new SystemClock(), control, ModuleProfiles.Sim800.LeavingPresentationToHost(), pinned);
            driver.RunStartup(10_000);
            // Pinned, the board profile's row already gave the times; else the SIM7600's (its 3 s power-off press).
            Assert.Same(pinned ? null : ModuleProfiles.Sim7600, control.Module);
        }
    }

    [Fact]
    public void A_module_without_cgmm_keeps_the_boards_profile()
    {
        var sim = new SimulatedModule();
        sim.Commands["+CGMM"] = (m, r, after) => "ERROR";
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.Ready, driver.RunStartup(10_000));
        Assert.Equal("SIM800", driver.Profile.Name);
        Assert.Null(driver.Model);
    }

    [Fact]
    public void Start_up_against_the_simulator_configures_the_module_and_registers()
    {
        var sim = new SimulatedModule();
        var driver = OnSimulator(sim);
        var st = driver.RunStartup(10_000);
        Assert.True(st == RadioState.Ready, st + " " + driver.LastFailure + " " + driver.Attempts + " " + driver.Chat.Step + " " + string.Join("|", sim.Received));
        Assert.Equal(new[] { "AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CGMM", "AT+CPIN?", "AT+CREG=1", "AT+CGREG=1", "AT+CLIP=1", "AT+CREG?", "AT+CGREG?" },
            sim.Received);
        Assert.False(sim.State.Echo);
        Assert.Equal(1, sim.State.CmeeMode);
        Assert.Equal(1, sim.State.CregMode);
        Assert.Equal(1, sim.State.ClipMode);
        Assert.Equal(1, driver.Registration.Gsm);
        Assert.Equal(0, driver.Registration.Gprs);
    }

    [Fact]
    public void Registration_changes_arrive_as_urcs()
    {
        var sim = new SimulatedModule();
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.Ready, driver.RunStartup(10_000));
        sim.LoseRegistration(2);
        Assert.Equal(RadioState.Registering, driver.Poll());
        Assert.Equal(2, driver.Registration.Gsm);
        sim.Register(5);
        Assert.Equal(RadioState.Ready, driver.Poll());
        Assert.Equal(5, driver.Registration.Gsm);
        Assert.Contains("+CREG: 5", Drain(driver.Channel.Urcs));
    }

    [Fact]
    public void A_sim_asking_for_its_pin_is_reported_not_retried()
    {
        var sim = new SimulatedModule(new ModuleState { PinRequired = true });
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.SimLocked, driver.RunStartup(10_000));
        Assert.Equal("SIM PIN", driver.SimStatus);
        Assert.Equal(1, driver.Attempts);
    }

    [Fact]
    public void The_pin_the_host_enters_restarts_the_start_up_and_the_module_registers()
    {
        // Appendix A: "AT+CPIN=xxxx … OK", then the board goes on as with an unlocked SIM.
        var sim = new SimulatedModule(new ModuleState { PinRequired = true, Pin = "1234" });
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.SimLocked, driver.RunStartup(10_000));
        var host = new HostPipe();
        var output = new ResponseWriter(host);
        var passThrough = new HostPassThrough(driver, new SystemClock(), output);
        byte[] command = Encoding.ASCII.GetBytes("AT+CPIN=1234");
        passThrough.Execute(command, 0, command.Length);
        output.Flush();
        Assert.Equal("\r\nOK\r\n", Encoding.ASCII.GetString(host.TakeOutput()));
        Assert.Equal(RadioState.Ready, driver.RunStartup(10_000));
        Assert.Equal(2, driver.Attempts);
    }

    [Fact]
    public void No_sim_is_reported_with_its_error()
    {
        var sim = new SimulatedModule(new ModuleState { SimInserted = false });
        var driver = OnSimulator(sim);
        Assert.Equal(RadioState.NoSim, driver.RunStartup(10_000));
        Assert.Equal("+CME ERROR: 10", driver.SimStatus);
    }

    [Fact]
    public void A_urc_in_the_middle_of_an_answer_is_relayed_and_the_answer_still_captured()
    {
        var sim = new SimulatedModule();
        sim.Commands["+CSQ"] = (m, r, after) =>
        {
            m.Info("+CSQ: 20,0");
            m.InjectUrc("RING");
            return "OK";
        };
        var channel = new ModuleChannel(sim, 8);
        var chat = new ChatEngine(channel, new SystemClock());
        var script = new ChatScript("csq", new[] { ChatScript.Command("AT+CSQ", 2000).Capture("+CSQ:", 0) });
        Assert.Equal(ChatResult.Ok, chat.Run(script, null));
        Assert.Equal("20,0", chat.Capture(0));
        Assert.Equal("RING", channel.Urcs.Take());
    }

    [Fact]
    public void Bg96_start_up_switches_on_lte_registration_urcs()
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock) { Echo = true };
        module.Answer = cmd => cmd switch
        {
            "AT+CPIN?" => "\r\n+CPIN: READY\r\n\r\nOK\r\n",
            "AT+CEREG?" => "\r\n+CEREG: 1,5\r\n\r\nOK\r\n",
            "AT+CREG?" => "\r\n+CREG: 1,0\r\n\r\nOK\r\n",
            _ => "\r\nOK\r\n",
        };
        var driver = new RadioDriver(module, clock, NoModemControl.Instance, ModuleProfiles.Bg96, pinned: true);
        Assert.Equal(RadioState.Ready, driver.RunStartup(60_000));
        Assert.Contains("AT+CEREG=1", module.Received);
        Assert.Equal(5, driver.Registration.Eps);
        Assert.True(driver.Registration.PacketRegistered);
    }

    public static IEnumerable<object[]> StartupRows() =>
        new[] { "AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CREG=1", "AT+CGREG=1", "AT+CLIP=1" }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(StartupRows))]
    public void Error_at_a_start_up_step_retries_then_power_cycles_and_never_gets_stuck(string failing)
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock);
        bool broken = true;
        module.Answer = cmd => cmd == failing && broken ? "\r\nERROR\r\n"
            : cmd == "AT+CPIN?" ? "\r\n+CPIN: READY\r\n\r\nOK\r\n"
            : cmd == "AT+CREG?" ? "\r\n+CREG: 1,1\r\n\r\nOK\r\n"
            : "\r\nOK\r\n";
        var control = new FakeControl { OnPower = () => broken = false };
        var driver = new RadioDriver(module, clock, control, ModuleProfiles.Sim800, pinned: true);
        Assert.Equal(RadioState.Ready, driver.RunStartup(120_000));
        Assert.Equal(ChatResult.Aborted, driver.LastFailure);
        Assert.Equal(1, driver.Recoveries);
        Assert.Equal(1, control.PowerOffs);
        Assert.Equal(1, control.PowerOns);
        Assert.Equal(driver.FailureLimit + 1, driver.Attempts);
    }

    [Fact]
    public void Error_at_the_sim_step_is_reported_as_no_sim()
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock) { Answer = cmd => cmd == "AT+CPIN?" ? "\r\nERROR\r\n" : "\r\nOK\r\n" };
        var driver = new RadioDriver(module, clock, new FakeControl(), ModuleProfiles.Sim800, pinned: true);
        Assert.Equal(RadioState.NoSim, driver.RunStartup(60_000));
        Assert.Equal("ERROR", driver.SimStatus);
    }

    [Fact]
    public void A_silent_module_is_power_cycled_then_reset_and_comes_back()
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock) { Silent = true };
        module.Answer = cmd => cmd == "AT+CPIN?" ? "\r\n+CPIN: READY\r\n\r\nOK\r\n" : cmd == "AT+CREG?" ? "\r\n+CREG: 1,1\r\n\r\nOK\r\n" : "\r\nOK\r\n";
        var control = new FakeControl();
        control.OnPower = () => { if (control.Resets > 0) module.Silent = false; }; // only the reset line revives it
        var driver = new RadioDriver(module, clock, control, ModuleProfiles.Sim800, pinned: true);
        Assert.Equal(RadioState.Ready, driver.RunStartup(10 * 60_000));
        Assert.Equal(ChatResult.Silent, driver.LastFailure);
        Assert.Equal(2, driver.Recoveries);
        Assert.Equal(1, control.PowerOns);
        Assert.Equal(1, control.Resets);
    }

    [Fact]
    public void Without_control_lines_a_silent_module_is_probed_on_and_poll_never_blocks()
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock) { Silent = true };
        var driver = new RadioDriver(module, clock, NoModemControl.Instance, ModuleProfiles.Sim800, pinned: true);
        driver.Start();
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(RadioState.Starting, driver.Poll());
            clock.TickMs += 500;
        }
        Assert.True(driver.Recoveries >= 1);
        Assert.True(driver.Attempts > 3);
    }

    [Fact]
    public void While_not_registered_the_registration_is_queried_again()
    {
        var clock = new FakeClock();
        var module = new FakeModule(clock);
        int status = 2;
        module.Answer = cmd => cmd == "AT+CPIN?" ? "\r\n+CPIN: READY\r\n\r\nOK\r\n"
            : cmd == "AT+CREG?" ? "\r\n+CREG: 1," + status + "\r\n\r\nOK\r\n" : "\r\nOK\r\n";
        var driver = new RadioDriver(module, clock, NoModemControl.Instance, ModuleProfiles.Sim800, pinned: true);
        Assert.Equal(RadioState.Registering, driver.RunStartup(60_000));
        status = 1;
        clock.TickMs += driver.RegistrationPollMs;
        for (int i = 0; i < 5 && driver.Poll() != RadioState.Ready; i++) { }
        Assert.Equal(RadioState.Ready, driver.State);
        Assert.Equal(2, module.Received.Count(c => c == "AT+CREG?"));
    }

    [Fact]
    public void A_registration_report_taken_outside_its_step_makes_the_driver_due_until_it_applied_it()
    {
        // The board's quiet step trusts QuietUntil: a report taken while the host's command ran an exchange (not by
        // the driver's own step) must make the driver due at once, or its state would lag the registration.
        var clock = new FakeClock();
        var module = new FakeModule(clock);
        module.Answer = cmd => cmd == "AT+CPIN?" ? "\r\n+CPIN: READY\r\n\r\nOK\r\n"
            : cmd == "AT+CREG?" ? "\r\n+CREG: 1,1\r\n\r\nOK\r\n" : "\r\nOK\r\n";
        var driver = new RadioDriver(module, clock, NoModemControl.Instance, ModuleProfiles.Sim800, pinned: true);
        Assert.Equal(RadioState.Ready, driver.RunStartup(60_000));
        long due = driver.QuietUntil;
        Assert.True(due > clock.TickMs, "a registered driver waits for its next check");

        Assert.True(driver.Registration.Take("+CREG: 0")); // coverage lost, reported outside Step
        Assert.Equal(0, driver.QuietUntil);
        Assert.Equal(RadioState.Registering, driver.Poll());
        Assert.True(driver.QuietUntil > clock.TickMs, "applied: not due again until the next check");
    }

    private static List<string> Drain(UrcQueue q)
    {
        var all = new List<string>();
        string? s;
        while ((s = q.Take()) != null) all.Add(s);
        return all;
    }
}
