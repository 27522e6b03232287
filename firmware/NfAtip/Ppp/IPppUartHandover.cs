namespace NfAtip.Device
{
    /// <summary>
    /// The hand-over of the module UART between managed code and the native PPP session. nanoFramework's
    /// SerialPort and the native session both drive the same ESP32 UART through the ESP-IDF driver, which
    /// only one owner may install: the device application disposes its SerialPort on the module UART before
    /// the session opens and reopens it (same rate and settings) after the session is released.
    /// While released, the radio driver must not touch the line (PPP is running over the data call).
    /// </summary>
    public interface IPppUartHandover
    {
        /// <summary>
        /// Give up the module UART: dispose the managed port, which uninstalls nanoFramework's UART driver
        /// (SerialPort.Close alone leaves it installed), so the native side can install its own.
        /// </summary>
        void ReleaseForPpp();

        /// <summary>Reopen the managed port (a new one, same settings) after the native side has uninstalled its driver.</summary>
        void ReclaimAfterPpp();
    }
}
