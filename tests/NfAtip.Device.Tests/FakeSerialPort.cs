using System.Collections.Concurrent;

// Stand-in for nanoFramework's System.IO.Ports (the package the device application builds against), so
// firmware/NfAtip/SerialPortLine.cs compiles and runs here unchanged. It keeps the behaviour SerialPortLine
// relies on, as nanoframework/System.IO.Ports' SerialPort.cs has it:
//   - one undisposed SerialPort per port: the constructor throws ArgumentException while another exists;
//   - Close only stops the managed side, the native UART driver stays installed; Dispose uninstalls it;
//   - Read, BytesToRead and Write throw InvalidOperationException on a port that is not open, and Write
//     ObjectDisposedException on a disposed one (the ESP32 native driver's order).
// FakeUart adds what the board has around it: the bytes the module sends, what was written, and the
// native PPP session taking the UART driver (TakeForNative / GiveBackFromNative).
namespace System.IO.Ports
{
    public enum Parity { None, Odd, Even, Mark, Space }

    public enum StopBits { None, One, Two, OnePointFive }

    public enum Handshake { None, XOnXOff, RequestToSend, RequestToSendXOnXOff }

    public enum SerialData { Chars = 1, WatchChar = 2 }

    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs(SerialData type) => EventType = type;
        public SerialData EventType { get; }
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public sealed class SerialPort : IDisposable
    {
        private readonly NfAtip.Device.Tests.FakeUart _uart;
        private bool _opened;
        private bool _disposed;
        private int _baudRate;
        private int _readTimeout = -1;

        public SerialPort(string portName, int baudRate, Parity parity, int dataBits, StopBits stopBits)
        {
            _uart = NfAtip.Device.Tests.FakeUart.Get(portName);
            lock (_uart)
            {
                if (_uart.Instance != null) throw new ArgumentException();
                _uart.Instance = this;
            }
            _baudRate = baudRate;
        }

        public bool IsOpen => _opened;

        /// <summary>Raised (on the sending thread) when FakeUart.Send delivers bytes to the open port, as the driver's event thread does.</summary>
        public event SerialDataReceivedEventHandler? DataReceived;

        internal void RaiseDataReceived()
        {
            if (_opened) DataReceived?.Invoke(this, new SerialDataReceivedEventArgs(SerialData.Chars));
        }

        public int BaudRate
        {
            get => _baudRate;
            set
            {
                if (value <= 0) throw new ArgumentOutOfRangeException(nameof(value));
                _baudRate = value;
            }
        }

        public Handshake Handshake { get; set; }

        public int ReadTimeout
        {
            get => _readTimeout;
            set
            {
                if (value <= 0) throw new ArgumentOutOfRangeException(nameof(value));
                _readTimeout = value;
            }
        }

        public void Open()
        {
            if (_opened) throw new InvalidOperationException();
            lock (_uart)
            {
                // The native side holding the UART driver: installing a second one fails.
                if (_uart.Driver == NfAtip.Device.Tests.UartDriver.Native) throw new IOException("UART driver in use");
                _uart.Driver = NfAtip.Device.Tests.UartDriver.Managed;
                _uart.Opens.Add((_baudRate, Handshake));
            }
            _opened = true;
        }

        public void Close()
        {
            _opened = false;
        }

        public void Dispose()
        {
            if (_disposed) return;
            Close();
            lock (_uart)
            {
                _uart.Instance = null;
                if (_uart.Driver == NfAtip.Device.Tests.UartDriver.Managed) _uart.Driver = NfAtip.Device.Tests.UartDriver.None;
            }
            _disposed = true;
        }

        public int BytesToRead
        {
            get
            {
                if (!_opened) throw new InvalidOperationException();
                Interlocked.Increment(ref _uart.Polls);
                return _uart.Incoming.Count;
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_opened) throw new InvalidOperationException();
            int n = 0;
            while (n < count && _uart.Incoming.TryDequeue(out byte b)) buffer[offset + n++] = b;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _uart.BeforeWrite?.Invoke();
            // The ESP32 driver's native Write checks the disposed flag first (CLR_E_OBJECT_DISPOSED).
            if (_disposed) throw new ObjectDisposedException(nameof(SerialPort));
            if (!_opened) throw new InvalidOperationException();
            lock (_uart) _uart.Written.AddRange(new ArraySegment<byte>(buffer, offset, count));
        }
    }
}

namespace NfAtip.Device.Tests
{
    public enum UartDriver { None, Managed, Native }

    /// <summary>One UART of the fake board, by port name (each test uses its own name).</summary>
    public sealed class FakeUart
    {
        private static readonly ConcurrentDictionary<string, FakeUart> All = new();

        public static FakeUart Get(string name) => All.GetOrAdd(name, _ => new FakeUart());

        /// <summary>The undisposed SerialPort on this UART, if any.</summary>
        public object Instance;

        /// <summary>Who has the UART driver installed.</summary>
        public UartDriver Driver;

        /// <summary>Bytes from the module, not yet read.</summary>
        public readonly ConcurrentQueue<byte> Incoming = new();

        /// <summary>Bytes written through a managed port.</summary>
        public readonly List<byte> Written = new();

        /// <summary>Runs inside SerialPort.Write before it touches the port: a test's other thread, in effect.</summary>
        public Action? BeforeWrite;

        /// <summary>Every successful Open: the rate and flow control the port was opened with.</summary>
        public readonly List<(int Baud, System.IO.Ports.Handshake Handshake)> Opens = new();

        /// <summary>BytesToRead calls so far: how often a reader woke up to look.</summary>
        public int Polls;

        public void Send(string text)
        {
            foreach (char c in text) Incoming.Enqueue((byte)c);
            (Instance as System.IO.Ports.SerialPort)?.RaiseDataReceived();
        }

        /// <summary>What NativePpp.Open does: refuses a UART whose driver is installed, else installs its own.</summary>
        public bool TakeForNative()
        {
            lock (this)
            {
                if (Driver != UartDriver.None) return false;
                Driver = UartDriver.Native;
                return true;
            }
        }

        /// <summary>What NativePpp.Release does: uninstalls the native driver.</summary>
        public void GiveBackFromNative()
        {
            lock (this)
            {
                if (Driver == UartDriver.Native) Driver = UartDriver.None;
            }
        }

        public int OpenCount
        {
            get
            {
                lock (this) return Opens.Count;
            }
        }

        public string WrittenText
        {
            get
            {
                lock (this) return new string(Written.Select(b => (char)b).ToArray());
            }
        }
    }
}
