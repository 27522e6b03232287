using System.Diagnostics;
using System.Text;

namespace NfAtip.Host.Tests;

/// <summary>The built virtual board (tools/NfAtip.Host output) run as a real process.</summary>
public sealed class BoardProcess : IDisposable
{
    private readonly MemoryStream _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;

    public Process Process { get; }

    private BoardProcess(Process process)
    {
        Process = process;
        _stdoutPump = Task.Run(async () =>
        {
            var chunk = new byte[4096];
            var stream = process.StandardOutput.BaseStream;
            int n;
            while ((n = await stream.ReadAsync(chunk)) > 0)
                lock (_stdout) _stdout.Write(chunk, 0, n);
        });
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>Path of nf-atip-board.dll built beside this test assembly's configuration.</summary>
    public static string BoardDll
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable("NF_ATIP_BOARD_DLL");
            if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string tfm = baseDir.Name;                  // net10.0
            string config = baseDir.Parent!.Name;       // Debug / Release
            var repo = baseDir.Parent!.Parent!.Parent!.Parent!.Parent!; // bin/<cfg>/<tfm> under tests/NfAtip.Host.Tests
            string path = Path.Combine(repo.FullName, "tools", "NfAtip.Host", "bin", config, tfm, "nf-atip-board.dll");
            if (!File.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, "nf-atip-board.dll");
            return path;
        }
    }

    public static BoardProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(BoardDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new BoardProcess(Process.Start(psi)!);
    }

    public Stream Stdin => Process.StandardInput.BaseStream;

    public byte[] StdoutBytes { get { lock (_stdout) return _stdout.ToArray(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Types <paramref name="text"/> (ASCII) on the board's stdin at once.</summary>
    public void Type(string text)
    {
        Stdin.Write(Encoding.ASCII.GetBytes(text));
        Stdin.Flush();
    }

    /// <summary>What the board printed from byte <paramref name="from"/> on, as ASCII text.</summary>
    public string Text(int from = 0)
    {
        byte[] all = StdoutBytes;
        return Encoding.ASCII.GetString(all, from, all.Length - from);
    }

    /// <summary>Waits (bounded) until the output from byte <paramref name="from"/> on satisfies <paramref name="done"/>; returns that text.</summary>
    public string WaitForText(Func<string, bool> done, int from = 0, int timeoutMs = 15000) =>
        Encoding.ASCII.GetString(WaitForStdout(d => d.Length >= from && done(Encoding.ASCII.GetString(d, from, d.Length - from)), timeoutMs).AsSpan(from));

    /// <summary>Waits (bounded) until what the board logged on stderr satisfies <paramref name="done"/>; returns it as it stands then.</summary>
    public string WaitForStderr(Func<string, bool> done, int timeoutMs = 15000)
    {
        var sw = Stopwatch.StartNew();
        string now;
        while (!done(now = Stderr) && sw.ElapsedMilliseconds < timeoutMs) Thread.Sleep(20);
        return now;
    }

    /// <summary>Waits until stdout holds at least <paramref name="count"/> bytes (or the timeout passes).</summary>
    public byte[] WaitForStdout(Func<byte[], bool> done, int timeoutMs = 15000)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            var now = StdoutBytes;
            if (done(now)) return now;
            Thread.Sleep(20);
        }
        return StdoutBytes;
    }

    /// <summary>Waits for exit and the end of stdout; returns the exit code (-1 on timeout).</summary>
    public int WaitForExit(int timeoutMs = 20000)
    {
        if (!Process.WaitForExit(timeoutMs)) return -1;
        _stdoutPump.Wait(5000);
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        Process.WaitForExit(5000);
        Process.Dispose();
    }
}

/// <summary>A fresh state directory under the temp folder, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nf-atip-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
