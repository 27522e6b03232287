// Public API of the System.Device.Gpio assembly (NuGet nanoFramework.System.Device.Gpio 1.1.57,
// nanoframework/System.Device.Gpio at tag v1.1.57: System.Device.Gpio/GpioController.cs, GpioPin.cs, PinMode.cs,
// PinValue.cs, PinValueChangedEventArgs.cs, PinEventTypes). Signatures only, written for the guard.
namespace System.Device.Gpio
{
    public enum PinMode { Input = 0, InputPullDown = 1, InputPullUp = 2, Output = 3, OutputOpenDrain = 4, OutputOpenDrainPullUp = 5, OutputOpenSource = 6, OutputOpenSourcePullDown = 7 }

    public enum PinNumberingScheme { Logical = 0, Board = 1 }

    [Flags]
    public enum PinEventTypes { None = 0, Rising = 1, Falling = 2 }

    public struct PinValue
    {
        public static PinValue Low { get { throw null; } }
        public static PinValue High { get { throw null; } }
        public static implicit operator PinValue(int value) { throw null; }
        public static implicit operator PinValue(bool value) { throw null; }
        public static explicit operator int(PinValue value) { throw null; }
        public static explicit operator bool(PinValue value) { throw null; }
        public static bool operator ==(PinValue a, PinValue b) { throw null; }
        public static bool operator !=(PinValue a, PinValue b) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public override string ToString() { throw null; }
    }

    public class PinValueChangedEventArgs : nanoFramework.Runtime.Events.BaseEvent
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber) { }
        public PinEventTypes ChangeType { get { throw null; } }
        public int PinNumber { get { throw null; } }
    }

    public delegate void PinChangeEventHandler(object sender, PinValueChangedEventArgs pinValueChangedEventArgs);

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    public class GpioPin : IDisposable
    {
        internal GpioPin() { }
        public int PinNumber { get { throw null; } }
        public PinMode GetPinMode() { throw null; }
        public bool IsPinModeSupported(PinMode pinMode) { throw null; }
        public void SetPinMode(PinMode value) { }
        public PinValue Read() { throw null; }
        public void Write(PinValue value) { }
        public void Toggle() { }
        public TimeSpan DebounceTimeout { get { throw null; } set { } }
        public event PinValueChangedEventHandler ValueChanged { add { } remove { } }
        public void Dispose() { }
    }

    public class GpioController : IDisposable
    {
        public GpioController() { }
        public GpioController(PinNumberingScheme numberingScheme) { }
        public PinNumberingScheme NumberingScheme { get { throw null; } internal set { } }
        public int PinCount { get { throw null; } }
        public GpioPin OpenPin(int pinNumber) { throw null; }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw null; }
        public void ClosePin(int pinNumber) { }
        public bool IsPinOpen(int pinNumber) { throw null; }
        public void SetPinMode(int pinNumber, PinMode mode) { }
        public PinMode GetPinMode(int pinNumber) { throw null; }
        public bool IsPinModeSupported(int pinNumber, PinMode mode) { throw null; }
        public PinValue Read(int pinNumber) { throw null; }
        public void Write(int pinNumber, PinValue value) { }
        public void RegisterCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) { }
        public void UnregisterCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { }
        public void Dispose() { }
    }
}
