using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using Xunit;

namespace NfAtip.Host.Tests;

public class StreamLineTests
{
    [Fact]
    public void Returns_the_bytes_then_minus_1_after_end_of_stream_once_drained()
    {
        var line = new StreamLine(new MemoryStream(Encoding.ASCII.GetBytes("hello")), new MemoryStream());
        var buffer = new byte[3];
        var got = new List<byte>();
        int n;
        while ((n = line.Read(buffer, 0, buffer.Length, 2000)) > 0) got.AddRange(buffer.Take(n));
        Assert.Equal(-1, n);
        Assert.Equal("hello", Encoding.ASCII.GetString(got.ToArray()));
        Assert.Equal(-1, line.Read(buffer, 0, buffer.Length, 0));
    }

    [Fact]
    public void Returns_0_on_timeout_then_data_then_minus_1_when_the_writer_closes()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var line = new StreamLine(client, new MemoryStream());
        var buffer = new byte[16];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, line.Read(buffer, 0, buffer.Length, 150));
        Assert.True(sw.ElapsedMilliseconds >= 120, "returned after " + sw.ElapsedMilliseconds + " ms");
        server.Write(new byte[] { 1, 2, 3 });
        server.Flush();
        Assert.Equal(3, line.Read(buffer, 0, buffer.Length, 5000));
        server.Dispose();
        Assert.Equal(-1, line.Read(buffer, 0, buffer.Length, 5000));
    }

    [Fact]
    public void Writes_reach_the_output_stream()
    {
        var output = new MemoryStream();
        var line = new StreamLine(new MemoryStream(), output);
        line.Write(Encoding.ASCII.GetBytes("xOKx"), 1, 2);
        Assert.Equal("OK", Encoding.ASCII.GetString(output.ToArray()));
    }
}

public class ByteQueueTests
{
    [Fact]
    public void Wraps_around_and_blocks_the_producer_while_full()
    {
        var q = new ByteQueue(4);
        var producer = Task.Run(() => q.Add(new byte[] { 1, 2, 3, 4, 5, 6 }, 0, 6));
        var buffer = new byte[8];
        var got = new List<byte>();
        while (got.Count < 6)
        {
            int n = q.Take(buffer, 0, 3, 2000);
            Assert.True(n > 0);
            got.AddRange(buffer.Take(n));
        }
        Assert.True(producer.Wait(2000));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, got);
        q.Complete();
        Assert.Equal(-1, q.Take(buffer, 0, 3, 100));
    }
}

public class ConsoleLineTests
{
    [Theory]
    [InlineData("AT\r", "AT\r\n")]
    [InlineData("\r\nOK\r\n", "\r\nOK\r\n")]
    [InlineData("\rOK\r", "\r\nOK\r\n")]
    public void Display_turns_lone_CR_into_CR_LF(string board, string shown)
    {
        bool lastWasCr = false;
        var bytes = Encoding.ASCII.GetBytes(board);
        Assert.Equal(shown, Encoding.ASCII.GetString(ConsoleLine.ToDisplay(bytes, 0, bytes.Length, ref lastWasCr)));
    }

    [Fact]
    public void Display_handles_CR_LF_split_across_writes()
    {
        bool lastWasCr = false;
        Assert.Equal("OK\r\n", Encoding.ASCII.GetString(ConsoleLine.ToDisplay(Encoding.ASCII.GetBytes("OK\r"), 0, 3, ref lastWasCr)));
        Assert.Equal("X", Encoding.ASCII.GetString(ConsoleLine.ToDisplay(Encoding.ASCII.GetBytes("\nX"), 0, 2, ref lastWasCr)));
    }

    [Fact]
    public void Control_keys_map_to_their_bytes()
    {
        Assert.Equal(0x03, ConsoleLine.Translate(new ConsoleKeyInfo('\x03', ConsoleKey.C, false, false, true)));
        Assert.Equal(0x10, ConsoleLine.Translate(new ConsoleKeyInfo('\x10', ConsoleKey.P, false, false, true)));
        Assert.Equal(0x1A, ConsoleLine.Translate(new ConsoleKeyInfo('\x1A', ConsoleKey.Z, false, false, true)));
        Assert.Equal(0x0D, ConsoleLine.Translate(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)));
        Assert.Equal('a', ConsoleLine.Translate(new ConsoleKeyInfo('a', ConsoleKey.A, false, false, false)));
    }
}

public class HostNetworkTests
{
    private static uint Loopback => HostNetwork.FromIp(IPAddress.Loopback);

    [Fact]
    public void Tcp_connect_listen_accept_read_write_and_close()
    {
        var net = new HostNetwork();
        int port = FreePort();
        var listener = net.Listen(port);
        Assert.NotNull(listener);
        Assert.Null(listener!.Accept(50));
        var client = net.Connect(Loopback, port, 5000);
        Assert.NotNull(client);
        var server = listener.Accept(5000);
        Assert.NotNull(server);
        Assert.Equal(Loopback, server!.RemoteAddress);

        var buffer = new byte[16];
        Assert.Equal(0, server.Read(buffer, 0, buffer.Length, 50));
        Assert.True(client!.Write(Encoding.ASCII.GetBytes("HELO"), 0, 4));
        Assert.Equal(4, server.Read(buffer, 0, buffer.Length, 5000));
        Assert.Equal("HELO", Encoding.ASCII.GetString(buffer, 0, 4));
        Assert.True(server.Write(Encoding.ASCII.GetBytes("250"), 0, 3));
        Assert.Equal(3, client.Read(buffer, 0, buffer.Length, 5000));
        client.Close();
        Assert.Equal(-1, server.Read(buffer, 0, buffer.Length, 5000));
        server.Close();
        listener.Close();
    }

    [Fact]
    public void Connect_to_a_closed_port_fails_with_null()
    {
        Assert.Null(new HostNetwork().Connect(Loopback, FreePort(), 2000));
    }

    [Fact]
    public void Udp_send_and_receive_with_timeout()
    {
        var net = new HostNetwork();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var udp = net.OpenUdp()!;
        var buffer = new byte[64];
        Assert.Equal(0, udp.ReceiveFrom(buffer, 0, buffer.Length, 50, out _, out _));
        Assert.True(udp.SendTo(Encoding.ASCII.GetBytes("query"), 0, 5, Loopback, peerPort));
        IPEndPoint? from = null;
        var got = peer.Receive(ref from);
        Assert.Equal("query", Encoding.ASCII.GetString(got));
        peer.Send(Encoding.ASCII.GetBytes("answer"), 6, from);
        Assert.Equal(6, udp.ReceiveFrom(buffer, 0, buffer.Length, 5000, out uint address, out int port));
        Assert.Equal(Loopback, address);
        Assert.Equal(peerPort, port);
        udp.Close();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

public class IdentityTests
{
    [Fact]
    public void Build_date_uses_the_spec_format()
    {
        Assert.Equal("Mar 18 2003 18:42:19", NfAtip.Host.Program.FormatBuildDate(new DateTime(2003, 3, 18, 18, 42, 19)));
    }

    [Fact]
    public void Identity_is_the_loaded_core_assembly()
    {
        var id = NfAtip.Host.Program.CoreIdentity();
        Assert.Equal(new FileInfo(typeof(NfAtip.Board).Assembly.Location).Length, id.Size);
        Assert.Matches(@"^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}$", id.BuildDate);
    }
}
