using NfAtip.At;

namespace NfAtip.Services.Tcp
{
    /// <summary>AT#OTCP, AT#LTCPSTART, AT#LTCPSTOP: the transparent TCP bridge (chapter 5).</summary>
    public sealed class TcpService
    {
        private readonly ServiceContext _context;

        public TcpService(ServiceContext context)
        {
            _context = context;
        }

        /// <summary>True while a listening socket waits for its peer.</summary>
        public bool IsListening
        {
            get { return false; }
        }

        /// <summary>AT#OTCP: connect to TCPSERV:TCPPORT and bridge.</summary>
        public void Open()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the TCP bridge is being written (issue B)
        }

        /// <summary>AT#LTCPSTART: listen on TCPPORT.</summary>
        public void Listen()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the TCP bridge is being written (issue B)
        }

        /// <summary>Called between commands while listening: accepts the peer, or an ETX abort.</summary>
        public void Poll()
        {
        }

        /// <summary>AT#LTCPSTOP.</summary>
        public void StopListening()
        {
            _context.Out.Ok();
        }

        /// <summary>Releases every socket after a fault.</summary>
        public void Abandon()
        {
        }
    }
}
