using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// INetwork over nanoFramework's lwIP sockets (System.Net). Failures become null/false/-1 results,
    /// as the interface requires, never exceptions.
    /// </summary>
    public sealed class LwipNetwork : INetwork
    {
        public ITcpConnection Connect(uint address, int port, int timeoutMs)
        {
            Socket s = null;
            try
            {
                s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                // nanoFramework's Connect blocks with no timeout: run it aside and give up on time.
                TimedConnect attempt = new TimedConnect(s, new IPEndPoint(Addresses.ToIp(address), port));
                if (!attempt.Run(timeoutMs))
                {
                    s.Close();
                    return null;
                }
                return new LwipConnection(s, address);
            }
            catch (Exception)
            {
                if (s != null) s.Close();
                return null;
            }
        }

        public ITcpListener Listen(int port)
        {
            Socket s = null;
            try
            {
                s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                // A session the board closed leaves its connection in TIME_WAIT on this port (lwIP: 2 MSL,
                // 2 min); without SO_REUSEADDR the next AT#LTCPSTART could not bind it (38016) until then.
                // Both images' lwIP have SO_REUSE (ESP32: CONFIG_LWIP_SO_REUSE, on by default; ChibiOS: 1).
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(new IPEndPoint(IPAddress.Any, port));
                s.Listen(1);
                return new LwipListener(s);
            }
            catch (Exception)
            {
                if (s != null) s.Close();
                return null;
            }
        }

        public IUdpSocket OpenUdp()
        {
            try
            {
                Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Any, 0));
                return new LwipUdp(s);
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>One blocking Connect on its own thread, with a wait bounded by the caller's timeout.</summary>
        private sealed class TimedConnect
        {
            private readonly Socket _socket;
            private readonly EndPoint _remote;
            private readonly ManualResetEvent _done = new ManualResetEvent(false);
            private bool _ok;

            public TimedConnect(Socket socket, EndPoint remote)
            {
                _socket = socket;
                _remote = remote;
            }

            public bool Run(int timeoutMs)
            {
                new Thread(Work).Start();
                return _done.WaitOne(timeoutMs, false) && _ok;
            }

            private void Work()
            {
                try
                {
                    _socket.Connect(_remote);
                    _ok = true;
                }
                catch (Exception)
                {
                    _ok = false;
                }
                _done.Set();
            }
        }
    }

    /// <summary>Conversions between the interface's packed IPv4 (first octet in the top byte) and System.Net.</summary>
    internal static class Addresses
    {
        public static IPAddress ToIp(uint address)
        {
            return new IPAddress(new byte[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address });
        }

        public static uint FromEndPoint(EndPoint ep)
        {
            IPEndPoint ip = ep as IPEndPoint;
            if (ip == null) return 0;
            byte[] b = ip.Address.GetAddressBytes();
            return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
        }

        public static int PortOf(EndPoint ep)
        {
            IPEndPoint ip = ep as IPEndPoint;
            return ip == null ? 0 : ip.Port;
        }
    }

    /// <summary>A TCP connection; after StartTls every byte goes through the SslStream.</summary>
    internal sealed class LwipConnection : ITcpConnection
    {
        private readonly Socket _socket;
        private readonly uint _remote;
        private SslStream _tls;

        /// <summary>
        /// A send that cannot complete in this time fails: a peer that stops reading may slow the
        /// board down (flow control) but never hold it forever.
        /// </summary>
        public const int SendTimeoutMs = 60000;

        public LwipConnection(Socket socket, uint remote)
        {
            _socket = socket;
            _remote = remote;
            _socket.SendTimeout = SendTimeoutMs;
        }

        public uint RemoteAddress { get { return _remote; } }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            try
            {
                // Poll takes microseconds. Readable with nothing to read is the peer's FIN (Receive gives 0)
                // or a reset (Receive throws): the two ends TcpRead tells apart.
                if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return 0;
                int n = _tls != null ? _tls.Read(buffer, offset, count) : _socket.Receive(buffer, offset, count, SocketFlags.None);
                return n > 0 ? n : TcpRead.Closed;
            }
            catch (Exception)
            {
                return TcpRead.Failed;
            }
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                if (_tls != null)
                {
                    _tls.Write(buffer, offset, count);
                    return true;
                }
                int done = 0;
                while (done < count) done += _socket.Send(buffer, offset + done, count - done, SocketFlags.None);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool StartTls(string serverName, byte[] caCertificate)
        {
            try
            {
                _tls = new SslStream(_socket);
                _tls.SslVerification = SslVerification.CertificateRequired;
                _tls.AuthenticateAsClient(serverName, null, new X509Certificate(caCertificate), SslProtocols.Tls12);
                return true;
            }
            catch (Exception)
            {
                _tls = null;
                return false;
            }
        }

        public void Close()
        {
            try
            {
                if (_tls != null) _tls.Close();
                else _socket.Close();
            }
            catch (Exception)
            {
                // Closing a dead connection has nothing left to report.
            }
        }
    }

    /// <summary>A listening TCP socket.</summary>
    internal sealed class LwipListener : ITcpListener
    {
        private readonly Socket _socket;

        public LwipListener(Socket socket)
        {
            _socket = socket;
        }

        public ITcpConnection Accept(int timeoutMs)
        {
            try
            {
                if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return null;
                Socket s = _socket.Accept();
                return new LwipConnection(s, Addresses.FromEndPoint(s.RemoteEndPoint));
            }
            catch (Exception)
            {
                return null;
            }
        }

        public void Close()
        {
            try { _socket.Close(); } catch (Exception) { }
        }
    }

    /// <summary>A UDP socket bound to an ephemeral port.</summary>
    internal sealed class LwipUdp : IUdpSocket
    {
        private readonly Socket _socket;

        public LwipUdp(Socket socket)
        {
            _socket = socket;
        }

        public bool SendTo(byte[] buffer, int offset, int count, uint address, int port)
        {
            try
            {
                return _socket.SendTo(buffer, offset, count, SocketFlags.None, new IPEndPoint(Addresses.ToIp(address), port)) == count;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
        {
            address = 0;
            port = 0;
            try
            {
                if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return 0;
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref from);
                address = Addresses.FromEndPoint(from);
                port = Addresses.PortOf(from);
                return n;
            }
            catch (Exception)
            {
                return 0;
            }
        }

        public void Close()
        {
            try { _socket.Close(); } catch (Exception) { }
        }
    }
}
