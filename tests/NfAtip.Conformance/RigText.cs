namespace NfAtip.Conformance
{
    /// <summary>The rig's byte notation (tools/NfAtip.Rig/README.md): \r \n \t \e \s \0 \\ \&lt; \$ \xHH and &lt;NAME&gt;.</summary>
    public static class RigText
    {
        private static readonly string[] Names = { "CR", "LF", "ETX", "DLE", "SUB", "CTRL-Z", "ESC", "BS", "DEL", "NUL", "TAB", "SP" };
        private static readonly byte[] Values = { 13, 10, 3, 16, 26, 26, 27, 8, 127, 0, 9, 32 };

        /// <summary>The bytes <paramref name="text"/> denotes; null when it is malformed.</summary>
        public static byte[] Parse(string text)
        {
            byte[] o = new byte[text.Length];
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\')
                {
                    if (i + 1 >= text.Length) return null;
                    char e = text[++i];
                    if (e == 'r') o[n++] = 13;
                    else if (e == 'n') o[n++] = 10;
                    else if (e == 't') o[n++] = 9;
                    else if (e == 'e') o[n++] = 27;
                    else if (e == 's') o[n++] = 32;
                    else if (e == '0') o[n++] = 0;
                    else if (e == '\\' || e == '<' || e == '$') o[n++] = (byte)e;
                    else if (e == 'x' && i + 2 < text.Length)
                    {
                        int hi = Hex(text[i + 1]), lo = Hex(text[i + 2]);
                        if (hi < 0 || lo < 0) return null;
                        o[n++] = (byte)(hi * 16 + lo);
                        i += 2;
                    }
                    else return null;
                    continue;
                }
                if (c == '<')
                {
                    int close = text.IndexOf('>', i + 1);
                    int v = close > i ? Lookup(text.Substring(i + 1, close - i - 1)) : -1;
                    if (v >= 0)
                    {
                        o[n++] = (byte)v;
                        i = close;
                        continue;
                    }
                }
                o[n++] = (byte)c;
            }
            byte[] result = new byte[n];
            System.Array.Copy(o, result, n);
            return result;
        }

        private static int Lookup(string name)
        {
            for (int i = 0; i < Names.Length; i++) if (Names[i] == name) return Values[i];
            if (name.Length == 2 && Hex(name[0]) >= 0 && Hex(name[1]) >= 0 && name.ToUpper() == name) return Hex(name[0]) * 16 + Hex(name[1]);
            return -1;
        }

        public static int Hex(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>Readable form for a failure report: control bytes as &lt;CR&gt; &lt;LF&gt; &lt;HH&gt;.</summary>
        public static string Show(string bytes)
        {
            string s = "";
            for (int i = 0; i < bytes.Length && i < 400; i++)
            {
                char c = bytes[i];
                if (c == '\r') s += "<CR>";
                else if (c == '\n') s += "<LF>";
                else if (c < ' ' || c > '~') s += "<" + ((int)c).ToString("X2") + ">";
                else s += c;
            }
            if (bytes.Length > 400) s += "…";
            return s;
        }
    }

    /// <summary>
    /// The part of .NET regular expressions the shipped scenarios' "match" lines use, anchored at the
    /// start: literals, \d \r \n \t and escaped punctuation, classes [a-z0-9 \d], and the quantifiers
    /// + * ? {n}. Backtracking, so "\d+\." works as in .NET.
    /// </summary>
    public static class Pattern
    {
        /// <summary>Length of the match of <paramref name="pattern"/> at the start of <paramref name="text"/>, or -1.</summary>
        public static int MatchAt(string pattern, string text) { return Match(pattern, 0, text, 0); }

        private static int Match(string p, int pi, string t, int ti)
        {
            if (pi >= p.Length) return ti;
            int atomEnd = AtomEnd(p, pi);
            int min = 1, max = 1, next = atomEnd;
            if (next < p.Length)
            {
                char q = p[next];
                if (q == '+') { min = 1; max = int.MaxValue; next++; }
                else if (q == '*') { min = 0; max = int.MaxValue; next++; }
                else if (q == '?') { min = 0; max = 1; next++; }
                else if (q == '{')
                {
                    int close = p.IndexOf('}', next);
                    min = max = int.Parse(p.Substring(next + 1, close - next - 1));
                    next = close + 1;
                }
            }
            int count = 0;
            while (count < max && ti + count < t.Length && AtomMatches(p, pi, atomEnd, t[ti + count])) count++;
            for (; count >= min; count--)
            {
                int end = Match(p, next, t, ti + count);
                if (end >= 0) return end;
            }
            return -1;
        }

        private static int AtomEnd(string p, int pi)
        {
            if (p[pi] == '\\') return pi + 2;
            if (p[pi] == '[')
            {
                int i = pi + 1;
                while (p[i] != ']') i += p[i] == '\\' ? 2 : 1;
                return i + 1;
            }
            return pi + 1;
        }

        private static bool AtomMatches(string p, int start, int end, char c)
        {
            if (p[start] == '\\') return Escape(p[start + 1], c);
            if (p[start] != '[') return p[start] == '.' ? c != '\n' : p[start] == c;
            for (int i = start + 1; i < end - 1; )
            {
                if (p[i] == '\\') { if (Escape(p[i + 1], c)) return true; i += 2; continue; }
                if (i + 2 < end - 1 && p[i + 1] == '-') { if (c >= p[i] && c <= p[i + 2]) return true; i += 3; continue; }
                if (p[i] == c) return true;
                i++;
            }
            return false;
        }

        private static bool Escape(char e, char c)
        {
            if (e == 'd') return c >= '0' && c <= '9';
            if (e == 'r') return c == '\r';
            if (e == 'n') return c == '\n';
            if (e == 't') return c == '\t';
            if (e == 's') return c == ' ' || c == '\t' || c == '\r' || c == '\n';
            return c == e;
        }
    }
}
