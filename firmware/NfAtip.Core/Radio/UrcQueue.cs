namespace NfAtip.Radio
{
    /// <summary>Called for each unsolicited line as soon as the channel has framed it.</summary>
    public delegate void UrcHandler(string line);

    /// <summary>Looks at an unsolicited line before it is queued; true takes it (it is not queued for the host).</summary>
    public delegate bool UrcConsumer(string line);

    /// <summary>
    /// A bounded ring of unsolicited result codes waiting for their consumer (the connection manager,
    /// the host relay). Bounded because the module can emit URCs faster than a busy board reads them
    /// (a ringing phone, registration flapping): when full, the oldest is dropped and counted, so
    /// memory stays fixed and the newest state wins.
    /// </summary>
    public sealed class UrcQueue
    {
        private readonly string[] _items;
        private int _head;
        private int _count;

        public UrcQueue(int capacity)
        {
            _items = new string[capacity];
        }

        public int Count
        {
            get { return _count; }
        }

        public int Capacity
        {
            get { return _items.Length; }
        }

        /// <summary>URCs dropped because the queue was full (oldest first); wraps.</summary>
        public int Dropped { get; private set; }

        public void Add(string line)
        {
            if (_count == _items.Length)
            {
                _head = (_head + 1) % _items.Length;
                _count--;
                Dropped++;
            }
            _items[(_head + _count) % _items.Length] = line;
            _count++;
        }

        /// <summary>The oldest URC, or null when none is waiting.</summary>
        public string Take()
        {
            if (_count == 0) return null;
            string line = _items[_head];
            _items[_head] = null;
            _head = (_head + 1) % _items.Length;
            _count--;
            return line;
        }

        public void Clear()
        {
            while (_count > 0) Take();
        }
    }
}
