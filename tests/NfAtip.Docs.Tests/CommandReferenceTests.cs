using System.Reflection;
using NfAtip.At;
using NfAtip.Parameters;
using NfAtip.Rig;
using NfAtip.TestSupport;

namespace NfAtip.Docs.Tests;

/// <summary>
/// docs/commands.md is what the generator writes today, and the words it is written from (CommandText.cs) cover the
/// firmware's tables exactly: no command, parameter or code the board has is missing, none is described that it
/// lacks, and every error a shipped scenario gets from a command is listed for it.
/// </summary>
public sealed class CommandReferenceTests
{
    private static readonly string Root = RepoRoot.Path;
    private static readonly Dictionary<string, Scenario> Scenarios = CommandReference.LoadScenarios(Root);

    /// <summary>
    /// The action command table of a started board. It is private to the interpreter on purpose (the board needs
    /// no accessor), so the test reads it by reflection; a renamed field fails here loudly.
    /// </summary>
    private static (string Name, bool Query)[] FirmwareActions()
    {
        var board = new TestBoard();
        object at = typeof(Board).GetField("_at", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(board.Board)!;
        T Field<T>(string name) => (T)typeof(AtInterpreter).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(at)!;
        string[] names = Field<string[]>("_actionNames");
        int[] queries = Field<int[]>("_queryRows");
        return names.Select((n, i) => (n, queries.Contains(i))).ToArray();
    }

    private static IEnumerable<CommandText> AllCommands => ReferenceText.Sections.SelectMany(s => s.Commands);

    private static string Generate() =>
        CommandReference.Generate(Scenarios, FirmwareActions().Where(a => a.Query).Select(a => a.Name).ToHashSet());

    [Fact]
    public void The_committed_reference_is_the_generated_one()
    {
        string path = Path.Combine(Root, "docs", "commands.md");
        string expected = Generate();
        if (Environment.GetEnvironmentVariable("NFATIP_REGENERATE") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "docs/commands.md is out of step with the firmware's tables or tests/NfAtip.Docs.Tests/CommandText.cs: " + CommandReference.Regenerate);
    }

    [Fact]
    public void Every_action_command_of_the_firmware_is_described_once_and_nothing_else_is()
    {
        var firmware = FirmwareActions().Select(a => "AT#" + a.Name).Order().ToArray();
        var described = AllCommands.Select(c => c.Name).Where(n => n.StartsWith("AT#", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(firmware, described);
        Assert.Equal(AllCommands.Count(), AllCommands.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Every_parameter_is_described_in_table_order()
    {
        Assert.Equal(ParameterTable.Rows.Select(r => r.Name), ReferenceText.Parameters.Select(p => p.Name));
        Assert.Equal(DisplayGroup.Count, ReferenceText.GroupTitles.Length);
    }

    [Fact]
    public void Every_result_and_error_code_has_a_meaning_and_only_those_do()
    {
        int[] codes = CommandReference.Constants(typeof(ResultCode)).Concat(CommandReference.Constants(typeof(CmeError))).Order().ToArray();
        Assert.Equal(codes, ReferenceText.CodeMeanings.Keys.Order().ToArray());
        int[] errors = CommandReference.Constants(typeof(CmeError));
        foreach (CommandText c in AllCommands)
            foreach (int e in c.Errors) Assert.True(errors.Contains(e), c.Name + " lists " + e + ", which is no CmeError code");
        foreach (int code in CommandReference.Constants(typeof(ResultCode))) Assert.NotNull(ResultCode.Verbose(code));
    }

    /// <summary>
    /// An error a shipped scenario receives after an action command, before its next command, is one that command can
    /// give: the reference lists it. (Codes the board gives every command — 34817, 34881 — are the table's own rows.)
    /// </summary>
    [Fact]
    public void Every_error_the_scenarios_get_from_a_command_is_listed_for_it()
    {
        var byName = AllCommands.Where(c => c.Name.StartsWith("AT#", StringComparison.Ordinal)).ToDictionary(c => c.Name.Substring(3));
        var missing = new SortedSet<string>();
        int checkedErrors = 0;
        foreach (Scenario s in Scenarios.Values)
        {
            string? command = null;
            foreach (Step st in s.Steps)
            {
                if (st.Keyword == "cmd") command = Mnemonic(st.Argument);
                if (st.Keyword != "error" || command == null || !byName.TryGetValue(command, out CommandText? c)) continue;
                int code = int.Parse(st.Argument);
                if (code is 34817 or 34881) continue;
                checkedErrors++;
                if (!c.Errors.Contains(code)) missing.Add(c.Name + " " + code + " (" + s.Name + ")");
            }
        }
        Assert.True(missing.Count == 0, "errors the scenarios get that the reference does not list:\n" + string.Join("\n", missing));
        Assert.True(checkedErrors >= 30, "errors checked: " + checkedErrors);
    }

    [Fact]
    public void Every_command_has_an_example()
    {
        Assert.Empty(AllCommands.Where(c => c.Example == null).Select(c => c.Name));
    }

    /// <summary>AT#VSTATE's description names every state the firmware can show (Link/LinkState's names).</summary>
    [Fact]
    public void The_vstate_description_names_every_state()
    {
        var names = (string[])typeof(NfAtip.Link.LinkState).GetField("Names", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        string text = AllCommands.Single(c => c.Name == "AT#VSTATE").Details;
        Assert.True(names.Length >= 5);
        foreach (string n in names) Assert.Contains("\"" + n + "\"", text);
    }

    /// <summary>"AT#SENDMAIL1", "at#dialn 1=..", "AT#PPPMODE?" → the mnemonic (upper case, no spaces); null for other lines.</summary>
    private static string? Mnemonic(string line)
    {
        string t = line.Trim();
        if (!t.StartsWith("AT#", StringComparison.OrdinalIgnoreCase)) return null;
        int end = t.IndexOfAny(new[] { '=', '?' });
        return (end < 0 ? t.Substring(3) : t.Substring(3, end - 3)).Replace(" ", "").ToUpperInvariant();
    }
}
