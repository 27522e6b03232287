// Public API of the System.IO.Ports assembly (NuGet nanoFramework.System.IO.Ports 1.1.132,
// nanoframework/System.IO.Ports at tag v1.1.132: System.IO.Ports/SerialPort.cs, Handshake.cs, Parity.cs, StopBits.cs,
// SerialData.cs, SerialMode.cs, SerialDataReceivedEventArgs.cs, SerialDataReceivedEventHandler.cs,
// TimeoutException is mscorlib's). Note ReadTimeout rejects values <= 0 and Read throws TimeoutException when
// nothing arrives. Signatures only, written for the guard.
namespace System.IO.Ports
{
    public enum Handshake { None = 0, XOnXOff = 1, RequestToSend = 2, RequestToSendXOnXOff = 3 }
    public enum Parity { None = 0, Odd = 1, Even = 2 }
    public enum StopBits { One = 1, Two = 2, OnePointFive = 3 }
    public enum SerialData { Chars = 1, WatchChar = 2 }
    public enum SerialMode { Normal = 0, RS485 = 1 }

    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs() { }
        public SerialData EventType { get { throw null; } }
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }
        public void Open() { }
        public void Close() { }
        public void Dispose() { }
        public static string[] GetPortNames() { throw null; }
        public int BaudRate { get { throw null; } set { } }
        public Handshake Handshake { get { throw null; } set { } }
        public int DataBits { get { throw null; } set { } }
        public Parity Parity { get { throw null; } set { } }
        public SerialMode Mode { get { throw null; } set { } }
        public StopBits StopBits { get { throw null; } set { } }
        public string PortName { get { throw null; } }
        public char WatchChar { get { throw null; } set { } }
        public bool IsOpen { get { throw null; } }
        public string NewLine { get { throw null; } set { } }
        public int ReadTimeout { get { throw null; } set { } }
        public int WriteTimeout { get { throw null; } set { } }
        public int ReceivedBytesThreshold { get { throw null; } set { } }
        public Stream BaseStream { get { throw null; } }
        public int BytesToRead { get { throw null; } }
        public event SerialDataReceivedEventHandler DataReceived { add { } remove { } }
        public int Read(byte[] buffer, int offset, int count) { throw null; }
        public int ReadByte() { throw null; }
        public string ReadExisting() { throw null; }
        public string ReadLine() { throw null; }
        public void Write(byte[] buffer, int offset, int count) { }
        public void Write(string text) { }
        public void WriteLine(string text) { }
    }
}
