using System.Text;
using NfAtip.ModemSim;

namespace NfAtip.PppHost.Tests;

/// <summary>
/// What the board's PPP puts on the module's line, read off the call between the simulated module and the
/// simulated ISP: HDLC-like framing (RFC 1662: flags, 0x7D escapes, FCS-16), then LCP, PAP and IPCP as the
/// board's session core negotiates them (RFC 1661, 1334, 1332/1877). And a GSM ISP that never answers LCP.
/// </summary>
[Collection(InProcessLwip.Name)]
public sealed class OnTheLineTests : IDisposable
{
    private readonly ModuleBoard _b = new();

    public void Dispose() => _b.Dispose();

    /// <summary>Records what the board sends on the call, and passes it on.</summary>
    private sealed class Tap(IPppNetworkSide inner) : IPppNetworkSide
    {
        private readonly MemoryStream _sent = new();
        public byte[] Sent { get { lock (_sent) return _sent.ToArray(); } }
        public void Activate(PacketSession session) => inner.Activate(session);
        public void Open(IDataLink link) => inner.Open(link);
        public void Send(byte[] data)
        {
            lock (_sent) _sent.Write(data);
            inner.Send(data);
        }
        public void Close() => inner.Close();
    }

    private string Command(string line, Func<string, bool> done) => _b.Command(line, done);

    private static bool Final(string o) => o.EndsWith("OK\r\n") || o.Contains("ERROR") || o.Contains("OK_Info");

    /// <summary>RFC 1662 appendix C: the FCS-16 over a frame including its FCS leaves 0xF0B8.</summary>
    private static bool GoodFcs(IReadOnlyList<byte> frame)
    {
        ushort fcs = 0xFFFF;
        foreach (byte b in frame)
        {
            fcs ^= b;
            for (int i = 0; i < 8; i++) fcs = (ushort)((fcs & 1) != 0 ? (fcs >> 1) ^ 0x8408 : fcs >> 1);
        }
        return fcs == 0xF0B8;
    }

    /// <summary>The frames between flags, unescaped (0x7D: the next byte XOR 0x20).</summary>
    private static List<byte[]> Frames(byte[] line)
    {
        var frames = new List<byte[]>();
        var current = new List<byte>();
        bool escape = false;
        foreach (byte b in line)
        {
            if (b == 0x7E)
            {
                if (current.Count > 0) frames.Add(current.ToArray());
                current.Clear();
                escape = false;
            }
            else if (b == 0x7D) escape = true;
            else
            {
                current.Add(escape ? (byte)(b ^ 0x20) : b);
                escape = false;
            }
        }
        return frames;
    }

    /// <summary>The protocol of a frame, with or without address-and-control (FF 03) and protocol compression.</summary>
    private static (int Protocol, byte[] Packet) Parse(byte[] frame)
    {
        int at = frame.Length > 2 && frame[0] == 0xFF && frame[1] == 0x03 ? 2 : 0;
        int protocol = (frame[at] & 1) == 1 ? frame[at++] : frame[at++] << 8 | frame[at++];
        return (protocol, frame[at..^2]);
    }

    [Fact]
    public void The_board_frames_lcp_then_authenticates_with_pap_then_asks_ipcp_for_an_address_and_dns()
    {
        Tap? tap = null;
        _b.Module.NetworkSide = _ => tap = new Tap(new IspRemote(new IspSettings { User = "login", Password = "password" }));
        Assert.EndsWith("OK\r\n", Command("AT#APNUN=\"login\"", Final));
        Assert.EndsWith("OK\r\n", Command("AT#APNPW=\"password\"", Final));
        Assert.EndsWith("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", Command("AT#CONNECTIONSTART", o => o.Contains("OK_Info") || o.Contains("ERROR")));

        List<byte[]> frames = Frames(tap!.Sent);
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.True(GoodFcs(f), "bad FCS: " + Convert.ToHexString(f)));
        var packets = frames.Select(Parse).ToList();

        // LCP first, uncompressed (FF 03 C0 21: nothing is agreed yet), a Configure-Request (code 1).
        Assert.Equal(0xFF, frames[0][0]);
        Assert.Equal(0x03, frames[0][1]);
        Assert.Equal(0xC021, packets[0].Protocol);
        Assert.Equal(1, packets[0].Packet[0]);
        // Its own options carry the async control character map (type 2) and a magic number (type 5).
        var lcpOptions = Options(packets[0].Packet);
        Assert.Contains(2, lcpOptions.Keys);
        Assert.Contains(5, lcpOptions.Keys);

        // PAP Authenticate-Request (C023, code 1): peer-id and password as the board's APNUN/APNPW.
        var pap = packets.First(p => p.Protocol == 0xC023);
        Assert.Equal(1, pap.Packet[0]);
        int idLength = pap.Packet[4];
        Assert.Equal("login", Encoding.ASCII.GetString(pap.Packet, 5, idLength));
        Assert.Equal("password", Encoding.ASCII.GetString(pap.Packet, 6 + idLength, pap.Packet[5 + idLength]));
        Assert.True(packets.IndexOf(pap) > 0, "PAP before LCP was open");

        // IPCP (8021) Configure-Request after PAP: IP-Address (3) and the DNS servers (129, 131), asked as 0.0.0.0.
        var ipcp = packets.First(p => p.Protocol == 0x8021 && p.Packet[0] == 1);
        Assert.True(packets.IndexOf(ipcp) > packets.IndexOf(pap));
        var ipcpOptions = Options(ipcp.Packet);
        Assert.Equal(new byte[4], ipcpOptions[3]);
        Assert.Equal(new byte[4], ipcpOptions[129]);
    }

    [Fact]
    public void An_isp_asking_chap_gets_the_board_s_md5_response_with_its_apnun_and_only_the_right_secret_passes()
    {
        // RFC 1994: the ISP's Challenge (C223 code 1), the board's Response (code 2): value = MD5(id, secret,
        // challenge), name = APNUN. The ISP (lwIP's CHAP server) checks it against its own secret.
        Tap? tap = null;
        _b.Module.NetworkSide = _ => tap = new Tap(new IspRemote(new IspSettings { User = "login", Password = "s3cret", Chap = true }));
        Assert.EndsWith("OK\r\n", Command("AT#APNUN=\"login\"", Final));
        Assert.EndsWith("OK\r\n", Command("AT#APNPW=\"s3cret\"", Final));
        Assert.EndsWith("\r\n10.0.2.15\r\n\r\nOK_Info_GprsActivation\r\n", Command("AT#CONNECTIONSTART", o => o.Contains("OK_Info") || o.Contains("ERROR")));
        var packets = Frames(tap!.Sent).Select(Parse).ToList();
        Assert.DoesNotContain(packets, p => p.Protocol == 0xC023); // no PAP
        var response = packets.First(p => p.Protocol == 0xC223 && p.Packet[0] == 2);
        int valueLength = response.Packet[4];
        Assert.Equal(16, valueLength); // MD5
        int length = response.Packet[2] << 8 | response.Packet[3];
        Assert.Equal("login", Encoding.ASCII.GetString(response.Packet, 5 + valueLength, length - 5 - valueLength));
        Assert.EndsWith("OK\r\n", Command("AT#CONNECTIONSTOP", Final));

        // The same with the wrong secret: the ISP answers Failure, no IP; spec decision L5's GPRS abort.
        Assert.EndsWith("OK\r\n", Command("AT#APNPW=\"wrong\"", Final));
        Assert.EndsWith("#CME ERROR: 35868\r\n", Command("AT#CONNECTIONSTART", o => o.Contains("OK_Info") || o.Contains("ERROR")));
    }

    /// <summary>The options of an LCP or IPCP Configure-Request (type → value).</summary>
    private static Dictionary<int, byte[]> Options(byte[] packet)
    {
        var options = new Dictionary<int, byte[]>();
        int length = packet[2] << 8 | packet[3];
        for (int at = 4; at + 1 < length;)
        {
            int type = packet[at], size = packet[at + 1];
            options[type] = packet[(at + 2)..(at + size)];
            at += size;
        }
        return options;
    }

    [Fact]
    public void A_gsm_isp_that_never_answers_lcp_is_the_ppp_client_timeout()
    {
        // The call connects (CONNECT 9600) to a far end that takes every byte and says nothing.
        _b.Module.DefaultCall = CallScript.Connect(9600, () => new NullRemote());
        // Only here a short limit: a far end that never answers always runs it out, however loaded the PC.
        // (The other tests keep the default 60 s: PPP with a freshly started ISP may take seconds on a busy CI.)
        _b.Board.LinkTimings.NegotiationTimeoutMs = 3000;
        Assert.EndsWith("OK\r\n", Command("AT#GPRSMODE=0", Final));
        Assert.EndsWith("OK\r\n", Command("AT#DIALN1=\"0860000000\"", Final));
        string answer = Command("AT#CONNECTIONSTART", o => o.Contains("ERROR") || o.Contains("OK_Info"));
        Assert.Contains("CONNECT 9600\r\n", answer);
        Assert.EndsWith("#CME ERROR: 38980\r\n", answer); // NegotiationTimeoutMs (3 s here) passed without LCP
    }
}
