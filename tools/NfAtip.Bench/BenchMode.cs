using System.Globalization;

namespace NfAtip.Bench;

/// <summary>
/// Program.cs hands every argument to BenchmarkDotNet; a first argument naming one of the stopwatch runs
/// (pump, ftpget, relay, ppp, il, idle) selects that run instead (each one's [ModuleInitializer] asks here).
/// </summary>
internal static class BenchMode
{
    /// <summary>True when the command line's first argument is <paramref name="mode"/>.</summary>
    public static bool Selected(string mode)
    {
        string[] args = Environment.GetCommandLineArgs();
        return args.Length >= 2 && args[1] == mode;
    }

    /// <summary>The <paramref name="position"/>-th argument after the mode (from 1), or null.</summary>
    public static string? Word(int position)
    {
        string[] args = Environment.GetCommandLineArgs();
        return args.Length > position + 1 ? args[position + 1] : null;
    }

    /// <summary>The <paramref name="position"/>-th argument after the mode (from 1) as a number, else <paramref name="otherwise"/>.</summary>
    public static int Number(int position, int otherwise)
    {
        string[] args = Environment.GetCommandLineArgs();
        return args.Length > position + 1 ? int.Parse(args[position + 1], CultureInfo.InvariantCulture) : otherwise;
    }
}
