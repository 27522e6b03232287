using NfAtip.At;
using NfAtip.Net;
using NfAtip.Parameters;
using NfAtip.Platform;

namespace NfAtip.Link
{
    /// <summary>
    /// AT#CONNECTIONSTART / AT#CONNECTIONSTOP / AT#DISPLAYIP and the link's addresses.
    /// This is the interim version issue B needs: GPRS mode opens the IP link directly (on the virtual
    /// board, the host network). Issue C puts the module driver in front of it (registration, PDP
    /// context, GSM dialling and redial, incoming calls) and makes it interruptible.
    /// </summary>
    public sealed class ConnectionManager
    {
        /// <summary>How long IP negotiation may take before the timeout code.</summary>
        public const int NegotiationTimeoutMs = 60000;

        private readonly IIpLink _ip;
        private readonly IClock _clock;
        private readonly Settings _settings;
        private readonly ResponseWriter _out;
        private readonly LinkState _state;
        private readonly char[] _text = new char[16];
        private readonly IpLinkRequest _request = new IpLinkRequest();
        private bool _gprs;

        public ConnectionManager(IIpLink ip, IClock clock, Settings settings, ResponseWriter output, LinkState state)
        {
            _ip = ip;
            _clock = clock;
            _settings = settings;
            _out = output;
            _state = state;
        }

        /// <summary>True while IP is up: the services may run.</summary>
        public bool IsUp
        {
            get { return _state.State == LinkState.Connected; }
        }

        /// <summary>
        /// DNS server <paramref name="index"/> (0 or 1): the one the link supplied if any, else DNSSERV1/2
        /// ("In the case of GPRS, the DNS server addresses are provided by the GPRS operator … used in
        /// place of DNSSERV1 and DNSSERV2"). 0 when none is configured.
        /// </summary>
        public uint DnsServer(int index)
        {
            uint supplied = IsUp ? (index == 0 ? _ip.PrimaryDns : _ip.SecondaryDns) : 0;
            if (supplied != 0) return supplied;
            uint configured;
            return Ipv4.TryParse(_settings.Get(index == 0 ? "DNSSERV1" : "DNSSERV2"), out configured) ? configured : 0;
        }

        /// <summary>AT#CONNECTIONSTART.</summary>
        public void Start(int unused)
        {
            if (_state.State != LinkState.Idle)
            {
                _out.Error(CmeError.AlreadyRunning);
                return;
            }
            if (_settings.GetInt("GPRSMODE") != 1)
            {
                _out.Error(CmeError.ResourceUnavailable); // GSM data calls need the module driver (issue C)
                return;
            }
            _gprs = true;
            _request.Server = false;
            _request.User = _settings.Get("APNUN");
            _request.Password = _settings.Get("APNPW");
            _request.TimeoutMs = NegotiationTimeoutMs;
            _state.State = LinkState.Authenticating;
            _ip.Open(_request);
            long deadline = _clock.TickMs + NegotiationTimeoutMs;
            int status;
            while ((status = _ip.Poll()) == IpLinkStatus.Negotiating)
            {
                if (_clock.TickMs > deadline)
                {
                    status = CmeError.PppClientTimeout;
                    break;
                }
                System.Threading.Thread.Sleep(10);
            }
            if (status != IpLinkStatus.Up)
            {
                _ip.Close();
                _state.State = LinkState.Idle;
                _out.Error(_gprs ? CmeError.InvalidActivationEvent : status);
                return;
            }
            _state.State = LinkState.Connected;
            _out.InfoLine(Address(_ip.LocalAddress));
            _out.Result(_gprs ? ResultCode.InfoGprsActivation : ResultCode.InfoPpp);
        }

        /// <summary>AT#CONNECTIONSTOP: releases whatever is up; OK either way.</summary>
        public void Stop(int unused)
        {
            if (_state.State != LinkState.Idle)
            {
                _state.State = LinkState.Disconnecting;
                _ip.Close();
                _state.State = LinkState.Idle;
            }
            _out.Ok();
        }

        /// <summary>AT#DISPLAYIP: "MY IP: a.b.c.d" and "PEER IP:" (GSM) or "Gateway IP:" (GPRS).</summary>
        public void DisplayIp(int unused)
        {
            if (!IsUp)
            {
                _out.Error(CmeError.LinkNotActive);
                return;
            }
            _out.Text("MY IP: ");
            _out.Text(Address(_ip.LocalAddress));
            _out.CrLf();
            _out.Text(_gprs ? "Gateway IP: " : "PEER IP: ");
            _out.Text(Address(_ip.PeerAddress));
            _out.CrLf();
            _out.Ok();
        }

        private string Address(uint address)
        {
            return new string(_text, 0, Ipv4.Format(address, _text, 0));
        }
    }
}
