using NfAtip.Radio;

namespace NfAtip.Device
{
    /// <summary>
    /// The control-line timings GpioModemControl uses: the module table's values (ModuleProfile, from the
    /// maker's hardware design), each replaced by the board profile's key when the board sets it
    /// (<see cref="BoardProfile.TimingKeys"/>). No GPIO here, so the host tests (tests/NfAtip.Device.Tests)
    /// compile this file as it is.
    /// </summary>
    public sealed class ModemTimings
    {
        /// <summary>Power-key press that switches the module on, ms.</summary>
        public readonly int PowerOnPulseMs;

        /// <summary>Power-key press that switches the module off, ms.</summary>
        public readonly int PowerOffPulseMs;

        /// <summary>Reset press, ms; 0 when the module has no separate reset line (the reset pin is then left alone).</summary>
        public readonly int ResetPulseMs;

        /// <summary>Wait after a power-on or reset press before the UART is used, ms.</summary>
        public readonly int ReadyMs;

        public ModemTimings(BoardProfile board, ModuleProfile module)
        {
            PowerOnPulseMs = board.GetInt("radio.pwrkey_on_ms", module.PowerOnPulseMs);
            PowerOffPulseMs = board.GetInt("radio.pwrkey_off_ms", module.PowerOffPulseMs);
            ResetPulseMs = board.GetInt("radio.reset_ms", module.ResetPulseMs);
            ReadyMs = board.GetInt("radio.ready_ms", module.BootMs);
        }
    }
}
