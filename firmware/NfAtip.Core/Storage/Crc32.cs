namespace NfAtip.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF: the zlib/PNG
    /// CRC; check value of "123456789" is 0xCBF43926). Table driven; the 1 KB table is built once.
    /// Incremental use: <c>c = Crc32.Initial; c = Update(c, ...); ...; result = Finish(c)</c>.
    /// Portable: plain arrays and arithmetic only (nanoFramework).
    /// </summary>
    public static class Crc32
    {
        /// <summary>Start value for <see cref="Update"/>.</summary>
        public const uint Initial = 0xFFFFFFFF;

        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }

        /// <summary>Feeds <paramref name="count"/> bytes into a running (not yet finished) CRC.</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint[] table = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }
            return crc;
        }

        /// <summary>Turns a running CRC into the final value.</summary>
        public static uint Finish(uint crc)
        {
            return ~crc;
        }

        /// <summary>CRC-32 of one block.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Initial, data, offset, count));
        }
    }
}
