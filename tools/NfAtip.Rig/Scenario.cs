using System.Globalization;

namespace NfAtip.Rig;

/// <summary>One directive line of a scenario (a step when it talks to the board).</summary>
public sealed record Step(string Keyword, string Argument, int Line, string? Label)
{
    public string Text => Argument.Length == 0 ? Keyword : Keyword + " " + Argument;
}

/// <summary>A need of a scenario: what must be there for it to run (else it is skipped with the reason).</summary>
public sealed record Need(string Kind, string Value, int Line);

public sealed class Scenario
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
    public string About { get; set; } = "";
    public List<Need> Needs { get; } = new();
    public List<Step> Steps { get; } = new();
}

/// <summary>
/// Reads scenario files (*.rig). The format, one directive per line (leading spaces ignored, '#' at the
/// start of a line is a comment; see tools/NfAtip.Rig/README.md for the full list):
/// <code>
/// scenario parameters.pppmode        name (file-unique); the directives below belong to it
/// about   PPPMODE: set, read, range  free text for the report
/// needs   program vsftpd             skip unless the program is on PATH (also: var NAME, file PATH, virtual, root;
///                                    real-time: never on the simulated clock)
/// cmd     AT#PPPMODE=2               send "AT#PPPMODE=2" CR and expect its echo
/// ok                                 expect CR LF "OK" CR LF
/// error   34882                      expect CR LF "#CME ERROR: 34882" CR LF
/// expect  #PPPMODE: 2\r\n            exact bytes (escapes: \r \n \xHH &lt;ETX&gt; &lt;DLE&gt; &lt;SUB&gt; …)
/// match   #VERSION: "[^"]*"\r\n      a .NET regex, anchored where the last expectation ended
/// world   ring 0612345678 rings=3    a world directive for the virtual board (tools/NfAtip.Host/README.md)
/// </code>
/// </summary>
public static class ScenarioParser
{
    public static readonly string[] StepKeywords =
    {
        "send", "cmd", "expect", "match", "ok", "error", "quiet", "wait", "timeout", "send-dle", "expect-dle",
        "send-dot", "expect-dot", "before", "after", "start", "wait-port", "set", "restart", "drain",
        "port", "run", "expect-file", "match-file", "type-file", "world",
    };

    public static List<Scenario> ParseFile(string path) => Parse(File.ReadAllLines(path), path);

    public static List<Scenario> Parse(IReadOnlyList<string> lines, string file)
    {
        var list = new List<Scenario>();
        Scenario? current = null;
        string? label = null;
        for (int n = 0; n < lines.Count; n++)
        {
            string raw = lines[n].TrimStart();
            if (raw.Length == 0 || raw[0] == '#') continue;
            int sp = raw.IndexOfAny(new[] { ' ', '\t' });
            string keyword = sp < 0 ? raw : raw.Substring(0, sp);
            // The argument keeps inner and trailing bytes except trailing blanks (write \s for a significant one).
            string arg = sp < 0 ? "" : raw.Substring(sp + 1).TrimStart(' ', '\t').TrimEnd(' ', '\t', '\r');
            int lineNo = n + 1;
            string where = file + ":" + lineNo;
            if (keyword == "scenario")
            {
                if (arg.Length == 0 || arg.Contains(' ')) throw new FormatException(where + ": scenario needs one name without spaces");
                if (list.Exists(s => s.Name == arg)) throw new FormatException(where + ": scenario '" + arg + "' defined twice");
                current = new Scenario { Name = arg, File = file, Line = lineNo };
                list.Add(current);
                label = null;
                continue;
            }
            if (current == null) throw new FormatException(where + ": '" + keyword + "' before the first 'scenario' line");
            switch (keyword)
            {
                case "about":
                    current.About = current.About.Length == 0 ? arg : current.About + " " + arg;
                    continue;
                case "step":
                    label = arg;
                    continue;
                case "needs":
                    string[] parts = arg.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 0 || !(parts[0] is "program" or "var" or "virtual" or "file" or "root" or "real-time" or "any-module") || (parts[0] is not ("virtual" or "root" or "real-time" or "any-module") && parts.Length < 2))
                        throw new FormatException(where + ": needs program NAME | var NAME | file PATH | virtual | root | real-time | any-module");
                    current.Needs.Add(new Need(parts[0], parts.Length > 1 ? parts[1].Trim() : "", lineNo));
                    continue;
            }
            if (Array.IndexOf(StepKeywords, keyword) < 0) throw new FormatException(where + ": unknown directive '" + keyword + "'");
            var step = new Step(keyword, arg, lineNo, label);
            Check(step, where);
            current.Steps.Add(step);
        }
        return list;
    }

    private static void Check(Step s, string where)
    {
        try
        {
            switch (s.Keyword)
            {
                case "ok": case "restart": case "drain":
                    if (s.Argument.Length != 0) throw new FormatException("'" + s.Keyword + "' takes no argument");
                    break;
                case "error":
                    if (!int.TryParse(s.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw new FormatException("error needs a number");
                    break;
                case "quiet": case "wait": case "timeout":
                    Duration(s.Argument);
                    break;
                case "match":
                    _ = new System.Text.RegularExpressions.Regex(s.Argument);
                    break;
                case "set":
                    if (!s.Argument.Contains(' ') && !s.Argument.Contains('=')) throw new FormatException("set NAME VALUE");
                    break;
                case "send": case "cmd": case "expect": case "send-dle": case "expect-dle": case "send-dot": case "expect-dot":
                    if (!s.Argument.Contains("${")) Bytes.Parse(s.Argument);
                    break;
                case "before": case "after": case "start": case "wait-port": case "run": case "type-file": case "world":
                    if (s.Argument.Length == 0) throw new FormatException(s.Keyword + " needs an argument");
                    break;
                case "port":
                    if (!System.Text.RegularExpressions.Regex.IsMatch(s.Argument, "^[A-Za-z_][A-Za-z0-9_]*$")) throw new FormatException("port NAME (a variable name)");
                    break;
                case "expect-file": case "match-file":
                    int cut = s.Argument.IndexOfAny(new[] { ' ', '\t' });
                    // expect-file PATH alone: the file is empty.
                    if (cut == 0 || s.Argument.Length == 0 || (cut < 0 && s.Keyword == "match-file"))
                        throw new FormatException(s.Keyword + " PATH " + (s.Keyword == "match-file" ? "REGEX" : "[BYTES]"));
                    string rest = cut < 0 ? "" : s.Argument[(cut + 1)..].TrimStart(' ', '\t');
                    if (rest.Contains("${")) break;
                    if (s.Keyword == "match-file") _ = new System.Text.RegularExpressions.Regex(rest);
                    else Bytes.Parse(rest);
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException(where + ": " + e.Message);
        }
    }

    /// <summary>"250ms", "2s", "1.5s", "300" (ms).</summary>
    public static TimeSpan Duration(string text)
    {
        string t = text.Trim();
        double factor = 1;
        if (t.EndsWith("ms", StringComparison.Ordinal)) t = t[..^2];
        else if (t.EndsWith('s')) { t = t[..^1]; factor = 1000; }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0)
            throw new FormatException("bad duration '" + text + "' (e.g. 300ms, 2s)");
        return TimeSpan.FromMilliseconds(v * factor);
    }
}
