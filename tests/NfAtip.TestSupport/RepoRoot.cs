namespace NfAtip.TestSupport;

/// <summary>The repository's root folder, found upwards from the test assembly (the folder holding nf-atip.sln).</summary>
public static class RepoRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "nf-atip.sln"))) return d.FullName;
        throw new InvalidOperationException("nf-atip.sln not found above " + AppContext.BaseDirectory);
    }
}
