using System.Globalization;
using System.Text;
using System.Xml;

namespace NfAtip.Rig;

public static class Report
{
    private static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>JUnit XML: one testsuite per scenario file, one testcase per scenario.</summary>
    public static void WriteJUnit(string path, IReadOnlyList<ScenarioResult> results, string target, TimeSpan total)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        using var w = XmlWriter.Create(path, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "nf-atip-rig");
        Counts(w, results);
        w.WriteAttributeString("time", Secs(total));
        foreach (var group in results.GroupBy(r => r.Scenario.File))
        {
            var list = group.ToList();
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", Path.GetFileNameWithoutExtension(group.Key));
            Counts(w, list);
            w.WriteAttributeString("time", Secs(TimeSpan.FromTicks(list.Sum(r => r.Elapsed.Ticks))));
            w.WriteStartElement("properties");
            w.WriteStartElement("property");
            w.WriteAttributeString("name", "target");
            w.WriteAttributeString("value", target);
            w.WriteEndElement();
            w.WriteEndElement();
            foreach (var r in list)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", "rig." + Path.GetFileNameWithoutExtension(r.Scenario.File));
                w.WriteAttributeString("name", r.Scenario.Name);
                w.WriteAttributeString("file", r.Scenario.File);
                w.WriteAttributeString("line", r.Scenario.Line.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("time", Secs(r.Elapsed));
                if (r.Outcome == Outcome.Failed)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", XmlSafe(r.Message));
                    w.WriteAttributeString("type", "ScenarioFailed");
                    w.WriteString(XmlSafe(r.Message + "\n\ntranscript:\n" + r.Transcript));
                    w.WriteEndElement();
                }
                else if (r.Outcome == Outcome.Skipped)
                {
                    w.WriteStartElement("skipped");
                    w.WriteAttributeString("message", XmlSafe(r.Message));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Counts(XmlWriter w, IReadOnlyList<ScenarioResult> results)
    {
        w.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", results.Count(r => r.Outcome == Outcome.Failed).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", results.Count(r => r.Outcome == Outcome.Skipped).ToString(CultureInfo.InvariantCulture));
    }

    // Transcripts are rendered readable already; this guards against any control character XML 1.0 forbids.
    private static string XmlSafe(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
        return sb.ToString();
    }

    /// <summary>The readable report: one line per scenario, then each failure with its transcript, then the totals.</summary>
    public static void WriteText(TextWriter o, IReadOnlyList<ScenarioResult> results, string target, TimeSpan total, bool verbose)
    {
        int width = Math.Min(60, results.Count == 0 ? 10 : results.Max(r => r.Scenario.Name.Length));
        foreach (var r in results)
        {
            string tag = r.Outcome switch { Outcome.Passed => "PASS", Outcome.Failed => "FAIL", _ => "SKIP" };
            string line = $"{tag}  {r.Scenario.Name.PadRight(width)}  {r.Elapsed.TotalSeconds,6:0.00} s";
            if (r.Outcome == Outcome.Skipped) line += "  (" + r.Message + ")";
            else if (r.Scenario.About.Length > 0) line += "  " + r.Scenario.About;
            o.WriteLine(line);
        }
        foreach (var r in results.Where(r => r.Outcome == Outcome.Failed || (verbose && r.Outcome == Outcome.Passed)))
        {
            o.WriteLine();
            o.WriteLine($"==== {(r.Outcome == Outcome.Failed ? "FAILED" : "passed")}: {r.Scenario.Name} ({r.Scenario.File}:{r.Scenario.Line})");
            if (r.Message.Length > 0) o.WriteLine(r.Message);
            o.WriteLine("transcript (>> sent, << received):");
            o.Write(r.Transcript);
        }
        o.WriteLine();
        int p = results.Count(r => r.Outcome == Outcome.Passed), f = results.Count(r => r.Outcome == Outcome.Failed), s = results.Count(r => r.Outcome == Outcome.Skipped);
        o.WriteLine($"rig: {results.Count} scenarios on {target}: {p} passed, {f} failed, {s} skipped ({total.TotalSeconds:0.0} s)");
    }
}
