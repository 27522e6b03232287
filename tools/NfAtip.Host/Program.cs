using System.Globalization;
using NfAtip;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Lines;
using NfAtip.HostAdapters.Network;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.HostAdapters.Text;

namespace NfAtip.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (FormatException e)
        {
            // One line saying what is wrong, and where the usage is (the whole text would bury the line).
            Console.Error.WriteLine("nf-atip-board: " + e.Message);
            Console.Error.WriteLine("nf-atip-board: see nf-atip-board --help");
            return 2;
        }
        if (options.Help)
        {
            Console.Out.Write(Options.Usage);
            return 0;
        }
        if (options.Version)
        {
            var identity = CoreIdentity();
            Console.Out.WriteLine($"nf-atip-board {identity.Name}_{identity.Version} {identity.Size} {identity.BuildDate}");
            return 0;
        }

        try
        {
            return Run(options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException
                                       or PlatformNotSupportedException or FormatException or InvalidDataException)
        {
            Log("error: " + e.Message);
            return 1;
        }
    }

    private static int Run(Options options)
    {
        string stateDir = options.ResolveStateDir();
        Directory.CreateDirectory(stateDir);
        using var fileFlash = FileFlash.OpenInStateDir(stateDir);
        var flash = new FaultyFlash(fileFlash);
        var identity = CoreIdentity();
        // The real clock (which `clock +61s` may move ahead), or one simulated time for board, module and network.
        var simulated = options.SimulatedClock ? new SimulatedClock() : null;
        var jumpClock = new JumpClock(new SystemClock());
        IClock clock = simulated != null ? simulated.Time : jumpClock;
        using var link = RadioAndIp.Create(options, clock, Log, simulated);
        var world = new VirtualWorld(link, flash, simulated != null ? simulated.Time.Advance : jumpClock.Jump, Log, simulated);
        foreach (string directive in options.World)
        {
            if (world.Apply(directive) is { } refused)
            {
                Log("--world \"" + directive + "\": " + refused);
                return 2;
            }
        }
        if (options.ControlAddress != null) world.Serve(TcpServerLine.ParseEndPoint(options.ControlAddress), Log);
        ISerialLine host;
        IDisposable? owned = null;
        switch (options.Line)
        {
            case LineKind.Stdio:
            {
                var line = new StreamLine(Console.OpenStandardInput(), Console.OpenStandardOutput());
                host = line;
                owned = line;
                break;
            }
            case LineKind.Listen:
            {
                var line = new TcpServerLine(TcpServerLine.ParseEndPoint(options.ListenAddress!));
                line.Log += Log;
                Log("listening on " + line.LocalEndPoint);
                host = line;
                owned = line;
                break;
            }
            case LineKind.Pty:
            {
                var line = new PtyLine();
                Console.Out.WriteLine(line.SlavePath);
                Console.Out.Flush();
                Log("pty ready: attach with e.g. picocom " + line.SlavePath);
                host = line;
                owned = line;
                break;
            }
            case LineKind.Serial:
            {
                var line = new SerialPortLine(options.SerialDevice!, options.Baud, options.HardwareFlowControl);
                Log("serial " + options.SerialDevice + " at " + options.Baud + " baud");
                host = line;
                owned = line;
                break;
            }
            default:
            {
                Console.Error.WriteLine("nf-atip virtual board - quit: Ctrl-]   ETX: Ctrl-C   DLE: Ctrl-P   Ctrl-Z: Ctrl-Z   (state: " + stateDir + ")");
                var line = new ConsoleLine();
                host = line;
                owned = line;
                break;
            }
        }

        Log($"{identity.Name}_{identity.Version} {identity.Size} {identity.BuildDate}; state {stateDir}" + (simulated != null ? "; simulated clock" : ""));
        if (simulated != null)
        {
            simulated.Wake = host switch { StreamLine s => s.Wake, TcpServerLine t => t.Wake, ConsoleLine c => c.Wake, _ => null };
            host = simulated.Line(host);
        }
        using var trace = options.TraceFile != null ? new Trace(options.TraceFile, clock) : null;
        try
        {
            var radio = trace != null ? trace.Line(link.Radio) : link.Radio;
            var platform = new BoardPlatform(host, radio, flash, clock, link.Network, link.IpLink) { Module = options.BoardModule, Text = AsciiText.Instance };
            var board = new Board(platform, identity);
            board.Start();
            // A damaged flash record is recovered from silently otherwise (spec decision S6; AT#VSTATE shows it too).
            if (board.StoreReport is { } report) Log("flash store: " + report);
            trace?.Watch(board);
            while (board.Step(50)) trace?.Watch(board);
            simulated?.Stop();
            if (options.Line == LineKind.Stdio) FinishUnderWay(board, simulated, trace);
            trace?.Watch(board);
        }
        finally
        {
            simulated?.Stop();
            owned?.Dispose();
        }
        Log("host line closed, board stopped");
        return 0;
    }

    /// <summary>How long the board may go on after the end of --stdio input (Options.Usage states it).</summary>
    public const int StdioFinishMs = 180_000;

    /// <summary>
    /// End of --stdio input: what the board still has under way (a connection being set up, negotiated or
    /// hung up, a call-back) is finished, its answer written, before the process exits — so
    /// <c>printf 'AT#CONNECTIONSTART\r' | nf-atip-board --stdio</c> prints the address. Bounded.
    /// </summary>
    private static void FinishUnderWay(Board board, SimulatedClock? simulated, Trace? trace)
    {
        var bound = System.Diagnostics.Stopwatch.StartNew();
        long start = simulated?.Time.NowMs ?? 0;
        while (board.Connection.Busy && (simulated != null ? simulated.Time.NowMs - start : bound.ElapsedMilliseconds) < StdioFinishMs)
        {
            board.Step(0);
            trace?.Watch(board);
            // The host line is closed: nothing to wait on but time (on the simulated clock nobody else is left to let it pass).
            if (simulated != null) simulated.Pass(5);
            else Thread.Sleep(5);
        }
    }

    /// <summary>The identity of the firmware image actually running: the NfAtip.Core assembly loaded.</summary>
    public static BoardIdentity CoreIdentity()
    {
        string path = typeof(Board).Assembly.Location;
        var file = new FileInfo(path);
        return new BoardIdentity((int)file.Length, FormatBuildDate(file.LastWriteTime));
    }

    /// <summary>The spec's build date format: "Mar 18 2003 18:42:19".</summary>
    public static string FormatBuildDate(DateTime time) =>
        time.ToString("MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static void Log(string text) => Console.Error.WriteLine("nf-atip-board: " + text);
}
