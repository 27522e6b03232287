using System;
using System.Device.Gpio;
using System.Threading;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// The module's control lines on GPIOs, per the board profile. The press lengths and the boot wait
    /// are <see cref="ModemTimings"/>: the module table's values (for the SIM800: PWRKEY low at least 1 s
    /// switches it on, 1.5 s to 33 s switches it off; RESET low restarts it, emergency only) unless the
    /// board profile sets its own. Levels are the MCU pin levels that mean "active", so a board with an
    /// inverting transistor in a line says so in its profile.
    /// NOT VERIFIED ON HARDWARE: written to the datasheet and the boards' published pin maps.
    /// </summary>
    public sealed class GpioModemControl : IModemControl
    {
        private readonly GpioPin _powerEnable;
        private readonly GpioPin _powerKey;
        private readonly GpioPin _reset;
        private readonly GpioPin _dtr;
        private readonly GpioPin _ri;
        private readonly bool _powerKeyActiveHigh;
        private readonly bool _resetActiveHigh;
        private readonly bool _dtrActiveHigh;
        private readonly bool _riActiveHigh;
        private readonly BoardProfile _profile;
        private int _powerKeyOnMs;
        private int _powerKeyOffMs;
        private int _resetMs;
        private int _readyMs;
        private int _ringCount;

        public GpioModemControl(GpioController gpio, BoardProfile profile, ModemTimings timings)
        {
            _profile = profile;
            _powerKeyActiveHigh = profile.GetActiveHigh("radio.pwrkey_active", false);
            _resetActiveHigh = profile.GetActiveHigh("radio.reset_active", false);
            _dtrActiveHigh = profile.GetActiveHigh("radio.dtr_active", false);
            _riActiveHigh = profile.GetActiveHigh("radio.ri_active", false);
            _powerKeyOnMs = timings.PowerOnPulseMs;
            _powerKeyOffMs = timings.PowerOffPulseMs;
            _resetMs = timings.ResetPulseMs;
            _readyMs = timings.ReadyMs;

            // Outputs start inactive (key released, reset released) so opening them cannot glitch the module;
            // DTR starts asserted so the module stays awake and treats the link as attended.
            _powerEnable = Output(gpio, profile.GetInt("radio.power_enable", -1), false);
            _powerKey = Output(gpio, profile.GetInt("radio.pwrkey", -1), !_powerKeyActiveHigh);
            // A module without a reset line (ResetPulseMs 0) leaves the pin alone: Reset() then does nothing.
            _reset = _resetMs > 0 ? Output(gpio, profile.GetInt("radio.reset", -1), !_resetActiveHigh) : null;
            _dtr = Output(gpio, profile.GetInt("radio.dtr", -1), _dtrActiveHigh);

            int ri = profile.GetInt("radio.ri", -1);
            if (ri >= 0)
            {
                // The SIM800 drives RI push-pull (high idle); the pull only keeps an unwired pin quiet.
                _ri = gpio.OpenPin(ri, _riActiveHigh ? PinMode.InputPullDown : PinMode.InputPullUp);
                _ri.ValueChanged += OnRiChanged;
            }
        }

        public bool HasPowerKey
        {
            get { return _powerKey != null; }
        }

        public void PowerOn()
        {
            if (_powerEnable != null)
            {
                _powerEnable.Write(PinValue.High);
                // Let VBAT settle before the key press (the datasheet's power-on timing starts from a stable VBAT).
                Thread.Sleep(100);
            }
            Press(_powerKey, _powerKeyActiveHigh, _powerKeyOnMs);
            // The UART answers only after the module has booted ("RDY" with a fixed baud rate).
            if (_powerKey != null) Thread.Sleep(_readyMs);
        }

        public void PowerOff()
        {
            Press(_powerKey, _powerKeyActiveHigh, _powerKeyOffMs);
        }

        /// <summary>The identified module's times (ModemTimings: the board profile's keys still win); its reset pin stays as opened.</summary>
        public void UseModule(NfAtip.Radio.ModuleProfile module)
        {
            ModemTimings t = new ModemTimings(_profile, module);
            _powerKeyOnMs = t.PowerOnPulseMs;
            _powerKeyOffMs = t.PowerOffPulseMs;
            _resetMs = t.ResetPulseMs;
            _readyMs = t.ReadyMs;
        }

        public void Reset()
        {
            if (_reset == null || _resetMs <= 0) return; // a module without a reset line (SIM7080G) is not pulsed
            Press(_reset, _resetActiveHigh, _resetMs);
            Thread.Sleep(_readyMs);
        }

        public void SetDtr(bool asserted)
        {
            if (_dtr != null) _dtr.Write(asserted == _dtrActiveHigh ? PinValue.High : PinValue.Low);
        }

        public bool RingIndicator
        {
            get
            {
                if (_ri == null) return false;
                return (_ri.Read() == PinValue.High) == _riActiveHigh;
            }
        }

        public int RingCount
        {
            get { return _ringCount; }
        }

        private void OnRiChanged(object sender, PinValueChangedEventArgs e)
        {
            bool active = _riActiveHigh ? e.ChangeType == PinEventTypes.Rising : e.ChangeType == PinEventTypes.Falling;
            if (active) Interlocked.Increment(ref _ringCount);
        }

        private static void Press(GpioPin pin, bool activeHigh, int ms)
        {
            if (pin == null) return;
            pin.Write(activeHigh ? PinValue.High : PinValue.Low);
            Thread.Sleep(ms);
            pin.Write(activeHigh ? PinValue.Low : PinValue.High);
        }

        /// <summary>Opens an output at the given initial level; null for pin -1 (not wired on this board).</summary>
        internal static GpioPin Output(GpioController gpio, int pin, bool high)
        {
            if (pin < 0) return null;
            GpioPin p = gpio.OpenPin(pin, PinMode.Output);
            p.Write(high ? PinValue.High : PinValue.Low);
            return p;
        }
    }
}
