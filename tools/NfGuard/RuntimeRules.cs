using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace NfAtip.Guard;

/// <summary>
/// Rules for what nanoCLR does differently from .NET where the compiler sees nothing wrong.
/// </summary>
public static class RuntimeRules
{
    /// <summary>
    /// NFG101: nanoCLR runs every static constructor at start-up, assembly by assembly in metadata
    /// order, not on first use; so a static field initializer or static constructor that reads a static
    /// member of another firmware type may run before that type's own initializer and see null or zero.
    /// Constants are inlined by the compiler and allowed. Creating an object of another type is allowed and
    /// not followed: its instance constructor then runs before that type's statics are set when the type
    /// comes later in metadata, so such constructors must not read statics either (not checked here).
    /// </summary>
    public static IEnumerable<string> CrossTypeStaticInitialization(CSharpCompilation compilation, string repoRoot)
    {
        var found = new List<string>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode init in StaticInitializers(tree.GetRoot()))
            {
                if (model.GetDeclaredSymbol(init.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()!) is not INamedTypeSymbol owner) continue;
                var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                Check(compilation, model, init, owner, init, null, visited, found, repoRoot);
            }
        }
        return found;
    }

    /// <summary>
    /// Flags, in <paramref name="code"/>, reads of non-constant static fields and properties of firmware
    /// types other than <paramref name="owner"/>, and follows calls of static firmware methods into their
    /// bodies (a factory that reads nothing static is fine). <paramref name="via"/> names the call chain.
    /// </summary>
    private static void Check(CSharpCompilation c, SemanticModel model, SyntaxNode code, INamedTypeSymbol owner, SyntaxNode site,
                              string? via, HashSet<ISymbol> visited, List<string> found, string repoRoot)
    {
        foreach (SyntaxNode n in code.DescendantNodesAndSelf())
        {
            if (n is not SimpleNameSyntax) continue;
            ISymbol? s = model.GetSymbolInfo(n).Symbol;
            if (s == null || !s.IsStatic || !SymbolEqualityComparer.Default.Equals(s.ContainingAssembly, c.Assembly)) continue;
            INamedTypeSymbol other = s.ContainingType;
            if (s is IMethodSymbol { MethodKind: MethodKind.Ordinary } m)
            {
                if (!visited.Add(m.OriginalDefinition)) continue;
                foreach (SyntaxReference r in m.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    SyntaxNode body = r.GetSyntax();
                    Check(c, c.GetSemanticModel(body.SyntaxTree), body, owner, via == null ? n : site,
                          (via == null ? "" : via + " → ") + other.Name + "." + m.Name + "()", visited, found, repoRoot);
                }
                continue;
            }
            if (s is not (IFieldSymbol { IsConst: false } or IPropertySymbol)) continue;
            if (SymbolEqualityComparer.Default.Equals(other.OriginalDefinition, owner.OriginalDefinition)) continue;
            FileLinePositionSpan span = (via == null ? n : site).GetLocation().GetMappedLineSpan();
            found.Add($"{Guard.Relative(span.Path, repoRoot)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: error NFG101: " +
                      $"static initialization of {owner.Name} reads {other.Name}.{s.Name}{(via == null ? "" : " (through " + via + ")")}: " +
                      $"nanoCLR runs static constructors in metadata order, so {other.Name} may not be initialized yet " +
                      "(make it lazy, a constant, or an instance member)");
        }
    }

    /// <summary>Initializers of static fields and properties, and static constructor bodies.</summary>
    private static IEnumerable<SyntaxNode> StaticInitializers(SyntaxNode root)
    {
        foreach (SyntaxNode n in root.DescendantNodes())
        {
            switch (n)
            {
                case FieldDeclarationSyntax f when f.Modifiers.Any(SyntaxKind.StaticKeyword):
                    foreach (VariableDeclaratorSyntax v in f.Declaration.Variables)
                        if (v.Initializer != null) yield return v.Initializer;
                    break;
                case PropertyDeclarationSyntax p when p.Modifiers.Any(SyntaxKind.StaticKeyword) && p.Initializer != null:
                    yield return p.Initializer;
                    break;
                case ConstructorDeclarationSyntax c when c.Modifiers.Any(SyntaxKind.StaticKeyword):
                    if (c.Body != null) yield return c.Body;
                    if (c.ExpressionBody != null) yield return c.ExpressionBody;
                    break;
            }
        }
    }

    /// <summary>
    /// NFG104: in .NET ObjectDisposedException derives from InvalidOperationException; in nanoFramework's
    /// mscorlib both derive from SystemException. A try that catches InvalidOperationException (a port or
    /// stream closed under it) must catch ObjectDisposedException too, or a common base, or on the board
    /// the disposed case escapes.
    /// </summary>
    public static IEnumerable<string> DisposedNotCaught(CSharpCompilation compilation, string repoRoot)
    {
        INamedTypeSymbol? ioe = compilation.GetTypeByMetadataName("System.InvalidOperationException");
        INamedTypeSymbol? ode = compilation.GetTypeByMetadataName("System.ObjectDisposedException");
        if (ioe == null || ode == null) yield break;
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (TryStatementSyntax t in tree.GetRoot().DescendantNodes().OfType<TryStatementSyntax>())
            {
                CatchClauseSyntax? catchesIoe = null;
                bool catchesOde = false;
                foreach (CatchClauseSyntax c in t.Catches)
                {
                    if (c.Declaration == null) { catchesOde = true; continue; }
                    if (model.GetTypeInfo(c.Declaration.Type).Type is not INamedTypeSymbol caught) continue;
                    if (SymbolEqualityComparer.Default.Equals(caught, ioe)) catchesIoe = c;
                    for (INamedTypeSymbol? b = ode; b != null; b = b.BaseType)
                        if (SymbolEqualityComparer.Default.Equals(b, caught)) catchesOde = true;
                }
                if (catchesIoe == null || catchesOde) continue;
                FileLinePositionSpan span = catchesIoe.GetLocation().GetMappedLineSpan();
                yield return $"{Guard.Relative(span.Path, repoRoot)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: error NFG104: " +
                             "catch (InvalidOperationException) without ObjectDisposedException: in nanoFramework ObjectDisposedException " +
                             "derives from SystemException, so a disposed port or stream is not caught here";
            }
        }
    }

    /// <summary>
    /// NFG102: the IL opcodes nanoCLR's interpreter does not execute (src/CLR/Core/Interpreter.cpp lists
    /// them as unsupported); C# emits some of them for __arglist, __makeref, stackalloc and function pointers.
    /// </summary>
    public static readonly Code[] UnsupportedOpcodes =
    {
        Code.Arglist, Code.Cpblk, Code.Jmp, Code.Initblk, Code.Calli, Code.Ckfinite,
        Code.Localloc, Code.Mkrefany, Code.Refanytype, Code.Refanyval, Code.Readonly,
    };

    /// <summary>Scans every method body of the assembly image <paramref name="pe"/> for <see cref="UnsupportedOpcodes"/>.</summary>
    public static IEnumerable<string> UnsupportedIl(byte[] pe, string assemblyName)
    {
        using var stream = new MemoryStream(pe);
        using ModuleDefinition module = ModuleDefinition.ReadModule(stream);
        var found = new List<string>();
        foreach (TypeDefinition type in module.GetTypes())
        {
            foreach (MethodDefinition method in type.Methods)
            {
                if (!method.HasBody) continue;
                foreach (Instruction i in method.Body.Instructions)
                {
                    if (Array.IndexOf(UnsupportedOpcodes, i.OpCode.Code) < 0) continue;
                    found.Add($"{assemblyName}: {type.FullName}::{method.Name} IL_{i.Offset:x4}: error NFG102: opcode '{i.OpCode.Name}' is not executed by nanoCLR");
                }
            }
        }
        return found;
    }

    /// <summary>Emits <paramref name="c"/> (no errors expected) and scans its IL; empty when it does not emit.</summary>
    public static IEnumerable<string> UnsupportedIl(CSharpCompilation c)
    {
        using var pe = new MemoryStream();
        if (!c.Emit(pe).Success) return Array.Empty<string>();
        return UnsupportedIl(pe.ToArray(), c.AssemblyName ?? "?");
    }
}
