namespace NfAtip.Device
{
    /// <summary>
    /// Where the module UART is, for the native PPP session that takes it over: the ESP32 UART number and
    /// pins from the board profile (radio.uart, radio.baud, radio.tx/rx/rts/cts). The native side installs
    /// the ESP-IDF driver itself, so it needs the pins the managed port had been routed to.
    /// </summary>
    public sealed class PppUartSettings
    {
        /// <summary>COM index: COM1 = 0 (ESP32: UART_NUM_0; STM32: USART1), COM6 = 5 (STM32: USART6).</summary>
        public int Uart;
        public int BaudRate;
        /// <summary>GPIO numbers; -1 leaves the pin as it is. RTS and CTS both set enables hardware flow control.</summary>
        public int TxPin = -1;
        public int RxPin = -1;
        public int RtsPin = -1;
        public int CtsPin = -1;

        public PppUartSettings(int uart, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin)
        {
            Uart = uart;
            BaudRate = baudRate;
            TxPin = txPin;
            RxPin = rxPin;
            RtsPin = rtsPin;
            CtsPin = ctsPin;
        }

        /// <summary>
        /// nanoFramework COM port name to the native side's COM index: "COMn" is n-1. The native port maps it
        /// to its platform's UART and refuses one the chip lacks: on ESP32 UART_NUM_(n-1) (COM1 is UART0,
        /// which carries the debugger wire protocol), on STM32 USART/UARTn (COM6 is USART6). -1 for anything
        /// that is not COM1..COM9.
        /// </summary>
        public static int UartFromComPort(string comPort)
        {
            if (comPort == null || comPort.Length != 4) return -1;
            if (comPort[0] != 'C' || comPort[1] != 'O' || comPort[2] != 'M') return -1;
            char d = comPort[3];
            if (d < '1' || d > '9') return -1;
            return d - '1';
        }
    }
}
