using System.IO.Ports;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Lines;

/// <summary>A real serial port of the PC (<c>--serial DEVICE --baud N</c>), 8N1, optional RTS/CTS.</summary>
public sealed class SerialPortLine : ISerialLine, IDisposable
{
    private readonly SerialPort _port;
    private readonly object _readGate = new();

    public SerialPortLine(string device, int baudRate, bool hardwareFlowControl = false)
    {
        _port = new SerialPort(device, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = hardwareFlowControl ? Handshake.RequestToSend : Handshake.None,
            ReadBufferSize = 64 * 1024,
            WriteBufferSize = 64 * 1024,
            WriteTimeout = SerialPort.InfiniteTimeout,
        };
        _port.Open();
    }

    public string Device => _port.PortName;

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        lock (_readGate)
        {
            if (!_port.IsOpen) return -1;
            try
            {
                if (_port.BytesToRead == 0 && timeoutMs == 0) return 0;
                _port.ReadTimeout = timeoutMs < 0 ? SerialPort.InfiniteTimeout : Math.Max(1, timeoutMs);
                return _port.Read(buffer, offset, count);
            }
            catch (TimeoutException)
            {
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The device went away (USB adapter unplugged): the line is closed for good.
                return -1;
            }
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _port.Write(buffer, offset, count);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            // Lost like on a disconnected cable; the next Read reports the closed line.
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        if (baudRate > 0 && _port.BaudRate != baudRate) _port.BaudRate = baudRate;
        var handshake = hardwareFlowControl ? Handshake.RequestToSend : Handshake.None;
        if (_port.Handshake != handshake) _port.Handshake = handshake;
    }

    public void Dispose() => _port.Dispose();
}
