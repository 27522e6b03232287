namespace NfAtip.Device
{
    /// <summary>
    /// What AT#VVERSION shows as size and build date on the board. NfAtip.nfproj generates
    /// obj\...\BuildInfo.g.cs before compiling (target NfAtipStampBuildInfo), which implements the
    /// partial methods below with the build's date and the byte size of NfAtip.Core.pe, the portable
    /// core's deployed image (the application's own .pe cannot contain its own size). A build without that
    /// file (the Linux guard) keeps the partial methods empty, and the values read as "not stamped".
    /// </summary>
    internal static partial class BuildInfo
    {
        /// <summary>Shown instead of a date when the build did not stamp one.</summary>
        public const string NoDate = "(build date not stamped)";

        static partial void StampDate(ref string date);

        static partial void StampCoreSize(ref int size);

        /// <summary>Build date and time like "Nov 24 2026 13:55:24", or <see cref="NoDate"/>.</summary>
        public static string Date
        {
            get
            {
                string d = null;
                StampDate(ref d);
                return d != null ? d : NoDate;
            }
        }

        /// <summary>Bytes of NfAtip.Core.pe as built, or 0 when not stamped.</summary>
        public static int CoreSize
        {
            get
            {
                int s = 0;
                StampCoreSize(ref s);
                return s;
            }
        }
    }
}
