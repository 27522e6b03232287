using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NfAtip.PppHost
{
    /// <summary>
    /// One process of the PC's PPP programs (nfatip-ppp-isp, nfatip-ppp-peer: a PPP endpoint on a Unix socket),
    /// with its output lines and exit code. Both print "listening SOCKET" once a --listen socket is bound.
    /// </summary>
    public sealed class PppProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = new List<string>();
        private readonly TaskCompletionSource<bool> _listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Generous bound for a process on a loaded machine: a bound, not a timing assertion.</summary>
        public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

        public PppProcess(string program, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(NativeBuild.Require(program))
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            _process = Process.Start(start);
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (_lines) _lines.Add(e.Data);
                if (e.Data.StartsWith("listening ", StringComparison.Ordinal)) _listening.TrySetResult(true);
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null) lock (_lines) _lines.Add("stderr: " + e.Data);
            };
            _process.Exited += (_, _) => _listening.TrySetResult(false);
            _process.EnableRaisingEvents = true;
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Waits until the --listen socket is bound; throws when the process ended or took longer than <paramref name="bound"/>.</summary>
        public void WaitListening(TimeSpan bound)
        {
            if (!_listening.Task.Wait(bound)) throw new TimeoutException("no 'listening' line: " + Output);
            if (!_listening.Task.Result) throw new InvalidOperationException("ended before listening: " + Output);
        }

        public void WaitListening() => WaitListening(Bound);

        public bool HasExited => _process.HasExited;

        /// <summary>A command line to the program's stdin (nfatip-ppp-isp: "forward PORT", "unforward PORT").</summary>
        public void Send(string line)
        {
            try
            {
                _process.StandardInput.Write(line + "\n");
                _process.StandardInput.Flush();
            }
            catch (IOException) { }      // it has ended: nothing to tell it
            catch (InvalidOperationException) { }
        }

        /// <summary>Waits until a line equal to <paramref name="line"/> was printed; false when the bound passes or the process ends first.</summary>
        public bool WaitLine(string line, TimeSpan bound)
        {
            var deadline = DateTime.UtcNow + bound;
            while (DateTime.UtcNow < deadline)
            {
                lock (_lines)
                {
                    if (_lines.Contains(line)) return true;
                }
                if (_process.HasExited)
                {
                    // It may have printed the line and ended (the PPP peer's client does, once up) before the
                    // output event delivered it: WaitForExit() flushes the output events, then look once more.
                    _process.WaitForExit();
                    lock (_lines) return _lines.Contains(line);
                }
                Thread.Sleep(5);
            }
            return false;
        }

        /// <summary>Waits for the process to end; its exit code.</summary>
        public int Exit()
        {
            if (!_process.WaitForExit(Bound)) throw new TimeoutException("still running after " + Bound + ": " + Output);
            _process.WaitForExit(); // flushes the output events
            return _process.ExitCode;
        }

        /// <summary>Ends the process now (as a crashed ISP would).</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        public string[] Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public string Output => string.Join(" | ", Lines);

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}
