using System.Net;
using System.Net.Sockets;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Lines;

/// <summary>
/// The host line served over TCP (<c>--listen HOST:PORT</c>), like a serial-to-Ethernet adapter.
/// One client at a time: a newly connecting client REPLACES the current one (the old connection is closed),
/// so a terminal that lost its connection can always reconnect. The board keeps running between clients:
/// <see cref="Read"/> returns 0 while nobody is connected and never returns -1; bytes written while nobody
/// is connected are dropped. Bytes received from a client that were not read yet when it is replaced are
/// discarded, and each new client is a new host session (IHostSessions): the board drops whatever command
/// line the last client left half typed. A client that closes its sending side (<c>printf 'AT\r' | socat -
/// TCP:…</c>) is still answered: the connection stays until the board has taken what it sent and said
/// nothing for <see cref="HalfCloseQuietMs"/> (at most <see cref="HalfCloseMaxMs"/>), then it is closed.
/// </summary>
public sealed class TcpServerLine : ISerialLine, IHostSessions, IDisposable
{
    private int _session;

    /// <summary>Counts the clients so far (IHostSessions): the board gives each a fresh command line.</summary>
    public int Session => Volatile.Read(ref _session);

    private readonly TcpListener _listener;
    private readonly ByteQueue _queue = new();
    private readonly object _gate = new();
    private readonly Thread _acceptor;
    private TcpClient? _client;
    private volatile bool _disposed;
    private long _lastWrite; // Environment.TickCount64 of the last bytes sent to a client
    private long _lastEmptyRead; // … of the last Read that found nothing: the board had finished what it was given

    /// <summary>After a client's half-close: how long the board must have said nothing before the connection closes.</summary>
    public const int HalfCloseQuietMs = 1000;

    /// <summary>After a client's half-close: the longest the connection stays open for the board's answers.</summary>
    public const int HalfCloseMaxMs = 180_000;

    public TcpServerLine(IPEndPoint endPoint)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start(1);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "TcpServerLine accept" };
        _acceptor.Start();
    }

    /// <summary>The address actually bound (useful with port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True while a client is connected.</summary>
    public bool IsConnected { get { lock (_gate) return _client != null; } }

    /// <summary>Raised (on a background thread) with a short text when a client connects or leaves.</summary>
    public event Action<string>? Log;

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            client.NoDelay = true;
            TcpClient? old;
            lock (_gate)
            {
                old = _client;
                _client = client;
                Interlocked.Increment(ref _session);
                _queue.Clear();
            }
            if (old != null)
            {
                Log?.Invoke("client replaced by " + client.Client.RemoteEndPoint);
                old.Dispose();
            }
            else
            {
                Log?.Invoke("client connected from " + client.Client.RemoteEndPoint);
            }
            var reader = new Thread(() => ReadLoop(client)) { IsBackground = true, Name = "TcpServerLine reader" };
            reader.Start();
        }
    }

    private void ReadLoop(TcpClient client)
    {
        var chunk = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                int n = stream.Read(chunk, 0, chunk.Length);
                if (n == 0)
                {
                    AnswerAfterHalfClose(client);
                    break;
                }
                if (n < 0) break;
                lock (_gate)
                {
                    if (_client != client) return; // replaced meanwhile
                }
                _queue.Add(chunk, 0, n);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        Drop(client, "client disconnected");
    }

    /// <summary>The client sent its FIN: keep the connection for the board's answers to what it sent (bounded).</summary>
    private void AnswerAfterHalfClose(TcpClient client)
    {
        long since = Environment.TickCount64;
        long end = since + HalfCloseMaxMs;
        while (Environment.TickCount64 < end)
        {
            lock (_gate)
            {
                if (_client != client) return; // replaced meanwhile
            }
            // Done: the board has taken the input, come back for more since its last answer (so it is not in
            // the middle of a command, whatever the machine's load), and been quiet since.
            long quietFrom = Math.Max(since, Interlocked.Read(ref _lastWrite));
            if (_queue.Count == 0 && Interlocked.Read(ref _lastEmptyRead) >= quietFrom
                && Environment.TickCount64 - quietFrom >= HalfCloseQuietMs) return;
            Thread.Sleep(50);
        }
    }

    private void Drop(TcpClient client, string why)
    {
        bool current;
        lock (_gate)
        {
            current = _client == client;
            if (current) _client = null;
        }
        client.Dispose();
        if (current) Log?.Invoke(why);
    }

    /// <summary>Bytes from the current client; 0 when none arrived in time (or no client). Never -1.</summary>
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = _queue.Take(buffer, offset, count, timeoutMs);
        if (n <= 0) Interlocked.Exchange(ref _lastEmptyRead, Environment.TickCount64);
        return n < 0 ? 0 : n;
    }

    /// <summary>Ends a <see cref="Read"/> that is waiting, as if its timeout had passed.</summary>
    public void Wake() => _queue.Wake();

    /// <summary>Sends to the current client; dropped when none is connected.</summary>
    public void Write(byte[] buffer, int offset, int count)
    {
        TcpClient? client;
        lock (_gate) client = _client;
        if (client == null) return;
        try
        {
            client.GetStream().Write(buffer, offset, count);
            Interlocked.Exchange(ref _lastWrite, Environment.TickCount64);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Drop(client, "client lost");
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
        // Nothing to apply on a TCP stream.
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Stop();
        TcpClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }
        client?.Dispose();
        _queue.Complete();
    }

    /// <summary>Parses "HOST:PORT" ("127.0.0.1:5000", "[::1]:5000", "localhost:5000", "*:5000" or ":5000" for any address).</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port < 0 || port > 65535)
            throw new FormatException("expected HOST:PORT, got '" + text + "'");
        string host = text.Substring(0, colon).Trim('[', ']');
        IPAddress address;
        if (host.Length == 0 || host == "*") address = IPAddress.Any;
        else if (!IPAddress.TryParse(host, out address!))
        {
            var found = Dns.GetHostAddresses(host);
            address = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ??
                      found.FirstOrDefault() ?? throw new FormatException("cannot resolve '" + host + "'");
        }
        return new IPEndPoint(address, port);
    }
}
