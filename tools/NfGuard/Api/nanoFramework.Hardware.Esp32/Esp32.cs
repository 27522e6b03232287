// Public API of the nanoFramework.Hardware.Esp32 assembly used by the device application
// (NuGet nanoFramework.Hardware.Esp32 1.6.34, nanoframework/nanoFramework.Hardware.Esp32: Configuration.cs,
// DeviceFunction.cs at tag v1.6.34). Only the pin-mux part, with the published values (the
// function code is 0x30000 | COM index << 8 | line); signatures only, written for the guard.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM1_TX = 0x30100, COM1_RX, COM1_RTS, COM1_CTS,
        COM2_TX = 0x30200, COM2_RX, COM2_RTS, COM2_CTS,
        COM3_TX = 0x30300, COM3_RX, COM3_RTS, COM3_CTS,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function) { }
        public static int GetFunctionPin(DeviceFunction function) { throw null; }
    }
}
