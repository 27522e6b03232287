using System;
using System.IO.Ports;
using System.Threading;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// ISerialLine over nanoFramework's SerialPort. Reads take what BytesToRead says is there instead of
    /// relying on ReadTimeout, because nanoFramework's Read throws TimeoutException when nothing arrives and
    /// ReadTimeout refuses 0 (a non-blocking poll). A read with nothing there sleeps on the port's
    /// DataReceived event (issue H: the old 2 ms poll woke the board 500 times a second while idle), at
    /// most <see cref="WaitSliceMs"/> at a time, so an event the driver does not raise costs latency, never a hang.
    ///
    /// On the module UART it is also the PPP hand-over (IPppUartHandover): ReleaseForPpp disposes the port so
    /// the native PPP session can install its own UART driver, ReclaimAfterPpp opens a new port with the same
    /// settings. While released the line is quiet rather than closed: Read waits its timeout and returns 0,
    /// Write drops the bytes, Configure is kept for the reopen. Nothing should use the line then (the core
    /// leaves the radio alone during a session); this only keeps a stray call from ending the radio driver.
    /// </summary>
    public sealed class SerialPortLine : ISerialLine, IPppUartHandover
    {
        private const int WaitSliceMs = 100;
        private const int ReadTimeoutMs = 50;
        // A reopen refused after a session (the native side still held the UART) is tried again from Read,
        // at most this often: each failed attempt costs a SerialPort construction and an exception.
        private const long ReopenRetryTicks = 1000 * TimeSpan.TicksPerMillisecond;

        private readonly string _portName;
        private readonly bool _flowPins;
        private readonly object _gate = new object();
        private SerialPort _port;            // null while released (or while a reopen is pending)
        private bool _released;              // handed to the native PPP session, not yet given back
        private long _lastReopenTicks;
        private int _baudRate;
        private Handshake _handshake = Handshake.None;
        private readonly AutoResetEvent _arrived = new AutoResetEvent(false); // set by DataReceived

        /// <summary>
        /// Opens the port at 8N1. <paramref name="flowControlPins"/> says whether RTS/CTS are wired on this
        /// board (profile host.rts/host.cts not -1): without them a request for hardware flow control is
        /// ignored, since a floating CTS would stall every write.
        /// </summary>
        public SerialPortLine(string portName, int baudRate, bool flowControlPins)
        {
            _portName = portName;
            _baudRate = baudRate;
            _flowPins = flowControlPins;
            _port = OpenPort();
        }

        /// <summary>True while the port is handed to the native PPP session or its reopen is still pending.</summary>
        public bool Released
        {
            get
            {
                lock (_gate)
                {
                    return _port == null;
                }
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long start = DateTime.UtcNow.Ticks;
            while (true)
            {
                lock (_gate)
                {
                    if (_port == null && !_released && DateTime.UtcNow.Ticks - _lastReopenTicks >= ReopenRetryTicks) TryReopen();
                    if (_port != null)
                    {
                        if (!_port.IsOpen) return -1;
                        int available = _port.BytesToRead;
                        if (available > 0) return _port.Read(buffer, offset, available < count ? available : count);
                    }
                }
                long waited = (DateTime.UtcNow.Ticks - start) / TimeSpan.TicksPerMillisecond;
                if (waited >= timeoutMs) return 0;
                long left = timeoutMs - waited;
                _arrived.WaitOne(left < WaitSliceMs ? (int)left : WaitSliceMs, false);
            }
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            _arrived.Set();
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            SerialPort port;
            lock (_gate)
            {
                port = _port;
            }
            // Released: the native session's frames own the wire; bytes written now would corrupt them.
            if (port == null) return;
            try
            {
                // With RTS/CTS the UART driver holds the bytes while the peer drops CTS.
                port.Write(buffer, offset, count);
            }
            catch (ObjectDisposedException)
            {
                // Released by another thread during the write (the ESP32 driver's Write answers a disposed
                // port with CLR_E_OBJECT_DISPOSED): same as above. Otherwise a real fault. Caught on its own:
                // in nanoFramework it derives from SystemException, not from InvalidOperationException.
                if (!Released) throw;
            }
            catch (InvalidOperationException)
            {
                // Closed by another thread during the write: same as above. Otherwise a real fault.
                if (!Released) throw;
            }
        }

        /// <summary>
        /// Applies AT+IPR / AT+IFC to the open port: nanoFramework's BaudRate and Handshake setters reconfigure
        /// an open port (they call the native config), so no close/reopen is needed. A rate the UART refuses
        /// leaves the previous one in place rather than killing the host line. While released the settings
        /// are only kept, for the reopen.
        /// </summary>
        public void Configure(int baudRate, bool hardwareFlowControl)
        {
            // 8N1 always (spec): only the rate and the flow control change.
            Handshake wanted = hardwareFlowControl && _flowPins ? Handshake.RequestToSend : Handshake.None;
            lock (_gate)
            {
                if (_port == null)
                {
                    if (baudRate > 0) _baudRate = baudRate;
                    _handshake = wanted;
                    return;
                }
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
                _baudRate = _port.BaudRate;
                _handshake = _port.Handshake;
            }
        }

        /// <summary>
        /// Disposes the port. Dispose, not Close: nanoFramework's SerialPort.Close only stops the managed
        /// stream and leaves the native UART driver installed, and NativePpp.Open refuses a UART whose
        /// driver is installed; Dispose (NativeDispose) uninstalls it.
        /// </summary>
        public void ReleaseForPpp()
        {
            lock (_gate)
            {
                _released = true;
                if (_port == null) return;
                SerialPort port = _port;
                _port = null;
                try
                {
                    port.Dispose();
                }
                catch (Exception)
                {
                    // Nothing to do here: if the driver stayed installed, NativePpp.Open says so (-2 → 36872).
                }
            }
        }

        /// <summary>
        /// Opens a new port (a disposed SerialPort cannot be reopened) with the rate and flow control the
        /// line had. If the UART is still taken, Read tries again about once a second until it opens.
        /// </summary>
        public void ReclaimAfterPpp()
        {
            lock (_gate)
            {
                if (!_released) return;
                _released = false;
                if (_port == null) TryReopen();
            }
        }

        /// <summary>Under _gate.</summary>
        private void TryReopen()
        {
            _lastReopenTicks = DateTime.UtcNow.Ticks;
            try
            {
                _port = OpenPort();
            }
            catch (Exception)
            {
                _port = null;
            }
        }

        private SerialPort OpenPort()
        {
            SerialPort port = new SerialPort(_portName, _baudRate, Parity.None, 8, StopBits.One);
            try
            {
                port.Handshake = _handshake;
                port.ReadTimeout = ReadTimeoutMs;
                port.DataReceived += OnDataReceived;
                port.Open();
            }
            catch (Exception)
            {
                // Leaves no half-made port registered under this name (the next constructor would refuse it).
                port.Dispose();
                throw;
            }
            return port;
        }
    }
}
