namespace NfAtip.Radio
{
    /// <summary>How a <see cref="ChatMatch"/> compares its text with a module line.</summary>
    public enum MatchKind
    {
        /// <summary>The whole line equals the text ("OK").</summary>
        Exact,
        /// <summary>The line starts with the text ("+CME ERROR:", "CONNECT").</summary>
        Prefix,
    }

    /// <summary>
    /// One pattern a module line is compared with. Matching works on the channel's byte buffer, so
    /// recognising a line costs no allocation; "any of" is simply an array of matches.
    /// </summary>
    public sealed class ChatMatch
    {
        public ChatMatch(string text, MatchKind kind)
        {
            Text = text;
            Kind = kind;
        }

        public string Text { get; private set; }

        public MatchKind Kind { get; private set; }

        public static ChatMatch Exact(string text)
        {
            return new ChatMatch(text, MatchKind.Exact);
        }

        public static ChatMatch Prefix(string text)
        {
            return new ChatMatch(text, MatchKind.Prefix);
        }

        /// <summary>True when the line (ASCII bytes, no CR/LF) matches.</summary>
        public bool Matches(byte[] line, int length)
        {
            string t = Text;
            if (length < t.Length) return false;
            if (Kind == MatchKind.Exact && length != t.Length) return false;
            for (int i = 0; i < t.Length; i++)
            {
                if (line[i] != (byte)t[i]) return false;
            }
            return true;
        }

        /// <summary>Index of the first match in <paramref name="any"/> that the line matches, or -1 (null array: -1).</summary>
        public static int FindIn(ChatMatch[] any, byte[] line, int length)
        {
            if (any == null) return -1;
            for (int i = 0; i < any.Length; i++)
            {
                if (any[i].Matches(line, length)) return i;
            }
            return -1;
        }

        /// <summary>True when the string starts with the prefix (ordinal, no culture: the module speaks ASCII).</summary>
        public static bool StartsWith(string text, string prefix)
        {
            if (text == null || text.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (text[i] != prefix[i]) return false;
            }
            return true;
        }
    }
}
