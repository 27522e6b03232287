using NfAtip.At;
using NfAtip.Net;
using NfAtip.Platform;
using NfAtip.Services.DataMode;

namespace NfAtip.Services.Tcp
{
    /// <summary>
    /// AT#OTCP, AT#LTCPSTART, AT#LTCPSTOP: one TCP socket bridged transparently to the host line
    /// (chapter 5, Appendix A "TCP Socket", Appendix B "Opening a TCP Socket").
    ///
    /// States: idle → (OTCP: connect) → bridging → idle; idle → (LTCPSTART) listening → (allowed
    /// peer, from <see cref="Poll"/>) bridging → idle; listening → (LTCPSTOP / ETX) idle. Only one
    /// socket exists at a time ("Only one TCP socket can be opened simultaneously"): the listening
    /// socket is closed as soon as the peer is accepted, so after the session the port no longer
    /// listens ("As soon as the socket TCP is closed, the TCP port is not anymore in a listening
    /// mode"). Every path closes what it opened.
    /// </summary>
    public sealed class TcpService
    {
        private readonly ServiceContext _context;
        private readonly DataPump _pump;
        private ITcpListener _listener;
        private ITcpConnection _connection;
        private uint _allowedPeer;

        public TcpService(ServiceContext context)
        {
            _context = context;
            _pump = new DataPump(context.Host, context.Out, context.Buffers);
        }

        /// <summary>The bridge (tests and the benchmark tune its idle wait).</summary>
        public DataPump Pump
        {
            get { return _pump; }
        }

        /// <summary>True while a listening socket waits for its peer.</summary>
        public bool IsListening
        {
            get { return _listener != null; }
        }

        /// <summary>AT#OTCP: connect to TCPSERV:TCPPORT and bridge.</summary>
        public void Open()
        {
            string server = _context.Settings.Get("TCPSERV");
            int port = _context.Settings.GetInt("TCPPORT");
            uint address = 0;
            // An empty TCPSERV can be resolved no better than a wrong name (38027 "… a wrong server
            // address has been filled in").
            int error = server.Length == 0 ? CmeError.DnsFailed : _context.Resolver.Resolve(server, out address);
            if (error != 0)
            {
                _context.Out.Error(error);
                return;
            }
            _context.Out.Flush(); // the connect may take up to ConnectMs: the echo goes out first
            ITcpConnection connection = port == 0 ? null : _context.Network.Connect(address, port, _context.Tunables.ConnectMs);
            if (connection == null)
            {
                _context.Out.Error(CmeError.OpenFailed);
                return;
            }
            Bridge(connection);
        }

        /// <summary>AT#LTCPSTART: listen on TCPPORT for TCPSERV (255.255.255.255: anyone); OK at once.</summary>
        public void Listen()
        {
            uint allowed;
            // Accepting "only TCPSERV" means comparing addresses: a name cannot be compared with an
            // incoming address, so listening needs dotted decimal (spec-decisions T5).
            if (!Ipv4.TryParse(_context.Settings.Get("TCPSERV"), out allowed))
            {
                _context.Out.Error(CmeError.BadConfiguration);
                return;
            }
            int port = _context.Settings.GetInt("TCPPORT");
            ITcpListener listener = port == 0 ? null : _context.Network.Listen(port);
            if (listener == null)
            {
                _context.Out.Error(CmeError.OpenFailed);
                return;
            }
            _allowedPeer = allowed;
            _listener = listener;
            _context.Out.Ok();
        }

        /// <summary>Incoming connections taken per Poll at most: refusing a flood is bounded work per step.</summary>
        public const int AcceptsPerPoll = 64;

        /// <summary>
        /// Called between commands while listening: takes the incoming connections waiting, up to
        /// AcceptsPerPoll. A peer other than TCPSERV is closed at once and the next is taken, so a flood of
        /// strangers cannot keep the allowed peer waiting behind them one board step each; the allowed one
        /// gets the bridge.
        /// </summary>
        public void Poll()
        {
            for (int i = 0; i < AcceptsPerPoll && _listener != null; i++)
            {
                ITcpConnection connection = _listener.Accept(0);
                if (connection == null) return;
                if (_allowedPeer != Ipv4.Broadcast && connection.RemoteAddress != _allowedPeer)
                {
                    connection.Close();
                    continue;
                }
                _listener.Close();
                _listener = null;
                Bridge(connection);
            }
        }

        /// <summary>
        /// An ETX typed in command mode while listening ("The LTCP command can be aborted before an
        /// incoming TCP request has been received by issuing an &lt;ETX&gt;"): the listening context is
        /// cancelled, answered 37952 (spec-decisions T4).
        /// </summary>
        public void AbortListening()
        {
            if (_listener == null) return;
            CloseListener();
            _context.Out.Error(CmeError.TcpSessionCancelled);
        }

        /// <summary>AT#LTCPSTOP: OK, whether or not a listening socket was open.</summary>
        public void StopListening()
        {
            CloseListener();
            _context.Out.Ok();
        }

        /// <summary>Releases every socket after a fault.</summary>
        public void Abandon()
        {
            CloseListener();
            if (_connection != null)
            {
                ITcpConnection c = _connection;
                _connection = null;
                c.Close();
            }
        }

        private void CloseListener()
        {
            if (_listener == null) return;
            ITcpListener l = _listener;
            _listener = null;
            l.Close();
        }

        /// <summary>OK_Info_WaitingForData, the pump, then the closing sequence of spec-decisions T1–T3.</summary>
        private void Bridge(ITcpConnection connection)
        {
            _connection = connection;
            bool dle = _context.Settings.GetInt("DLEMODE") == 1;
            _context.Out.Result(ResultCode.InfoWaitingForData);
            _context.Out.Flush();
            int end;
            try
            {
                end = _pump.Run(connection, dle);
            }
            finally
            {
                _connection = null;
                connection.Close();
            }
            ResponseWriter o = _context.Out;
            if (end == DataPump.HostLineClosed) return; // nobody to answer
            if (end == DataPump.HostClosed)
            {
                // "This character is echoed": the host's ETX comes back, so both ends of a
                // session read the same on the host line: ETX, OK_Info_SocketClosed, OK.
                o.Byte(Dle.Etx);
                o.Result(ResultCode.InfoSocketClosed);
                o.Ok();
                o.Flush();
                return;
            }
            // The peer ended it (or a send failed): the ETX says so at once (DLEMODE 1; "if this error
            // occurs once the TCP connection opened, it is preceded by an ETX"), then whatever the host
            // still sends for the session is dropped before the answer (spec decision T9), so none of it
            // is run as a command.
            if (dle) o.Byte(Dle.Etx);
            o.Flush();
            int dropped = _pump.DrainHost(dle, _context.Tunables.DataDrainQuietMs);
            if (dropped < 0) return;
            // Data the host sent after the peer's close never reached the peer either: lost, as in T3.
            if (end == DataPump.PeerClosed && dropped > 0) end = DataPump.PeerClosedDataLost;
            switch (end)
            {
                case DataPump.PeerClosed:
                    o.Result(ResultCode.InfoSocketClosed);
                    o.Ok();
                    break;
                case DataPump.PeerClosedDataLost:
                    o.Error(CmeError.ClosedByPeer);
                    break;
                default:
                    o.Error(CmeError.SendFailed);
                    break;
            }
            o.Flush();
        }
    }
}
