using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace NfAtip.Guard;

/// <summary>Outcome of one guard run.</summary>
public sealed record GuardResult(bool Success, IReadOnlyList<string> Diagnostics, int Compilations, int Files, int ApiMembers)
{
    /// <summary>Declared API members per reference assembly, in dependency order.</summary>
    public IReadOnlyDictionary<string, int> ApiMembersPerAssembly { get; init; } = new Dictionary<string, int>();

    public string Summary => Success
        ? $"guard: OK — {Compilations} compilations, {Files} files, {ApiMembers} API members"
        : $"guard: FAILED — {Diagnostics.Count} problem(s) in {Files} files ({Compilations} compilations, {ApiMembers} API members)";
}

/// <summary>
/// Proves that the firmware sources stay inside stable nanoFramework: every Api/ assembly is compiled
/// (in memory, no standard library) into a reference, then the portable core is compiled against
/// mscorlib alone, the device application against all of them, and the nanoFramework test
/// application (tests/NfAtip.Conformance) against mscorlib and the core; a syntax pass names the constructs
/// the nanoFramework runtime cannot run even where the compile alone would give a vaguer error.
/// </summary>
public static class Guard
{
    /// <summary>
    /// C# 7.3: the language version the nanoFramework project system compiles with (its .nfproj targets
    /// are .NET Framework-style, whose default is 7.3). Later versions add features that need runtime
    /// types nanoFramework 1.x lacks (Index/Range, IAsyncEnumerable, default interface methods, records'
    /// IsExternalInit, ...), so the guard refuses them at parse time.
    /// </summary>
    public const LanguageVersion LangVersion = LanguageVersion.CSharp7_3;

    /// <summary>Symbols the nanoFramework project system defines for every build.</summary>
    public static readonly string[] PreprocessorSymbols = { "NANOFRAMEWORK_1_0" };

    /// <summary>The portable core sees mscorlib only: it must run on any nanoFramework target.</summary>
    public static readonly string[] CoreReferences = { "mscorlib" };

    public static readonly CSharpParseOptions ParseOptions =
        new(LangVersion, DocumentationMode.None, SourceCodeKind.Regular, PreprocessorSymbols);

    /// <summary>Walks up from <paramref name="start"/> to the folder holding nf-atip.sln.</summary>
    public static string? FindRepoRoot(string start)
    {
        for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "nf-atip.sln"))) return d.FullName;
        }
        return null;
    }

    /// <summary>The Api/ folder: next to the tool (copied at build), else in the repository's tools/NfGuard.</summary>
    public static string FindApiDirectory(string repoRoot)
    {
        string local = Path.Combine(AppContext.BaseDirectory, "Api");
        if (File.Exists(Path.Combine(local, ApiSet.ManifestName))) return local;
        return Path.Combine(repoRoot, "tools", "NfGuard", "Api");
    }

    /// <summary>Runs the guard over <paramref name="repoRoot"/> (a tree holding firmware/).</summary>
    public static GuardResult Run(string repoRoot, string? apiDirectory = null)
    {
        repoRoot = Path.GetFullPath(repoRoot);
        var problems = new List<string>();
        ApiSet api = ApiSet.Build(apiDirectory ?? FindApiDirectory(repoRoot), problems);
        if (problems.Count > 0) return new GuardResult(false, problems, 0, 0, api.MemberCount);

        string coreDir = Path.Combine(repoRoot, "firmware", "NfAtip.Core");
        string appDir = Path.Combine(repoRoot, "firmware", "NfAtip");
        string firmwareDir = Path.Combine(repoRoot, "firmware");

        // Every firmware source but the native tree goes through the syntax check, whatever project holds it.
        List<string> allFiles = SourceFiles(firmwareDir, Path.Combine(firmwareDir, "native"));
        var trees = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        foreach (string file in allFiles) trees[file] = ParseChecked(file, repoRoot, problems);

        List<SyntaxTree> coreTrees = SourceFiles(coreDir, null).Select(f => trees[f]).ToList();
        List<SyntaxTree> appTrees = SourceFiles(appDir, null).Select(f => trees[f]).ToList();

        int compilations = 0;
        CSharpCompilation core = Compile("NfAtip.Core", coreTrees, api.References(CoreReferences), OutputKind.DynamicallyLinkedLibrary);
        compilations++;
        problems.AddRange(Checked(core, repoRoot));

        if (appTrees.Count > 0)
        {
            var appRefs = new List<MetadataReference>(api.References(api.Names)) { core.ToMetadataReference() };
            CSharpCompilation app = Compile("NfAtip", appTrees, appRefs, OutputKind.ConsoleApplication);
            compilations++;
            problems.AddRange(Checked(app, repoRoot));
        }

        // The interop assembly's native checksum must be the one the image's native table carries.
        problems.AddRange(NativeChecksum.CheckInterop(repoRoot, api.References(CoreReferences)));

        // The nanoFramework test application (tests/NfAtip.Conformance) runs on nanoCLR too: mscorlib and the core only.
        string conformanceDir = Path.Combine(repoRoot, "tests", "NfAtip.Conformance");
        List<string> conformanceFiles = SourceFiles(conformanceDir, null);
        if (conformanceFiles.Count > 0)
        {
            List<SyntaxTree> conformanceTrees = conformanceFiles.Select(f => ParseChecked(f, repoRoot, problems)).ToList();
            var refs = new List<MetadataReference>(api.References(CoreReferences)) { core.ToMetadataReference() };
            CSharpCompilation conformance = Compile("NfAtip.Conformance", conformanceTrees, refs, OutputKind.ConsoleApplication);
            compilations++;
            problems.AddRange(Checked(conformance, repoRoot));
            allFiles.AddRange(conformanceFiles);
        }

        List<string> distinct = problems.Distinct().ToList();
        return new GuardResult(distinct.Count == 0, distinct, compilations, allFiles.Count, api.MemberCount)
        {
            ApiMembersPerAssembly = api.MembersPerAssembly,
        };
    }

    /// <summary>Parses a nanoFramework source and runs the syntax rules over it.</summary>
    private static SyntaxTree ParseChecked(string file, string repoRoot, List<string> problems)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), ParseOptions, file);
        foreach (Diagnostic d in tree.GetDiagnostics())
            if (d.Severity == DiagnosticSeverity.Error) problems.Add(Format(d, repoRoot));
        foreach (ForbiddenConstruct f in ForbiddenSyntaxWalker.Find(tree))
            problems.Add($"{Relative(file, repoRoot)}:{f.Line}:{f.Column}: error {f.Code}: {f.Message}");
        return tree;
    }

    /// <summary>The compiler's errors, then the rules for what nanoCLR does differently.</summary>
    private static IEnumerable<string> Checked(CSharpCompilation c, string repoRoot) =>
        Errors(c, repoRoot)
            .Concat(RuntimeRules.CrossTypeStaticInitialization(c, repoRoot))
            .Concat(RuntimeRules.UnsupportedIl(c))
            .Concat(RuntimeRules.DisposedNotCaught(c, repoRoot));

    public static CSharpCompilation Compile(string name, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> refs, OutputKind kind) =>
        CSharpCompilation.Create(name, trees, refs,
            new CSharpCompilationOptions(kind, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false,
                concurrentBuild: true, nullableContextOptions: NullableContextOptions.Disable));

    private static IEnumerable<string> Errors(CSharpCompilation c, string repoRoot) =>
        c.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => Format(d, repoRoot));

    /// <summary>*.cs under <paramref name="dir"/>, skipping bin/ and obj/ (and <paramref name="exclude"/>), sorted.</summary>
    public static List<string> SourceFiles(string dir, string? exclude)
    {
        if (!Directory.Exists(dir)) return new List<string>();
        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
            {
                string rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
                string[] parts = rel.Split('/');
                if (parts.Take(parts.Length - 1).Any(p => p is "bin" or "obj")) return false;
                return exclude == null || !Path.GetFullPath(f).StartsWith(Path.GetFullPath(exclude) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            })
            .Select(Path.GetFullPath)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    internal static string Format(Diagnostic d, string repoRoot)
    {
        FileLinePositionSpan span = d.Location.GetMappedLineSpan();
        string path = span.IsValid && span.Path.Length > 0 ? Relative(span.Path, repoRoot) : "<no file>";
        int line = span.StartLinePosition.Line + 1, col = span.StartLinePosition.Character + 1;
        string sev = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{path}:{line}:{col}: {sev} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    internal static string Relative(string path, string root)
    {
        string rel = Path.GetRelativePath(root, path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel.Replace('\\', '/');
    }
}

/// <summary>
/// The reference assemblies built from Api/: Api/assemblies.txt lists them in dependency order,
/// one a line, as "Name: Dependency Dependency"; each is compiled from Api/Name/*.cs.
/// </summary>
public sealed class ApiSet
{
    public const string ManifestName = "assemblies.txt";

    private readonly Dictionary<string, MetadataReference> _refs = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();

    public IReadOnlyList<string> Names => _names;
    public int MemberCount { get; private set; }
    public IReadOnlyDictionary<string, int> MembersPerAssembly => _members;
    private readonly Dictionary<string, int> _members = new(StringComparer.Ordinal);

    public IEnumerable<MetadataReference> References(IEnumerable<string> names) => names.Select(n => _refs[n]);

    public static ApiSet Build(string apiDir, List<string> problems)
    {
        var set = new ApiSet();
        string manifest = Path.Combine(apiDir, ManifestName);
        if (!File.Exists(manifest))
        {
            problems.Add($"{manifest}: error NFG000: API manifest not found");
            return set;
        }
        foreach (string raw in File.ReadAllLines(manifest))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.Contains(" = package ", StringComparison.Ordinal))
            {
                set.AddPackageAssembly(line, manifest, problems);
                continue;
            }
            string[] parts = line.Split(':', 2);
            string name = parts[0].Trim();
            string[] deps = parts.Length > 1 ? parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
            List<SyntaxTree> trees = Directory.EnumerateFiles(Path.Combine(apiDir, name), "*.cs", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Guard.ParseOptions.WithLanguageVersion(LanguageVersion.Latest), f))
                .ToList();
            List<MetadataReference> refs = new();
            foreach (string dep in deps)
            {
                if (set._refs.TryGetValue(dep, out MetadataReference? r)) refs.Add(r);
                else problems.Add($"{manifest}: error NFG000: {name} depends on {dep}, which is not listed before it");
            }
            CSharpCompilation c = Guard.Compile(name, trees, refs, OutputKind.DynamicallyLinkedLibrary)
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
            using var pe = new MemoryStream();
            EmitResult emitted = c.Emit(pe, options: new EmitOptions(runtimeMetadataVersion: "v4.0.30319"));
            foreach (Diagnostic d in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                problems.Add("API " + name + ": " + Guard.Format(d, apiDir));
            if (!emitted.Success) continue;
            set._refs[name] = MetadataReference.CreateFromImage(pe.ToArray(), filePath: name + ".dll");
            set._names.Add(name);
            int members = CountMembers(c.Assembly.GlobalNamespace);
            set._members[name] = members;
            set.MemberCount += members;
        }
        return set;
    }

    /// <summary>
    /// "Name = package Id Version path/in/package.dll": the real assembly nanoFramework publishes, from the
    /// NuGet global packages folder (tools/NfGuard's PackageDownload restores it with the guard's build).
    /// </summary>
    private void AddPackageAssembly(string line, string manifest, List<string> problems)
    {
        string[] halves = line.Split(" = package ", 2, StringSplitOptions.TrimEntries);
        string[] pkg = halves[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pkg.Length != 3)
        {
            problems.Add($"{manifest}: error NFG000: '{line}' is not 'Name = package Id Version path'");
            return;
        }
        string file = Path.Combine(NuGetPackagesFolder(), pkg[0].ToLowerInvariant(), pkg[1], pkg[2]);
        if (!File.Exists(file))
        {
            problems.Add($"{manifest}: error NFG000: {pkg[0]} {pkg[1]} not restored ({file} missing): build tools/NfGuard first");
            return;
        }
        string name = halves[0];
        var reference = MetadataReference.CreateFromFile(file);
        _refs[name] = reference;
        _names.Add(name);
        PackageAssemblies[name] = file;
        CSharpCompilation probe = CSharpCompilation.Create("probe", references: new[] { reference });
        int members = probe.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol a ? CountMembers(a.GlobalNamespace) : 0;
        _members[name] = members;
        MemberCount += members;
    }

    /// <summary>Real assemblies taken from NuGet packages: name → file.</summary>
    public Dictionary<string, string> PackageAssemblies { get; } = new(StringComparer.Ordinal);

    /// <summary>NUGET_PACKAGES when set, else the default global packages folder.</summary>
    public static string NuGetPackagesFolder()
    {
        string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env)) return env;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>Public members explicitly declared (types excluded; accessors excluded, their property or event counts).</summary>
    private static int CountMembers(INamespaceSymbol ns)
    {
        int n = 0;
        foreach (INamespaceSymbol child in ns.GetNamespaceMembers()) n += CountMembers(child);
        foreach (INamedTypeSymbol t in ns.GetTypeMembers()) n += CountMembers(t);
        return n;
    }

    private static int CountMembers(INamedTypeSymbol type)
    {
        if (type.DeclaredAccessibility != Accessibility.Public) return 0;
        int n = 0;
        foreach (ISymbol m in type.GetMembers())
        {
            if (m.IsImplicitlyDeclared || m.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected)) continue;
            if (m is INamedTypeSymbol nested) { n += CountMembers(nested); continue; }
            if (m is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }) continue;
            n++;
        }
        return n;
    }
}
