// Attribute types of mscorlib, nanoFramework.CoreLibrary stable 1.x (nanoframework/CoreLibrary:
// System/Attribute.cs, AttributeUsageAttribute.cs, AttributeTargets.cs, FlagsAttribute.cs,
// ParamArrayAttribute.cs, ObsoleteAttribute.cs, CLSCompliantAttribute.cs, NonSerializedAttribute.cs,
// Reflection/AssemblyAttributes.cs, Runtime/CompilerServices/*, Runtime/InteropServices/*,
// Diagnostics/ConditionalAttribute.cs, Diagnostics/DebuggerAttributes.cs). Signatures only.
namespace System
{
    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    public abstract class Attribute
    {
        protected Attribute() { }
    }

    [Flags]
    public enum AttributeTargets
    {
        Assembly = 0x0001, Module = 0x0002, Class = 0x0004, Struct = 0x0008, Enum = 0x0010,
        Constructor = 0x0020, Method = 0x0040, Property = 0x0080, Field = 0x0100, Event = 0x0200,
        Interface = 0x0400, Parameter = 0x0800, Delegate = 0x1000, ReturnValue = 0x2000,
        GenericParameter = 0x4000, All = 0x7FFF,
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class AttributeUsageAttribute : Attribute
    {
        public AttributeUsageAttribute(AttributeTargets validOn) { }
        public AttributeTargets ValidOn { get { throw null; } }
        public bool AllowMultiple { get { throw null; } set { } }
        public bool Inherited { get { throw null; } set { } }
    }

    [AttributeUsage(AttributeTargets.Enum, Inherited = false)]
    public class FlagsAttribute : Attribute { public FlagsAttribute() { } }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
    public sealed class ParamArrayAttribute : Attribute { public ParamArrayAttribute() { } }

    [AttributeUsage(AttributeTargets.All, Inherited = false)]
    public sealed class ObsoleteAttribute : Attribute
    {
        public ObsoleteAttribute() { }
        public ObsoleteAttribute(string message) { }
        public ObsoleteAttribute(string message, bool error) { }
        public string Message { get { throw null; } }
        public bool IsError { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    public sealed class CLSCompliantAttribute : Attribute { public CLSCompliantAttribute(bool isCompliant) { } public bool IsCompliant { get { throw null; } } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
    public sealed class SerializableAttribute : Attribute { public SerializableAttribute() { } }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class NonSerializedAttribute : Attribute { public NonSerializedAttribute() { } }
}

namespace System.Diagnostics
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ConditionalAttribute : Attribute
    {
        public ConditionalAttribute(string conditionString) { }
        public string ConditionString { get { throw null; } }
    }

    public enum DebuggerBrowsableState { Never = 0, Collapsed = 2, RootHidden = 3 }

    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
    public sealed class DebuggerBrowsableAttribute : Attribute
    {
        public DebuggerBrowsableAttribute(DebuggerBrowsableState state) { }
        public DebuggerBrowsableState State { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Struct, Inherited = false)]
    public sealed class DebuggerStepThroughAttribute : Attribute { public DebuggerStepThroughAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property | AttributeTargets.Struct, Inherited = false)]
    public sealed class DebuggerHiddenAttribute : Attribute { public DebuggerHiddenAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Delegate | AttributeTargets.Assembly, AllowMultiple = true)]
    public sealed class DebuggerDisplayAttribute : Attribute
    {
        public DebuggerDisplayAttribute(string value) { }
        public string Value { get { throw null; } }
    }
}

namespace System.Reflection
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute
    {
        public DefaultMemberAttribute(string memberName) { }
        public string MemberName { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyTitleAttribute : Attribute { public AssemblyTitleAttribute(string title) { } public string Title { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyDescriptionAttribute : Attribute { public AssemblyDescriptionAttribute(string description) { } public string Description { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyConfigurationAttribute : Attribute { public AssemblyConfigurationAttribute(string configuration) { } public string Configuration { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCompanyAttribute : Attribute { public AssemblyCompanyAttribute(string company) { } public string Company { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyProductAttribute : Attribute { public AssemblyProductAttribute(string product) { } public string Product { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCopyrightAttribute : Attribute { public AssemblyCopyrightAttribute(string copyright) { } public string Copyright { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyTrademarkAttribute : Attribute { public AssemblyTrademarkAttribute(string trademark) { } public string Trademark { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCultureAttribute : Attribute { public AssemblyCultureAttribute(string culture) { } public string Culture { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyVersionAttribute : Attribute { public AssemblyVersionAttribute(string version) { } public string Version { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyFileVersionAttribute : Attribute { public AssemblyFileVersionAttribute(string version) { } public string Version { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyInformationalVersionAttribute : Attribute { public AssemblyInformationalVersionAttribute(string informationalVersion) { } public string InformationalVersion { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyKeyFileAttribute : Attribute { public AssemblyKeyFileAttribute(string keyFile) { } public string KeyFile { get { throw null; } } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyDelaySignAttribute : Attribute { public AssemblyDelaySignAttribute(bool delaySign) { } public bool DelaySign { get { throw null; } } }

    public abstract class MemberInfo
    {
        public abstract string Name { get; }
        public abstract Type DeclaringType { get; }
    }

    public abstract class MethodBase : MemberInfo
    {
        public bool IsPublic { get { throw null; } }
        public bool IsStatic { get { throw null; } }
        public object Invoke(object obj, object[] parameters) { throw null; }
    }

    public abstract class MethodInfo : MethodBase
    {
        public abstract Type ReturnType { get; }
    }
}

namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) { }
        public static object GetObjectValue(object obj) { throw null; }
        public static void RunClassConstructor(RuntimeTypeHandle type) { }
        public static int OffsetToStringData { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
    public sealed class ExtensionAttribute : Attribute { public ExtensionAttribute() { } }

    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class IndexerNameAttribute : Attribute { public IndexerNameAttribute(string indexerName) { } }

    [AttributeUsage(AttributeTargets.All, Inherited = true)]
    public sealed class CompilerGeneratedAttribute : Attribute { public CompilerGeneratedAttribute() { } }

    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class InternalsVisibleToAttribute : Attribute
    {
        public InternalsVisibleToAttribute(string assemblyName) { }
        public string AssemblyName { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Field)]
    public sealed class AccessedThroughPropertyAttribute : Attribute { public AccessedThroughPropertyAttribute(string propertyName) { } public string PropertyName { get { throw null; } } }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class CallerMemberNameAttribute : Attribute { public CallerMemberNameAttribute() { } }

    [Flags]
    public enum MethodImplOptions { Unmanaged = 0x0004, ForwardRef = 0x0010, PreserveSig = 0x0080, InternalCall = 0x1000, Synchronized = 0x0020, NoInlining = 0x0008 }

    [Serializable]
    public enum MethodCodeType { IL = 0, Native = 1, OPTIL = 2, Runtime = 3 }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class MethodImplAttribute : Attribute
    {
        public MethodImplAttribute() { }
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { }
        public MethodImplAttribute(short value) { }
        public MethodImplOptions Value { get { throw null; } }
        public MethodCodeType MethodCodeType;
    }

}

namespace System.Runtime.InteropServices
{
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }
    public enum CharSet { None = 1, Ansi = 2, Unicode = 3, Auto = 4 }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public StructLayoutAttribute(LayoutKind layoutKind) { }
        public StructLayoutAttribute(short layoutKind) { }
        public LayoutKind Value { get { throw null; } }
        public int Pack;
        public int Size;
        public CharSet CharSet;
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class FieldOffsetAttribute : Attribute { public FieldOffsetAttribute(int offset) { } public int Value { get { throw null; } } }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class OutAttribute : Attribute { public OutAttribute() { } }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class InAttribute : Attribute { public InAttribute() { } }
}
