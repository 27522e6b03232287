using System.Text;
using BenchmarkDotNet.Attributes;
using NfAtip.HostAdapters.Flash;

namespace NfAtip.Bench;

/// <summary>
/// One AT command through the whole board (host line → interpreter → settings/flash → response writer → host
/// line) per operation. The board runs with its defaults (echo on, verbose results), so the answer includes the
/// echo of the command, as a terminal sees it.
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    // Commands (see Scenarios for the wire comparison).
    internal static readonly byte[] At = Ascii("AT\r");
    internal static readonly byte[] PppModeQuery = Ascii("AT#PPPMODE?\r");
    internal static readonly byte[] Vall = Ascii("AT#VALL\r");
    internal static readonly byte[] TcpPortA = Ascii("AT#TCPPORT=1000\r");
    internal static readonly byte[] TcpPortB = Ascii("AT#TCPPORT=1001\r");

    private BenchBoard _ram = null!;
    private BenchBoard _file = null!;
    private FileFlash _fileFlash = null!;
    private string _dir = null!;
    private bool _flipRam, _flipFile;

    [GlobalSetup]
    public void Setup()
    {
        _ram = new BenchBoard(new RamFlash(4096, 8));
        _dir = Path.Combine(Path.GetTempPath(), "nf-atip-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
        _fileFlash = FileFlash.OpenInStateDir(_dir);
        _file = new BenchBoard(_fileFlash);
        Scenarios.Check(_ram);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fileFlash.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(Description = "AT")]
    public int RoundTripAt() => _ram.Send(At);

    [Benchmark(Description = "AT#PPPMODE?")]
    public int RoundTripPppModeQuery() => _ram.Send(PppModeQuery);

    [Benchmark(Description = "AT#VALL")]
    public int DisplayAll() => _ram.Send(Vall);

    [Benchmark(Description = "AT#TCPPORT=n (RamFlash)")]
    public int ParameterWriteRamFlash()
    {
        _flipRam = !_flipRam;
        return _ram.Send(_flipRam ? TcpPortA : TcpPortB);
    }

    [Benchmark(Description = "AT#TCPPORT=n (FileFlash)")]
    public int ParameterWriteFileFlash()
    {
        _flipFile = !_flipFile;
        return _file.Send(_flipFile ? TcpPortA : TcpPortB);
    }

    internal static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
