using NfAtip.Platform;

namespace NfAtip.ModemSim;

/// <summary>
/// How the network side of PPP behaves for <see cref="SimulatedPppLink"/>. Immutable: change the link's
/// <see cref="SimulatedPppLink.Network"/> (e.g. <c>link.Network = link.Network with { Timeout = true }</c>);
/// each Open uses the script current at that moment.
/// </summary>
public sealed record PppNetworkScript
{
    /// <summary>Time from Open to the outcome (up or failure).</summary>
    public int NegotiationDelayMs { get; init; } = 50;

    /// <summary>The peer never answers: the request's TimeoutMs runs out (38980 client / 38981 server).</summary>
    public bool Timeout { get; init; }

    // ---- the board is the PPP client (it dialled its ISP or opened GPRS)

    /// <summary>The PAP user the network accepts; null accepts any.</summary>
    public string? ExpectedUser { get; init; }

    /// <summary>The PAP password the network accepts; null accepts any.</summary>
    public string? ExpectedPassword { get; init; }

    /// <summary>The address IPCP gives the board. Loopback: the virtual board's traffic really goes over the PC's loopback.</summary>
    public uint LocalAddress { get; init; } = Loopback;

    /// <summary>The network's end of the link.</summary>
    public uint PeerAddress { get; init; } = Loopback;

    /// <summary>DNS servers IPCP offers (0: none, so the board's DNSSERV1/2 apply).</summary>
    public uint PrimaryDns { get; init; }

    public uint SecondaryDns { get; init; }

    // ---- the board is the PPP server (a remote client called it)

    /// <summary>The PAP user the remote client presents; null presents exactly what the board expects.</summary>
    public string? ClientUser { get; init; }

    /// <summary>The PAP password the remote client presents; null presents exactly what the board expects.</summary>
    public string? ClientPassword { get; init; }

    /// <summary>The remote client refuses the address the board assigns (IPCP Configure-Reject): 37121.</summary>
    public bool ClientRejectsAddress { get; init; }

    public const uint Loopback = 0x7F000001u;
}

/// <summary>
/// The virtual board's IP link when the radio is a <see cref="SimulatedModule"/>: it plays the network side of
/// the PPP negotiation and decides its outcome from <see cref="Network"/>, while the traffic itself goes over the
/// PC's own network (HostNetwork). It follows the call the module holds: opening outside data mode fails at once,
/// and a link that was up is lost when the call ends. On the module's time (<see cref="SimulatedModule.Time"/>). Thread-safe.
/// </summary>
public sealed class SimulatedPppLink : IIpLink
{
    public const int ClientFailed = 37120;
    public const int ServerFailed = 37121;
    public const int ClientTimeout = 38980;
    public const int ServerTimeout = 38981;

    private readonly SimulatedModule _module;
    private readonly object _gate = new();
    private PppNetworkScript _network = new();
    private IpLinkRequest? _request;
    private IpLinkRequest? _lastRequest;
    private PppNetworkScript _active = new();
    private long _openedAt;
    private int _status = IpLinkStatus.Negotiating;
    private int _opens;
    private uint _local, _peer, _dns1, _dns2;

    public SimulatedPppLink(SimulatedModule module) => _module = module;

    /// <summary>The network's behaviour for the next Open.</summary>
    public PppNetworkScript Network
    {
        get { lock (_gate) return _network; }
        set { lock (_gate) _network = value ?? throw new ArgumentNullException(nameof(value)); }
    }

    /// <summary>The request of the last Open (kept after Close), null before the first.</summary>
    public IpLinkRequest? LastRequest { get { lock (_gate) return _lastRequest; } }

    /// <summary>How many times Open was called.</summary>
    public int Opens { get { lock (_gate) return _opens; } }

    public uint LocalAddress { get { lock (_gate) return _status == IpLinkStatus.Up ? _local : 0; } }
    public uint PeerAddress { get { lock (_gate) return _status == IpLinkStatus.Up ? _peer : 0; } }
    public uint PrimaryDns { get { lock (_gate) return _status == IpLinkStatus.Up ? _dns1 : 0; } }
    public uint SecondaryDns { get { lock (_gate) return _status == IpLinkStatus.Up ? _dns2 : 0; } }

    public void Open(IpLinkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // PPP frames only reach the network while the module passes data through.
        bool inData = _module.Mode == CallMode.Data;
        lock (_gate)
        {
            _request = request;
            _lastRequest = request;
            _opens++;
            _active = _network;
            _openedAt = _module.Time.NowMs;
            _status = inData ? IpLinkStatus.Negotiating : Failed(request);
        }
    }

    public int Poll()
    {
        CallMode mode = _module.Mode;
        // Online command mode (after +++) keeps the call and so the link; anything else means the call is gone.
        bool callHeld = mode == CallMode.Data || mode == CallMode.OnlineCommand;
        lock (_gate)
        {
            if (_request == null) return IpLinkStatus.Negotiating;
            if (_status == IpLinkStatus.Negotiating) _status = Negotiate(_request, mode);
            else if (_status == IpLinkStatus.Up && !callHeld) _status = Failed(_request);
            return _status;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _request = null;
            _status = IpLinkStatus.Negotiating;
        }
    }

    // Holds _gate.
    private int Negotiate(IpLinkRequest request, CallMode mode)
    {
        if (mode != CallMode.Data && mode != CallMode.OnlineCommand) return Failed(request); // dropped mid-negotiation
        var s = _active;
        long elapsed = _module.Time.NowMs - _openedAt;
        bool answers = !s.Timeout && (request.TimeoutMs <= 0 || s.NegotiationDelayMs <= request.TimeoutMs);
        if (!answers)
        {
            if (request.TimeoutMs > 0 && elapsed >= request.TimeoutMs) return request.Server ? ServerTimeout : ClientTimeout;
            return IpLinkStatus.Negotiating;
        }
        if (elapsed < s.NegotiationDelayMs) return IpLinkStatus.Negotiating;
        if (request.Server)
        {
            // The board checks the remote client's PAP credentials, then assigns both ends' addresses.
            if (!Same(s.ClientUser ?? request.User, request.User) || !Same(s.ClientPassword ?? request.Password, request.Password)
                || s.ClientRejectsAddress)
                return ServerFailed;
            _local = request.ServerLocalAddress;
            _peer = request.ServerPeerAddress;
            _dns1 = _dns2 = 0; // the board is the one that would offer DNS here
            return IpLinkStatus.Up;
        }
        if ((s.ExpectedUser != null && !Same(s.ExpectedUser, request.User))
            || (s.ExpectedPassword != null && !Same(s.ExpectedPassword, request.Password)))
            return ClientFailed;
        _local = s.LocalAddress;
        _peer = s.PeerAddress;
        _dns1 = s.PrimaryDns;
        _dns2 = s.SecondaryDns;
        return IpLinkStatus.Up;
    }

    private static int Failed(IpLinkRequest request) => request.Server ? ServerFailed : ClientFailed;

    // PAP compares octets exactly; an unset credential is an empty one.
    private static bool Same(string? a, string? b) => string.Equals(a ?? "", b ?? "", StringComparison.Ordinal);
}
