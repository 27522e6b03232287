using NfAtip.Platform;

namespace NfAtip.HostAdapters.Lines;

/// <summary>
/// A serial line over a pair of streams (used for <c>--stdio</c>: raw stdin/stdout bytes). A background thread
/// reads the input stream into a bounded buffer; <see cref="Read"/> waits on that buffer and returns -1 once
/// the input reached its end and everything was drained. Every write is flushed at once.
/// </summary>
public sealed class StreamLine : ISerialLine, IDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ByteQueue _queue;
    private readonly object _writeGate = new();
    private readonly Thread _reader;

    public StreamLine(Stream input, Stream output, int bufferSize = 64 * 1024)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _queue = new ByteQueue(bufferSize);
        _reader = new Thread(Pump) { IsBackground = true, Name = "StreamLine reader" };
        _reader.Start();
    }

    /// <summary>Baud rate last applied by <see cref="Configure"/> (informational only for a stream).</summary>
    public int BaudRate { get; private set; }

    /// <summary>Hardware flow control last applied by <see cref="Configure"/> (informational only).</summary>
    public bool HardwareFlowControl { get; private set; }

    private void Pump()
    {
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                int n = _input.Read(chunk, 0, chunk.Length);
                if (n <= 0) break;
                _queue.Add(chunk, 0, n);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A broken input ends the line like an end of stream.
        }
        finally
        {
            _queue.Complete();
        }
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs) => _queue.Take(buffer, offset, count, timeoutMs);

    /// <summary>Ends a <see cref="Read"/> that is waiting, as if its timeout had passed.</summary>
    public void Wake() => _queue.Wake();

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (_writeGate)
        {
            try
            {
                _output.Write(buffer, offset, count);
                _output.Flush();
            }
            catch (IOException)
            {
                // The reader of our output went away (e.g. a closed pipe): the bytes are lost, like on a
                // disconnected UART. The board ends when the input ends.
            }
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        BaudRate = baudRate;
        HardwareFlowControl = hardwareFlowControl;
    }

    public void Dispose()
    {
        _queue.Complete();
        _input.Dispose();
        _output.Dispose();
    }
}
