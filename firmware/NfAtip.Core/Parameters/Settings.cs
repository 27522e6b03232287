using NfAtip.Platform;
using NfAtip.Storage;

namespace NfAtip.Parameters
{
    /// <summary>
    /// The board's settings: the value of every row of <see cref="ParameterTable"/> plus the serial
    /// line settings answered locally (AT+IPR, AT+IFC, ATS0), kept in RAM and in the flash store.
    /// A change is written to flash first and only then taken into RAM, so an OK always means the
    /// value is durable and a failed write changes nothing.
    ///
    /// The values live on two pages, each its own <see cref="FlashStore"/> (two sectors): the three
    /// mail combinations (REC/CCREC/SUBJ/BODY 1–3, 1.4 kB at their longest) on one, everything else
    /// on the other. A change rewrites only its own page — still one sector write — and each page
    /// keeps room to grow: all 60 values at their longest would fill a single 4 kB sector to
    /// within a few bytes.
    ///
    /// Flash image of a page (payload of its <see cref="FlashStore"/> record):
    ///   [0]      format version (1)
    ///   then records [slot][length][length bytes of canonical ASCII text], one per value that
    ///   differs from its default. Unknown slots are skipped (images written by newer firmware load),
    ///   values that no longer validate fall back to their default.
    /// </summary>
    public sealed class Settings
    {
        public const byte FormatVersion = 1;

        // Slots of the locally answered V.250 settings (AT# rows use 1..199).
        private const byte SlotBaudRate = 200;
        private const byte SlotFlowControl = 201;
        private const byte SlotS0 = 202;

        public const int DefaultBaudRate = 115200;

        /// <summary>Page of the mail combinations; every other row and the line settings are on page 0.</summary>
        private const int MailPage = 1;

        private readonly string[] _values;
        private readonly FlashStore[] _pages;
        private readonly byte[] _image;
        private readonly char[] _digits = new char[11];
        private readonly ITextEncoder _encoder;
        // Bit i: row i's value differs from its default (so a save writes it). A save walks these bits, not the
        // 63 rows (issue H: Settings.Persist ran 2 200 IL). ParameterTests keeps the table within 64 rows.
        private ulong _differs;
        private readonly ulong _mailRows; // bit i: row i is on the mail page

        /// <summary>AT+IPR: host line speed in bit/s.</summary>
        public int BaudRate { get; private set; }

        /// <summary>AT+IFC: true = RTS/CTS hardware flow control, false = none.</summary>
        public bool HardwareFlowControl { get; private set; }

        /// <summary>ATS0: rings before the module auto-answers (0 = never).</summary>
        public int S0 { get; private set; }

        public Settings(FlashStore mainPage, FlashStore mailPage)
            : this(mainPage, mailPage, null)
        {
        }

        /// <param name="encoder">The platform's block copy of text (<see cref="BoardPlatform.Text"/>), for the values a save writes; null for the portable loop.</param>
        public Settings(FlashStore mainPage, FlashStore mailPage, ITextEncoder encoder)
        {
            _encoder = encoder;
            _pages = new FlashStore[] { mainPage, mailPage };
            _image = new byte[mainPage.Capacity > mailPage.Capacity ? mainPage.Capacity : mailPage.Capacity];
            ParamDef[] rows = ParameterTable.Rows;
            if (rows.Length > 64) throw new System.InvalidOperationException("Settings: more rows than the 64 bits of its masks");
            _values = new string[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                if (PageOf(rows[i]) == MailPage) _mailRows |= 1UL << i;
            }
            ResetToDefaults();
        }

        /// <summary>
        /// The page image buffer (one flash page): scratch, in use only inside <see cref="Load"/> and a set's
        /// save. The CA certificate entry borrows it between them (<see cref="Services.CertificateStore"/>):
        /// one 4 KB buffer on the board instead of two (issue H). Nothing is saved while an entry is typed:
        /// the interpreter takes its bytes as the entry's, so no command runs until it ends.
        /// </summary>
        public byte[] PageImage
        {
            get { return _image; }
        }

        /// <summary>Canonical text of a row.</summary>
        public string Get(int index)
        {
            return _values[index];
        }

        /// <summary>Value of an integer row.</summary>
        public int GetInt(int index)
        {
            return ValueRules.ParseStored(_values[index]);
        }

        /// <summary>Value of a row by mnemonic (services use this; the name must exist).</summary>
        public string Get(string name)
        {
            return _values[ParameterTable.IndexOf(name)];
        }

        public int GetInt(string name)
        {
            return GetInt(ParameterTable.IndexOf(name));
        }

        /// <summary>Reads the store; blank or unreadable flash gives the spec's defaults.</summary>
        public void Load()
        {
            ResetToDefaults();
            char[] text = new char[ParameterTable.LongestValue];
            for (int page = 0; page < _pages.Length; page++) LoadPage(page, text);
        }

        /// <summary>Number of flash pages the settings use.</summary>
        public const int PageCount = 2;

        /// <summary>What the load found on a page (a <see cref="StoreRecovery"/> value).</summary>
        public int PageRecovery(int page)
        {
            return _pages[page].Recovery;
        }

        /// <summary>The page a row is stored on.</summary>
        public static int PageOf(ParamDef def)
        {
            return def.Group >= DisplayGroup.Mail1 && def.Group <= DisplayGroup.Mail3 ? MailPage : 0;
        }

        private void LoadPage(int page, char[] text)
        {
            int length = _pages[page].Load(_image);
            if (length < 1 || _image[0] != FormatVersion) return;
            int at = 1;
            while (at + 2 <= length)
            {
                byte slot = _image[at];
                int count = _image[at + 1];
                int start = at + 2;
                if (start + count > length) break;
                at = start + count;
                LoadRecord(slot, start, count, text);
            }
        }

        /// <summary>Durably changes one row. False when the flash write failed (nothing changed).</summary>
        public bool Set(int index, string value)
        {
            if (value == _values[index]) return true;
            if (!Persist(PageOf(ParameterTable.Rows[index]), index, value, BaudRate, HardwareFlowControl, S0)) return false;
            Keep(index, value);
            return true;
        }

        /// <summary>Durably changes the serial settings. False when the flash write failed (nothing changed).</summary>
        public bool SetLine(int baudRate, bool hardwareFlowControl, int s0)
        {
            if (baudRate == BaudRate && hardwareFlowControl == HardwareFlowControl && s0 == S0) return true;
            if (!Persist(0, -1, null, baudRate, hardwareFlowControl, s0)) return false;
            BaudRate = baudRate;
            HardwareFlowControl = hardwareFlowControl;
            S0 = s0;
            return true;
        }

        /// <summary>Takes <paramref name="value"/> as row <paramref name="index"/>'s, noting whether it differs from the default.</summary>
        private void Keep(int index, string value)
        {
            _values[index] = value;
            _differs = Differs(_differs, index, value);
        }

        private static ulong Differs(ulong differs, int index, string value)
        {
            ulong bit = 1UL << index;
            return value == ParameterTable.Rows[index].Default ? differs & ~bit : differs | bit;
        }

        private void ResetToDefaults()
        {
            for (int i = 0; i < _values.Length; i++) _values[i] = ParameterTable.Rows[i].Default;
            _differs = 0;
            BaudRate = DefaultBaudRate;
            HardwareFlowControl = false;
            S0 = 0;
        }

        /// <summary>Writes one page with <paramref name="changed"/> (or no row, -1) holding <paramref name="value"/>.</summary>
        private bool Persist(int page, int changed, string value, int baudRate, bool hardwareFlowControl, int s0)
        {
            int at = 0;
            _image[at++] = FormatVersion;
            ParamDef[] rows = ParameterTable.Rows;
            // The rows of this page whose value (the changed one's new value) is not their default.
            ulong bits = changed >= 0 ? Differs(_differs, changed, value) : _differs;
            bits &= page == MailPage ? _mailRows : ~_mailRows;
            for (int i = 0; bits != 0; i++, bits >>= 1)
            {
                if ((bits & 0xFF) == 0)
                {
                    // Eight rows at their defaults: skip them at once (with the loop's step, 8).
                    bits >>= 7;
                    i += 7;
                    continue;
                }
                if ((bits & 1) == 0) continue;
                at = PutText(rows[i].Slot, i == changed ? value : _values[i], at);
                if (at < 0) return false;
            }
            if (page == 0)
            {
                if (baudRate != DefaultBaudRate) at = PutNumber(SlotBaudRate, baudRate, at);
                if (at >= 0 && hardwareFlowControl) at = PutNumber(SlotFlowControl, 2, at);
                if (at >= 0 && s0 != 0) at = PutNumber(SlotS0, s0, at);
            }
            if (at < 0) return false;
            return _pages[page].Save(_image, at);
        }

        private int PutText(byte slot, string text, int at)
        {
            int length = text.Length;
            if (at + 2 + length > _image.Length || length > 255) return -1;
            _image[at++] = slot;
            _image[at++] = (byte)length;
            TextBytes.Put(_encoder, text, 0, length, _image, at);
            return at + length;
        }

        private int PutNumber(byte slot, int value, int at)
        {
            int n = ValueRules.FormatInt(value, _digits, 0);
            if (at + 2 + n > _image.Length) return -1;
            _image[at++] = slot;
            _image[at++] = (byte)n;
            for (int i = 0; i < n; i++) _image[at++] = (byte)_digits[i];
            return at;
        }

        private void LoadRecord(byte slot, int start, int count, char[] text)
        {
            if (slot == SlotBaudRate || slot == SlotFlowControl || slot == SlotS0)
            {
                int number = ValueRules.ParseUnsigned(_image, start, count, 7);
                if (number < 0) return;
                if (slot == SlotBaudRate && LineSettings.IsSupportedBaudRate(number)) BaudRate = number;
                else if (slot == SlotFlowControl) HardwareFlowControl = number == 2;
                else if (slot == SlotS0 && number <= 255) S0 = number;
                return;
            }
            ParamDef[] rows = ParameterTable.Rows;
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].Slot != slot) continue;
                int n = ValueRules.Canonicalize(rows[i], _image, start, count, text);
                if (n >= 0) Keep(i, new string(text, 0, n));
                return;
            }
        }
    }
}
