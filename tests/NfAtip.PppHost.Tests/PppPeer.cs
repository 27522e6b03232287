using System.Diagnostics;

namespace NfAtip.PppHost.Tests;

/// <summary>One process of tools/NfAtip.PppHost (a PPP endpoint on a Unix socket), its output lines and exit.</summary>
internal sealed class PppPeer : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Generous bound for a process on a loaded machine: a bound, not a timing assertion.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>A program of tools/NfAtip.PppHost's build (nfatip-ppp-peer, nfatip-ppp-isp).</summary>
    public static string Built(string name)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (!File.Exists(Path.Combine(d.FullName, "nf-atip.sln"))) continue;
            string program = Path.Combine(d.FullName, "tools", "NfAtip.PppHost", "build", "cmake", name);
            if (!File.Exists(program))
                throw new InvalidOperationException(program + " is not built: bash tools/NfAtip.PppHost/build.sh (tools/test-all.sh runs it)");
            return program;
        }
        throw new InvalidOperationException("nf-atip.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>nfatip-ppp-peer with these arguments.</summary>
    public PppPeer(params string[] arguments) : this("nfatip-ppp-peer", arguments) { }

    public PppPeer(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(Built(program)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (_lines) _lines.Add(e.Data);
            if (e.Data.StartsWith("listening ", StringComparison.Ordinal)) _listening.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_lines) _lines.Add("stderr: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>A server's socket is bound and listening (its first line).</summary>
    public void WaitListening()
    {
        if (!_listening.Task.Wait(Bound)) throw new TimeoutException("no 'listening' line: " + Output);
    }

    /// <summary>Waits for the process to end; its exit code.</summary>
    public int Exit()
    {
        if (!_process.WaitForExit(Bound)) throw new TimeoutException("still running after " + Bound + ": " + Output);
        _process.WaitForExit(); // flushes the output events
        return _process.ExitCode;
    }

    public string[] Lines { get { lock (_lines) return _lines.ToArray(); } }

    public string Output => string.Join(" | ", Lines);

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
