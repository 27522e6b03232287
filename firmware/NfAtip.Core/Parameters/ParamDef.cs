namespace NfAtip.Parameters
{
    /// <summary>One row of the parameter table: everything set, get, display and persistence need.</summary>
    public sealed class ParamDef
    {
        /// <summary>Mnemonic as typed after AT# (upper case).</summary>
        public readonly string Name;
        public readonly ParamKind Kind;
        /// <summary>Integer range (Integer kind).</summary>
        public readonly int Min;
        public readonly int Max;
        /// <summary>REDIALDELAY: 0 is accepted besides [Min, Max] ("configured to zero ... immediately").</summary>
        public readonly bool ZeroAllowed;
        /// <summary>Longest accepted value in characters (text kinds).</summary>
        public readonly int MaxLength;
        /// <summary>Value after a factory reset, in canonical text form.</summary>
        public readonly string Default;
        /// <summary>Display group (one of <see cref="DisplayGroup"/>).</summary>
        public readonly int Group;
        /// <summary>Storage slot: the record id in the flash image. Never reuse or renumber one.</summary>
        public readonly byte Slot;

        public ParamDef(string name, ParamKind kind, int min, int max, bool zeroAllowed, int maxLength, string defaultValue, int group, byte slot)
        {
            Name = name;
            Kind = kind;
            Min = min;
            Max = max;
            ZeroAllowed = zeroAllowed;
            MaxLength = maxLength;
            Default = defaultValue;
            Group = group;
            Slot = slot;
        }

        /// <summary>True when the value is shown bare (numbers); strings are shown between double quotes.</summary>
        public bool IsNumeric
        {
            get { return Kind == ParamKind.Integer; }
        }
    }
}
