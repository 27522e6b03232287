using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NfAtip.Guard.Tests;

/// <summary>Writes a one-method assembly image with the IL a test gives (PersistedAssemblyBuilder).</summary>
internal static class IlImage
{
    public static byte[] WithMethodBody(string name, Action<ILGenerator> body)
    {
        var ab = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        ModuleBuilder mb = ab.DefineDynamicModule(name);
        TypeBuilder tb = mb.DefineType(name + ".C", TypeAttributes.Public | TypeAttributes.Class);
        MethodBuilder m = tb.DefineMethod("M", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        body(m.GetILGenerator());
        tb.CreateType();
        MetadataBuilder metadata = ab.GenerateMetadata(out BlobBuilder il, out BlobBuilder fieldData);
        var pe = new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), il, fieldData);
        var blob = new BlobBuilder();
        pe.Serialize(blob);
        return blob.ToArray();
    }
}
