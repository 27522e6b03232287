using System;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// Board entry point: routes the UART pins, builds the nanoFramework adapters for the core's
    /// platform interfaces and runs the smart modem. Pin numbers and UART names are fixed here for the
    /// ESP32 DevKit wiring; issue D (hardware board profiles) replaces these constants.
    /// </summary>
    public static class Program
    {
        // Host line (attached equipment) on COM2 with RTS/CTS, radio (GSM module) on COM3.
        private const string HostPort = "COM2";
        private const int HostRx = 16, HostTx = 17, HostRts = 18, HostCts = 19;
        private const string RadioPort = "COM3";
        private const int RadioRx = 26, RadioTx = 27;
        private const int RadioBaud = 115200;

        // Settings flash: one fixed-size file on the internal SPIFFS drive, 8 sectors of 4 KiB.
        private const string FlashFile = "I:\\nfatip.flash";
        private const int SectorSize = 4096, SectorCount = 8;

        public static void Main()
        {
            Configuration.SetPinFunction(HostRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(HostTx, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(HostRts, DeviceFunction.COM2_RTS);
            Configuration.SetPinFunction(HostCts, DeviceFunction.COM2_CTS);
            Configuration.SetPinFunction(RadioRx, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(RadioTx, DeviceFunction.COM3_TX);

            SerialPortLine host = new SerialPortLine(HostPort, 9600);
            SerialPortLine radio = new SerialPortLine(RadioPort, RadioBaud);
            FileFlash flash = new FileFlash(FlashFile, SectorSize, SectorCount);
            BoardClock clock = new BoardClock();
            LwipNetwork network = new LwipNetwork();
            // The image size and build date are stamped by the deployment; unknown values until then.
            BoardIdentity identity = new BoardIdentity(0, "Jan  1 2025 00:00:00");

            PppLink ipLink = new PppLink();
            new Board(new BoardPlatform(host, radio, flash, clock, network, ipLink), identity).Run();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
