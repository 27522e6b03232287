using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NfAtip.ModemSim;

namespace NfAtip.PppHost
{
    /// <summary>What the simulated ISP checks and hands out.</summary>
    public sealed class IspSettings
    {
        /// <summary>The user the ISP requires (PAP, or CHAP with <see cref="Chap"/>); null: it asks no authentication (as most GPRS APNs).</summary>
        public string User { get; set; }

        /// <summary>The password the ISP requires with <see cref="User"/>.</summary>
        public string Password { get; set; } = "";

        /// <summary>The ISP asks CHAP (MD5) for <see cref="User"/> instead of PAP.</summary>
        public bool Chap { get; set; }

        /// <summary>How fast the call carries bytes (CSD calls and packet calls may differ: see the factories).</summary>
        public CallRates Rates { get; set; } = CallRates.Unthrottled;

        /// <summary>The port on the PC's loopback of the name server IPCP names (10.0.2.3); 0: IPCP names none.</summary>
        public int DnsForwardPort { get; set; }

        /// <summary>How long the ISP waits for the board's PPP before giving up on the call.</summary>
        public int TimeoutMs { get; set; } = 10 * 60 * 1000;
    }

    /// <summary>
    /// The far end of a data call on the PC as one of the PPP programs (nfatip-ppp-isp, nfatip-ppp-peer), one
    /// process per call: the program listens on a Unix socket, the call connects to it, and the module's data
    /// bytes cross it paced at the call's line rate. The process ending (killed, or its session over) is the
    /// carrier lost: the module says NO CARRIER.
    /// </summary>
    public class PppProgramRemote : IPppNetworkSide
    {
        private static int s_calls;

        private readonly string _program;
        private readonly List<string> _arguments;
        private readonly LineRate _up, _down;
        private readonly string _socketPath;
        private PppProcess _process;
        private Socket _line;
        private volatile bool _closed;

        /// <param name="arguments">The program's options less --listen, which this class adds.</param>
        public PppProgramRemote(string program, IEnumerable<string> arguments, CallRates rates)
        {
            _program = program;
            _arguments = new List<string>(arguments);
            _up = new LineRate(rates.Uplink, rates.BitsPerByte);
            _down = new LineRate(rates.Downlink, rates.BitsPerByte);
            _socketPath = Path.Combine(Path.GetTempPath(),
                "nfatip-call-" + Environment.ProcessId + "-" + Interlocked.Increment(ref s_calls) + ".sock");
        }

        /// <summary>The packet context dialled (null for a CSD call).</summary>
        public PacketSession Session { get; private set; }

        /// <summary>The program's process of this call, once open (its output says "up …" and "ended …").</summary>
        public PppProcess Process => _process;

        /// <summary>True once the module ended the call.</summary>
        protected bool Closed => _closed;

        public void Activate(PacketSession session) => Session = session;

        public void Open(IDataLink link)
        {
            var args = new List<string> { "--listen", _socketPath };
            args.AddRange(_arguments);
            _process = new PppProcess(_program, args);
            try
            {
                _process.WaitListening();
                _line = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _line.Connect(new UnixDomainSocketEndPoint(_socketPath));
            }
            catch (Exception)
            {
                Close();
                throw; // the module fails the call with NO CARRIER
            }
            finally
            {
                try { File.Delete(_socketPath); } catch (IOException) { }
            }
            new Thread(() => Pump(link)) { IsBackground = true, Name = _program + " → module" }.Start();
        }

        private void Pump(IDataLink link)
        {
            var buffer = new byte[1500];
            try
            {
                int n;
                while ((n = _line.Receive(buffer)) > 0)
                {
                    _down.Pace(n);
                    link.Deliver(new ReadOnlySpan<byte>(buffer, 0, n));
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
            // The program went away (its session ended, or it died): the carrier is lost.
            if (!_closed) link.HangUp();
        }

        public void Send(byte[] data)
        {
            if (_closed) return;
            _up.Pace(data.Length);
            try
            {
                _line?.Send(data);
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        /// <summary>The module ended the call: the line drops, the program has a moment to notice, then it is ended.</summary>
        public void Close()
        {
            _closed = true;
            try { _line?.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            _line?.Dispose();
            PppProcess process = _process;
            if (process == null) return;
            Task.Run(() =>
            {
                Thread.Sleep(1000);
                process.Dispose();
            });
        }
    }

    /// <summary>
    /// The network side of a data call on the PC: the simulated ISP, nfatip-ppp-isp (lwIP's PPP server with
    /// libslirp behind it: 10.0.2.2 is this PC's loopback). Set it as the module's NetworkSide for packet calls
    /// and as a call script's remote for CSD calls to the ISP.
    /// </summary>
    public sealed class IspRemote : PppProgramRemote
    {
        public IspRemote(IspSettings settings) : base("nfatip-ppp-isp", Arguments(settings), settings.Rates) { }

        private static List<string> Arguments(IspSettings settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            var args = new List<string> { "--timeout-ms", settings.TimeoutMs.ToString() };
            // A DNS server in IPCP only when one answers there: the board prefers the link's servers to
            // DNSSERV1/2, and a dead one would cost every lookup its timeout.
            if (settings.DnsForwardPort != 0) args.AddRange(new[] { "--dns-forward", settings.DnsForwardPort.ToString() });
            else args.AddRange(new[] { "--dns", "0.0.0.0" });
            if (settings.User != null) args.AddRange(new[] { "--user", settings.User, "--password", settings.Password ?? "", "--auth", settings.Chap ? "chap" : "pap" });
            return args;
        }

        /// <summary>
        /// Makes the board's TCP port reachable at 127.0.0.1:<paramref name="port"/> on the PC (or no longer):
        /// the board as a server behind an operator that gives it a reachable address. Waits (bounded) until
        /// the ISP confirms, so a client may connect as soon as the board says OK. False when it did not.
        /// </summary>
        public bool Forward(int port, bool on)
        {
            PppProcess isp = Process;
            if (isp == null || Closed) return false;
            isp.Send((on ? "forward " : "unforward ") + port);
            return isp.WaitLine((on ? "forwarded " : "unforwarded ") + port, TimeSpan.FromSeconds(5));
        }
    }
}
