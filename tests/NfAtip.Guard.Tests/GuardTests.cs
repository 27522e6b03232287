using NfAtip.Guard;
using Xunit;

namespace NfAtip.Guard.Tests;

/// <summary>
/// The guard over the real firmware tree, and over copies of it with one offending file added:
/// each must fail with a diagnostic naming the offending construct or member.
/// </summary>
public sealed class GuardTests
{
    private static readonly string RepoRoot = Guard.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("nf-atip.sln not found above the test folder");

    private static string ApiDir => Guard.FindApiDirectory(RepoRoot);

    [Fact]
    public void CleanTreePasses()
    {
        GuardResult r = Guard.Run(RepoRoot, ApiDir);
        Assert.True(r.Success, string.Join(Environment.NewLine, r.Diagnostics));
        Assert.Equal(2, r.Compilations);
        Assert.True(r.ApiMembers > 500);
        Assert.StartsWith("guard: OK — 2 compilations", r.Summary);
    }

    [Fact]
    public void GenericListFieldFails()
    {
        GuardResult r = RunWith("Bad/GenericField.cs", """
            using System.Collections.Generic;
            namespace NfAtip.Bad
            {
                public class GenericField
                {
                    private List<int> _items = new List<int>();
                }
            }
            """);
        AssertFails(r, "GenericField.cs", "List<int>");
    }

    [Fact]
    public void LinqCallFails()
    {
        GuardResult r = RunWith("Bad/LinqCall.cs", """
            using System.Linq;
            namespace NfAtip.Bad
            {
                public class LinqCall
                {
                    public int Count(int[] values) { return values.Where(v => v > 0).Count(); }
                }
            }
            """);
        AssertFails(r, "LinqCall.cs", "System.Linq");
        Assert.Contains(r.Diagnostics, d => d.Contains("Where", StringComparison.Ordinal) || d.Contains("Linq", StringComparison.Ordinal));
    }

    [Fact]
    public void AsyncMethodFails()
    {
        GuardResult r = RunWith("Bad/AsyncMethod.cs", """
            namespace NfAtip.Bad
            {
                public class AsyncMethod
                {
                    public async void Go() { }
                }
            }
            """);
        AssertFails(r, "AsyncMethod.cs", "async");
    }

    [Fact]
    public void MissingBclMemberFails()
    {
        // string.IsNullOrWhiteSpace: not declared by nanoFramework.CoreLibrary's String.cs (only IsNullOrEmpty).
        GuardResult r = RunWith("Bad/MissingMember.cs", """
            namespace NfAtip.Bad
            {
                public class MissingMember
                {
                    public bool Blank(string s) { return string.IsNullOrWhiteSpace(s); }
                }
            }
            """);
        AssertFails(r, "MissingMember.cs", "IsNullOrWhiteSpace");
    }

    [Fact]
    public void OffendingFileInDeviceAppFails()
    {
        GuardResult r = RunWith("Bad/Tuple.cs", """
            namespace NfAtip.Bad
            {
                public class TupleUse
                {
                    public (int, int) Pair() { return (1, 2); }
                }
            }
            """, project: "NfAtip");
        AssertFails(r, "Tuple.cs", "tuple");
    }

    private static void AssertFails(GuardResult r, string file, string construct)
    {
        Assert.False(r.Success, "the guard accepted the offending file");
        Assert.Contains(r.Diagnostics, d => d.Contains(file, StringComparison.Ordinal) && d.Contains(construct, StringComparison.Ordinal));
        Assert.Contains("FAILED", r.Summary);
    }

    /// <summary>Copies firmware/ to a temp tree, adds one file to the project, runs the guard there.</summary>
    private static GuardResult RunWith(string relativePath, string source, string project = "NfAtip.Core")
    {
        string temp = Path.Combine(Path.GetTempPath(), "nfguard-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyTree(Path.Combine(RepoRoot, "firmware"), Path.Combine(temp, "firmware"));
            string target = Path.Combine(temp, "firmware", project, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, source);
            return Guard.Run(temp, ApiDir);
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(dir);
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, rel), overwrite: true);
        }
    }
}
