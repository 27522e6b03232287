namespace NfAtip.Storage.Tests;

/// <summary>The store is firmware code for nanoFramework: keep its sources inside the portable subset.</summary>
public class PortabilityTests
{
    // BitConverter follows the CPU's byte order and the store's format is little-endian on every board: its
    // integers are read and written byte by byte. FlashStore.Same compares eight bytes at a time with
    // BitConverter.ToInt64, which is the same in either order; nothing else of BitConverter may appear.
    private static readonly string[] Forbidden =
    {
        "System.Linq", "System.IO", "System.Collections.Generic", "BitConverter.GetBytes", "BitConverter.ToInt16",
        "BitConverter.ToUInt16", "BitConverter.ToInt32", "BitConverter.ToUInt32", "BitConverter.ToUInt64", "Span<", "stackalloc",
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
