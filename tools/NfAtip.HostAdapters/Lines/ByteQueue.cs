namespace NfAtip.HostAdapters.Lines;

/// <summary>
/// A bounded, thread-safe FIFO of bytes between a producer thread (a reader pumping a stream) and the
/// board's loop. <see cref="Add"/> blocks while the queue is full; <see cref="Take"/> waits for data with a
/// timeout and returns -1 once <see cref="Complete"/> was called and everything was drained.
/// </summary>
public sealed class ByteQueue
{
    private readonly byte[] _ring;
    private readonly object _gate = new();
    private int _head;   // next byte to take
    private int _count;
    private bool _completed;
    private bool _woken;

    public ByteQueue(int capacity = 64 * 1024)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        _ring = new byte[capacity];
    }

    /// <summary>Bytes waiting.</summary>
    public int Count { get { lock (_gate) return _count; } }

    /// <summary>True once the producer reached its end of stream.</summary>
    public bool IsCompleted { get { lock (_gate) return _completed; } }

    /// <summary>Appends bytes, blocking while the queue is full. Bytes added after <see cref="Complete"/> are dropped.</summary>
    public void Add(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            while (count > 0)
            {
                if (_completed) return;
                while (_count == _ring.Length && !_completed) Monitor.Wait(_gate);
                if (_completed) return;
                int tail = (_head + _count) % _ring.Length;
                int n = Math.Min(count, Math.Min(_ring.Length - _count, _ring.Length - tail));
                Buffer.BlockCopy(buffer, offset, _ring, tail, n);
                _count += n;
                offset += n;
                count -= n;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMs"/> (negative: forever)
    /// for the first. Returns the number taken, 0 on timeout, -1 when completed and empty.
    /// </summary>
    public int Take(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count <= 0) return 0;
        lock (_gate)
        {
            if (_count == 0 && !_completed && timeoutMs != 0)
            {
                if (timeoutMs < 0)
                {
                    while (_count == 0 && !_completed && !_woken) Monitor.Wait(_gate);
                }
                else
                {
                    long deadline = Environment.TickCount64 + timeoutMs;
                    while (_count == 0 && !_completed && !_woken)
                    {
                        long left = deadline - Environment.TickCount64;
                        if (left <= 0) break;
                        Monitor.Wait(_gate, (int)left);
                    }
                }
            }
            _woken = false;
            if (_count == 0) return _completed ? -1 : 0;
            int taken = 0;
            while (_count > 0 && taken < count)
            {
                int n = Math.Min(count - taken, Math.Min(_count, _ring.Length - _head));
                Buffer.BlockCopy(_ring, _head, buffer, offset + taken, n);
                _head = (_head + n) % _ring.Length;
                _count -= n;
                taken += n;
            }
            Monitor.PulseAll(_gate);
            return taken;
        }
    }

    /// <summary>
    /// Ends the wait of the current (or, when none waits, the next) <see cref="Take"/> at once, as if its
    /// timeout had passed: the board's simulated clock has a request for the board's thread.
    /// </summary>
    public void Wake()
    {
        lock (_gate)
        {
            _woken = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Drops every byte waiting.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _head = 0;
            _count = 0;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Marks the end of the stream: readers drain what is left, then get -1.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
