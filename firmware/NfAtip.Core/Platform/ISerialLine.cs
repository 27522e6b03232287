namespace NfAtip.Platform
{
    /// <summary>
    /// A byte stream to one UART: the host line (attached equipment) or the radio line (cellular module).
    /// The board implements it over nanoFramework's SerialPort; the virtual board over stdio, TCP, a pty,
    /// a PC serial port or the module simulator.
    /// </summary>
    public interface ISerialLine
    {
        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMs"/> for the first one.
        /// Returns the number of bytes read, 0 when nothing arrived in time, or -1 when the line is closed for good.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Writes all bytes; blocks while the peer holds flow control off.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Applies the line settings chosen by AT+IPR and AT+IFC (8N1 always).</summary>
        void Configure(int baudRate, bool hardwareFlowControl);
    }
}
