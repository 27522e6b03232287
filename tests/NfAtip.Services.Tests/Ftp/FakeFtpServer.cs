using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests.Ftp;

/// <summary>The protocol steps where <see cref="FakeFtpServer"/> can misbehave.</summary>
public enum FtpStep { Greeting, User, Pass, Type, Cwd, Epsv, Pasv, Retr, Stor, Final }

/// <summary>How it misbehaves there.</summary>
public enum Misbehaviour
{
    None,
    /// <summary>Answers <see cref="FakeFtpServer.Reply"/> instead of the expected reply.</summary>
    Reply,
    /// <summary>Answers nothing (keeps reading until the board closes).</summary>
    Stall,
    /// <summary>Closes the control connection.</summary>
    Close,
    /// <summary>Resets the control connection (RST).</summary>
    Reset,
    /// <summary>A 10 MB line without a reply code.</summary>
    HugeGarbageLine,
    /// <summary>The expected reply with 10 MB of text on its line.</summary>
    HugeValidLine,
    /// <summary>A line that never ends: 'x' for as long as the board reads.</summary>
    EndlessLine,
}

/// <summary>
/// A scripted FTP server (on <see cref="ScriptedTcpServer"/>) that behaves at every step except the one
/// chosen, for the failures a real server won't produce. Passive data connections on 127.0.0.1.
/// </summary>
public sealed class FakeFtpServer : IDisposable
{
    public FtpStep At { get; init; }
    public Misbehaviour How { get; init; }
    public string Reply { get; init; } = "";
    /// <summary>Answers EPSV with 500 (the board must fall back to PASV).</summary>
    public bool RefuseEpsv { get; init; }
    /// <summary>RETR sends this.</summary>
    public byte[] Payload { get; init; } = Encoding.ASCII.GetBytes("fake file\r\n");
    /// <summary>RETR sends only this many bytes, then drops data and control connections (-1: all).</summary>
    public int DropAfter { get; init; } = -1;
    /// <summary>The drop after <see cref="DropAfter"/> bytes resets the data connection (RST) instead of closing it.</summary>
    public bool ResetData { get; init; }
    /// <summary>After the reset of <see cref="ResetData"/>, the control connection still says 226 (a lying server).</summary>
    public bool CompleteAfterReset { get; init; }
    /// <summary>RETR sends <see cref="DropAfter"/> bytes, then the rest one byte every this many ms (0: no trickle).</summary>
    public int TrickleMs { get; init; }
    /// <summary>RETR sends <see cref="DropAfter"/> bytes, then stalls with the data connection open.</summary>
    public bool StallData { get; init; }
    /// <summary>STOR reads this many bytes, then closes the data connection and answers 426.</summary>
    public int StorLimit { get; init; } = -1;

    public const int HugeLine = 10 * 1024 * 1024;

    private long _endlessWritten;

    /// <summary>Bytes of <see cref="Misbehaviour.EndlessLine"/> the board took before it closed the connection.</summary>
    public long EndlessWritten => Interlocked.Read(ref _endlessWritten);

    public List<string> Commands { get; } = new();
    public MemoryStream Stored { get; } = new();
    private readonly ScriptedTcpServer _server;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port => _server.Port;

    /// <summary>Declared when the server goes silent (a stall, or nothing more after garbage): the board's waits end at once.</summary>
    public PeerSilence Silence { get; } = new();

    public FakeFtpServer() => _server = new ScriptedTcpServer(Run);

    /// <summary>True once the board closed (or the script ended) the control connection.</summary>
    public bool WaitEnded(int ms = 5000) => _ended.Task.Wait(ms);

    private async Task Run(NetworkStream control, CancellationToken ct)
    {
        try { await Session(control, ct); }
        finally { _ended.TrySetResult(); }
    }

    private async Task Session(NetworkStream control, CancellationToken ct)
    {
        var reader = new LineSource(control);
        TcpListener? passive = null;
        try
        {
            if (await Act(control, reader, FtpStep.Greeting, "220 fake server ready", ct)) return;
            while (true)
            {
                string? line = await reader.ReadLine(ct);
                if (line == null) return;
                lock (Commands) Commands.Add(line);
                string verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "USER": if (await Act(control, reader, FtpStep.User, "331 password please", ct)) return; break;
                    case "PASS": if (await Act(control, reader, FtpStep.Pass, "230 logged in", ct)) return; break;
                    case "TYPE": if (await Act(control, reader, FtpStep.Type, "200 type set", ct)) return; break;
                    case "CWD": if (await Act(control, reader, FtpStep.Cwd, "250 directory changed", ct)) return; break;
                    case "EPSV":
                        if (RefuseEpsv) { await Write(control, "500 EPSV not understood\r\n", ct); break; }
                        passive = Listen();
                        if (await Act(control, reader, FtpStep.Epsv, $"229 Entering Extended Passive Mode (|||{PortOf(passive)}|)", ct)) return;
                        break;
                    case "PASV":
                        passive = Listen();
                        int p = PortOf(passive);
                        // The address is not the server's: the board must use the control connection's peer.
                        if (await Act(control, reader, FtpStep.Pasv, $"227 Entering Passive Mode (127,9,8,7,{p / 256},{p % 256})", ct)) return;
                        break;
                    case "RETR":
                    {
                        if (passive == null) { await Write(control, "425 no data connection\r\n", ct); break; }
                        using var data = await Accept(passive, ct);
                        if (await Act(control, reader, FtpStep.Retr, "150 opening data connection", ct)) return;
                        var stream = data.GetStream();
                        int count = DropAfter >= 0 ? Math.Min(DropAfter, Payload.Length) : Payload.Length;
                        await stream.WriteAsync(Payload.AsMemory(0, count), ct);
                        if (StallData) { await Drain(control, ct); return; }
                        if (TrickleMs > 0)
                        {
                            for (int i = count; i < Payload.Length; i++)
                            {
                                await Task.Delay(TrickleMs, ct);
                                await stream.WriteAsync(Payload.AsMemory(i, 1), ct);
                            }
                            data.Close();
                            if (await Act(control, reader, FtpStep.Final, "226 transfer complete", ct)) return;
                            break;
                        }
                        if (DropAfter >= 0)
                        {
                            // Data and control connections dropped mid-transfer.
                            if (ResetData) { data.Client.LingerState = new LingerOption(true, 0); data.Client.Close(); }
                            if (!CompleteAfterReset) return;
                            if (await Act(control, reader, FtpStep.Final, "226 transfer complete", ct)) return;
                            break;
                        }
                        data.Close();
                        if (await Act(control, reader, FtpStep.Final, "226 transfer complete", ct)) return;
                        break;
                    }
                    case "STOR":
                    {
                        if (passive == null) { await Write(control, "425 no data connection\r\n", ct); break; }
                        using var data = await Accept(passive, ct);
                        if (await Act(control, reader, FtpStep.Stor, "150 ready for data", ct)) return;
                        var stream = data.GetStream();
                        var buffer = new byte[4096];
                        while (true)
                        {
                            int n = await stream.ReadAsync(buffer, ct);
                            if (n <= 0) break;
                            Stored.Write(buffer, 0, n);
                            if (StorLimit >= 0 && Stored.Length >= StorLimit)
                            {
                                data.Client.LingerState = new LingerOption(true, 0);
                                data.Close();
                                await Write(control, "426 connection closed; transfer aborted\r\n", ct);
                                break;
                            }
                        }
                        if (StorLimit >= 0) break;
                        if (await Act(control, reader, FtpStep.Final, "226 transfer complete", ct)) return;
                        break;
                    }
                    case "QUIT": await Write(control, "221 bye\r\n", ct); return;
                    default: await Write(control, "502 not implemented\r\n", ct); break;
                }
            }
        }
        finally
        {
            passive?.Stop();
        }
    }

    /// <summary>Answers <paramref name="normal"/>, or misbehaves when this is the chosen step; true when the session is over.</summary>
    private async Task<bool> Act(NetworkStream control, LineSource reader, FtpStep step, string normal, CancellationToken ct)
    {
        if (step != At || How == Misbehaviour.None)
        {
            await Write(control, normal + "\r\n", ct);
            return false;
        }
        switch (How)
        {
            case Misbehaviour.Reply:
                await Write(control, Reply + "\r\n", ct);
                return false;
            case Misbehaviour.Stall:
                await Drain(control, ct);
                return true;
            case Misbehaviour.Close:
                return true;
            case Misbehaviour.Reset:
                control.Socket.LingerState = new LingerOption(true, 0);
                control.Socket.Close();
                return true;
            case Misbehaviour.HugeGarbageLine:
                await WriteHuge(control, "", ct);
                await Drain(control, ct);
                return true;
            case Misbehaviour.HugeValidLine:
                await WriteHuge(control, normal + " ", ct);
                return false;
            case Misbehaviour.EndlessLine:
                var endless = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                try
                {
                    while (true)
                    {
                        await control.WriteAsync(endless, ct);
                        Interlocked.Add(ref _endlessWritten, endless.Length);
                    }
                }
                catch (Exception) { } // the board closed the connection
                return true;
        }
        return true;
    }

    private static async Task WriteHuge(NetworkStream control, string prefix, CancellationToken ct)
    {
        await Write(control, prefix, ct);
        var chunk = Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
        for (int sent = 0; sent < HugeLine; sent += chunk.Length) await control.WriteAsync(chunk, ct);
        await Write(control, "\r\n", ct);
    }

    /// <summary>Says nothing more: declares the silence, then reads (and drops) until the board closes the connection.</summary>
    private async Task Drain(NetworkStream control, CancellationToken ct)
    {
        Silence.Declare(control.Socket);
        var buffer = new byte[1024];
        while (await control.ReadAsync(buffer, ct) > 0) { }
    }

    private static Task Write(NetworkStream s, string text, CancellationToken ct) =>
        s.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();

    private static TcpListener Listen()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return l;
    }

    private static int PortOf(TcpListener l) => ((IPEndPoint)l.LocalEndpoint).Port;

    private static async Task<TcpClient> Accept(TcpListener l, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(10000);
        return await l.AcceptTcpClientAsync(timeout.Token);
    }

    public void Dispose() => _server.Dispose();

    /// <summary>CR LF lines from the board.</summary>
    private sealed class LineSource
    {
        private readonly NetworkStream _s;
        private readonly byte[] _one = new byte[1];
        public LineSource(NetworkStream s) => _s = s;

        public async Task<string?> ReadLine(CancellationToken ct)
        {
            var line = new StringBuilder();
            while (true)
            {
                int n = await _s.ReadAsync(_one, ct);
                if (n <= 0) return null;
                if (_one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)_one[0]);
            }
        }
    }
}
