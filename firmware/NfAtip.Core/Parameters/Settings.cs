using NfAtip.Storage;

namespace NfAtip.Parameters
{
    /// <summary>
    /// The board's settings: the value of every row of <see cref="ParameterTable"/> plus the serial
    /// line settings answered locally (AT+IPR, AT+IFC, ATS0), kept in RAM and in the flash store.
    /// A change is written to flash first and only then taken into RAM, so an OK always means the
    /// value is durable and a failed write changes nothing.
    ///
    /// Flash image (payload of one <see cref="FlashStore"/> record):
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

        private readonly string[] _values;
        private readonly FlashStore _store;
        private readonly byte[] _image;

        /// <summary>AT+IPR: host line speed in bit/s.</summary>
        public int BaudRate { get; private set; }

        /// <summary>AT+IFC: true = RTS/CTS hardware flow control, false = none.</summary>
        public bool HardwareFlowControl { get; private set; }

        /// <summary>ATS0: rings before the module auto-answers (0 = never).</summary>
        public int S0 { get; private set; }

        public Settings(FlashStore store)
        {
            _store = store;
            _image = new byte[store.Capacity];
            _values = new string[ParameterTable.Rows.Length];
            ResetToDefaults();
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
            int length = _store.Load(_image);
            if (length < 1 || _image[0] != FormatVersion) return;
            char[] text = new char[256];
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
            if (!Persist(index, value, BaudRate, HardwareFlowControl, S0)) return false;
            _values[index] = value;
            return true;
        }

        /// <summary>Durably changes the serial settings. False when the flash write failed (nothing changed).</summary>
        public bool SetLine(int baudRate, bool hardwareFlowControl, int s0)
        {
            if (baudRate == BaudRate && hardwareFlowControl == HardwareFlowControl && s0 == S0) return true;
            if (!Persist(-1, null, baudRate, hardwareFlowControl, s0)) return false;
            BaudRate = baudRate;
            HardwareFlowControl = hardwareFlowControl;
            S0 = s0;
            return true;
        }

        private void ResetToDefaults()
        {
            for (int i = 0; i < _values.Length; i++) _values[i] = ParameterTable.Rows[i].Default;
            BaudRate = DefaultBaudRate;
            HardwareFlowControl = false;
            S0 = 0;
        }

        private bool Persist(int changed, string value, int baudRate, bool hardwareFlowControl, int s0)
        {
            int at = 0;
            _image[at++] = FormatVersion;
            ParamDef[] rows = ParameterTable.Rows;
            for (int i = 0; i < rows.Length; i++)
            {
                string v = i == changed ? value : _values[i];
                if (v == rows[i].Default) continue;
                at = PutText(rows[i].Slot, v, at);
                if (at < 0) return false;
            }
            if (baudRate != DefaultBaudRate) at = PutNumber(SlotBaudRate, baudRate, at);
            if (at >= 0 && hardwareFlowControl) at = PutNumber(SlotFlowControl, 2, at);
            if (at >= 0 && s0 != 0) at = PutNumber(SlotS0, s0, at);
            if (at < 0) return false;
            return _store.Save(_image, at);
        }

        private int PutText(byte slot, string text, int at)
        {
            if (at + 2 + text.Length > _image.Length || text.Length > 255) return -1;
            _image[at++] = slot;
            _image[at++] = (byte)text.Length;
            for (int i = 0; i < text.Length; i++) _image[at++] = (byte)text[i];
            return at;
        }

        private int PutNumber(byte slot, int value, int at)
        {
            char[] digits = new char[11];
            int n = ValueRules.FormatInt(value, digits, 0);
            return PutText(slot, new string(digits, 0, n), at);
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
                if (n >= 0) _values[i] = new string(text, 0, n);
                return;
            }
        }
    }
}
