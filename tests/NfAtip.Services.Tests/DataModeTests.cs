using NfAtip.At;
using NfAtip.Services.DataMode;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests;

/// <summary>The DLE coding shared by FTP and TCP sockets, including escapes split across reads.</summary>
public class DataModeTests
{
    [Fact]
    public void Encode_EscapesEtxAndDle_Only()
    {
        var coded = new byte[12];
        int n = Dle.EncodeInto(new byte[] { 1, 3, 16, 2, 0x10, 0x03 }, 0, 6, coded, 0);
        Assert.Equal(new byte[] { 1, 16, 3, 16, 16, 2, 16, 16, 16, 3 }, coded.Take(n).ToArray());
    }

    [Fact]
    public void Decode_SplitsAnywhere_StopsAtTheFirstUnescapedEtx()
    {
        byte[] coded = { 1, 16, 3, 16, 16, 2, 16, 16, 16, 3, 3, 99 };
        for (int split = 0; split <= coded.Length; split++)
        {
            var (output, used, end) = DecodeInTwo(coded, split);
            Assert.True(end);
            Assert.Equal(new byte[] { 1, 3, 16, 2, 16, 3 }, output);
            Assert.Equal(11, used); // the trailing 99 is not data
        }
    }

    /// <summary>Decodes <paramref name="coded"/> in two calls split at <paramref name="split"/> (the second only if no ETX came yet).</summary>
    private static (byte[] Output, int Used, bool End) DecodeInTwo(byte[] coded, int split)
    {
        var decoder = new DleDecoder();
        var output = new List<byte>();
        var buffer = new byte[coded.Length];
        int n = decoder.Decode(coded, 0, split, buffer, 0);
        output.AddRange(buffer.Take(n));
        int used = decoder.Consumed;
        if (!decoder.EndSeen)
        {
            n = decoder.Decode(coded, split, coded.Length - split, buffer, 0);
            output.AddRange(buffer.Take(n));
            used += decoder.Consumed;
        }
        return (output.ToArray(), used, decoder.EndSeen);
    }

    /// <summary>A host line that waits out every read (in real time) and ends the session with ETX after <see cref="IdleMs"/>; counts the reads that waited.</summary>
    private sealed class QuietHost : NfAtip.Platform.ISerialLine
    {
        public int IdleMs = 1000;
        public int Waits;
        private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();
        private bool _ended;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (!_ended && _since.ElapsedMilliseconds >= IdleMs) { _ended = true; buffer[offset] = 3; return 1; }
            if (timeoutMs > 0)
            {
                Waits++;
                Thread.Sleep(timeoutMs);
            }
            return 0;
        }
        public void Write(byte[] buffer, int offset, int count) { }
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    /// <summary>A peer that sends nothing: every read waits out its timeout; counts the reads that waited and the bytes written.</summary>
    private sealed class SilentPeer : NfAtip.Platform.ITcpConnection
    {
        public int Waits;
        public long Written;
        public uint RemoteAddress => 0x7F000001;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (timeoutMs > 0)
            {
                Waits++;
                Thread.Sleep(timeoutMs);
            }
            return 0;
        }
        public bool Write(byte[] buffer, int offset, int count)
        {
            Written += count;
            return true;
        }
        public bool StartTls(string serverName, byte[] caCertificate) => false;
        public void Close() { }
    }

    [Fact]
    public void An_idle_pump_backs_off_to_its_longest_wait_instead_of_polling_every_few_ms()
    {
        // Issue H: idle, the pump waited 2 ms on each side per round, about 500 waits a second (237 socket reads
        // were counted). Now an idle round waits on one side, each such round twice as long as the last up to
        // 20 ms: about 50 waits in a second. Waits are real sleeps, so a loaded machine can only make the count
        // smaller.
        var host = new QuietHost();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        Assert.Equal(DataPump.HostClosed, pump.Run(new SilentPeer(), true));
        var peer = new SilentPeer();
        host = new QuietHost();
        pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        pump.Run(peer, true);
        Assert.InRange(peer.Waits + host.Waits, 1, 60);
    }

    /// <summary>
    /// A host sending in bursts (<see cref="Size"/> bytes, then two reads that find nothing, as a fast host or a UART
    /// between two blocks does), then ETX.
    /// </summary>
    private sealed class BurstyHost : NfAtip.Platform.ISerialLine
    {
        public const int Size = 64;
        public int Bursts = 200;
        private int _phase;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (Bursts == 0)
            {
                if (_phase >= 0) { _phase = -1; buffer[offset] = 3; return 1; }
                return 0;
            }
            if (_phase++ % 3 == 0)
            {
                int n = Math.Min(Size, count);
                for (int i = 0; i < n; i++) buffer[offset + i] = (byte)'a';
                if (n == Size) Bursts--;
                return n;
            }
            if (timeoutMs > 0) Thread.Sleep(timeoutMs);
            return 0;
        }
        public void Write(byte[] buffer, int offset, int count) { }
        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    [Fact]
    public void A_host_between_two_bursts_is_waited_for_not_the_silent_socket()
    {
        // Issue H: the round after host data that found the line empty for a moment waited on the silent socket,
        // leaving the host's next bytes unread for that wait (96 % of a fast upload's time on the virtual board).
        // An idle round now waits on the side that moved data last.
        var host = new BurstyHost();
        var peer = new SilentPeer();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        Assert.Equal(DataPump.HostClosed, pump.Run(peer, true));
        Assert.Equal(200L * BurstyHost.Size, peer.Written);
        Assert.Equal(0, peer.Waits);
    }

    [Fact]
    public void Coding_and_decoding_by_runs_match_the_byte_by_byte_rules_on_random_data_split_anywhere()
    {
        // Issue H: the coder and decoder copy runs of ordinary bytes in blocks, finding ETX and DLE natively.
        // Against the byte-by-byte rules, on data dense and sparse in ETX/DLE, decoded whole, split, and in place.
        var random = new Random(5);
        for (int round = 0; round < 300; round++)
        {
            int length = random.Next(0, 700);
            var data = new byte[length];
            int density = round % 3 == 0 ? 2 : round % 3 == 1 ? 40 : 1000;
            for (int i = 0; i < length; i++)
            {
                int r = random.Next(density);
                data[i] = r == 0 ? Dle.Etx : r == 1 ? Dle.Escape : (byte)random.Next(256);
            }
            var expected = new List<byte>();
            foreach (byte b in data)
            {
                if (b == Dle.Etx || b == Dle.Escape) expected.Add(Dle.Escape);
                expected.Add(b);
            }
            var coded = new byte[2 * length + 1];
            int n = Dle.EncodeInto(data, 0, length, coded, 1);
            Assert.Equal(expected.ToArray(), coded.Skip(1).Take(n).ToArray());

            // Decoded in two pieces split anywhere, then the closing ETX and a byte after it that must stay.
            var stream = expected.Concat(new byte[] { Dle.Etx, 0x41 }).ToArray();
            int split = random.Next(stream.Length + 1);
            var (output, used, end) = DecodeInTwo(stream, split);
            Assert.True(end);
            Assert.Equal(data, output);
            Assert.Equal(stream.Length - 1, used);

            // In place, as FTPPUT decodes its buffer.
            var inPlace = (byte[])stream.Clone();
            var d2 = new DleDecoder();
            int k = d2.Decode(inPlace, 0, inPlace.Length, inPlace, 0);
            Assert.Equal(data, inPlace.Take(k).ToArray());
        }
    }
}

/// <summary>HostPort's block access: what the pump peeks and does not skip stays for the interpreter.</summary>
public class HostPortTests
{
    [Fact]
    public void Peek_CopiesWithoutTaking_SkipTakesExactlyThatMany()
    {
        var line = new HostPipe();
        line.Type(new byte[] { 1, 2, 3, 4, 5 });
        var port = new HostPort(line);
        Assert.Equal(5, port.Fill(0));
        var block = new byte[8];
        Assert.Equal(5, port.Peek(block, 0, block.Length));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, block.Take(5));
        Assert.Equal(5, port.Pending);
        port.Skip(3);
        Assert.Equal(2, port.Pending);
        Assert.Equal(4, port.Take());
        var rest = new byte[4];
        Assert.Equal(1, port.Read(rest, 0, rest.Length, 0));
        Assert.Equal(5, rest[0]);
        Assert.Equal(0, port.Read(rest, 0, rest.Length, 0));
    }
}
