using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.At;
using NfAtip.Link;
using NfAtip.Platform;
using NfAtip.Services.Dns;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Dns;

/// <summary>
/// A resolver wired like the board's (host network, the board's settings, a link brought up on the
/// test board's HostIpLink) so tests can call <see cref="Resolver.Resolve"/> directly.
/// </summary>
public sealed class DnsRig
{
    public TestBoard Board { get; }
    /// <summary>The resolver's clock: the PC's, skipped by a test (cache TTLs) or by a silent server's wait.</summary>
    public SilenceClock Clock { get; } = new();
    public ConnectionManager Connection { get; }
    public ServiceTunables Tunables { get; }
    public Resolver Resolver { get; }

    /// <param name="silence">A scripted server's silence; the fixture's silent addresses are declared in it.</param>
    public DnsRig(int port, string dns1 = "0.0.0.0", string dns2 = "0.0.0.0", string? linkPrimary = null, string? linkSecondary = null, PeerSilence? silence = null)
    {
        Board = new TestBoard(realTime: true);
        Board.Command("ATE0");
        Assert.Equal("\r\nOK\r\n", Board.Command("AT#DNSSERV1=" + dns1));
        Assert.Equal("\r\nOK\r\n", Board.Command("AT#DNSSERV2=" + dns2));
        if (linkPrimary != null) Board.IpLink.SuppliedPrimaryDns = Addr.Parse(linkPrimary);
        if (linkSecondary != null) Board.IpLink.SuppliedSecondaryDns = Addr.Parse(linkSecondary);
        Assert.EndsWith("OK_Info_GprsActivation\r\n", Board.Command("AT#CONNECTIONSTART"));
        Connection = Board.Board.Connection;
        Assert.True(Connection.IsUp);
        // The query timeout is the board's (5 s): a silent server's is skipped, a real answer waited for.
        Tunables = new ServiceTunables { DnsPort = port };
        Network = new CountingNetwork(new SilenceAwareNetwork(DnsServersFixture.DeclareSilent(silence ?? new PeerSilence()), Clock));
        Resolver = new Resolver(Network, Clock, Connection, Tunables, new ServiceBuffers(Clock));
    }

    /// <summary>The board's network, counting UDP sockets opened and closed.</summary>
    public CountingNetwork Network { get; }

    /// <summary>"a.b.c.d", or "#CME ERROR: n" when the resolver fails.</summary>
    public string Resolve(string host)
    {
        int code = Resolver.Resolve(host, out uint address);
        // Every socket the query opened is released, whatever happened.
        Assert.Equal(Network.UdpOpened, Network.UdpClosed);
        if (code != 0)
        {
            Assert.Equal(0u, address);
            return "#CME ERROR: " + code;
        }
        return Addr.Text(address);
    }
}

/// <summary>An INetwork passing through to another, counting UDP sockets opened and closed.</summary>
public sealed class CountingNetwork : INetwork
{
    private readonly INetwork _inner;

    public CountingNetwork(INetwork inner) => _inner = inner;

    public int UdpOpened { get; private set; }
    public int UdpClosed { get; private set; }

    public ITcpConnection? Connect(uint address, int port, int timeoutMs) => _inner.Connect(address, port, timeoutMs);

    public ITcpListener? Listen(int port) => _inner.Listen(port);

    public IUdpSocket? OpenUdp()
    {
        IUdpSocket? socket = _inner.OpenUdp();
        if (socket == null) return null;
        UdpOpened++;
        return new Counted(socket, this);
    }

    private sealed class Counted : IUdpSocket
    {
        private readonly IUdpSocket _socket;
        private readonly CountingNetwork _owner;

        public Counted(IUdpSocket socket, CountingNetwork owner)
        {
            _socket = socket;
            _owner = owner;
        }

        public bool SendTo(byte[] buffer, int offset, int count, uint address, int port) => _socket.SendTo(buffer, offset, count, address, port);

        public int ReceiveFrom(byte[] buffer, int offset, int count, int timeoutMs, out uint address, out int port)
            => _socket.ReceiveFrom(buffer, offset, count, timeoutMs, out address, out port);

        public void Close()
        {
            _owner.UdpClosed++;
            _socket.Close();
        }
    }
}

public static class Addr
{
    public static uint Parse(string dotted)
    {
        byte[] b = IPAddress.Parse(dotted).GetAddressBytes();
        return (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
    }

    public static string Text(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
}

/// <summary>
/// dnsmasq (Debian dnsmasq-base) on one 127.0.0.x address and an unprivileged port, answering only
/// from its command line (--no-resolv --no-hosts, --local=/test/ makes unknown names NXDOMAIN).
/// </summary>
public sealed class Dnsmasq : IDisposable
{
    private readonly ServerProcess _process;

    public string Address { get; }
    public int Port { get; }

    public Dnsmasq(string address, int port, params string[] records)
    {
        Address = address;
        Port = port;
        var args = new List<string>
        {
            "-k", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
            "--pid-file=", "--log-facility=-", "--log-queries",
            "--listen-address=" + address, "--bind-interfaces", "--port=" + port,
            "--local=/test/", "--local-ttl=300",
        };
        if (Environment.UserName == "root") args.Add("--user=root");
        args.AddRange(records);
        _process = ServerProcess.Start("/usr/sbin/dnsmasq", args, 0);
        WaitReady();
    }

    public string Output => _process.Output;

    /// <summary>dnsmasq answers TCP on the same address and port once it serves: wait for that.</summary>
    private void WaitReady()
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 20000)
        {
            if (_process.HasExited) throw new InvalidOperationException("dnsmasq exited:\n" + _process.Output);
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Parse(Address), Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("dnsmasq not ready on " + Address + ":" + Port + "\n" + _process.Output);
    }

    public void Dispose() => _process.Dispose();
}

/// <summary>One datagram a fake server sends back; <see cref="FromOtherPort"/> sends it from another socket (a spoof).</summary>
public sealed record FakeReply(byte[] Data, bool FromOtherPort = false);

/// <summary>
/// A scripted DNS server on UDP 127.0.0.x:port for what dnsmasq won't do. Every query is recorded
/// (ID, source port, bytes) and answered with whatever the script returns (nothing = silence).
/// </summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly Socket _socket;
    private readonly Socket _other;
    private readonly Func<DnsQuery, IEnumerable<FakeReply>> _script;
    private readonly Thread _thread;
    private volatile bool _stop;
    private readonly List<DnsQuery> _queries = new();
    private readonly uint _address;

    /// <summary>Declared for the server's address once it has sent its replies to a query: the resolver's wait for more ends at once.</summary>
    public PeerSilence Silence { get; init; } = new();

    public FakeDnsServer(string address, int port, Func<DnsQuery, IEnumerable<FakeReply>> script)
    {
        _script = script;
        _address = Addr.Parse(address);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        _other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _other.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Answers every query with one reply built from it.</summary>
    public FakeDnsServer(string address, int port, Func<DnsQuery, byte[]?> reply)
        : this(address, port, q => { byte[]? r = reply(q); return r == null ? Array.Empty<FakeReply>() : new[] { new FakeReply(r) }; })
    {
    }

    public List<DnsQuery> Queries { get { lock (_queries) return new List<DnsQuery>(_queries); } }

    private void Serve()
    {
        var buffer = new byte[4096];
        while (!_stop)
        {
            try
            {
                if (!_socket.Poll(50_000, SelectMode.SelectRead)) continue;
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _socket.ReceiveFrom(buffer, ref from);
                var query = new DnsQuery(buffer.AsSpan(0, n).ToArray(), ((IPEndPoint)from).Port);
                lock (_queries) _queries.Add(query);
                foreach (FakeReply reply in _script(query))
                    (reply.FromOtherPort ? _other : _socket).SendTo(reply.Data, from);
                Silence.Declare(_address);
            }
            catch (Exception) when (_stop) { return; }
            catch (SocketException) { }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(2000);
        _socket.Dispose();
        _other.Dispose();
    }
}

/// <summary>A query as the fake server saw it, and builders for replies to it.</summary>
public sealed class DnsQuery
{
    public byte[] Bytes { get; }
    public int SourcePort { get; }

    public DnsQuery(byte[] bytes, int sourcePort)
    {
        Bytes = bytes;
        SourcePort = sourcePort;
    }

    public int Id => Bytes[0] << 8 | Bytes[1];
    public int Flags => Bytes[2] << 8 | Bytes[3];

    /// <summary>The question section (name, type, class) as sent.</summary>
    public byte[] Question => Bytes[12..];

    /// <summary>The question name in dotted form.</summary>
    public string Name
    {
        get
        {
            var sb = new StringBuilder();
            int at = 12;
            while (Bytes[at] != 0)
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(Encoding.ASCII.GetString(Bytes, at + 1, Bytes[at]));
                at += 1 + Bytes[at];
            }
            return sb.ToString();
        }
    }

    /// <summary>
    /// A response: header (our ID unless <paramref name="id"/>, QR|RD|RA + <paramref name="rcode"/> unless
    /// <paramref name="flags"/>), the question echoed (or <paramref name="question"/>), then the answers as raw bytes.
    /// </summary>
    public byte[] Reply(int rcode = 0, int? id = null, int? flags = null, byte[]? question = null, int? questions = null, params byte[][] answers)
    {
        var m = new List<byte>();
        int i = id ?? Id;
        int f = flags ?? (0x8180 | rcode);
        Word(m, i);
        Word(m, f);
        Word(m, questions ?? 1);
        Word(m, answers.Length);
        Word(m, 0);
        Word(m, 0);
        m.AddRange(question ?? Question);
        foreach (byte[] a in answers) m.AddRange(a);
        return m.ToArray();
    }

    /// <summary>A reply with one A record for the question's name (compressed: pointer to offset 12).</summary>
    public byte[] A(string address, uint ttl = 300) => Reply(answers: Record(Pointer(12), 1, ttl, Ip(address)));

    public static byte[] Pointer(int offset) => new[] { (byte)(0xC0 | offset >> 8), (byte)offset };

    /// <summary>A name in wire form, uncompressed (ending with a zero byte) or ending in <paramref name="tail"/>.</summary>
    public static byte[] WireName(string dotted, byte[]? tail = null)
    {
        var m = new List<byte>();
        foreach (string label in dotted.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            m.Add((byte)label.Length);
            m.AddRange(Encoding.ASCII.GetBytes(label));
        }
        m.AddRange(tail ?? new byte[] { 0 });
        return m.ToArray();
    }

    public static byte[] Ip(string dotted) => IPAddress.Parse(dotted).GetAddressBytes();

    /// <summary>One resource record: owner name bytes, type, class IN, TTL, data.</summary>
    public static byte[] Record(byte[] owner, int type, uint ttl, byte[] data, int klass = 1)
    {
        var m = new List<byte>(owner);
        Word(m, type);
        Word(m, klass);
        Word(m, (int)(ttl >> 16));
        Word(m, (int)(ttl & 0xFFFF));
        Word(m, data.Length);
        m.AddRange(data);
        return m.ToArray();
    }

    private static void Word(List<byte> m, int v)
    {
        m.Add((byte)(v >> 8));
        m.Add((byte)v);
    }
}
