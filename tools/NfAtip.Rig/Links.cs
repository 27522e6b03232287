using System.Diagnostics;
using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NfAtip.Rig;

/// <summary>
/// A byte line to a board: writes go out as they are, a reader thread appends everything received to one
/// buffer that expectations read from.
/// </summary>
public sealed class BoardLink : IDisposable
{
    private readonly Stream _read;
    private readonly Stream _write;
    private readonly Action? _onDispose;
    private readonly List<byte> _received = new();
    private readonly Thread _reader;
    private bool _closed;

    public BoardLink(Stream read, Stream write, Action? onDispose = null)
    {
        _read = read;
        _write = write;
        _onDispose = onDispose;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "rig-reader" };
        _reader.Start();
    }

    /// <summary>Called with each chunk as it arrives (for the transcript).</summary>
    public Action<byte[]>? Received { get; set; }

    public bool Closed { get { lock (_received) return _closed; } }

    private void ReadLoop()
    {
        var chunk = new byte[4096];
        try
        {
            int n;
            while ((n = _read.Read(chunk, 0, chunk.Length)) > 0)
            {
                var copy = chunk.AsSpan(0, n).ToArray();
                lock (_received)
                {
                    // Logged before waiters see the bytes, so the transcript shows them before the step that reads them.
                    Received?.Invoke(copy);
                    _received.AddRange(copy);
                    Monitor.PulseAll(_received);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        lock (_received)
        {
            _closed = true;
            Monitor.PulseAll(_received);
        }
    }

    public void Write(byte[] data)
    {
        _write.Write(data, 0, data.Length);
        _write.Flush();
    }

    public int Count { get { lock (_received) return _received.Count; } }

    public byte[] Snapshot(int from)
    {
        lock (_received) return _received.GetRange(from, Math.Max(0, _received.Count - from)).ToArray();
    }

    /// <summary><paramref name="count"/> bytes from <paramref name="from"/> (all received already).</summary>
    public byte[] Snapshot(int from, int count)
    {
        lock (_received) return _received.GetRange(from, Math.Max(0, count)).ToArray();
    }

    /// <summary>Waits until more than <paramref name="count"/> bytes are buffered, the line closes or the deadline passes.</summary>
    public void WaitBeyond(int count, DateTime deadlineUtc)
    {
        lock (_received)
        {
            while (_received.Count <= count && !_closed)
            {
                var left = deadlineUtc - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return;
                Monitor.Wait(_received, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public void Dispose()
    {
        try { _onDispose?.Invoke(); } catch (Exception) { }
        try { _write.Dispose(); } catch (Exception) { }
        try { _read.Dispose(); } catch (Exception) { }
        _reader.Join(2000);
    }
}

/// <summary>Where scenarios run: opened once per scenario.</summary>
public interface IBoardTarget : IDisposable
{
    string Describe { get; }
    bool IsVirtual { get; }
    /// <summary>The module the simulated module plays (--module); null: the default SIM800, or a real board's own.</summary>
    string? Module => null;
    /// <summary>Scenarios may run at the same time (each on its own board).</summary>
    bool Parallel { get; }
    /// <param name="world">World directives for the board's start (virtual only; others get none).</param>
    /// <param name="simulatedClock">The board runs on its simulated clock (virtual only), which the rig lets run while it waits.</param>
    BoardLink Open(IReadOnlyList<string> world, bool simulatedClock);
    /// <summary>Applies a world directive to the running board (virtual only): null when done, else why not.</summary>
    string? World(BoardLink link, string directive);
    /// <summary>Sends one line to the board's control socket (virtual only) and returns its answer line.</summary>
    string Control(BoardLink link, string line);
    /// <summary>The scenario is done with the line (a virtual board is stopped; a shared line stays open); returns what the board logged.</summary>
    string Release(BoardLink link);
    /// <summary>The board is stopped and started again with the same flash (virtual only).</summary>
    BoardLink Restart(BoardLink current);
    /// <summary>Variables this kind of board defines (a --set or the environment overrides them), on the real or the simulated clock.</summary>
    IReadOnlyDictionary<string, string> Variables(bool simulatedClock);
}

/// <summary>One shared line to a board that keeps running: a serial port or a TCP endpoint.</summary>
public sealed class SharedLineTarget : IBoardTarget
{
    private readonly Func<BoardLink> _open;
    private BoardLink? _link;

    public SharedLineTarget(string describe, Func<BoardLink> open)
    {
        Describe = describe;
        _open = open;
    }

    public string Describe { get; }
    public bool IsVirtual => false;

    /// <summary>A real board's addresses are the rig's to give: --set BOARD_IP=… SERVER_IP=….</summary>
    public IReadOnlyDictionary<string, string> Variables(bool simulatedClock) => new Dictionary<string, string>();
    public bool Parallel => false;

    public static SharedLineTarget Serial(string device, int baud, bool rtscts) => new(
        device + " at " + baud + " 8N1" + (rtscts ? " RTS/CTS" : ""),
        () =>
        {
            var port = new SerialPort(device, baud, Parity.None, 8, StopBits.One)
            {
                Handshake = rtscts ? Handshake.RequestToSend : Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout,
            };
            port.Open();
            port.DiscardInBuffer();
            return new BoardLink(port.BaseStream, port.BaseStream, port.Close);
        });

    public static SharedLineTarget Tcp(string hostPort) => new("tcp " + hostPort, () => TcpOpen(hostPort, TimeSpan.FromSeconds(5)));

    /// <summary>A TCP connection to HOST:PORT, retried until something listens there or the patience runs out.</summary>
    internal static TcpClient TcpConnect(string hostPort, TimeSpan patience)
    {
        int colon = hostPort.LastIndexOf(':');
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                client.Connect(hostPort[..colon], int.Parse(hostPort[(colon + 1)..]));
                return client;
            }
            catch (SocketException) when (sw.Elapsed < patience)
            {
                client.Dispose();
                Thread.Sleep(100);
            }
        }
    }

    internal static BoardLink TcpOpen(string hostPort, TimeSpan patience, Action? onDispose = null)
    {
        var client = TcpConnect(hostPort, patience);
        var s = client.GetStream();
        return new BoardLink(s, s, () => { client.Dispose(); onDispose?.Invoke(); });
    }

    public BoardLink Open(IReadOnlyList<string> world, bool simulatedClock)
    {
        if (world.Count > 0) throw new RigSkip("world directives need the virtual board");
        if (_link == null || _link.Closed)
        {
            _link?.Dispose();
            _link = _open();
        }
        return _link;
    }

    public string Release(BoardLink link) => "";

    public BoardLink Restart(BoardLink current) => throw new RigSkip("restart needs the virtual board");
    public string? World(BoardLink link, string directive) => throw new RigSkip("world directives need the virtual board");
    public string Control(BoardLink link, string line) => throw new RigSkip("a control socket needs the virtual board");
    public void Dispose() => _link?.Dispose();
}

/// <summary>Thrown inside a scenario to mark it skipped with a reason.</summary>
public sealed class RigSkip(string reason) : Exception(reason);

/// <summary>
/// The virtual board (tools/NfAtip.Host) started as a process per scenario with a fresh --state
/// directory, on --stdio or on --listen 127.0.0.1:PORT.
/// </summary>
public sealed class VirtualTarget : IBoardTarget
{
    private readonly string[] _command;
    private readonly bool _tcp;
    private readonly string _stateRoot;
    private readonly Dictionary<BoardLink, Board> _boards = new();

    /// <summary>One started virtual board: its process, log, state folder, power-on world, clock and control socket.</summary>
    private sealed class Board(Process process, StringBuilder log, string state, IReadOnlyList<string> world, bool simulatedClock)
    {
        public Process Process { get; } = process;
        public StringBuilder Log { get; } = log;
        public string State { get; } = state;
        public IReadOnlyList<string> World { get; } = world;
        public bool SimulatedClock { get; } = simulatedClock;
        /// <summary>
        /// The control socket's address: the board binds a free port itself (--control 127.0.0.1:0; a port the
        /// rig picked could be taken by a parallel board before it binds) and logs it; null until it has.
        /// </summary>
        public string? Control => Logged(Log, ControlLine);

        /// <summary>Waits (bounded) for the board to log its control socket's address.</summary>
        public string AwaitControl(TimeSpan patience) => AwaitLogged(Process, Log, ControlLine, "control socket", patience);
        public TcpClient? Client;
        public StreamReader? Reader;
        public StreamWriter? Writer;

        public void CloseControl()
        {
            Client?.Dispose();
            Client = null;
        }
    }

    /// <param name="module">The module the simulator plays (the board's --module), or null for its default SIM800.</param>
    public VirtualTarget(string[] command, bool tcp, bool parallel, string? module = null)
    {
        Module = module;
        _command = module != null ? command.Concat(new[] { "--module", module }).ToArray() : command;
        _tcp = tcp;
        Parallel = parallel;
        _stateRoot = Path.Combine(Path.GetTempPath(), "nf-atip-rig-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_stateRoot);
    }

    public string Describe => "virtual board (" + string.Join(' ', _command) + (_tcp ? " --listen" : " --stdio") + ")";
    public bool IsVirtual => true;
    public string? Module { get; }

    /// <summary>
    /// On the real clock the virtual board runs real PPP to its simulated ISP (--ip ppp): IPCP gives it 10.0.2.15,
    /// servers the rig starts on this PC's loopback are 10.0.2.2 to it, and name servers on 127.0.0.41 / .42
    /// port 53 are 10.0.3.41 / .42 (the ISP's UDP aliases of the PC's loopback addresses). On the simulated
    /// clock it runs --ip direct: the simulated link gives 127.0.0.1 and the sockets are this PC's own.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables(bool simulatedClock) => simulatedClock ? Direct : Ppp;

    private static readonly Dictionary<string, string> Ppp = new()
    {
        ["BOARD_IP"] = "10.0.2.15",
        ["SERVER_IP"] = "10.0.2.2",
        ["DNS1_IP"] = "10.0.3.41",
        ["DNS2_IP"] = "10.0.3.42",
    };

    private static readonly Dictionary<string, string> Direct = new()
    {
        ["BOARD_IP"] = "127.0.0.1",
        ["SERVER_IP"] = "127.0.0.1",
        ["DNS1_IP"] = "127.0.0.41",
        ["DNS2_IP"] = "127.0.0.42",
    };
    public bool Parallel { get; }

    /// <summary>
    /// How to start the virtual board: an explicit dll or command, else the build output of
    /// tools/NfAtip.Host found from here upwards, else "dotnet run --project tools/NfAtip.Host --".
    /// </summary>
    public static string[] FindBoardCommand(string? boardDll)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        boardDll ??= Environment.GetEnvironmentVariable("NF_ATIP_BOARD_DLL");
        if (!string.IsNullOrEmpty(boardDll)) return new[] { dotnet, Path.GetFullPath(boardDll) };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string host = Path.Combine(dir.FullName, "tools", "NfAtip.Host");
            if (!Directory.Exists(host)) continue;
            // The build of the same configuration as the rig first, then any.
            string config = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Debug" + Path.DirectorySeparatorChar) ? "Debug" : "Release";
            foreach (string c in new[] { config, config == "Debug" ? "Release" : "Debug" })
            {
                string dll = Path.Combine(host, "bin", c, "net10.0", "nf-atip-board.dll");
                if (File.Exists(dll)) return new[] { dotnet, dll };
            }
            return new[] { dotnet, "run", "--project", host, "--" };
        }
        throw new InvalidOperationException("virtual board not found: give --board-dll PATH (tools/NfAtip.Host's nf-atip-board.dll)");
    }

    public BoardLink Open(IReadOnlyList<string> world, bool simulatedClock) =>
        Start(Path.Combine(_stateRoot, Guid.NewGuid().ToString("N")[..12]), world, simulatedClock);

    private BoardLink Start(string state, IReadOnlyList<string> world, bool simulatedClock)
    {
        Directory.CreateDirectory(state);
        var psi = new ProcessStartInfo(_command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in _command.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--ip");
        psi.ArgumentList.Add(simulatedClock ? "direct" : "ppp");
        if (simulatedClock)
        {
            psi.ArgumentList.Add("--clock");
            psi.ArgumentList.Add("simulated");
        }
        if (_tcp)
        {
            psi.ArgumentList.Add("--listen");
            psi.ArgumentList.Add("127.0.0.1:0"); // the board binds a free port and logs it (AwaitLogged)
        }
        else psi.ArgumentList.Add("--stdio");
        psi.ArgumentList.Add("--state");
        psi.ArgumentList.Add(state);
        psi.ArgumentList.Add("--control");
        psi.ArgumentList.Add("127.0.0.1:0");
        foreach (string directive in world)
        {
            psi.ArgumentList.Add("--world");
            psi.ArgumentList.Add(directive);
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + _command[0]);
        var log = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        void Stop()
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(5000);
        }
        BoardLink link;
        if (_tcp)
        {
            p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            string address;
            try { address = AwaitLogged(p, log, ListenLine, "host line address", TimeSpan.FromSeconds(20)); }
            catch (IOException) { Stop(); throw; }
            link = SharedLineTarget.TcpOpen(address, TimeSpan.FromSeconds(20), Stop);
        }
        else link = new BoardLink(p.StandardOutput.BaseStream, p.StandardInput.BaseStream, Stop);
        lock (_boards) _boards[link] = new Board(p, log, state, world, simulatedClock);
        return link;
    }

    /// <summary>What the board logs once its control socket listens (the address is group 1).</summary>
    private const string ControlLine = @"control: world directives on (\S+) ";

    /// <summary>What the board logs once its --listen host line listens.</summary>
    private const string ListenLine = @"listening on (\S+)";

    /// <summary>The address a line of the board's log gives, or null while it has not logged it.</summary>
    private static string? Logged(StringBuilder log, string pattern)
    {
        lock (log)
        {
            var m = System.Text.RegularExpressions.Regex.Match(log.ToString(), pattern);
            return m.Success ? m.Groups[1].Value : null;
        }
    }

    /// <summary>
    /// Waits (bounded) for the board to log the address of a socket it bound itself: the rig passes port 0, since a
    /// port it picked could be taken by a parallel board before that board binds it.
    /// </summary>
    private static string AwaitLogged(Process process, StringBuilder log, string pattern, string what, TimeSpan patience)
    {
        var sw = Stopwatch.StartNew();
        string? address;
        while ((address = Logged(log, pattern)) == null)
        {
            if (process.HasExited || sw.Elapsed > patience)
            {
                lock (log) throw new IOException("the board gave no " + what + (process.HasExited ? " (it exited)" : " within " + patience.TotalSeconds + " s") + ":\n" + log);
            }
            Thread.Sleep(20);
        }
        return address;
    }

    /// <summary>Stops the board; returns everything it logged (stderr, read to its end once the process is gone).</summary>
    public string Release(BoardLink link)
    {
        Board? board;
        lock (_boards) _boards.Remove(link, out board);
        board?.CloseControl();
        link.Dispose();
        if (board == null) return "";
        if (board.Process.HasExited) board.Process.WaitForExit(); // the stderr reader has delivered its last line
        // The folder and port are drawn afresh for each board: named, so a transcript reads the same on every run.
        string? control = board.Control;
        lock (board.Log)
        {
            string text = board.Log.ToString().Replace(board.State, "<state>");
            return control != null ? text.Replace(control, "<control>") : text;
        }
    }

    public BoardLink Restart(BoardLink current)
    {
        Board board;
        lock (_boards) board = _boards[current];
        board.CloseControl();
        current.Dispose();
        return Start(board.State, board.World, board.SimulatedClock);
    }

    /// <summary>Sends the directive to the board's control socket and reads its answer (OK, or ERROR: why).</summary>
    public string? World(BoardLink link, string directive)
    {
        string answer = Control(link, directive);
        return answer == "OK" ? null : answer.StartsWith("ERROR: ", StringComparison.Ordinal) ? answer["ERROR: ".Length..] : answer;
    }

    public string Control(BoardLink link, string line)
    {
        Board board;
        lock (_boards) board = _boards[link];
        if (board.Client == null)
        {
            // The board opens its control socket before its host line: it is there once the line answers.
            var client = SharedLineTarget.TcpConnect(board.AwaitControl(TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(20));
            board.Client = client;
            board.Reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            board.Writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
            client.ReceiveTimeout = 30_000; // a loaded machine may be slow to start a board; a clock run itself takes milliseconds
        }
        board.Writer!.WriteLine(line);
        try
        {
            return board.Reader!.ReadLine() ?? "ERROR: the board closed its control socket";
        }
        catch (IOException)
        {
            // A clock run waits for the board, which a service may hold on a real server: bounded by ReceiveTimeout.
            return "ERROR: the board did not answer its control socket within " + board.Client!.ReceiveTimeout / 1000 + " s";
        }
    }

    public void Dispose()
    {
        lock (_boards)
        {
            foreach (var (link, board) in _boards)
            {
                board.CloseControl();
                link.Dispose();
            }
            _boards.Clear();
        }
        try { Directory.Delete(_stateRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
