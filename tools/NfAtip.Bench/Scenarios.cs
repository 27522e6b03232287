using System.Text;
using NfAtip.HostAdapters.Flash;

namespace NfAtip.Bench;

/// <summary>What each benchmark puts on the wire, and how long a UART at 115 200 baud 8N1 needs for it.</summary>
public static class Scenarios
{
    public const int Baud = 115200;
    public const int BitsPerByte = 10; // 8N1: start + 8 data + stop

    public sealed record Scenario(string Method, byte[] Command, int AnswerBytes)
    {
        public int WireBytes => Command.Length + AnswerBytes;

        /// <summary>Time on the wire in microseconds: command in, answer (with echo) out, one after the other.</summary>
        public double UartMicroseconds => WireBytes * BitsPerByte * 1e6 / Baud;
    }

    private static Scenario[]? _all;

    /// <summary>The scenarios, with answer sizes measured on a fresh board (RamFlash, defaults).</summary>
    public static Scenario[] All => _all ??= Measure();

    private static Scenario[] Measure()
    {
        var board = new BenchBoard(new RamFlash(4096, 8));
        Scenario Run(string m, byte[] c) => new(m, c, board.Send(c));
        var tcp = Run(nameof(InterpreterBenchmarks.ParameterWriteRamFlash), InterpreterBenchmarks.TcpPortA);
        return new[]
        {
            Run(nameof(InterpreterBenchmarks.RoundTripAt), InterpreterBenchmarks.At),
            Run(nameof(InterpreterBenchmarks.RoundTripPppModeQuery), InterpreterBenchmarks.PppModeQuery),
            Run(nameof(InterpreterBenchmarks.DisplayAll), InterpreterBenchmarks.Vall),
            tcp,
            tcp with { Method = nameof(InterpreterBenchmarks.ParameterWriteFileFlash) },
        };
    }

    /// <summary>The scenario of a benchmark method (by its method name).</summary>
    public static Scenario? Find(string method) => All.FirstOrDefault(s => s.Method == method);

    /// <summary>Fails the setup when a command is not answered OK (a benchmark of an error path would mislead).</summary>
    public static void Check(BenchBoard board)
    {
        foreach (var c in new[] { InterpreterBenchmarks.At, InterpreterBenchmarks.PppModeQuery, InterpreterBenchmarks.Vall, InterpreterBenchmarks.TcpPortA })
        {
            board.Send(c);
            string answer = Encoding.Latin1.GetString(board.Host.Output);
            if (!answer.EndsWith("\r\nOK\r\n", StringComparison.Ordinal))
                throw new InvalidOperationException($"unexpected answer to {Encoding.ASCII.GetString(c).TrimEnd('\r')}: {answer}");
        }
    }
}
