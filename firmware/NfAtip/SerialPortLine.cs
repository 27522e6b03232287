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
        private readonly bool _flowPins;

        /// <summary>
        /// Opens the port at 8N1. <paramref name="flowControlPins"/> says whether RTS/CTS are wired on this
        /// board (profile host.rts/host.cts not -1): without them a request for hardware flow control is
        /// ignored, since a floating CTS would stall every write.
        /// </summary>
        public SerialPortLine(string portName, int baudRate, bool flowControlPins)
        {
            _flowPins = flowControlPins;
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

        /// <summary>
        /// Applies AT+IPR / AT+IFC to the open port: nanoFramework's BaudRate and Handshake setters reconfigure
        /// an open port (they call the native config), so no close/reopen is needed. A rate the UART refuses
        /// leaves the previous one in place rather than killing the host line.
        /// </summary>
        public void Configure(int baudRate, bool hardwareFlowControl)
        {
            // 8N1 always (spec): only the rate and the flow control change.
            if (baudRate > 0 && baudRate != _port.BaudRate)
            {
                int previous = _port.BaudRate;
                try
                {
                    _port.BaudRate = baudRate;
                }
                catch (Exception)
                {
                    _port.BaudRate = previous;
                }
            }
            Handshake wanted = hardwareFlowControl && _flowPins ? Handshake.RequestToSend : Handshake.None;
            if (wanted != _port.Handshake)
            {
                try
                {
                    _port.Handshake = wanted;
                }
                catch (Exception)
                {
                    // A target whose UART driver has no RTS/CTS (STM32 reference images route TX/RX only).
                    _port.Handshake = Handshake.None;
                }
            }
        }
    }
}
