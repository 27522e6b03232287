using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NfAtip.Bench;

/// <summary>
/// pyftpdlib through the service tests' own tests/NfAtip.Services.Tests/Ftp/ftp_server.py (Debian's
/// python3-pyftpdlib), serving a folder on a free loopback port; ready once it accepts connections.
/// </summary>
internal sealed class PyFtpServer : IDisposable
{
    private readonly Process _process;

    public int Port { get; }

    private PyFtpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static PyFtpServer Start(string home, string user, string password)
    {
        string root = Loopback.RepoRoot();
        int port = Loopback.FreePort();
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(root, "tests", "NfAtip.Services.Tests", "Ftp", "ftp_server.py"), port.ToString(CultureInfo.InvariantCulture), home, user, password, "plain" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start pyftpdlib");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var server = new PyFtpServer(p, port);
        for (int i = 0; i < 200; i++)
        {
            if (p.HasExited) throw new InvalidOperationException("pyftpdlib exited (is python3-pyftpdlib installed?)");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        server.Dispose();
        throw new TimeoutException("pyftpdlib did not start");
    }

    public void Dispose()
    {
        try { _process.Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
