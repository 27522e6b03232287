namespace NfAtip.Parameters
{
    /// <summary>The host line speeds AT+IPR accepts (8N1 always, as Appendix B says).</summary>
    public static class LineSettings
    {
        public static readonly int[] BaudRates = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600 };

        public static bool IsSupportedBaudRate(int rate)
        {
            for (int i = 0; i < BaudRates.Length; i++)
            {
                if (BaudRates[i] == rate) return true;
            }
            return false;
        }
    }
}
