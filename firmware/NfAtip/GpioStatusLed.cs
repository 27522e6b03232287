using System;
using System.Device.Gpio;
using System.Threading;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// The status LED on a GPIO, blinking the <see cref="StatusLedPattern"/> patterns from a 100 ms timer so
    /// callers never wait on it. Each pattern is a period and an on-time in ticks.
    /// </summary>
    public sealed class GpioStatusLed : IStatusLed
    {
        private const int TickMs = 100;

        // Indexed by the StatusLedPattern constants: Off, Booting, Idle, NoService, Connecting, Connected.
        private static readonly int[] PeriodTicks = { 1, 1, 20, 5, 2, 10 };
        private static readonly int[] OnTicks = { 0, 1, 1, 1, 1, 9 };

        private readonly GpioPin _pin;
        private readonly bool _activeHigh;
        private readonly Timer _timer;
        private int _pattern;
        private int _tick;

        public GpioStatusLed(GpioController gpio, int pin, bool activeHigh)
        {
            _activeHigh = activeHigh;
            _pin = GpioModemControl.Output(gpio, pin, !activeHigh);
            _timer = new Timer(OnTick, null, TickMs, TickMs);
        }

        public void Show(int pattern)
        {
            if (pattern < 0 || pattern >= PeriodTicks.Length) pattern = StatusLedPattern.Off;
            _pattern = pattern;
            _tick = 0;
        }

        private void OnTick(object state)
        {
            int p = _pattern;
            int t = _tick;
            _tick = t + 1 >= PeriodTicks[p] ? 0 : t + 1;
            bool on = t < OnTicks[p];
            _pin.Write(on == _activeHigh ? PinValue.High : PinValue.Low);
        }
    }
}
