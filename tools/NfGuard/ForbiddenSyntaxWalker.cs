using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NfAtip.Guard;

/// <summary>One construct the nanoFramework runtime cannot run, found in a source file.</summary>
public sealed record ForbiddenConstruct(int Line, int Column, string Code, string Message);

/// <summary>
/// Finds, by syntax alone, the constructs stable nanoFramework (CoreLibrary 1.x) has no runtime support
/// for: generics (definitions and uses), async/await, LINQ, tuples, records, Span/stackalloc, dynamic,
/// unsafe code and pointers, nullable value types, multi-dimensional arrays. The compile step rejects most of them too, but with
/// messages about missing types; these name the construct.
/// </summary>
public sealed class ForbiddenSyntaxWalker : CSharpSyntaxWalker
{
    private readonly List<ForbiddenConstruct> _found = new();

    private ForbiddenSyntaxWalker() : base(SyntaxWalkerDepth.Node) { }

    public static IReadOnlyList<ForbiddenConstruct> Find(SyntaxTree tree)
    {
        var w = new ForbiddenSyntaxWalker();
        w.Visit(tree.GetRoot());
        return w._found;
    }

    private void Add(SyntaxNode node, string code, string message)
    {
        FileLinePositionSpan span = node.GetLocation().GetLineSpan();
        _found.Add(new ForbiddenConstruct(span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, code, message));
    }

    private void CheckModifiers(SyntaxNode node, SyntaxTokenList modifiers)
    {
        foreach (SyntaxToken m in modifiers)
        {
            if (m.IsKind(SyntaxKind.AsyncKeyword)) Add(node, "NFG010", "async method or lambda: nanoFramework has no Task/async support");
            if (m.IsKind(SyntaxKind.UnsafeKeyword)) Add(node, "NFG016", "unsafe code: nanoFramework does not run unverifiable code");
        }
    }

    public override void VisitTypeParameterList(TypeParameterListSyntax node)
    {
        string owner = node.Parent switch
        {
            BaseTypeDeclarationSyntax t => "type '" + t.Identifier.Text + "'",
            DelegateDeclarationSyntax d => "delegate '" + d.Identifier.Text + "'",
            MethodDeclarationSyntax m => "method '" + m.Identifier.Text + "'",
            LocalFunctionStatementSyntax f => "local function '" + f.Identifier.Text + "'",
            _ => "declaration",
        };
        Add(node, "NFG001", $"generic {owner}{node}: generics are not supported by stable nanoFramework");
        base.VisitTypeParameterList(node);
    }

    public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        if (node.Rank > 1)
            Add(node, "NFG019", $"multi-dimensional array '{node.Parent}': MetadataProcessor refuses them; use a jagged array or one index");
        base.VisitArrayRankSpecifier(node);
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        Add(node, "NFG002", $"generic name '{node}': generics are not supported by stable nanoFramework");
        base.VisitGenericName(node);
    }

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitMethodDeclaration(node); }
    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitLocalFunctionStatement(node); }
    public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitParenthesizedLambdaExpression(node); }
    public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitSimpleLambdaExpression(node); }
    public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitAnonymousMethodExpression(node); }
    public override void VisitClassDeclaration(ClassDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitClassDeclaration(node); }
    public override void VisitStructDeclaration(StructDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitStructDeclaration(node); }
    public override void VisitFieldDeclaration(FieldDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitFieldDeclaration(node); }
    public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitPropertyDeclaration(node); }
    public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitConstructorDeclaration(node); }
    public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node) { CheckModifiers(node, node.Modifiers); base.VisitOperatorDeclaration(node); }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        Add(node, "NFG011", "await expression: nanoFramework has no Task/async support");
        base.VisitAwaitExpression(node);
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        Add(node, "NFG012", "LINQ query expression: nanoFramework has no System.Linq");
        base.VisitQueryExpression(node);
    }

    public override void VisitUsingDirective(UsingDirectiveSyntax node)
    {
        string name = node.Name?.ToString() ?? node.NamespaceOrType.ToString();
        if (name == "System.Linq" || name.StartsWith("System.Linq.", StringComparison.Ordinal))
            Add(node, "NFG012", $"using {name}: nanoFramework has no System.Linq (LINQ)");
        if (name == "System.Threading.Tasks" || name.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
            Add(node, "NFG010", $"using {name}: nanoFramework has no Task/async support");
        base.VisitUsingDirective(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        Add(node, "NFG013", $"tuple type '{node}': nanoFramework has no ValueTuple");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        Add(node, "NFG013", $"tuple literal or deconstruction '{node}': nanoFramework has no ValueTuple");
        base.VisitTupleExpression(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        Add(node, "NFG014", $"record '{node.Identifier.Text}': records need runtime types nanoFramework lacks");
        base.VisitRecordDeclaration(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        Add(node, "NFG015", "stackalloc: nanoFramework has no Span or stack buffers");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        Add(node, "NFG015", "stackalloc: nanoFramework has no Span or stack buffers");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        switch (node.Identifier.Text)
        {
            case "Span":
            case "ReadOnlySpan":
            case "Memory":
            case "ReadOnlyMemory":
                Add(node, "NFG015", $"'{node.Identifier.Text}': stable nanoFramework has no Span/Memory types");
                break;
            case "dynamic":
                if (node.Parent is not MemberAccessExpressionSyntax)
                    Add(node, "NFG017", "dynamic: nanoFramework has no dynamic binder");
                break;
        }
        base.VisitIdentifierName(node);
    }

    public override void VisitUnsafeStatement(UnsafeStatementSyntax node)
    {
        Add(node, "NFG016", "unsafe block: nanoFramework does not run unverifiable code");
        base.VisitUnsafeStatement(node);
    }

    public override void VisitFixedStatement(FixedStatementSyntax node)
    {
        Add(node, "NFG016", "fixed statement: nanoFramework has no pointers");
        base.VisitFixedStatement(node);
    }

    public override void VisitPointerType(PointerTypeSyntax node)
    {
        Add(node, "NFG016", $"pointer type '{node}': nanoFramework has no pointers");
        base.VisitPointerType(node);
    }

    public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node)
    {
        Add(node, "NFG016", "function pointer: nanoFramework has no pointers");
        base.VisitFunctionPointerType(node);
    }

    public override void VisitNullableType(NullableTypeSyntax node)
    {
        Add(node, "NFG018", $"nullable type '{node}': stable nanoFramework has no Nullable<T>");
        base.VisitNullableType(node);
    }
}
