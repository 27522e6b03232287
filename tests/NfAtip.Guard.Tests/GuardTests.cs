using Microsoft.CodeAnalysis;
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
        Assert.Equal(3, r.Compilations); // core, device application, conformance application
        Assert.True(r.ApiMembers > 500);
        Assert.StartsWith("guard: OK — 3 compilations", r.Summary);
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

    [Fact]
    public void CompilesAgainstTheRealMscorlib()
    {
        // The core's mscorlib is the assembly nanoFramework.CoreLibrary 1.17.11 ships, not a declaration.
        ApiSet api = ApiSet.Build(ApiDir, new List<string>());
        Assert.True(api.PackageAssemblies.TryGetValue("mscorlib", out string? file));
        Assert.EndsWith(Path.Combine("nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll"), file);
        Assert.False(Directory.Exists(Path.Combine(ApiDir, "mscorlib")), "hand-written mscorlib declarations are back");
    }

    /// <summary>
    /// One version set: every assembly the guard declares is a package of firmware/NfAtip/packages.config at
    /// the version its declaration file was written from, the device project references that version, and
    /// every dependency the manifest states (each package's nuspec) is in packages.config too.
    /// </summary>
    [Fact]
    public void PackagesConfigDeclarationsAndProjectNameOneVersionSet()
    {
        string firmware = Path.Combine(RepoRoot, "firmware", "NfAtip");
        var packages = System.Xml.Linq.XDocument.Load(Path.Combine(firmware, "packages.config")).Root!.Elements("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        string nfproj = File.ReadAllText(Path.Combine(firmware, "NfAtip.nfproj"));
        foreach (string line in File.ReadAllLines(Path.Combine(ApiDir, ApiSet.ManifestName)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string assembly = line.Split(new[] { ':', '=' }, 2)[0].Trim();
            string id = PackageOf(assembly);
            Assert.True(packages.ContainsKey(id), $"packages.config lacks {id} (assembly {assembly}, a dependency in {ApiSet.ManifestName})");
            string version = packages[id];
            Assert.Contains($"..\\packages\\{id}.{version}\\lib\\{assembly}.dll", nfproj);
            if (assembly == "mscorlib")
            {
                Assert.Contains($"package {id} {version} ", line);
                continue;
            }
            string header = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(ApiDir, assembly), "*.cs").First());
            Assert.Contains($"NuGet {id} {version},", header.Replace("\n// ", " "));
        }
    }

    private static string PackageOf(string assembly) => assembly switch
    {
        "mscorlib" => "nanoFramework.CoreLibrary",
        _ when assembly.StartsWith("nanoFramework.", StringComparison.Ordinal) => assembly,
        _ => "nanoFramework." + assembly,
    };

    [Fact]
    public void MathInCoreFails()
    {
        // System.Math is not in nanoFramework's mscorlib (it is the separate nanoFramework.System.Math).
        GuardResult r = RunWith("Bad/MathUse.cs", """
            namespace NfAtip.Bad
            {
                public class MathUse
                {
                    public int Larger(int a, int b) { return System.Math.Max(a, b); }
                }
            }
            """);
        AssertFails(r, "MathUse.cs", "Math");
    }

    [Fact]
    public void StreamInCoreFails()
    {
        // Stream lives in System.IO.Streams, which the portable core (mscorlib only) does not reference.
        GuardResult r = RunWith("Bad/StreamUse.cs", """
            namespace NfAtip.Bad
            {
                public class StreamUse
                {
                    public void Flush(System.IO.Stream s) { s.Flush(); }
                }
            }
            """);
        AssertFails(r, "StreamUse.cs", "Stream");
    }

    [Fact]
    public void StreamInDeviceAppPasses()
    {
        GuardResult r = RunWith("Ok/StreamUse.cs", """
            namespace NfAtip.Ok
            {
                public class StreamUse
                {
                    public void Flush(System.IO.Stream s) { s.Flush(); }
                }
            }
            """, project: "NfAtip");
        Assert.True(r.Success, string.Join(Environment.NewLine, r.Diagnostics));
    }

    [Fact]
    public void IPAddressTryParseInDeviceAppFails()
    {
        // System.Net 1.11.43 has IPAddress.Parse only.
        GuardResult r = RunWith("Bad/TryParse.cs", """
            namespace NfAtip.Bad
            {
                public class TryParseUse
                {
                    public bool Ok(string s) { System.Net.IPAddress a; return System.Net.IPAddress.TryParse(s, out a); }
                }
            }
            """, project: "NfAtip");
        AssertFails(r, "TryParse.cs", "TryParse");
    }

    [Fact]
    public void StaticInitializerReadingAnotherTypesStaticFails()
    {
        // Board.BoardModule's old shape: on nanoCLR, Holder's initializer may run before Source's.
        GuardResult r = RunWith("Bad/StaticOrder.cs", """
            namespace NfAtip.Bad
            {
                public static class Source { public static readonly string Name = "SIM800"; }
                public static class Holder { public static readonly string Copy = Source.Name; }
            }
            """);
        AssertFails(r, "StaticOrder.cs", "NFG101");
        Assert.Contains(r.Diagnostics, d => d.Contains("Holder reads Source.Name", StringComparison.Ordinal));
    }

    [Fact]
    public void StaticConstructorReadingAnotherTypesStaticThroughAMethodFails()
    {
        GuardResult r = RunWith("Bad/StaticOrderCall.cs", """
            namespace NfAtip.Bad
            {
                public static class Source
                {
                    public static readonly int[] Table = { 1, 2 };
                    public static int First() { return Table[0]; }
                }
                public class Holder
                {
                    public static readonly int Value;
                    static Holder() { Value = Source.First(); }
                }
            }
            """);
        AssertFails(r, "StaticOrderCall.cs", "NFG101");
        Assert.Contains(r.Diagnostics, d => d.Contains("through Source.First()", StringComparison.Ordinal));
    }

    [Fact]
    public void StaticInitializerUsingFactoriesConstantsAndLazyMembersPasses()
    {
        GuardResult r = RunWith("Ok/StaticOrder.cs", """
            namespace NfAtip.Ok
            {
                public sealed class Item
                {
                    public const int Size = 4;
                    public static Item Make(int n) { return new Item(); }
                }
                public static class Source
                {
                    private static string _name;
                    public static string Name { get { if (_name == null) _name = "SIM800"; return _name; } }
                }
                public static class Holder
                {
                    public static readonly Item[] Items = { Item.Make(Item.Size), new Item() };
                    public static string Lazy { get { return Source.Name; } }
                }
            }
            """);
        Assert.True(r.Success, string.Join(Environment.NewLine, r.Diagnostics));
    }

    [Fact]
    public void MultiDimensionalArrayFails()
    {
        GuardResult r = RunWith("Bad/Grid.cs", """
            namespace NfAtip.Bad
            {
                public class Grid { private readonly int[,] _cells = new int[2, 2]; }
            }
            """);
        AssertFails(r, "Grid.cs", "NFG019");
    }

    [Fact]
    public void JaggedArrayPasses()
    {
        GuardResult r = RunWith("Ok/Jagged.cs", """
            namespace NfAtip.Ok
            {
                public class Jagged { private readonly int[][] _rows = new int[2][]; }
            }
            """);
        Assert.True(r.Success, string.Join(Environment.NewLine, r.Diagnostics));
    }

    [Fact]
    public void CatchingInvalidOperationWithoutObjectDisposedFails()
    {
        GuardResult r = RunWith("Bad/Disposed.cs", """
            namespace NfAtip.Bad
            {
                public class Disposed
                {
                    public void Go(System.Action a) { try { a(); } catch (System.InvalidOperationException) { } }
                }
            }
            """, project: "NfAtip");
        AssertFails(r, "Disposed.cs", "NFG104");
    }

    [Fact]
    public void CatchingBothOrABasePasses()
    {
        GuardResult r = RunWith("Ok/Disposed.cs", """
            namespace NfAtip.Ok
            {
                public class Disposed
                {
                    public void Both(System.Action a) { try { a(); } catch (System.ObjectDisposedException) { } catch (System.InvalidOperationException) { } }
                    public void Base(System.Action a) { try { a(); } catch (System.InvalidOperationException) { } catch (System.SystemException) { } }
                }
            }
            """, project: "NfAtip");
        Assert.True(r.Success, string.Join(Environment.NewLine, r.Diagnostics));
    }

    [Fact]
    public void UnsupportedOpcodeIsFound()
    {
        // C# 7.3 without unsafe code cannot emit these, so the image is written with Reflection.Emit.
        byte[] pe = IlImage.WithMethodBody("Bad", il =>
        {
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_R8, 1.0);
            il.Emit(System.Reflection.Emit.OpCodes.Ckfinite);
            il.Emit(System.Reflection.Emit.OpCodes.Pop);
            il.Emit(System.Reflection.Emit.OpCodes.Ret);
        });
        List<string> found = RuntimeRules.UnsupportedIl(pe, "Bad").ToList();
        string hit = Assert.Single(found);
        Assert.Contains("NFG102", hit);
        Assert.Contains("ckfinite", hit);
    }

    [Fact]
    public void SupportedOpcodesPass()
    {
        byte[] pe = IlImage.WithMethodBody("Good", il =>
        {
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_1);
            il.Emit(System.Reflection.Emit.OpCodes.Pop);
            il.Emit(System.Reflection.Emit.OpCodes.Ret);
        });
        Assert.Empty(RuntimeRules.UnsupportedIl(pe, "Good"));
    }

    [Fact]
    public void NativeChecksumOfNfAtipPpp_IsTheOneMetadataProcessorComputes()
    {
        // 0x3A85B58C: MetadataProcessor's value for NativePpp.cs with Input(byte[], int, int) added (its .pe
        // header, read after a real run; 0x6260C7FB before it, 0xDAB849B8 with Release returning void).
        string nfproj = Path.Combine(RepoRoot, "firmware", "NfAtip", "Ppp", "NfAtip.Ppp.nfproj");
        uint crc = NativeChecksum.ComputeForProject(nfproj, "NfAtip.Ppp", MscorlibOnly(), out List<string> errors);
        Assert.Empty(errors);
        Assert.Equal(0x3A85B58Cu, crc);
    }

    [Fact]
    public void NativeChecksum_MatchesMetadataProcessorOnNestedTypesArraysByRefAndPlainMethods()
    {
        // MetadataProcessor wrote 0x44EF558E into the .pe header of this assembly (built as Crc.Test.dll).
        SyntaxTree tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("""
            using System.Runtime.CompilerServices;
            namespace Crc.Test
            {
                public class A
                {
                    public int Plain() { return 1; }
                    [MethodImpl(MethodImplOptions.InternalCall)] public extern void Inst(byte[] data, ref int n, out string s);
                    [MethodImpl(MethodImplOptions.InternalCall)] public static extern long[] Stat(object o, double d, char c, ref byte[] b);
                    public virtual void V() { }
                    public class Inner { [MethodImpl(MethodImplOptions.InternalCall)] public static extern ushort N(System.TimeSpan t, sbyte x); }
                }
                public struct B { public int F; [MethodImpl(MethodImplOptions.InternalCall)] public extern float G(ulong u, short s); public void H() { } }
                public enum E { One }
                public delegate void D(int x);
            }
            """, Guard.ParseOptions);
        var c = Guard.Compile("Crc.Test", new[] { tree }, MscorlibOnly(), Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
        using var pe = new MemoryStream();
        Assert.True(c.Emit(pe).Success);
        Assert.Equal(0x44EF558Eu, NativeChecksum.Compute(pe.ToArray()));
    }

    [Fact]
    public void NativeChecksum_CrcIsMsbFirstWithoutFinalXor()
    {
        // CRC-32/POSIX's check value 0x765E7680 is this CRC with a final XOR of 0xFFFFFFFF.
        Assert.Equal(0x765E7680u ^ 0xFFFFFFFFu, NativeChecksum.Crc(System.Text.Encoding.ASCII.GetBytes("123456789"), 0));
    }

    [Fact]
    public void ChangedInteropDeclarationWithoutNewChecksumFails()
    {
        // A sixth native method: the image's table still carries the old checksum, nanoCLR would refuse it.
        GuardResult r = RunWith(null, null, edit: root =>
        {
            string file = Path.Combine(root, "firmware", "NfAtip", "Ppp", "NativePpp.cs");
            string text = File.ReadAllText(file);
            int end = text.LastIndexOf("    }", StringComparison.Ordinal);
            File.WriteAllText(file, text.Insert(end, "        [MethodImpl(MethodImplOptions.InternalCall)]\n        public static extern int Extra();\n"));
        });
        Assert.False(r.Success);
        Assert.Contains(r.Diagnostics, d => d.Contains("NFG103", StringComparison.Ordinal) && d.Contains("0x3A85B58C", StringComparison.Ordinal));
    }

    [Fact]
    public void NativeVersionOtherThanAssemblyNativeVersionFails()
    {
        GuardResult r = RunWith(null, null, edit: root =>
        {
            string file = Path.Combine(root, "firmware", "native", "NfAtip.Ppp", "NfAtip_Ppp.cpp");
            File.WriteAllText(file, File.ReadAllText(file).Replace("{ 1, 2, 0, 0 }", "{ 1, 0, 0, 0 }"));
        });
        Assert.False(r.Success);
        Assert.Contains(r.Diagnostics, d => d.Contains("NFG103", StringComparison.Ordinal) && d.Contains("1.2.0.0", StringComparison.Ordinal));
    }

    private static IEnumerable<Microsoft.CodeAnalysis.MetadataReference> MscorlibOnly() =>
        ApiSet.Build(ApiDir, new List<string>()).References(Guard.CoreReferences);

    private static void AssertFails(GuardResult r, string file, string construct)
    {
        Assert.False(r.Success, "the guard accepted the offending file");
        Assert.Contains(r.Diagnostics, d => d.Contains(file, StringComparison.Ordinal) && d.Contains(construct, StringComparison.Ordinal));
        Assert.Contains("FAILED", r.Summary);
    }

    /// <summary>Copies firmware/ to a temp tree, adds one file to the project (or edits the tree), runs the guard there.</summary>
    private static GuardResult RunWith(string? relativePath, string? source, string project = "NfAtip.Core", Action<string>? edit = null)
    {
        string temp = Path.Combine(Path.GetTempPath(), "nfguard-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyTree(Path.Combine(RepoRoot, "firmware"), Path.Combine(temp, "firmware"));
            if (relativePath != null)
            {
                string target = Path.Combine(temp, "firmware", project, relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, source);
            }
            edit?.Invoke(temp);
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
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".nfproj", StringComparison.Ordinal) || f.EndsWith(".cpp", StringComparison.Ordinal)))
        {
            string rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, rel), overwrite: true);
        }
    }
}
