// Interop-related declarations of mscorlib, nanoFramework.CoreLibrary stable 1.x
// (nanoframework/CoreLibrary: System/Reflection/AssemblyAttributes.cs). Signatures only.
// MethodImplAttribute / MethodImplOptions.InternalCall, which an interop assembly's extern methods
// carry, are already declared in Attributes.cs; this file adds the assembly attribute that states the
// native version an interop assembly needs (checked against the firmware image at deployment).
namespace System.Reflection
{
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, Inherited = false)]
    public sealed class AssemblyNativeVersionAttribute : Attribute
    {
        public AssemblyNativeVersionAttribute(string version) { }
        public string NativeVersion { get { throw null; } }
    }
}
