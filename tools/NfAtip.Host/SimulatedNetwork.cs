using NfAtip.ModemSim;

namespace NfAtip.Host;

/// <summary>
/// The virtual board's telephone network, as `--help` documents it: data calls reach a simulated ISP
/// (CONNECT 9600, then PPP: with --ip ppp a real PPP server, see <see cref="ConnectIsp"/>), except numbers ending in 7 / 8 / 3, which answer BUSY / NO ANSWER /
/// NO CARRIER (the result codes' own numbers, easy to remember at a terminal), and the numbers given
/// with --dial, which connect a transparent call to a TCP service.
/// </summary>
public static class SimulatedNetwork
{
    /// <summary>How long the remote modem takes to answer: long enough to see DIALING, short enough to wait for.</summary>
    public const int AnswerDelayMs = 500;

    public static void Configure(SimulatedModule module, IEnumerable<(string Number, string Host, int Port)> dials)
    {
        module.DefaultCall = CallScript.Connect(9600, delayMs: AnswerDelayMs);
        module.DialRule = number => number.Length == 0 ? null : number[^1] switch
        {
            '7' => CallScript.Busy(AnswerDelayMs),
            '8' => CallScript.NoAnswer(AnswerDelayMs),
            '3' => CallScript.NoCarrier(AnswerDelayMs),
            _ => null,
        };
        foreach (var (number, host, port) in dials) module.ScriptDialToTcp(number, host, port, 9600, AnswerDelayMs);
    }

    /// <summary>GSM calls to the ISP and GPRS calls reach a real PPP server (one per call).</summary>
    public static void ConnectIsp(SimulatedModule module, Func<IDataRemote> csd, Func<PacketSession, IDataRemote> packet)
    {
        module.DefaultCall = CallScript.Connect(9600, csd, AnswerDelayMs);
        module.NetworkSide = packet;
    }
}
