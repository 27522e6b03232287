namespace NfAtip
{
    /// <summary>
    /// What AT#VVERSION reports: "&lt;Name&gt;_&lt;Version&gt; &lt;Size&gt; &lt;BuildDate&gt;". The platform fills in the real
    /// size and build date of the firmware image it runs (the .pe deployment on the board, the core
    /// assembly on the virtual board).
    /// </summary>
    public sealed class BoardIdentity
    {
        /// <summary>Product name shown first in the version string.</summary>
        public const string ProductName = "nf-atip";

        /// <summary>Firmware version, spec style (Vmm.nn).</summary>
        public const string FirmwareVersion = "V00.01";

        public readonly string Name;
        public readonly string Version;
        public readonly int Size;
        /// <summary>Build date and time formatted like the spec's example: "Mar 18 2003 18:42:19".</summary>
        public readonly string BuildDate;

        public BoardIdentity(int size, string buildDate)
        {
            Name = ProductName;
            Version = FirmwareVersion;
            Size = size;
            BuildDate = buildDate;
        }
    }
}
