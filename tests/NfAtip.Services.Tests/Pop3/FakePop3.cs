using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Pop3;

/// <summary>
/// A scripted POP3 server on loopback for what Dovecot won't do. It answers like a well-behaved
/// server (greeting, USER, PASS, STAT, RETR with <see cref="Message"/>, DELE, QUIT) unless a step
/// has an override in <see cref="Steps"/>: send something else, drop, reset, stall, flood. After
/// the script ends it keeps reading until the board closes its side, which sets <see cref="Released"/>,
/// so a test can check the socket was given back.
/// </summary>
public sealed class FakePop3 : IDisposable
{
    /// <summary>What to do at a step ("greeting", "USER", "PASS", "STAT", "RETR", "DELE", "QUIT", "STLS"): false ends the script.</summary>
    public delegate Task<bool> Step(NetworkStream stream, CancellationToken stop);

    private readonly ScriptedTcpServer _server;

    public Dictionary<string, Step> Steps { get; } = new();

    /// <summary>The message RETR 1 sends: raw wire bytes, already dot-stuffed and ended by ". CR LF".</summary>
    public byte[] Message { get; set; } = Encoding.ASCII.GetBytes("Subject: s\r\n\r\nbody\r\n.\r\n");

    /// <summary>Command lines received, in order.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Completes when the board closed the connection (read returned 0 or failed).</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port => _server.Port;

    /// <summary>Declared when the script ends and the server only reads on: the board's waits end at once.</summary>
    public PeerSilence Silence { get; } = new();

    public FakePop3()
    {
        _server = new ScriptedTcpServer(RunAsync);
    }

    public void Dispose() => _server.Dispose();

    /// <summary>Waits (at most 10 s, never expected to take long) for the board to close the connection.</summary>
    public bool WaitReleased() => Released.Task.Wait(30000);

    private async Task RunAsync(NetworkStream stream, CancellationToken stop)
    {
        try
        {
            if (await Do("greeting", stream, stop, "+OK fake POP3 ready\r\n"))
            {
                while (true)
                {
                    string? line = await ReadLineAsync(stream, stop);
                    if (line == null) break;
                    Commands.Enqueue(line);
                    string verb = line.Split(' ')[0].ToUpperInvariant();
                    bool go = verb switch
                    {
                        "USER" => await Do(verb, stream, stop, "+OK\r\n"),
                        "PASS" => await Do(verb, stream, stop, "+OK logged in\r\n"),
                        "STAT" => await Do(verb, stream, stop, "+OK 1 " + Message.Length + "\r\n"),
                        "RETR" => await DoRetr(stream, stop),
                        "DELE" => await Do(verb, stream, stop, "+OK marked\r\n"),
                        "QUIT" => await Do(verb, stream, stop, "+OK bye\r\n") && false,
                        _ => await Do(verb, stream, stop, "-ERR unknown command\r\n"),
                    };
                    if (!go) break;
                }
            }
            await DrainAsync(stream, stop);
        }
        catch (Exception)
        {
            Released.TrySetResult();
        }
    }

    private async Task<bool> DoRetr(NetworkStream stream, CancellationToken stop)
    {
        if (Steps.TryGetValue("RETR", out var step)) return await step(stream, stop);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("+OK message follows\r\n"), stop);
        await stream.WriteAsync(Message, stop);
        return true;
    }

    private async Task<bool> Do(string name, NetworkStream stream, CancellationToken stop, string normal)
    {
        if (Steps.TryGetValue(name, out var step)) return await step(stream, stop);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(normal), stop);
        return true;
    }

    /// <summary>Reads until the board closes: that is the release the tests check.</summary>
    private async Task DrainAsync(NetworkStream stream, CancellationToken stop)
    {
        Silence.Declare(stream.Socket);
        var sink = new byte[4096];
        try
        {
            while (await stream.ReadAsync(sink, stop) > 0) { }
        }
        catch (Exception) { }
        Released.TrySetResult();
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken stop)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int n = await stream.ReadAsync(one, stop);
            if (n == 0) return null;
            if (one[0] == 10) break;
            if (one[0] != 13) line.Add(one[0]);
        }
        return Encoding.Latin1.GetString(line.ToArray());
    }

    // ---- step building blocks ----

    public static Step Send(string text) => async (s, stop) =>
    {
        await s.WriteAsync(Encoding.Latin1.GetBytes(text), stop);
        return true;
    };

    public static Step SendBytes(params byte[][] parts) => async (s, stop) =>
    {
        foreach (var p in parts) await s.WriteAsync(p, stop);
        return true;
    };

    /// <summary>Sends the bytes, then closes the connection (FIN).</summary>
    public static Step SendThenDrop(byte[] bytes) => async (s, stop) =>
    {
        await s.WriteAsync(bytes, stop);
        s.Socket.Shutdown(SocketShutdown.Send);
        return false;
    };

    public static Step Drop => SendThenDrop(Array.Empty<byte>());

    /// <summary>Sends the bytes, then resets the connection (RST).</summary>
    public static Step SendThenReset(byte[] bytes) => async (s, stop) =>
    {
        await s.WriteAsync(bytes, stop);
        await Task.Delay(100, stop); // let the bytes leave before the RST discards them
        s.Socket.LingerState = new LingerOption(true, 0);
        s.Socket.Close();
        return false;
    };

    /// <summary>Sends the bytes, then says nothing more (the drain waits for the board to give up).</summary>
    public static Step SendThenStall(byte[] bytes) => async (s, stop) =>
    {
        await s.WriteAsync(bytes, stop);
        return false;
    };

    public static Step Stall => SendThenStall(Array.Empty<byte>());

    /// <summary><paramref name="prefix"/>, then 10 MB of 'x' without a line end, then CR LF.</summary>
    public static Step Flood(string prefix, int bytes = 10 * 1024 * 1024) => async (s, stop) =>
    {
        await s.WriteAsync(Encoding.ASCII.GetBytes(prefix), stop);
        var block = new byte[64 * 1024];
        Array.Fill(block, (byte)'x');
        for (int sent = 0; sent < bytes; sent += block.Length) await s.WriteAsync(block, stop);
        await s.WriteAsync(new byte[] { 13, 10 }, stop);
        return true;
    };

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
