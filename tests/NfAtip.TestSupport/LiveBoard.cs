using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using NfAtip.Platform;
using Xunit;
using NfAtip.HostAdapters.Text;

namespace NfAtip.TestSupport;

/// <summary>
/// The host end of a UART with a thread on each side: the test types (bounded queue: typing blocks
/// when the board does not read, like a host held by RTS/CTS) and reads what the board sent.
/// <see cref="HoldCts"/> makes the board's writes block, as a host dropping CTS does.
/// </summary>
public sealed class LiveHostLine : ISerialLine
{
    private readonly ByteQueue _toBoard = new(64 * 1024);
    private readonly List<byte> _fromBoard = new();
    private readonly object _gate = new();
    private int _cursor;
    private bool _holdCts;

    /// <summary>Board writes currently blocked by a held CTS.</summary>
    public int BlockedWrites { get; private set; }

    public bool HoldCts
    {
        get { lock (_gate) return _holdCts; }
        set { lock (_gate) { _holdCts = value; Monitor.PulseAll(_gate); } }
    }

    public void Type(byte[] bytes) => _toBoard.Add(bytes, 0, bytes.Length);
    public void Type(string text) => Type(Encoding.Latin1.GetBytes(text));

    /// <summary>Drops what was typed but not yet read by the board (a host that stops sending).</summary>
    public void DropTyped() => _toBoard.Clear();

    public void Close() => _toBoard.Complete();

    public int Read(byte[] buffer, int offset, int count, int timeoutMs) => _toBoard.Take(buffer, offset, count, timeoutMs);

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (_holdCts)
            {
                BlockedWrites++;
                Monitor.PulseAll(_gate);
                while (_holdCts) Monitor.Wait(_gate);
                BlockedWrites--;
            }
            for (int i = 0; i < count; i++) _fromBoard.Add(buffer[offset + i]);
            Monitor.PulseAll(_gate);
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl) { }

    /// <summary>Bytes the board sent that the test has not consumed yet.</summary>
    public int Unread { get { lock (_gate) return _fromBoard.Count - _cursor; } }

    /// <summary>Waits until <paramref name="count"/> unconsumed bytes are there and consumes them.</summary>
    public byte[] Take(int count, int timeoutMs = 20000)
    {
        lock (_gate)
        {
            long deadline = Environment.TickCount64 + timeoutMs;
            while (_fromBoard.Count - _cursor < count)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                    throw new TimeoutException($"expected {count} bytes from the board, got {_fromBoard.Count - _cursor}: {Show(_fromBoard.GetRange(_cursor, _fromBoard.Count - _cursor).ToArray())}");
                Monitor.Wait(_gate, (int)Math.Min(left, 1000));
            }
            byte[] bytes = _fromBoard.GetRange(_cursor, count).ToArray();
            _cursor += count;
            return bytes;
        }
    }

    /// <summary>Waits until the board's output contains <paramref name="text"/>; consumes and returns everything up to and including it.</summary>
    public string TakeUntil(string text, int timeoutMs = 20000)
    {
        byte[] needle = Encoding.Latin1.GetBytes(text);
        lock (_gate)
        {
            long deadline = Environment.TickCount64 + timeoutMs;
            while (true)
            {
                int at = IndexOf(needle);
                if (at >= 0)
                {
                    int n = at + needle.Length - _cursor;
                    byte[] bytes = _fromBoard.GetRange(_cursor, n).ToArray();
                    _cursor += n;
                    return Encoding.Latin1.GetString(bytes);
                }
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                    throw new TimeoutException($"no {Show(needle)} from the board; it sent: {Show(_fromBoard.GetRange(_cursor, _fromBoard.Count - _cursor).ToArray())}");
                Monitor.Wait(_gate, (int)Math.Min(left, 1000));
            }
        }
    }

    private int IndexOf(byte[] needle)
    {
        for (int i = _cursor; i + needle.Length <= _fromBoard.Count; i++)
        {
            int j = 0;
            while (j < needle.Length && _fromBoard[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    public static string Show(byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes.Take(400)) sb.Append(b >= 32 && b < 127 ? ((char)b).ToString() : $"<{b:X2}>");
        if (bytes.Length > 400) sb.Append($"…({bytes.Length} bytes)");
        return sb.ToString();
    }
}

/// <summary>
/// A virtual board running its own loop on a thread (as the firmware does), on the system clock and
/// the host's network, with its host line driven live by the test: needed for data mode, where the
/// board keeps the line while the test plays the host and a peer at the same time.
/// </summary>
public sealed class LiveBoard : IDisposable
{
    private readonly Thread _loop;
    private volatile bool _stop;
    private Exception? _fault;

    public LiveHostLine Host { get; } = new();
    public Board Board { get; }
    public HostIpLink IpLink { get; } = new();

    /// <param name="network">The board's network; the PC's sockets by default.</param>
    /// <param name="tune">Adjusts the board before it starts.</param>
    /// <param name="ipLink">The board's IP link; <see cref="IpLink"/> (the PC's network as the link) by default.</param>
    public LiveBoard(INetwork? network = null, Action<Board>? tune = null, IIpLink? ipLink = null)
    {
        var clock = new FakeClock();
        Board = new Board(new BoardPlatform(Host, new ScriptedRadio(clock), new RamFlash(4096, 8), new SystemClock(), network ?? new HostNetwork(), ipLink ?? IpLink) { Text = AsciiText.Instance }, TestBoard.Identity);
        Board.Tunables.ConnectMs = 5000;
        Board.Tunables.DnsQueryMs = 300;
        tune?.Invoke(Board);
        Board.Start();
        _loop = new Thread(() =>
        {
            try
            {
                while (!_stop && Board.Step(5)) { }
            }
            catch (Exception e)
            {
                _fault = e;
            }
        }) { IsBackground = true, Name = "board" };
        _loop.Start();
        Host.Type("ATE0\r");
        Host.TakeUntil("\r\nOK\r\n"); // echo off: what the tests read is the board's answers only
    }

    /// <summary>Types a command line and returns the answer, which must end with "OK\r\n" or an error line.</summary>
    public string Command(string line, int expectLength = -1)
    {
        Host.Type(line + "\r");
        if (expectLength > 0) return Encoding.Latin1.GetString(Host.Take(expectLength));
        return TakeRestOfAnswer();
    }

    private string TakeRestOfAnswer()
    {
        // Answers are "\r\nTEXT\r\n" (possibly several lines): take until a line-final "\r\n" with nothing more coming.
        var sb = new StringBuilder();
        while (true)
        {
            sb.Append(Host.TakeUntil("\r\n", 20000));
            string s = sb.ToString();
            if (s.EndsWith("OK\r\n") || s.Contains("ERROR") || s.EndsWith("OK_Info_GprsActivation\r\n")) return s;
        }
    }

    /// <summary>Sets parameters (TCPSERV, TCPPORT, DLEMODE …) and brings the link up.</summary>
    public void Configure(string server, int port, int dleMode = 1)
    {
        Assert.Equal("\r\nOK\r\n", Command($"AT#TCPSERV=\"{server}\""));
        Assert.Equal("\r\nOK\r\n", Command($"AT#TCPPORT={port}"));
        Assert.Equal("\r\nOK\r\n", Command($"AT#DLEMODE={dleMode}"));
    }

    public void LinkUp()
    {
        Host.Type("AT#CONNECTIONSTART\r");
        Host.TakeUntil("OK_Info_GprsActivation\r\n");
    }

    /// <summary>The board is back in command mode: AT answers OK.</summary>
    public void AssertCommandMode() => Assert.Equal("\r\nOK\r\n", Command("AT"));

    public void Dispose()
    {
        _stop = true;
        Host.HoldCts = false;
        Host.Close();
        _loop.Join(10000);
        if (_fault != null) throw new InvalidOperationException("board loop faulted", _fault);
    }

    /// <summary>DLE coding as the spec defines it (test side, written independently of the firmware).</summary>
    public static byte[] DleEncode(byte[] data)
    {
        var o = new List<byte>(data.Length * 2);
        foreach (byte b in data)
        {
            if (b == 3 || b == 16) o.Add(16);
            o.Add(b);
        }
        return o.ToArray();
    }

    public static byte[] DleDecode(byte[] coded)
    {
        var o = new List<byte>(coded.Length);
        for (int i = 0; i < coded.Length; i++)
        {
            if (coded[i] == 16 && i + 1 < coded.Length) o.Add(coded[++i]);
            else o.Add(coded[i]);
        }
        return o.ToArray();
    }

    /// <summary>Every byte value, <paramref name="rounds"/> times.</summary>
    public static byte[] AllBytes(int rounds = 4)
    {
        var b = new byte[256 * rounds];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)i;
        return b;
    }

    public static TcpListener LoopbackListener(out int port)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        port = ((IPEndPoint)l.LocalEndpoint).Port;
        return l;
    }

    public static byte[] ReadExactly(Stream s, int count)
    {
        var buf = new byte[count];
        s.ReadExactly(buf, 0, count);
        return buf;
    }

    public static byte[] ReadToEnd(Stream s)
    {
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
