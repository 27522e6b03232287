using System;
using System.IO.Ports;
using System.Threading;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// ISerialLine over nanoFramework's SerialPort. Reads poll BytesToRead instead of relying on
    /// ReadTimeout, because nanoFramework's Read throws TimeoutException when nothing arrives and
    /// ReadTimeout refuses 0 (a non-blocking poll).
    /// </summary>
    public sealed class SerialPortLine : ISerialLine
    {
        private const int PollMs = 2;
        private readonly SerialPort _port;

        public SerialPortLine(string portName, int baudRate)
        {
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadTimeout = 50;
            _port.Open();
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (!_port.IsOpen) return -1;
            int waited = 0;
            while (_port.BytesToRead == 0)
            {
                if (waited >= timeoutMs) return 0;
                Thread.Sleep(PollMs);
                waited += PollMs;
            }
            int available = _port.BytesToRead;
            return _port.Read(buffer, offset, available < count ? available : count);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            // With RTS/CTS the UART driver holds the bytes while the peer drops CTS.
            _port.Write(buffer, offset, count);
        }

        public void Configure(int baudRate, bool hardwareFlowControl)
        {
            // 8N1 always (spec): only the rate and the flow control change; both apply to an open port.
            _port.BaudRate = baudRate;
            _port.Handshake = hardwareFlowControl ? Handshake.RequestToSend : Handshake.None;
        }
    }
}
