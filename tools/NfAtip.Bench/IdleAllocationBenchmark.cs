using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.HostAdapters.Text;

namespace NfAtip.Bench;

/// <summary>
/// Issue H, "no allocation while idle": the bytes the board's thread allocates per idle second, in command
/// mode and in an AT#OTCP session whose peer (a loopback socket of this process) sends nothing. The host
/// line reads the thread's allocation counter itself at the start and the end of the idle span, on the
/// board's thread, so the figure is the board's and its adapters' (the PC's sockets under it), nothing of
/// the bench. A stopwatch run: dotnet run -c Release --project tools/NfAtip.Bench -- idle [SECONDS]
/// </summary>
public static class IdleAllocationBenchmark
{
    private const byte Etx = 3;

    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("idle")) return;
        Run(BenchMode.Number(1, 5));
        Environment.Exit(0);
    }

    /// <summary>
    /// Gives the board one command, then nothing for the idle span (reading the allocation counter at its
    /// start and end), then <see cref="After"/>. Every read waits its timeout in real time, as a UART does.
    /// </summary>
    private sealed class IdleHostLine : ISerialLine
    {
        private byte[] _input = Array.Empty<byte>();
        private int _next;
        private long _idleFrom, _idleTo;   // Stopwatch ticks
        private bool _measuring;
        public long AllocatedAtStart, AllocatedAtEnd;
        public bool Done;
        public byte[] After = Array.Empty<byte>();
        public readonly StringBuilder Output = new();

        public void Load(string command, double idleSeconds)
        {
            _input = Encoding.ASCII.GetBytes(command);
            _next = 0;
            _idleFrom = 0;
            _idleTo = (long)(idleSeconds * Stopwatch.Frequency);
            _measuring = false;
            Done = false;
            Output.Clear();
        }

        public int Pending => _input.Length - _next;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_next < _input.Length)
            {
                int n = Math.Min(count, _input.Length - _next);
                Buffer.BlockCopy(_input, _next, buffer, offset, n);
                _next += n;
                return n;
            }
            long now = Stopwatch.GetTimestamp();
            if (_idleFrom == 0)
            {
                // The span starts a settling second after the input ran out: what the first waits make once
                // (a wait handle created on first use) is not an idle allocation.
                _idleFrom = now + (_idleTo > 0 ? Stopwatch.Frequency : 0);
                _idleTo += _idleFrom;
            }
            if (!_measuring && !Done && now >= _idleFrom)
            {
                _measuring = true;
                AllocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
            }
            if (_measuring && now >= _idleTo)
            {
                AllocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
                _measuring = false;
                Done = true;
                _input = After;
                _next = 0;
                return Read(buffer, offset, count, 0);
            }
            if (timeoutMs > 0) Thread.Sleep(Math.Min(timeoutMs, 50));
            return 0;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (Output.Length < 4096) Output.Append(Encoding.Latin1.GetString(buffer, offset, count));
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    private static void Run(int seconds)
    {
        var host = new IdleHostLine();
        var module = new SimulatedModule();
        var board = new Board(new BoardPlatform(host, module, new RamFlash(4096, 8), new SystemClock(), new HostNetwork(), new SimulatedPppLink(module)) { Text = AsciiText.Instance }, BenchBoard.Identity);
        board.Start();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Socket? peer = null;
        var accept = new Thread(() => peer = listener.AcceptSocket()) { IsBackground = true };
        accept.Start();

        foreach (string c in new[] { "ATE0\r", "AT#TCPSERV=\"127.0.0.1\"\r", $"AT#TCPPORT={port}\r", "AT#CONNECTIONSTART\r" })
            Command(board, host, c);
        var up = Stopwatch.StartNew();
        while (board.Link.State != NfAtip.Link.LinkState.Connected)
        {
            if (up.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("the link did not come up: " + host.Output);
            board.Step(10);
        }

        // Command mode: the board loop steps with nothing to read (its 50 ms wait on the host line, as on the board).
        host.Load("", seconds);
        while (!host.Done) board.Step(50);
        long command = host.AllocatedAtEnd - host.AllocatedAtStart;

        // An AT#OTCP session: the pump runs inside the command until the host's ETX, which comes after the idle span.
        host.Load("AT#OTCP\r", seconds);
        host.After = new[] { Etx };
        for (int i = 0; i < 200 && !host.Done; i++) board.Step(50);
        if (!host.Output.ToString().Contains("OK_Info_WaitingForData")) throw new InvalidOperationException("the session did not open: " + host.Output);
        long session = host.AllocatedAtEnd - host.AllocatedAtStart;
        accept.Join(5000);
        peer?.Dispose();
        listener.Stop();

        Console.WriteLine($"Bytes the board's thread allocates per idle second, {seconds} s each, this PC (the board and the PC's socket adapters under it).");
        Console.WriteLine();
        Console.WriteLine("| State | Allocated per idle second |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| command mode (Board.Step(50) with nothing to read) | {command / (double)seconds:N0} B |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| AT#OTCP session, peer silent | {session / (double)seconds:N0} B |"));
    }

    private static void Command(Board board, IdleHostLine host, string command)
    {
        host.Load(command, 0);
        while (host.Pending > 0) board.Step(0);
        board.Step(0);
    }
}
