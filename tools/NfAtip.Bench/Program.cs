using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NfAtip.Bench;

// Short job by default (3 warm-ups, 3 iterations, 1 launch) so a run stays within a few minutes on a small
// machine; BenchmarkDotNet's own options (e.g. --job medium, --filter) still apply: dotnet run ... -- --help.
// "smoke" (tools/test-all.sh): each benchmark once, in this process: it must run, its figures mean nothing.
bool smoke = args.Length > 0 && args[0] == "smoke";
if (smoke) args = args[1..];
var config = DefaultConfig.Instance
    .AddJob(smoke ? Job.Dry.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance) : Job.ShortRun)
    .AddColumn(new UartColumn("Wire bytes", s => s.WireBytes.ToString(CultureInfo.InvariantCulture)))
    .AddColumn(new UartColumn("UART 115200", s => (s.UartMicroseconds).ToString("N1", CultureInfo.InvariantCulture) + " us"));
Summary summary = BenchmarkRunner.Run<InterpreterBenchmarks>(config, args);

// The same figures against the wire, as plain text (docs/performance.md copies this table).
Console.WriteLine();
Console.WriteLine($"Interpreter time vs UART time at {Scenarios.Baud} baud, 8N1 ({Scenarios.BitsPerByte} bits/byte); wire bytes = command + answer (echo on).");
Console.WriteLine();
Console.WriteLine("| Command | Wire bytes | UART time | Interpreter mean (this PC) | Median | Wire / interpreter (mean) | Allocated / op |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (BenchmarkReport r in summary.Reports)
{
    string d = r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
    Scenarios.Scenario? s = Scenarios.Find(r.BenchmarkCase.Descriptor.WorkloadMethod.Name);
    if (s == null || r.ResultStatistics == null) continue;
    double meanUs = r.ResultStatistics.Mean / 1000.0;
    long alloc = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| `{d}` | {s.WireBytes} | {s.UartMicroseconds:N1} us | {meanUs:N3} us | {r.ResultStatistics.Median / 1000.0:N3} us | {s.UartMicroseconds / meanUs:N0}× | {alloc} B |"));
}

// A benchmark that threw, or that BenchmarkDotNet refused, is a failed run (the smoke run in CI counts on it).
if (summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(r => !r.Success))
{
    Console.Error.WriteLine("nf-atip-bench: a benchmark failed or did not run");
    Environment.Exit(1);
}

/// <summary>A summary column computed from the scenario's wire bytes.</summary>
sealed class UartColumn : IColumn
{
    private readonly Func<Scenarios.Scenario, string> _value;

    public UartColumn(string name, Func<Scenarios.Scenario, string> value)
    {
        ColumnName = name;
        Id = "nfatip-" + name;
        _value = value;
    }

    public string Id { get; }
    public string ColumnName { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => ColumnName == "Wire bytes"
        ? "Command + answer bytes (echo on)"
        : $"Time of the wire bytes on a UART at {Scenarios.Baud} baud, 8N1";

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase)
    {
        Scenarios.Scenario? s = Scenarios.Find(benchmarkCase.Descriptor.WorkloadMethod.Name);
        return s == null ? "-" : _value(s);
    }

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
