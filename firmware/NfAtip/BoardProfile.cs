using NfAtip.Radio;
namespace NfAtip.Device
{
    /// <summary>
    /// A board profile: the text file <c>hardware/&lt;board&gt;/board.profile</c>, deployed to the board's
    /// internal storage (<see cref="DevicePath"/>). One <c>key = value</c> per line; blank lines and lines
    /// starting with '#' are ignored, and so is the rest of a line from a '#' that follows a blank
    /// (so "radio.tx = 27   # to the module's RXD" is fine). The keys are documented in hardware/README.md.
    ///
    /// Written for nanoFramework (no generics, LINQ or StringBuilder) and compiled unchanged by the host
    /// tests (tests/NfAtip.Device.Tests), which parse every shipped profile with it.
    /// </summary>
    public sealed class BoardProfile
    {
        /// <summary>Where the device application looks for the profile (nanoFramework internal storage).</summary>
        public const string DevicePath = "I:\\board.profile";

        /// <summary>Keys every profile must have; <see cref="Validate"/> checks them.</summary>
        public static readonly string[] RequiredKeys =
        {
            "board.name", "board.mcu", "board.nf_target", "pins.mux",
            "host.uart", "host.tx", "host.rx", "host.rts", "host.cts",
            "radio.uart", "radio.tx", "radio.rx", "radio.baud",
            "radio.power_enable", "radio.pwrkey", "radio.pwrkey_active",
            "radio.reset", "radio.reset_active",
            "radio.dtr", "radio.dtr_active", "radio.ri", "radio.ri_active",
            "led", "led_active",
        };

        /// <summary>
        /// The module's timings, ms: optional. Absent, they come from the module table
        /// (NfAtip.Radio.ModuleProfile: PowerOnPulseMs, PowerOffPulseMs, ResetPulseMs, BootMs; see
        /// <see cref="ModemTimings"/>), so one module's datasheet values live in one place; a board sets one
        /// where its wiring changes the timing (an RC on the key line, a slow supply switch) or the table's
        /// value is too tight for it.
        /// </summary>
        public static readonly string[] TimingKeys =
        {
            "radio.pwrkey_on_ms", "radio.pwrkey_off_ms", "radio.reset_ms", "radio.ready_ms",
        };

        /// <summary>
        /// Every key a profile may have besides <see cref="RequiredKeys"/>: the timings, the module UART's
        /// RTS/CTS pins (absent: -1; both set, the native PPP session runs the module UART with hardware flow
        /// control), and radio.module: the module's name in the module table (SIM800, SIM7080, BG96, SIM7600).
        /// Absent, the board powers the module on with SIM800 timings and takes its profile from AT+CGMM.
        /// </summary>
        public static readonly string[] OptionalKeys =
        {
            "radio.rts", "radio.cts", "radio.module",
            "radio.pwrkey_on_ms", "radio.pwrkey_off_ms", "radio.reset_ms", "radio.ready_ms",
        };

        /// <summary>Keys whose value must be an integer (a pin number, -1 for "not wired", or a time/baud).</summary>
        public static readonly string[] IntegerKeys =
        {
            "host.tx", "host.rx", "host.rts", "host.cts", "radio.tx", "radio.rx", "radio.rts", "radio.cts", "radio.baud",
            "radio.power_enable", "radio.pwrkey", "radio.pwrkey_on_ms", "radio.pwrkey_off_ms", "radio.ready_ms",
            "radio.reset", "radio.reset_ms", "radio.dtr", "radio.ri", "led",
        };

        /// <summary>Keys whose value must be "high" or "low" (the level at the MCU pin that means "active").</summary>
        public static readonly string[] LevelKeys =
        {
            "radio.pwrkey_active", "radio.reset_active", "radio.dtr_active", "radio.ri_active", "led_active",
        };

        /// <summary>
        /// The built-in profile, used when <see cref="DevicePath"/> is missing or unreadable: the ESP32-DevKitC
        /// with a SIM800L breakout, identical in content to hardware/esp32-devkitc-sim800l/board.profile (a host
        /// test compares the two).
        /// </summary>
        public const string DefaultText =
            "board.name = esp32-devkitc-sim800l\n" +
            "board.mcu = esp32\n" +
            "board.nf_target = ESP32_REV0\n" +
            "pins.mux = esp32\n" +
            "host.uart = COM2\n" +
            "host.tx = 17\n" +
            "host.rx = 16\n" +
            "host.rts = 18\n" +
            "host.cts = 19\n" +
            "radio.uart = COM3\n" +
            "radio.tx = 27\n" +
            "radio.rx = 26\n" +
            "radio.baud = 115200\n" +
            "radio.power_enable = -1\n" +
            "radio.pwrkey = 4\n" +
            "radio.pwrkey_active = low\n" +
            "radio.reset = 5\n" +
            "radio.reset_active = low\n" +
            "radio.dtr = 32\n" +
            "radio.dtr_active = low\n" +
            "radio.ri = 33\n" +
            "radio.ri_active = low\n" +
            "led = 25\n" +
            "led_active = high\n";

        private string[] _keys = new string[32];
        private string[] _values = new string[32];
        private int _count;
        private string _error;

        private BoardProfile()
        {
        }

        /// <summary>Number of keys read.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>The first syntax problem ("line N: ..."), or null when every line was well formed.</summary>
        public string Error
        {
            get { return _error; }
        }

        public string KeyAt(int index)
        {
            return _keys[index];
        }

        public string ValueAt(int index)
        {
            return _values[index];
        }

        /// <summary>The built-in DevKitC profile.</summary>
        public static BoardProfile Default()
        {
            return Parse(DefaultText);
        }

        /// <summary>
        /// Parses profile text. Never throws: a malformed line is skipped and the first one is reported in
        /// <see cref="Error"/>, so the caller decides whether to fall back to the default.
        /// </summary>
        public static BoardProfile Parse(string text)
        {
            BoardProfile p = new BoardProfile();
            if (text == null) text = string.Empty;
            int line = 0;
            int start = 0;
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                line++;
                p.ParseLine(text.Substring(start, end - start), line);
                start = end + 1;
            }
            return p;
        }

        private void ParseLine(string raw, int line)
        {
            // A profile edited on Windows has CRLF line ends: the CR goes with the line.
            if (raw.Length > 0 && raw[raw.Length - 1] == '\r') raw = raw.Substring(0, raw.Length - 1);
            string s = StripComment(raw).Trim();
            if (s.Length == 0) return;
            int eq = s.IndexOf('=');
            if (eq < 0)
            {
                Fail(line, "no '=' in \"" + s + "\"");
                return;
            }
            string key = s.Substring(0, eq).Trim().ToLower();
            string value = s.Substring(eq + 1).Trim();
            if (key.Length == 0 || HasBlank(key))
            {
                Fail(line, "bad key \"" + key + "\"");
                return;
            }
            if (IndexOf(key) >= 0)
            {
                Fail(line, "duplicate key " + key);
                return;
            }
            if (_count == _keys.Length) Grow();
            _keys[_count] = key;
            _values[_count] = value;
            _count++;
        }

        /// <summary>Cuts a '#' comment: at the line start, or after a blank (so a value may not contain " #").</summary>
        private static string StripComment(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] != '#') continue;
                if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t') return s.Substring(0, i);
            }
            return s;
        }

        private static bool HasBlank(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == ' ' || s[i] == '\t') return true;
            }
            return false;
        }

        private void Fail(int line, string message)
        {
            if (_error == null) _error = "line " + line.ToString() + ": " + message;
        }

        private void Grow()
        {
            string[] k = new string[_keys.Length * 2];
            string[] v = new string[_keys.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                k[i] = _keys[i];
                v[i] = _values[i];
            }
            _keys = k;
            _values = v;
        }

        private int IndexOf(string key)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] == key) return i;
            }
            return -1;
        }

        public bool Has(string key)
        {
            return IndexOf(key) >= 0;
        }

        /// <summary>The value, or <paramref name="fallback"/> when the key is absent.</summary>
        public string GetString(string key, string fallback)
        {
            int i = IndexOf(key);
            return i < 0 ? fallback : _values[i];
        }

        /// <summary>The integer value, or <paramref name="fallback"/> when absent or not a decimal integer.</summary>
        public int GetInt(string key, int fallback)
        {
            int result;
            return TryInt(GetString(key, null), out result) ? result : fallback;
        }

        /// <summary>True for "high", false for "low", <paramref name="fallback"/> otherwise.</summary>
        public bool GetActiveHigh(string key, bool fallback)
        {
            string v = GetString(key, null);
            if (v == null) return fallback;
            v = v.ToLower();
            if (v == "high") return true;
            if (v == "low") return false;
            return fallback;
        }

        /// <summary>
        /// Everything wrong with the profile, one problem per line, or null when it is complete: the syntax
        /// error, missing required keys, non-integer numbers, levels other than high/low, an unknown MCU or mux.
        /// </summary>
        public string Validate()
        {
            string problems = _error;
            for (int i = 0; i < RequiredKeys.Length; i++)
            {
                if (!Has(RequiredKeys[i])) problems = Add(problems, "missing " + RequiredKeys[i]);
            }
            int unused;
            for (int i = 0; i < IntegerKeys.Length; i++)
            {
                string v = GetString(IntegerKeys[i], null);
                if (v != null && !TryInt(v, out unused)) problems = Add(problems, IntegerKeys[i] + " is not an integer: " + v);
            }
            for (int i = 0; i < LevelKeys.Length; i++)
            {
                string v = GetString(LevelKeys[i], null);
                if (v == null) continue;
                v = v.ToLower();
                if (v != "high" && v != "low") problems = Add(problems, LevelKeys[i] + " must be high or low: " + v);
            }
            string mcu = GetString("board.mcu", null);
            if (mcu != null && mcu != "esp32" && mcu != "stm32") problems = Add(problems, "board.mcu must be esp32 or stm32: " + mcu);
            string mux = GetString("pins.mux", null);
            if (mux != null && mux != "esp32" && mux != "fixed") problems = Add(problems, "pins.mux must be esp32 or fixed: " + mux);
            if (GetInt("radio.baud", 1) <= 0) problems = Add(problems, "radio.baud must be positive");
            string module = GetString("radio.module", null);
            if (module != null && ModuleProfiles.Named(module) == null)
                problems = Add(problems, "radio.module is not in the module table (SIM800, SIM7080, BG96, SIM7600): " + module);
            for (int i = 0; i < TimingKeys.Length; i++)
            {
                if (GetInt(TimingKeys[i], 1) <= 0) problems = Add(problems, TimingKeys[i] + " must be positive");
            }
            return problems;
        }

        private static string Add(string list, string item)
        {
            return list == null ? item : list + "\n" + item;
        }

        /// <summary>Decimal integer with an optional leading '-'; no int.Parse, whose exceptions cost on the board.</summary>
        public static bool TryInt(string s, out int value)
        {
            value = 0;
            if (s == null || s.Length == 0) return false;
            int i = 0;
            bool negative = false;
            if (s[0] == '-')
            {
                negative = true;
                i = 1;
                if (s.Length == 1) return false;
            }
            long v = 0;
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') return false;
                v = v * 10 + (c - '0');
                if (v > int.MaxValue) return false;
            }
            value = (int)(negative ? -v : v);
            return true;
        }
    }
}
