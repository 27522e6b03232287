using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mono.Cecil;

namespace NfAtip.Guard;

/// <summary>
/// The native-methods checksum MetadataProcessor writes into a .pe file and nanoCLR compares with the
/// CLR_RT_NativeAssemblyData of the image: an interop assembly whose value differs is refused at load
/// ("Invalid native checksum"). Computed here from the managed declarations, the way MetadataProcessor's
/// NativeMethodsCrc describes it: a CRC-32 (polynomial 0x04C11DB7, MSB first, initial value 0, no final
/// XOR) folded over, for each method of each class or value type in table order, either the assembly
/// name, the stub class name and the stub method name (a method with no IL body that is not abstract:
/// extern, InternalCall) or "NULL" (any other method, once a native one has been seen); 0 without native methods.
/// </summary>
public static class NativeChecksum
{
    /// <summary>The checksum of the assembly image <paramref name="pe"/> (a .NET assembly, as Roslyn emits it).</summary>
    public static uint Compute(byte[] pe)
    {
        using var stream = new MemoryStream(pe);
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(stream);
        byte[] name = Encoding.ASCII.GetBytes(assembly.Name.Name);
        uint crc = 0;
        int native = 0;
        // Table order: MetadataProcessor sorts types by their usages; for an assembly whose classes do not
        // use each other (NfAtip.Ppp has one) that is metadata order.
        foreach (TypeDefinition type in assembly.MainModule.GetTypes())
        {
            if (type.FullName == "<Module>" || !InStub(type)) continue;
            foreach (MethodDefinition m in TableOrder(type))
            {
                if (m.RVA == 0 && !m.IsAbstract)
                {
                    // MetadataProcessor seeds each of the three steps with its running value, which reads 0
                    // until the first native method is counted: for that first method only its method
                    // name survives. The images carry that value, so it is reproduced here.
                    uint seed = native > 0 ? crc : 0;
                    crc = Crc(name, seed);
                    crc = Crc(Encoding.ASCII.GetBytes(StubClassName(type)), native > 0 ? crc : 0);
                    crc = Crc(Encoding.ASCII.GetBytes(StubMethodName(m)), native > 0 ? crc : 0);
                    native++;
                }
                else if (native > 0)
                {
                    crc = Crc(Encoding.ASCII.GetBytes("NULL"), crc);
                }
            }
        }
        return native > 0 ? crc : 0;
    }

    /// <summary>Stubs exist for classes and value types, not for delegates, enums or interfaces.</summary>
    private static bool InStub(TypeDefinition t)
    {
        if (t.IsInterface || t.IsEnum) return false;
        string? baseName = t.BaseType?.FullName;
        return baseName is not ("System.Delegate" or "System.MulticastDelegate");
    }

    /// <summary>nanoCLR's method table order within a type: virtual, then other instance, then static.</summary>
    private static IEnumerable<MethodDefinition> TableOrder(TypeDefinition t) =>
        t.Methods.Where(m => m.IsVirtual)
            .Concat(t.Methods.Where(m => !m.IsVirtual && !m.IsStatic))
            .Concat(t.Methods.Where(m => m.IsStatic));

    /// <summary>"Outer_Namespace_Name" with dots as underscores: Library_&lt;assembly&gt;_&lt;this&gt; in the stubs.</summary>
    public static string StubClassName(TypeDefinition t)
    {
        string outer = t.DeclaringType != null ? StubClassName(t.DeclaringType) : "";
        return string.Join("_", outer, t.Namespace, t.Name).Replace(".", "_").TrimStart('_');
    }

    /// <summary>"Name___STATIC__RET__ARG…" (instance methods: "Name___RET__ARG…").</summary>
    public static string StubMethodName(MethodDefinition m)
    {
        var parts = new List<string> { TypeCode(m.ReturnType) };
        parts.AddRange(m.Parameters.Select(p => TypeCode(p.ParameterType)));
        return (m.Name + (m.IsStatic ? "___STATIC__" : "___") + string.Join("__", parts)).Replace(".", "_").Replace("/", "");
    }

    /// <summary>nanoCLR's data type names (CLR_DataType without DATATYPE_), else the type's full name without dots.</summary>
    private static string TypeCode(TypeReference t)
    {
        if (t.IsArray) return "SZARRAY_" + TypeCode(((ArrayType)t).ElementType);
        if (t.IsByReference)
        {
            TypeReference e = ((ByReferenceType)t).ElementType;
            return "BYREF_" + (e.IsArray ? "SZARRAY_" + TypeCode(((ArrayType)e).ElementType) : TypeCode(e));
        }
        return t.FullName switch
        {
            "System.Void" => "VOID",
            "System.Boolean" => "BOOLEAN",
            "System.SByte" => "I1",
            "System.Byte" => "U1",
            "System.Char" => "CHAR",
            "System.Int16" => "I2",
            "System.UInt16" => "U2",
            "System.Int32" or "System.IntPtr" => "I4",
            "System.UInt32" or "System.UIntPtr" => "U4",
            "System.Int64" => "I8",
            "System.UInt64" => "U8",
            "System.Single" => "R4",
            "System.Double" => "R8",
            "System.String" => "STRING",
            "System.Object" => "OBJECT",
            "System.WeakReference" => "WEAKCLASS",
            _ => t.IsGenericParameter ? "GENERICTYPE" : t.FullName.Replace(".", ""),
        };
    }

    /// <summary>One byte at a time, MSB first: the table-driven form MetadataProcessor uses gives the same.</summary>
    public static uint Crc(byte[] data, uint crc)
    {
        foreach (byte b in data)
        {
            crc ^= (uint)b << 24;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 0x80000000u) != 0 ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
        }
        return crc;
    }

    /// <summary>
    /// NFG103: the interop assembly NfAtip.Ppp (firmware/NfAtip/Ppp/NfAtip.Ppp.nfproj's sources) compiled
    /// against mscorlib, its checksum computed, and compared with the one g_CLR_AssemblyNative_NfAtip_Ppp
    /// carries in firmware/native/NfAtip.Ppp/NfAtip_Ppp.cpp.
    /// </summary>
    public static IEnumerable<string> CheckInterop(string repoRoot, IEnumerable<MetadataReference> mscorlib)
    {
        string project = Path.Combine(repoRoot, "firmware", "NfAtip", "Ppp", "NfAtip.Ppp.nfproj");
        string native = Path.Combine(repoRoot, "firmware", "native", "NfAtip.Ppp", "NfAtip_Ppp.cpp");
        if (!File.Exists(project) || !File.Exists(native)) yield break;
        uint computed = ComputeForProject(project, "NfAtip.Ppp", mscorlib, out List<string> errors);
        foreach (string e in errors) yield return e;
        if (errors.Count > 0) yield break;
        Match declared = Regex.Match(File.ReadAllText(native), @"g_CLR_AssemblyNative_NfAtip_Ppp\s*=\s*\{\s*""NfAtip\.Ppp""\s*,\s*0x([0-9A-Fa-f]{8})");
        if (!declared.Success)
        {
            yield return $"{Guard.Relative(native, repoRoot)}: error NFG103: no checksum found in g_CLR_AssemblyNative_NfAtip_Ppp";
            yield break;
        }
        uint carried = Convert.ToUInt32(declared.Groups[1].Value, 16);
        // nanoCLR also compares the native version with the assembly's [AssemblyNativeVersion].
        string info = Path.Combine(Path.GetDirectoryName(project)!, "Properties", "AssemblyInfo.cs");
        Match managedVersion = Regex.Match(File.Exists(info) ? File.ReadAllText(info) : "", @"AssemblyNativeVersion\(""(\d+)\.(\d+)\.(\d+)\.(\d+)""\)");
        Match nativeVersion = Regex.Match(File.ReadAllText(native), @"method_lookup\s*,\s*\{\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\}");
        string mv = managedVersion.Success ? string.Join(".", managedVersion.Groups.Values.Skip(1).Select(g => g.Value)) : "?";
        string nv = nativeVersion.Success ? string.Join(".", nativeVersion.Groups.Values.Skip(1).Select(g => g.Value)) : "?";
        if (mv != nv)
            yield return $"{Guard.Relative(native, repoRoot)}: error NFG103: native version {nv} but [assembly: AssemblyNativeVersion(\"{mv}\")]: nanoCLR would refuse the assembly";
        if (carried != computed)
            yield return $"{Guard.Relative(native, repoRoot)}: error NFG103: native checksum 0x{carried:X8} but NfAtip.Ppp's " +
                         $"managed declarations give 0x{computed:X8}: nanoCLR would refuse the assembly (Invalid native checksum)";
    }

    /// <summary>Compiles the Compile items of a .nfproj as assembly <paramref name="assemblyName"/> and computes its checksum.</summary>
    public static uint ComputeForProject(string nfproj, string assemblyName, IEnumerable<MetadataReference> references, out List<string> errors)
    {
        string dir = Path.GetDirectoryName(nfproj)!;
        IEnumerable<SyntaxTree> trees = Regex.Matches(File.ReadAllText(nfproj), "<Compile Include=\"([^\"]+)\"")
            .Select(m => Path.Combine(dir, m.Groups[1].Value.Replace('\\', '/')))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Guard.ParseOptions, f));
        CSharpCompilation c = Guard.Compile(assemblyName, trees, references, OutputKind.DynamicallyLinkedLibrary);
        using var pe = new MemoryStream();
        var emitted = c.Emit(pe);
        errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => "NfAtip.Ppp: " + d).ToList();
        return errors.Count > 0 ? 0 : Compute(pe.ToArray());
    }
}
