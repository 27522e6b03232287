using NfAtip.ModemSim;
using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>
/// Outgoing calls (spec Appendix A "Connect to the Internet" and the outgoing PPP / GPRS process diagrams) on the
/// virtual board: Board + SimulatedModule + SimulatedPppLink on the real clock, stepped by the test.
/// </summary>
public class OutgoingCallScenarioTests
{
    private static SimBoard<SimulatedModule, SimulatedPppLink> NewBoard(Action<ModuleState>? setup = null)
    {
        var state = new ModuleState { GuardTimeMs = 100 };
        setup?.Invoke(state);
        var module = new SimulatedModule(state);
        return new SimBoard<SimulatedModule, SimulatedPppLink>(module, new SimulatedPppLink(module));
    }

    [Fact]
    public void Board_comes_up_with_echo_off()
    {
        using var sim = NewBoard();
        Assert.Equal("\r\nOK\r\n", sim.Command("AT"));
    }
}
