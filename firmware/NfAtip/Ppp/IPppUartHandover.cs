namespace NfAtip.Device
{
    /// <summary>
    /// The hand-over of the module UART between managed code and the native PPP session. nanoFramework's
    /// SerialPort and the native session both drive the same ESP32 UART through the ESP-IDF driver, which
    /// only one owner may install: the device application closes its SerialPort on the module UART before
    /// the session opens and reopens it (same rate and settings) after the session is released.
    /// While released, the radio driver must not touch the line (PPP is running over the data call).
    /// </summary>
    public interface IPppUartHandover
    {
        /// <summary>Close the managed port on the module UART (the native side will install its driver).</summary>
        void ReleaseForPpp();

        /// <summary>Reopen the managed port after the native side has uninstalled its driver.</summary>
        void ReclaimAfterPpp();
    }
}
