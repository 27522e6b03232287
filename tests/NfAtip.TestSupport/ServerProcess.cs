using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NfAtip.TestSupport;

/// <summary>
/// A real server (aiosmtpd, dovecot, pyftpdlib, dnsmasq, socat …) run on loopback for the length of
/// a test class: started, waited for until its TCP port answers, killed with its process tree on
/// dispose. Its output is kept for failure messages.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What the server printed so far (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> and waits (up to 20 s) until 127.0.0.1:<paramref name="tcpPort"/> accepts connections (skip the wait with 0).</summary>
    public static ServerProcess Start(string file, IEnumerable<string> args, int tcpPort, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (environment != null) foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
        var server = new ServerProcess(Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file));
        if (tcpPort > 0) server.WaitForTcp(tcpPort);
        return server;
    }

    /// <summary>Waits until the port accepts a connection; throws with the server's output if it never does.</summary>
    public void WaitForTcp(int port, int timeoutMs = 20000)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < timeoutMs)
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited ({_process.ExitCode}):\n{Output}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException($"nothing listens on 127.0.0.1:{port} after {timeoutMs} ms:\n{Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>True when a program is on PATH (or an absolute path that exists).</summary>
    public static bool Exists(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, program))) return true;
        }
        return false;
    }
}
