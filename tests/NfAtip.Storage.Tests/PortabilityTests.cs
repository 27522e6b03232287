namespace NfAtip.Storage.Tests;

/// <summary>The store is firmware code for nanoFramework: keep its sources inside the portable subset.</summary>
public class PortabilityTests
{
    private static readonly string[] Forbidden =
    {
        "System.Linq", "System.IO", "System.Collections.Generic", "BitConverter", "Span<", "stackalloc",
        "unsafe", "async ", "await ", "Task", "record ", "List<", "Dictionary<", "IEnumerable<", "ValueTuple",
    };

    [Theory]
    [InlineData("FlashStore.cs")]
    [InlineData("Crc32.cs")]
    public void StorageSource_UsesOnlyThePortableSubset(string file)
    {
        // Code only: comments may say "record" or "Task".
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "firmware", "NfAtip.Core", "Storage", file))
            .Select(l => { int c = l.IndexOf("//", StringComparison.Ordinal); return c < 0 ? l : l[..c]; });
        string text = string.Join("\n", lines);
        Assert.Contains("namespace NfAtip.Storage", text);
        foreach (var token in Forbidden) Assert.DoesNotContain(token, text);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "nf-atip.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("nf-atip.sln not found above " + AppContext.BaseDirectory);
    }
}
