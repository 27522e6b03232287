namespace NfAtip.Rig.Tests;

internal static class Repo
{
    /// <summary>The repository root, found upwards from the test assembly (it holds nf-atip.sln).</summary>
    public static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "nf-atip.sln"))) return d.FullName;
            throw new InvalidOperationException("repository root not found from " + AppContext.BaseDirectory);
        }
    }

    public static string Scenarios => Path.Combine(Root, "tools", "NfAtip.Rig", "scenarios");
}

/// <summary>A temp directory removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nf-atip-rig-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
