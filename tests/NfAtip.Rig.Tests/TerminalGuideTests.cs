using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace NfAtip.Rig.Tests;

/// <summary>
/// docs/terminal-guide.md checked the way a field engineer works: picocom with the guide's settings in a
/// tmux window, attached to the virtual board's --pty; keys typed with tmux send-keys, the screen read
/// with capture-pane. Needs the Debian packages picocom and tmux (tools/test-all.sh installs them).
/// </summary>
public sealed class TerminalGuideTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _socket = "nf-atip-rig-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDir _state = new();
    private Process? _board;

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string o = p.StandardOutput.ReadToEnd();
        string e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException(file + " " + string.Join(' ', args) + " exited " + p.ExitCode + ": " + e);
        return o;
    }

    private string Tmux(params string[] args) => Run("tmux", new[] { "-L", _socket }.Concat(args).ToArray());

    private string Screen() => Tmux("capture-pane", "-p", "-t", "guide");

    /// <summary>Waits until the screen satisfies <paramref name="done"/>; returns the screen.</summary>
    private string WaitScreen(Func<string, bool> done, string what)
    {
        var sw = Stopwatch.StartNew();
        string s = Screen();
        while (!done(s))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(15)) Assert.Fail("screen never showed " + what + ":\n" + s);
            Thread.Sleep(100);
            s = Screen();
        }
        return s;
    }

    private static string[] Lines(string screen) => screen.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

    /// <summary>The non-empty screen lines from the one after <paramref name="after"/> (the last such line) on.</summary>
    private static string[] LinesAfter(string screen, string after)
    {
        var lines = Lines(screen);
        int i = Array.LastIndexOf(lines, after);
        return i < 0 ? Array.Empty<string>() : lines.Skip(i + 1).ToArray();
    }

    [Fact]
    public void Picocom_with_the_guide_settings_shows_echo_answers_and_a_Ctrl_Z_body_entry()
    {
        foreach (string program in new[] { "picocom", "tmux" })
            Assert.True(ScenarioRunner.FindProgram(program) != null, program + " is not installed (apt-get install picocom tmux; tools/test-all.sh does it as root)");

        var command = VirtualTarget.FindBoardCommand(null);
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in command.Skip(1).Concat(new[] { "--pty", "--state", _state.Path })) psi.ArgumentList.Add(a);
        _board = Process.Start(psi)!;
        _board.ErrorDataReceived += (_, e) => { };
        _board.BeginErrorReadLine();
        var pathLine = _board.StandardOutput.ReadLineAsync();
        Assert.True(pathLine.Wait(TimeSpan.FromSeconds(30)), "the board printed no pty path");
        string pty = pathLine.Result!.Trim();
        Assert.StartsWith("/dev/", pty);

        // The guide's picocom line, in a 120x40 tmux window.
        Tmux("new-session", "-d", "-s", "guide", "-x", "120", "-y", "40", "picocom -b 115200 --imap crcrlf " + pty);
        WaitScreen(s => s.Contains("Terminal ready"), "picocom's 'Terminal ready'");

        // A read: Enter sends CR; the echoed command, the answer and OK each on their own line.
        Tmux("send-keys", "-t", "guide", "AT#PPPMODE?", "Enter");
        string screen = WaitScreen(s => LinesAfter(s, "AT#PPPMODE?").Contains("OK"), "OK after AT#PPPMODE?");
        Assert.Equal(new[] { "#PPPMODE: 1", "OK" }, LinesAfter(screen, "AT#PPPMODE?"));

        // A write, then an unknown command.
        Tmux("send-keys", "-t", "guide", "AT#PPPMODE=2", "Enter");
        screen = WaitScreen(s => LinesAfter(s, "AT#PPPMODE=2").Contains("OK"), "OK after AT#PPPMODE=2");
        Tmux("send-keys", "-t", "guide", "AT#FOO", "Enter");
        screen = WaitScreen(s => LinesAfter(s, "AT#FOO").Length > 0, "an answer to AT#FOO");
        Assert.Equal(new[] { "#CME ERROR: 34817" }, LinesAfter(screen, "AT#FOO"));

        // A BODY1 entry: Enter (CR), Ctrl-J (LF), Ctrl-Z stores it.
        Tmux("send-keys", "-t", "guide", "AT#BODY1", "Enter");
        Tmux("send-keys", "-t", "guide", "Meter 42", "Enter", "C-j", "index 1234", "C-z");
        screen = WaitScreen(s => LinesAfter(s, "AT#BODY1").Contains("OK"), "OK after the body entry");
        Assert.Equal(new[] { "Meter 42", "index 1234", "OK" }, LinesAfter(screen, "AT#BODY1"));
        Tmux("send-keys", "-t", "guide", "AT#BODY1?", "Enter");
        screen = WaitScreen(s => LinesAfter(s, "AT#BODY1?").Contains("OK"), "OK after AT#BODY1?");
        Assert.Equal(new[] { "#BODY1: \"Meter 42", "index 1234\"", "OK" }, LinesAfter(screen, "AT#BODY1?"));
        output.WriteLine(screen);

        // Ctrl-A Ctrl-X leaves picocom.
        Tmux("send-keys", "-t", "guide", "C-a", "C-x");
        var sw = Stopwatch.StartNew();
        while (SessionAlive() && sw.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(100);
        Assert.False(SessionAlive(), "picocom did not quit on Ctrl-A Ctrl-X");
    }

    // The window closes with picocom, and the tmux server with its last window.
    private bool SessionAlive()
    {
        try { return Tmux("list-sessions", "-F", "#{session_name}").Contains("guide"); }
        catch (InvalidOperationException) { return false; }
    }

    public void Dispose()
    {
        try { Run("tmux", "-L", _socket, "kill-server"); } catch (Exception) { }
        if (_board != null)
        {
            try { if (!_board.HasExited) _board.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _board.WaitForExit(5000);
            _board.Dispose();
        }
        _state.Dispose();
    }
}
