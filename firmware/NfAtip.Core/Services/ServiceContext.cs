using NfAtip.At;
using NfAtip.Link;
using NfAtip.Parameters;
using NfAtip.Platform;
using NfAtip.Services.Dns;

namespace NfAtip.Services
{
    /// <summary>What every internet service (chapters 3–5) works with.</summary>
    public sealed class ServiceContext
    {
        public readonly Settings Settings;
        public readonly INetwork Network;
        public readonly IClock Clock;
        /// <summary>Host line input (data mode reads here, after whatever the command line left).</summary>
        public readonly HostPort Host;
        /// <summary>Host line output (result codes and data to the host).</summary>
        public readonly ResponseWriter Out;
        public readonly ConnectionManager Connection;
        public readonly Resolver Resolver;
        /// <summary>Timeouts and ports (the spec's values unless a test shortens them).</summary>
        public readonly ServiceTunables Tunables;
        /// <summary>The CA certificate for the TLS extension (null when none is stored).</summary>
        public readonly CertificateStore Certificates;
        /// <summary>The buffers the services share (one runs at a time).</summary>
        public readonly ServiceBuffers Buffers;

        public ServiceContext(Settings settings, INetwork network, IClock clock, HostPort host, ResponseWriter output, ConnectionManager connection, Resolver resolver, ServiceTunables tunables, CertificateStore certificates, ServiceBuffers buffers)
        {
            Certificates = certificates;
            Tunables = tunables;
            Settings = settings;
            Network = network;
            Clock = clock;
            Host = host;
            Out = output;
            Connection = connection;
            Resolver = resolver;
            Buffers = buffers;
        }
    }
}
