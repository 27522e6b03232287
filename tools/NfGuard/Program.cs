namespace NfAtip.Guard;

/// <summary>Console entry: <c>NfGuard [repoRoot]</c>; exit code 0 when the firmware stays inside nanoFramework.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? root = args.Length > 0 ? args[0] : Guard.FindRepoRoot(Directory.GetCurrentDirectory())
                                                   ?? Guard.FindRepoRoot(AppContext.BaseDirectory);
        if (root == null)
        {
            Console.Error.WriteLine("guard: no repository root given and no folder holding nf-atip.sln above the current one");
            return 2;
        }
        GuardResult result = Guard.Run(root);
        foreach (string line in result.Diagnostics) Console.WriteLine(line);
        foreach (KeyValuePair<string, int> a in result.ApiMembersPerAssembly) Console.WriteLine($"api: {a.Key}: {a.Value} members");
        Console.WriteLine(result.Summary);
        return result.Success ? 0 : 1;
    }
}
