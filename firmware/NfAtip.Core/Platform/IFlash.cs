namespace NfAtip.Platform
{
    /// <summary>
    /// A region of NOR-like non-volatile memory made of equal erase sectors. Erasing sets a whole
    /// sector to 0xFF; programming can only clear bits. The settings store (Storage/FlashStore) is
    /// the only user. A write may be cut at any byte by a power loss: the store, not this interface,
    /// guarantees consistency.
    /// </summary>
    public interface IFlash
    {
        /// <summary>Bytes in one erase sector.</summary>
        int SectorSize { get; }

        /// <summary>Number of sectors in the region.</summary>
        int SectorCount { get; }

        /// <summary>Reads bytes at a region-relative address.</summary>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Sets every byte of the sector to 0xFF.</summary>
        void EraseSector(int sector);

        /// <summary>Programs bytes at a region-relative address (bits only go from 1 to 0).</summary>
        void Write(int address, byte[] buffer, int offset, int count);
    }
}
