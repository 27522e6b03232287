using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NfAtip.Platform;
using NfAtip.Radio;

namespace NfAtip.Device
{
    /// <summary>
    /// Board entry point: reads the board profile, routes the UART pins (ESP32), opens the host and radio
    /// UARTs, the module's control lines and the status LED, makes sure the module is on, and runs the
    /// smart modem.
    ///
    /// Watchdog: stock nanoFramework has no managed watchdog API (nanoFramework.Runtime.Native offers
    /// Power, SystemInfo, Rtc, GC, ExecutionConstraint, nothing to arm or feed a watchdog); the MCU
    /// watchdog is a native option of the firmware image (nf-interpreter), so this application does not
    /// pretend to feed one.
    /// </summary>
    public static class Program
    {
        // Settings flash: one fixed-size file on the internal storage drive, 8 sectors of 4 KiB.
        private const string FlashFile = "I:\\nfatip.flash";
        private const int SectorSize = 4096, SectorCount = 8;

        // The host line opens at the spec's default; Board.Start applies the stored AT+IPR/AT+IFC at once.
        private const int HostDefaultBaud = 115200;

        public static void Main()
        {
            BoardProfile profile = LoadProfile();
            GpioController gpio = new GpioController();

            int ledPin = profile.GetInt("led", -1);
            IStatusLed led = ledPin >= 0
                ? (IStatusLed)new GpioStatusLed(gpio, ledPin, profile.GetActiveHigh("led_active", true))
                : NoStatusLed.Instance;
            led.Show(StatusLedPattern.Booting);

            // ESP32: any GPIO can carry any UART signal, so the profile's pins are routed here. STM32: the
            // reference image fixes each COM port's pins at build time; the profile's numbers only document them.
            if (profile.GetString("pins.mux", "esp32") == "esp32") RouteUartPins(profile);

            string hostUart = profile.GetString("host.uart", "COM2");
            bool hostFlowPins = profile.GetInt("host.rts", -1) >= 0 && profile.GetInt("host.cts", -1) >= 0;
            SerialPortLine host = new SerialPortLine(hostUart, HostDefaultBaud, hostFlowPins);
            SerialPortLine radio = new SerialPortLine(profile.GetString("radio.uart", "COM3"), profile.GetInt("radio.baud", 115200), false);

            // The module table's control-line timings, overridden by the board profile where it sets its own:
            // the module radio.module names, else the board's default (Board.BoardModule) until AT+CGMM tells.
            string moduleName = profile.GetString("radio.module", null);
            ModuleProfile named = ModuleProfiles.Named(moduleName);
            GpioModemControl modem = new GpioModemControl(gpio, profile, new ModemTimings(profile, named != null ? named : Board.BoardModule));
            // The SIM800's power key toggles: pressing it on a module that is already on (the MCU alone was
            // reset) would switch it off. Only a module that does not answer AT gets the power-on sequence.
            if (!ModuleAnswers(radio) && modem.HasPowerKey) modem.PowerOn();

            FileFlash flash = new FileFlash(FlashFile, SectorSize, SectorCount);
            BoardClock clock = new BoardClock();
            LwipNetwork network = new LwipNetwork();
#if NFATIP_STOCK_IMAGE
            // Build for a stock image (NfAtip.nfproj, NfAtipStockImage): no PPP; AT#CONNECTIONSTART answers 36872.
            IIpLink ipLink = new NoPppLink();
#else
            // lwIP PPP in the custom image (firmware/native/NfAtip.Ppp). On an image without it the native
            // calls fail and LwipPppLink answers 36872, like NoPppLink.
            IIpLink ipLink = new LwipPppLink(radio, PppUart(profile), clock);
#endif
            BoardIdentity identity = new BoardIdentity(BuildInfo.CoreSize, BuildInfo.Date);

            BoardPlatform platform = new BoardPlatform(host, radio, flash, clock, network, ipLink, modem, led);
            platform.Module = moduleName;
            platform.Text = new NativeText();
            Board board = new Board(platform, identity);
            board.Start();
            // Spec decision S6: a damaged settings record is reported, here on the debug output and in AT#VSTATE.
            string storeReport = board.StoreReport;
            if (storeReport != null) Debug.WriteLine("nf-atip: flash store: " + storeReport);
            led.Show(StatusLedPattern.Idle);
            while (board.Step(50)) { }
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// The deployed profile (I:\board.profile) when present and complete, else the built-in DevKitC one.
        /// A broken file falls back rather than stopping the board: the host line must come up to be fixed.
        /// </summary>
        private static BoardProfile LoadProfile()
        {
            try
            {
                if (File.Exists(BoardProfile.DevicePath))
                {
                    BoardProfile p = BoardProfile.Parse(File.ReadAllText(BoardProfile.DevicePath));
                    string problems = p.Validate();
                    if (problems == null) return p;
                    Debug.WriteLine("board.profile rejected, using the built-in DevKitC profile: " + problems);
                }
            }
            catch (Exception)
            {
                Debug.WriteLine("board.profile unreadable, using the built-in DevKitC profile");
            }
            return BoardProfile.Default();
        }

        /// <summary>
        /// Where the native PPP session finds the module UART: the profile's radio UART, rate and pins. The
        /// pins only where this application routed them (pins.mux esp32); a fixed-pin target passes -1, "leave
        /// the pins as they are". A name that is not COM1..COM9 gives -1, and a COM port the chip lacks is
        /// refused by the native port: NativePpp.Open answers -5 and the link 36872.
        /// </summary>
        private static PppUartSettings PppUart(BoardProfile profile)
        {
            bool routed = profile.GetString("pins.mux", "esp32") == "esp32";
            return new PppUartSettings(
                PppUartSettings.UartFromComPort(profile.GetString("radio.uart", "COM3")),
                profile.GetInt("radio.baud", 115200),
                routed ? profile.GetInt("radio.tx", -1) : -1,
                routed ? profile.GetInt("radio.rx", -1) : -1,
                routed ? profile.GetInt("radio.rts", -1) : -1,
                routed ? profile.GetInt("radio.cts", -1) : -1);
        }

        private static void RouteUartPins(BoardProfile profile)
        {
            RouteUart(profile.GetString("host.uart", "COM2"), profile.GetInt("host.rx", -1), profile.GetInt("host.tx", -1),
                profile.GetInt("host.rts", -1), profile.GetInt("host.cts", -1));
            RouteUart(profile.GetString("radio.uart", "COM3"), profile.GetInt("radio.rx", -1), profile.GetInt("radio.tx", -1),
                profile.GetInt("radio.rts", -1), profile.GetInt("radio.cts", -1));
        }

        private static void RouteUart(string uart, int rx, int tx, int rts, int cts)
        {
            // COM1 carries nanoFramework's debug/deploy wire protocol on the ESP32: profiles use COM2 and COM3.
            if (uart == "COM2")
            {
                Route(rx, DeviceFunction.COM2_RX);
                Route(tx, DeviceFunction.COM2_TX);
                Route(rts, DeviceFunction.COM2_RTS);
                Route(cts, DeviceFunction.COM2_CTS);
            }
            else if (uart == "COM3")
            {
                Route(rx, DeviceFunction.COM3_RX);
                Route(tx, DeviceFunction.COM3_TX);
                Route(rts, DeviceFunction.COM3_RTS);
                Route(cts, DeviceFunction.COM3_CTS);
            }
        }

        private static void Route(int pin, DeviceFunction function)
        {
            if (pin >= 0) Configuration.SetPinFunction(pin, function);
        }

        /// <summary>Two tries of "AT": the first may only serve the module's autobaud detection.</summary>
        private static bool ModuleAnswers(SerialPortLine radio)
        {
            byte[] at = { (byte)'A', (byte)'T', (byte)'\r' };
            byte[] buffer = new byte[64];
            for (int attempt = 0; attempt < 2; attempt++)
            {
                radio.Write(at, 0, at.Length);
                int got = 0;
                int waited = 0;
                while (waited < 500 && got < buffer.Length)
                {
                    int n = radio.Read(buffer, got, buffer.Length - got, 100);
                    if (n < 0) return false;
                    got += n;
                    waited += 100;
                    if (ContainsOk(buffer, got)) return true;
                }
            }
            return false;
        }

        private static bool ContainsOk(byte[] b, int count)
        {
            for (int i = 0; i + 1 < count; i++)
            {
                if (b[i] == (byte)'O' && b[i + 1] == (byte)'K') return true;
            }
            return false;
        }
    }
}
