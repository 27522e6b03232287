// Public API of the nanoFramework.Hardware.Esp32 assembly used by the device application (NuGet
// nanoFramework.Hardware.Esp32 1.x, nanoframework/nanoFramework.Hardware.Esp32: Configuration.cs,
// DeviceFunction.cs). Only the pin-mux part; enum member names as published, numeric values not reproduced (the guard never emits firmware); signatures only, written for the guard.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM1_RX, COM1_TX, COM1_RTS, COM1_CTS,
        COM2_RX, COM2_TX, COM2_RTS, COM2_CTS,
        COM3_RX, COM3_TX, COM3_RTS, COM3_CTS,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function) { }
        public static int GetFunctionPin(DeviceFunction function) { throw null; }
    }
}
