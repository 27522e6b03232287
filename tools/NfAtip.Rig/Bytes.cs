using System.Text;

namespace NfAtip.Rig;

/// <summary>Escapes in scenario text, and the readable rendering of bytes used in reports.</summary>
public static class Bytes
{
    public const byte Etx = 0x03, Dle = 0x10, Sub = 0x1A, Esc = 0x1B, Bs = 0x08, Cr = 0x0D, Lf = 0x0A;

    private static readonly (string Name, byte Value)[] Names =
    {
        ("CR", Cr), ("LF", Lf), ("ETX", Etx), ("DLE", Dle), ("SUB", Sub), ("CTRL-Z", Sub), ("ESC", Esc),
        ("BS", Bs), ("DEL", 0x7F), ("NUL", 0x00), ("TAB", 0x09), ("SP", 0x20),
    };

    /// <summary>
    /// Decodes scenario text: C escapes \r \n \t \e \s (space) \\ \&lt; \xHH, and the names
    /// &lt;CR&gt; &lt;LF&gt; &lt;ETX&gt; &lt;DLE&gt; &lt;SUB&gt;/&lt;CTRL-Z&gt; &lt;ESC&gt; &lt;BS&gt; &lt;DEL&gt; &lt;NUL&gt; &lt;TAB&gt; &lt;SP&gt;
    /// (upper case) and &lt;HH&gt; with two hex digits. Other characters go as their Latin-1 byte.
    /// </summary>
    public static byte[] Parse(string text)
    {
        var o = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length) throw new FormatException("a lone \\ at the end of '" + text + "'");
                char e = text[++i];
                switch (e)
                {
                    case 'r': o.Add(Cr); break;
                    case 'n': o.Add(Lf); break;
                    case 't': o.Add(0x09); break;
                    case 'e': o.Add(Esc); break;
                    case 's': o.Add(0x20); break;
                    case '0': o.Add(0x00); break;
                    case '\\': o.Add((byte)'\\'); break;
                    case '<': o.Add((byte)'<'); break;
                    case '$': o.Add((byte)'$'); break;
                    case 'x':
                        if (i + 2 >= text.Length) throw new FormatException("\\x needs two hex digits in '" + text + "'");
                        o.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                        i += 2;
                        break;
                    default: throw new FormatException("unknown escape \\" + e + " in '" + text + "'");
                }
                continue;
            }
            if (c == '<')
            {
                int close = text.IndexOf('>', i + 1);
                if (close > i)
                {
                    string name = text.Substring(i + 1, close - i - 1);
                    byte? v = Lookup(name);
                    if (v != null) { o.Add(v.Value); i = close; continue; }
                }
            }
            if (c > 0xFF) throw new FormatException("character '" + c + "' is not a byte (use \\xHH)");
            o.Add((byte)c);
        }
        return o.ToArray();
    }

    private static byte? Lookup(string name)
    {
        foreach (var (n, v) in Names) if (n == name) return v;
        if (name.Length == 2 && Uri.IsHexDigit(name[0]) && Uri.IsHexDigit(name[1]) && name.ToUpperInvariant() == name)
            return Convert.ToByte(name, 16);
        return null;
    }

    /// <summary>Readable form: printable ASCII as is, control bytes as &lt;CR&gt; &lt;LF&gt; &lt;ETX&gt; …, others as &lt;HH&gt;.</summary>
    public static string Show(ReadOnlySpan<byte> data, bool breakAfterLf = false)
    {
        var sb = new StringBuilder(data.Length + 16);
        foreach (byte b in data)
        {
            switch (b)
            {
                case Cr: sb.Append("<CR>"); break;
                case Lf: sb.Append("<LF>"); if (breakAfterLf) sb.Append('\n'); break;
                case Etx: sb.Append("<ETX>"); break;
                case Dle: sb.Append("<DLE>"); break;
                case Sub: sb.Append("<SUB>"); break;
                case Esc: sb.Append("<ESC>"); break;
                case Bs: sb.Append("<BS>"); break;
                case 0x09: sb.Append("<TAB>"); break;
                case (byte)'<': sb.Append("\\<"); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                default:
                    if (b >= 0x20 && b < 0x7F) sb.Append((char)b);
                    else sb.Append('<').Append(b.ToString("X2")).Append('>');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>DLE coding of a payload for data mode (ETX and DLE escaped by DLE), ended by an unescaped ETX.</summary>
    public static byte[] DleCoded(byte[] payload, bool withEtx = true)
    {
        var o = new List<byte>(payload.Length + 8);
        foreach (byte b in payload)
        {
            if (b == Etx || b == Dle) o.Add(Dle);
            o.Add(b);
        }
        if (withEtx) o.Add(Etx);
        return o.ToArray();
    }

    /// <summary>
    /// A body in the CR LF . CR LF convention (SMTP/POP3 style): lines end in CR LF (a last line without
    /// one gets it), a line starting with '.' gets another '.', and the body ends with "." CR LF.
    /// </summary>
    public static byte[] DotTerminated(byte[] body)
    {
        var o = new List<byte>(body.Length + 8);
        bool lineStart = true;
        foreach (byte b in body)
        {
            if (lineStart && b == (byte)'.') o.Add((byte)'.');
            o.Add(b);
            lineStart = b == Lf;
        }
        if (o.Count > 0 && !lineStart) { o.Add(Cr); o.Add(Lf); }
        o.AddRange(new byte[] { (byte)'.', Cr, Lf });
        return o.ToArray();
    }
}
