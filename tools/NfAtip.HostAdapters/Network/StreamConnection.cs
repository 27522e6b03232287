using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Network;

/// <summary>
/// The core's TCP connection over any stream (the PC's sockets in HostNetwork, lwIP's over PPP in
/// tools/NfAtip.PppHost): reads with a timeout on one pending read, writes, TLS on demand (SslStream over
/// the same stream, optionally checked against a CA), close.
/// </summary>
public sealed class StreamConnection : ITcpConnection
{
    private readonly int _tlsHandshakeTimeoutMs;
    private readonly Action _shutdown;
    private Stream _stream;
    // A read that outlived its caller's timeout stays pending and serves the next Read: reads are never
    // cancelled midway, which keeps an SslStream consistent.
    private Task<int>? _pending;
    // Set when _pending completes: a read with a timeout waits on it, which allocates nothing, where
    // Task.Wait(timeout) allocates a waiter every time (an idle session allocated 14 kB a second, issue H).
    private readonly ManualResetEventSlim _ready = new(false);
    private readonly Action _setReady;
    private readonly byte[] _chunk = new byte[16 * 1024];
    private int _chunkStart, _chunkEnd;
    private bool _closed;

    /// <param name="stream">The connection's bytes (owned: disposed by Close).</param>
    /// <param name="tlsHandshakeTimeoutMs">Bound of StartTls's handshake.</param>
    /// <param name="shutdown">Ends the connection below the stream (a socket's shutdown) before it is disposed.</param>
    private const int CloseNotifyMs = 2000;
    private bool _failed; // ended by a reset or failure, not by the peer's FIN

    public StreamConnection(Stream stream, uint remote, int tlsHandshakeTimeoutMs, Action shutdown)
    {
        _stream = stream;
        _tlsHandshakeTimeoutMs = tlsHandshakeTimeoutMs;
        _shutdown = shutdown;
        RemoteAddress = remote;
        _setReady = _ready.Set;
    }

    public uint RemoteAddress { get; }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count <= 0) return 0;
        if (_chunkStart < _chunkEnd) return TakeChunk(buffer, offset, count);
        if (_closed) return _failed ? TcpRead.Failed : TcpRead.Closed;
        try
        {
            if (_pending == null)
            {
                _ready.Reset();
                _pending = _stream.ReadAsync(_chunk, 0, _chunk.Length);
                _pending.ConfigureAwait(false).GetAwaiter().OnCompleted(_setReady); // once per read, not per wait
            }
            if (!_ready.Wait(timeoutMs < 0 ? Timeout.Infinite : timeoutMs)) return 0;
            int n = _pending.GetAwaiter().GetResult();
            _pending = null;
            if (n <= 0)
            {
                _closed = true;
                return TcpRead.Closed;
            }
            _chunkStart = 0;
            _chunkEnd = n;
            return TakeChunk(buffer, offset, count);
        }
        catch (Exception e) when (e is AggregateException or IOException or SocketException or ObjectDisposedException)
        {
            // A reset (SocketException, or IOException around it) or any other failure: not an end of data.
            _pending = null;
            _closed = true;
            _failed = true;
            return TcpRead.Failed;
        }
    }

    private int TakeChunk(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _chunkEnd - _chunkStart);
        Buffer.BlockCopy(_chunk, _chunkStart, buffer, offset, n);
        _chunkStart += n;
        return n;
    }

    public bool Write(byte[] buffer, int offset, int count)
    {
        if (_closed) return false;
        try
        {
            _stream.Write(buffer, offset, count);
            _stream.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Upgrades to TLS. The server's chain must end at <paramref name="caCertificate"/> (DER or PEM; when
    /// empty, at the system's trusted roots) and its name must match <paramref name="serverName"/>.
    /// Fails when a read is still pending or bytes were received but not read yet (they would belong to
    /// the plain-text phase).
    /// </summary>
    public bool StartTls(string serverName, byte[] caCertificate)
    {
        if (_closed || _pending != null || _chunkStart < _chunkEnd || _stream is SslStream) return false;
        X509Certificate2? ca = null;
        try
        {
            if (caCertificate != null && caCertificate.Length > 0) ca = LoadCertificate(caCertificate);
            var ssl = new SslStream(_stream, leaveInnerStreamOpen: false,
                (_, certificate, _, errors) => Validate(certificate, errors, ca));
            var options = new SslClientAuthenticationOptions { TargetHost = serverName };
            using var cts = new CancellationTokenSource(_tlsHandshakeTimeoutMs);
            ssl.AuthenticateAsClientAsync(options, cts.Token).GetAwaiter().GetResult();
            _stream = ssl;
            return true;
        }
        catch (Exception)
        {
            // Handshake failure, bad certificate, timeout: the connection is unusable now.
            Close();
            return false;
        }
    }

    private static X509Certificate2 LoadCertificate(byte[] data)
    {
        // PEM starts with "-----BEGIN"; anything else is taken as DER.
        if (data.Length > 10 && data[0] == (byte)'-')
            return X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(data));
        return X509CertificateLoader.LoadCertificate(data);
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? ca)
    {
        if (ca == null) return errors == SslPolicyErrors.None;
        if (certificate == null) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    public void Close()
    {
        // TLS ends with close_notify, as on the board (nanoFramework's ssl_close_socket_internal calls
        // mbedtls_ssl_close_notify): an FTPS server waits for it before it answers the transfer (226), and a
        // stack that does not reset a closed socket receiving data (lwIP, the board's) would leave both ends
        // waiting. Bounded: a dead link must not hold Close.
        if (!_closed && _stream is SslStream ssl)
        {
            try { ssl.ShutdownAsync().Wait(CloseNotifyMs); } catch (Exception) { }
        }
        _closed = true;
        _shutdown();
        try { _stream.Dispose(); } catch (Exception) { }
    }
}
