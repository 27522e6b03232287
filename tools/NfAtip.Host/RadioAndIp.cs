using NfAtip.Device;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.PppHost;

namespace NfAtip.Host;

/// <summary>
/// The virtual board's module line, IP link and sockets, as the options choose them. With PPP (the default
/// when tools/NfAtip.PppHost is built) they are the board's own: LwipPppLink (firmware/NfAtip/Ppp, compiled
/// unchanged) over the PPP session core, which takes the module line from the radio driver for the call
/// (ModuleUart, the board's UART hand-over), and lwIP's sockets over that link. The simulated module carries
/// the call to a real PPP server process (IspRemote). Direct: the simulated module decides the outcome
/// (SimulatedPppLink) and the sockets are the PC's own (HostNetwork).
/// </summary>
public sealed class RadioAndIp : IDisposable
{
    private readonly IDisposable? _owned;

    private RadioAndIp(ISerialLine radio, IIpLink ipLink, INetwork network, IDisposable? owned, SimulatedModule? module, IspSettings? isp)
    {
        Radio = radio;
        IpLink = ipLink;
        Network = network;
        _owned = owned;
        Module = module;
        Isp = isp;
    }

    public ISerialLine Radio { get; }
    public IIpLink IpLink { get; }
    public INetwork Network { get; }

    /// <summary>The simulated module (null with --radio): the world directives act on it.</summary>
    public SimulatedModule? Module { get; }

    /// <summary>What the simulated ISP checks, read at each new call (null unless PPP to the simulated ISP): `isp auth` changes it.</summary>
    public IspSettings? Isp { get; }

    /// <summary>Set: calls to the ISP reach a line that never answers PPP (`isp silent`), for the negotiation timeout.</summary>
    public volatile bool IspSilent;

    /// <summary>The outcome-deciding IP link of --ip direct with the simulated module (null otherwise).</summary>
    public SimulatedPppLink? Direct => IpLink as SimulatedPppLink;

    /// <summary>The PPP programs and library build.sh makes are all there.</summary>
    public static bool PppBuilt =>
        NativeBuild.Find("libnfatip_ppp_host.so") != null && NativeBuild.Find("nfatip-ppp-isp") != null;

    public static RadioAndIp Create(Options options, IClock clock, Action<string> log, SimulatedClock? simulatedClock = null)
    {
        bool ppp = options.Ip switch
        {
            IpMode.Ppp => true,
            IpMode.Direct => false,
            _ => PppBuilt,
        };
        if (options.Ip == IpMode.Ppp && !PppBuilt)
            throw new FileNotFoundException("PPP on the PC is not built: run bash tools/NfAtip.PppHost/build.sh, or use --ip direct");
        if (options.Ip == IpMode.Auto && !ppp)
            log("PPP on the PC is not built (bash tools/NfAtip.PppHost/build.sh): IP goes over the PC's own network (--ip direct)");

        SerialPortLine? port = null;
        ISerialLine module;
        SimulatedModule? simulated = null;
        if (options.RadioDevice != null)
        {
            port = new SerialPortLine(options.RadioDevice, options.RadioBaud);
            log("radio: module on " + options.RadioDevice + " at " + options.RadioBaud + " baud; " +
                (ppp ? "PPP over its data call [needs hardware: not run here]" : "IP over the PC's network once it says CONNECT"));
            module = port;
        }
        else
        {
            ModuleState playing = ModuleState.Playing(options.Module)!;
            simulated = new SimulatedModule(playing, simulatedClock != null ? simulatedClock.Time : null);
            if (options.Module != "SIM800") log("radio: the simulated module plays a " + options.Module + " (" + playing.Model + ")");
            SimulatedNetwork.Configure(simulated, options.Dials);
            module = simulated;
        }

        if (!ppp)
        {
            IIpLink direct = simulated != null ? new SimulatedPppLink(simulated) : new HostIpLink();
            INetwork sockets = simulatedClock != null ? simulatedClock.Network(new HostNetwork()) : new HostNetwork();
            return new RadioAndIp(module, direct, sockets, port, simulated, null);
        }

        var network = new LwipNetwork();
        IspSettings? isp = null;
        RadioAndIp? made = null;
        if (simulated != null)
        {
            isp = new IspSettings
            {
                User = options.IspUser,
                Password = options.IspPassword,
                Chap = options.IspChap,
                DnsForwardPort = options.IspDnsPort,
            };
            IspSettings Isp(CallRates rates)
            {
                lock (isp) return new() { User = isp.User, Password = isp.Password, Chap = isp.Chap, DnsForwardPort = isp.DnsForwardPort, Rates = options.ModelledLineRate ? rates : CallRates.Unthrottled };
            }
            IspRemote? current = null;
            IDataRemote Call(CallRates rates) => made!.IspSilent ? new NullRemote() : current = new IspRemote(Isp(rates));
            SimulatedNetwork.ConnectIsp(simulated, () => Call(CallRates.Csd), _ => Call(CallRates.GprsClass10));
            // The board listening (AT#LTCPSTART): its port is reachable from this PC at 127.0.0.1 as well.
            network.ListeningChanged += (port, on) =>
            {
                if (current?.Forward(port, on) == false && on) log("ISP: port " + port + " could not be forwarded from 127.0.0.1");
            };
            log("IP: PPP to the simulated ISP (board 10.0.2.15, this PC's loopback at 10.0.2.2 (UDP: 127.0.0.N at 10.0.3.N), DNS 10.0.2.3" +
                (options.IspDnsPort != 0 ? " → 127.0.0.1:" + options.IspDnsPort : " not offered: DNSSERV1/2 apply") + "); line rate " +
                (options.ModelledLineRate ? "modelled" : "off") + (options.IspUser != null ? (options.IspChap ? "; CHAP" : "; PAP") + " user '" + options.IspUser + "'" : "; no authentication required"));
        }
        var uart = new ModuleUart(module);
        // On the PC the session core's "UART" is ModuleUart's socket pair: COM index 0, rate and pins unused.
        var link = new LwipPppLink(uart, new PppUartSettings(0, options.RadioBaud, -1, -1, -1, -1), clock);
        made = new RadioAndIp(uart, link, network, new Owned(uart, port), simulated, isp);
        return made;
    }

    public void Dispose() => _owned?.Dispose();

    private sealed class Owned(ModuleUart uart, IDisposable? port) : IDisposable
    {
        public void Dispose()
        {
            uart.Dispose();
            port?.Dispose();
        }
    }
}
