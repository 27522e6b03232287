using System.Net.Sockets;

namespace NfAtip.ModemSim;

/// <summary>
/// The module's side of a data call, handed to the remote when the call connects: the remote sends bytes to the
/// board through it and hangs up through it. Thread-safe; calls after the call ended are ignored.
/// </summary>
public interface IDataLink
{
    /// <summary>Bytes from the remote to the board (read by the board in data mode; held while in online command mode).</summary>
    void Deliver(ReadOnlySpan<byte> data);

    /// <summary>The remote hangs up: the board reads "NO CARRIER" and the module returns to command mode.</summary>
    void HangUp();
}

/// <summary>
/// The far end of a data call (GSM CSD or a packet call): gets the data-mode bytes the board writes.
/// One instance per call. The module calls <see cref="Open"/> once before CONNECT (off its lock; throwing makes
/// the call fail with NO CARRIER), <see cref="Send"/> for each chunk of board data in order, and <see cref="Close"/>
/// once when the call ends on the module side (ATH, DTR, a line drop, registration lost). <see cref="Close"/> must
/// not block for long and may run on another thread.
/// </summary>
public interface IDataRemote
{
    void Open(IDataLink link);
    void Send(byte[] data);
    void Close();
}

/// <summary>
/// The hook for the network side of a packet call (ATD*99#): the PPP peer the board's PPP talks to. It is a
/// plain <see cref="IDataRemote"/> that is also told which context was dialled; the peer itself is not part of
/// the simulator. Set <see cref="SimulatedModule.NetworkSide"/> to a factory returning one per call.
/// </summary>
public interface IPppNetworkSide : IDataRemote
{
    /// <summary>Called before <see cref="IDataRemote.Open"/> with the dialled context.</summary>
    void Activate(PacketSession session);
}

/// <summary>The packet call being set up: the context id and its APN.</summary>
public sealed record PacketSession(int Cid, string Apn);

/// <summary>A remote that accepts and discards everything (the default when a script names no remote).</summary>
public sealed class NullRemote : IDataRemote
{
    public void Open(IDataLink link) { }
    public void Send(byte[] data) { }
    public void Close() { }
}

/// <summary>A remote made of delegates, for tests: <c>new DelegateRemote((data, link) =&gt; link.Deliver(data))</c> is an echo.</summary>
public sealed class DelegateRemote : IDataRemote
{
    private readonly Action<byte[], IDataLink> _onData;
    private readonly Action<IDataLink>? _onOpen;
    private readonly Action? _onClose;
    private IDataLink? _link;

    public DelegateRemote(Action<byte[], IDataLink> onData, Action<IDataLink>? onOpen = null, Action? onClose = null)
    {
        _onData = onData;
        _onOpen = onOpen;
        _onClose = onClose;
    }

    public void Open(IDataLink link)
    {
        _link = link;
        _onOpen?.Invoke(link);
    }

    public void Send(byte[] data) => _onData(data, _link!);
    public void Close() => _onClose?.Invoke();
}

/// <summary>
/// An in-process remote a test drives like a stream: <see cref="Received"/> collects what the board sent,
/// <see cref="Send"/> (via the link) writes to the board, <see cref="HangUp"/> ends the call from the far end.
/// </summary>
public sealed class PipeRemote : IDataRemote
{
    private readonly object _gate = new();
    private readonly MemoryStream _received = new();
    private IDataLink? _link;

    /// <summary>True once the call connected (Open was called).</summary>
    public bool Opened { get { lock (_gate) return _link != null; } }

    /// <summary>True once the module closed the call (ATH, DTR, drop, ...).</summary>
    public bool Closed { get; private set; }

    /// <summary>Everything the board sent in data mode so far.</summary>
    public byte[] Received { get { lock (_gate) return _received.ToArray(); } }

    /// <summary>Waits until at least <paramref name="count"/> bytes arrived or the call closed; false on timeout.</summary>
    public bool WaitFor(int count, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        lock (_gate)
        {
            while (_received.Length < count && !Closed)
            {
                int left = (int)(deadline - Environment.TickCount64);
                if (left <= 0) return false;
                Monitor.Wait(_gate, left);
            }
            return _received.Length >= count;
        }
    }

    /// <summary>Sends bytes from the remote to the board.</summary>
    public void SendToBoard(byte[] data) => LinkOrThrow().Deliver(data);

    /// <summary>The remote hangs up.</summary>
    public void HangUp() => LinkOrThrow().HangUp();

    private IDataLink LinkOrThrow()
    {
        lock (_gate) return _link ?? throw new InvalidOperationException("the call is not connected");
    }

    void IDataRemote.Open(IDataLink link)
    {
        lock (_gate) _link = link;
    }

    void IDataRemote.Send(byte[] data)
    {
        lock (_gate)
        {
            _received.Write(data, 0, data.Length);
            Monitor.PulseAll(_gate);
        }
    }

    void IDataRemote.Close()
    {
        lock (_gate)
        {
            Closed = true;
            Monitor.PulseAll(_gate);
        }
    }
}

/// <summary>
/// Bridges a data call to a TCP address, like the modem emulators retro-computing users run (a dialled number
/// maps to host:port). The connection is made when the call connects; a refused connection fails the call with
/// NO CARRIER; the server closing the connection hangs the call up (NO CARRIER).
/// </summary>
public sealed class TcpRemote : IDataRemote
{
    private readonly string _host;
    private readonly int _port;
    private readonly int _connectTimeoutMs;
    private TcpClient? _client;
    private NetworkStream? _stream;
    private volatile bool _closed;

    public TcpRemote(string host, int port, int connectTimeoutMs = 10000)
    {
        _host = host;
        _port = port;
        _connectTimeoutMs = connectTimeoutMs;
    }

    public void Open(IDataLink link)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            if (!client.ConnectAsync(_host, _port).Wait(_connectTimeoutMs)) throw new TimeoutException("connect " + _host + ":" + _port);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _client = client;
        _stream = client.GetStream();
        var reader = new Thread(() => Pump(link)) { IsBackground = true, Name = "ModemSim TCP " + _host + ":" + _port };
        reader.Start();
    }

    private void Pump(IDataLink link)
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = _stream!.Read(buffer, 0, buffer.Length)) > 0) link.Deliver(buffer.AsSpan(0, n));
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        if (!_closed) link.HangUp();
    }

    public void Send(byte[] data)
    {
        try
        {
            _stream?.Write(data, 0, data.Length);
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    public void Close()
    {
        _closed = true;
        try
        {
            _client?.Client.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        _client?.Dispose();
    }
}
