using System;
using NfAtip.Platform;

namespace NfAtip.Storage
{
    /// <summary>
    /// Power-cut safe store for one blob (the serialized AT# settings) in two flash sectors.
    ///
    /// <para><b>Slots.</b> Sectors <c>firstSector</c> (slot 0) and <c>firstSector+1</c> (slot 1) each hold at
    /// most one record. The record with the newest sequence number among the valid slots is the current one.
    /// A Save always writes the slot that does NOT hold the current record, so the current record is never
    /// touched while the new one is written: a power cut at any instant leaves it intact.</para>
    ///
    /// <para><b>Record layout</b> (offsets within the slot's sector, integers little-endian):
    /// <code>
    ///  0..15  commit block  the 16 ASCII bytes "nf-atip settings". Programmed LAST. The slot is valid only if
    ///                       all 16 bytes match: a blank (0xFF) or partly programmed block never does (no pattern
    ///                       byte is 0xFF), and neither does a block overwritten with zeros (no pattern byte is 0x00,
    ///                       used to kill a slot whose Save failed). A 16-byte aligned block of its own, so flash
    ///                       that programs in 8/16-byte units only once (STM32 ECC doublewords, ESP32 encrypted
    ///                       flash) never has to reprogram a unit.
    /// 16..19  sequence      record number, +1 per Save (wraps). Picks the newest of two valid slots.
    /// 20..21  length        payload bytes (0..Capacity). Bounds the CRC and the copy.
    /// 22      version       format version, 1. Another value = not ours (a future format or garbage).
    /// 23      reserved      0 (checked).
    /// 24..27  crc           CRC-32 over bytes 16..23 and the payload: catches a torn erase (hardware erase order
    ///                       is unknown: the commit block may survive while other bytes are already 0xFF), bit rot
    ///                       and a stray commit pattern.
    /// 28..31  reserved      0 (checked: a record with anything else is rejected).
    /// 32..    payload
    /// </code></para>
    ///
    /// <para><b>Commit order of a Save.</b> (1) erase the target sector (exactly one erase per Save; this also
    /// invalidates the older record it held), (2) program the payload, (3) program bytes 16..31, (4) read back and
    /// compare 16..end, (5) program the commit block, (6) read it back. Only then does the RAM state switch to the
    /// new record and Save return true, so an OK means the record is on the flash and will be found after reboot.
    /// A cut in (1)..(5) leaves the commit block blank or partial (the slot is invalid; the other slot is untouched
    /// and still holds the old record); a cut after (5) leaves the complete new record. A torn erase that keeps
    /// the older record readable is harmless: it is older than the current one. So a reboot always finds the old
    /// or the new complete record, never a mix and never nothing once a first record existed.</para>
    ///
    /// <para><b>Sequence wrap.</b> "a is newer than b" is <c>(int)(a - b) &gt; 0</c> (serial number arithmetic), so
    /// 0x00000000 is newer than 0xFFFFFFFF. The two slots differ by one in practice.</para>
    ///
    /// <para><b>Failures.</b> If the flash throws or the read-back differs, Save zeroes the target commit block
    /// (best effort, so a half-good record can't surface later), keeps the previous record current and returns
    /// false. Reads: Load never throws for flash trouble (returns -1 and forces a rescan before the next Save);
    /// Save never writes before it has scanned both slots successfully.</para>
    ///
    /// <para><b>Damage.</b> A slot whose commit block is complete but whose record fails its checks was committed
    /// and has since been damaged (bit rot, a stray write). <see cref="Recovery"/> says what the last scan made of
    /// it: the previous record loaded instead of a newer one, or nothing left to load. The one harmless case is a
    /// Save cut during its erase of the slot holding the record before the current one: its commit block may
    /// survive with the rest half erased. So a damaged slot beside a valid one is not reported when it claims the
    /// sequence just before the current one or its last descriptor byte (31, always 0) is erased (0xFF): the
    /// marks such a cut leaves whichever end the erase starts from. Damage inside the commit block itself reads
    /// as a Save cut during its last step (the two leave the same bytes) and loads the previous record without
    /// a report.</para>
    ///
    /// <para>Portable firmware code (nanoFramework): no generics, no allocation after the constructor.</para>
    /// </summary>
    public sealed class FlashStore
    {
        /// <summary>Bytes in front of the payload in each slot.</summary>
        public const int HeaderSize = 32;

        /// <summary>Current record format.</summary>
        public const byte FormatVersion = 1;

        private const int CommitSize = 16;
        private const int DescriptorOffset = 16;
        private const int DescriptorSize = 16;
        private const int CrcOffset = 24;
        private const int ScratchSize = 64;

        // "nf-atip settings": no byte is 0xFF (blank) or 0x00 (killed).
        private static readonly byte[] CommitPattern = new byte[]
        {
            0x6E, 0x66, 0x2D, 0x61, 0x74, 0x69, 0x70, 0x20, 0x73, 0x65, 0x74, 0x74, 0x69, 0x6E, 0x67, 0x73
        };

        private readonly IFlash _flash;
        private readonly int _firstSector;
        private readonly int _sectorSize;
        private readonly int _capacity;

        // Preallocated work buffers (no allocation in Load/Save), possibly another store's (see the constructors).
        private readonly byte[] _header;   // header being written / read
        private readonly byte[] _scratch;  // chunked read-back and CRC
        private readonly byte[] _zeros;    // kills a failed slot (never written to)

        // Result of the last scan.
        private bool _scanned;
        private int _current = -1;        // slot holding the current record, -1 = none
        private uint _sequence;
        private int _currentLength = -1;
        private int _sectorWrites;

        private int _recovery = StoreRecovery.None;

        // Per-slot scan results (fields, not tuples / out params, to stay allocation free and simple).
        private uint _slotSequence;
        private int _slotLength;
        private bool _slotDamaged;   // committed, then damaged
        private bool _slotErased;    // damaged with byte 31 erased: a cut erase, not damage

        /// <summary>Uses sectors <paramref name="firstSector"/> and <paramref name="firstSector"/>+1 of <paramref name="flash"/>.</summary>
        public FlashStore(IFlash flash, int firstSector)
            : this(flash, firstSector, null)
        {
        }

        /// <summary>
        /// The same, with <paramref name="shareWith"/>'s work buffers when it is given: a board's stores (the
        /// settings' two pages, the CA certificate) load and save one at a time, from the one board thread
        /// (issue H: their buffers once, not three times).
        /// </summary>
        public FlashStore(IFlash flash, int firstSector, FlashStore shareWith)
        {
            _header = shareWith != null ? shareWith._header : new byte[HeaderSize];
            _scratch = shareWith != null ? shareWith._scratch : new byte[ScratchSize];
            _zeros = shareWith != null ? shareWith._zeros : new byte[CommitSize];
            if (flash == null) throw new ArgumentNullException("flash");
            if (firstSector < 0 || firstSector + 1 >= flash.SectorCount) throw new ArgumentOutOfRangeException("firstSector");
            int sectorSize = flash.SectorSize;
            if (sectorSize < HeaderSize + 1) throw new ArgumentException("sector too small");
            _flash = flash;
            _firstSector = firstSector;
            _sectorSize = sectorSize;
            int capacity = sectorSize - HeaderSize;
            _capacity = capacity > 0xFFFF ? 0xFFFF : capacity;
        }

        /// <summary>Largest payload a record can hold.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Sector erase+program cycles started since construction (one per Save that reached the flash).</summary>
        public int SectorWrites { get { return _sectorWrites; } }

        /// <summary>Sequence number of the current record (0 when there is none).</summary>
        public uint Sequence { get { return _sequence; } }

        /// <summary>What the last scan (the first Load) found: a <see cref="StoreRecovery"/> value.</summary>
        public int Recovery { get { return _recovery; } }

        /// <summary>
        /// Copies the newest valid payload into <paramref name="buffer"/> (size it to <see cref="Capacity"/>) and
        /// returns its length; -1 when no slot holds a valid record or the flash can't be read.
        /// </summary>
        public int Load(byte[] buffer)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (!Scan() || _current < 0) return -1;
            int length = _currentLength;
            if (length > buffer.Length) throw new ArgumentException("buffer smaller than the stored record");
            try
            {
                if (length > 0) _flash.Read(SlotAddress(_current) + HeaderSize, buffer, 0, length);
                // Re-check what was actually copied: the caller gets exactly the bytes the CRC vouched for.
                ReadHeader(_current);
                uint crc = Crc32.Update(Crc32.Initial, _header, DescriptorOffset, 8);
                crc = Crc32.Finish(Crc32.Update(crc, buffer, 0, length));
                if (IsValidHeader() && ReadUInt16(_header, 20) == length && ReadUInt32(_header, CrcOffset) == crc)
                {
                    return length;
                }
            }
            catch (Exception)
            {
            }
            // Changed under us or unreadable: report nothing and rescan before the next Save.
            _scanned = false;
            return -1;
        }

        /// <summary>
        /// Writes <paramref name="length"/> bytes of <paramref name="data"/> as the new record (sequence+1) into the
        /// slot not holding the current record, verified by reading back. True = durable. False = nothing usable was
        /// written (too long, flash failure): the previous record stays the current one.
        /// </summary>
        public bool Save(byte[] data, int length)
        {
            if (data == null || length < 0 || length > _capacity || length > data.Length) return false;
            int address = -1;
            try
            {
                if (!_scanned && !Scan()) return false;

                int target = _current < 0 ? 0 : 1 - _current;
                uint sequence = _current < 0 ? 1 : _sequence + 1;
                address = SlotAddress(target);

                // Descriptor (bytes 16..31) with the CRC over 16..23 + payload.
                WriteUInt32(_header, 16, sequence);
                _header[20] = (byte)length;
                _header[21] = (byte)(length >> 8);
                _header[22] = FormatVersion;
                _header[23] = 0;
                uint crc = Crc32.Update(Crc32.Initial, _header, DescriptorOffset, 8);
                crc = Crc32.Finish(Crc32.Update(crc, data, 0, length));
                WriteUInt32(_header, CrcOffset, crc);
                _header[28] = 0; _header[29] = 0; _header[30] = 0; _header[31] = 0;

                // (1) erase: the only sector write of this Save.
                _sectorWrites++;
                _flash.EraseSector(_firstSector + target);
                // (2) payload, (3) descriptor.
                if (length > 0) _flash.Write(address + HeaderSize, data, 0, length);
                _flash.Write(address + DescriptorOffset, _header, DescriptorOffset, DescriptorSize);
                // (4) verify before committing.
                if (!VerifyBody(address, data, length))
                {
                    Kill(address);
                    return false;
                }
                // (5) commit, (6) verify the commit.
                _flash.Write(address, CommitPattern, 0, CommitSize);
                _flash.Read(address, _scratch, 0, CommitSize);
                if (!Same(_scratch, 0, CommitPattern, 0, CommitSize))
                {
                    Kill(address);
                    return false;
                }

                _current = target;
                _sequence = sequence;
                _currentLength = length;
                _scanned = true;
                return true;
            }
            catch (Exception)
            {
                if (address >= 0) Kill(address);
                return false;
            }
        }

        // ---- scanning ------------------------------------------------------------------------------------

        /// <summary>Finds the newest valid slot and what damage it had to pass over. False when the flash could not be read.</summary>
        private bool Scan()
        {
            _scanned = false;
            _current = -1;
            _sequence = 0;
            _currentLength = -1;
            _recovery = StoreRecovery.None;
            try
            {
                bool valid0 = CheckSlot(0);
                uint sequence0 = _slotSequence;
                int length0 = _slotLength;
                bool damaged0 = _slotDamaged;
                bool erased0 = _slotErased;
                bool valid1 = CheckSlot(1);
                bool damaged1 = _slotDamaged;
                if (valid0 && (!valid1 || !IsNewer(_slotSequence, sequence0)))
                {
                    _current = 0;
                    _sequence = sequence0;
                    _currentLength = length0;
                    if (damaged1 && !_slotErased && _slotSequence != sequence0 - 1) _recovery = StoreRecovery.Previous;
                }
                else if (valid1)
                {
                    if (damaged0 && !erased0 && sequence0 != _slotSequence - 1) _recovery = StoreRecovery.Previous;
                    _current = 1;
                    _sequence = _slotSequence;
                    _currentLength = _slotLength;
                }
                else if (damaged0 || damaged1)
                {
                    _recovery = StoreRecovery.Lost;
                }
            }
            catch (Exception)
            {
                _current = -1;
                _sequence = 0;
                _currentLength = -1;
                return false;
            }
            _scanned = true;
            return true;
        }

        /// <summary>
        /// Validates one slot; on success sets _slotSequence/_slotLength. _slotDamaged: the commit block is complete
        /// but the record is not valid (then _slotSequence is the sequence the damaged record claims).
        /// </summary>
        private bool CheckSlot(int slot)
        {
            _slotDamaged = false;
            ReadHeader(slot);
            _slotSequence = ReadUInt32(_header, 16);
            _slotErased = _header[31] == 0xFF;
            if (!IsCommitted()) return false;
            _slotDamaged = true;
            if (!IsValidHeader()) return false;
            int length = ReadUInt16(_header, 20);
            if (length > _capacity) return false;

            uint crc = Crc32.Update(Crc32.Initial, _header, DescriptorOffset, 8);
            int address = SlotAddress(slot) + HeaderSize;
            int done = 0;
            while (done < length)
            {
                int n = length - done;
                if (n > ScratchSize) n = ScratchSize;
                _flash.Read(address + done, _scratch, 0, n);
                crc = Crc32.Update(crc, _scratch, 0, n);
                done += n;
            }
            if (Crc32.Finish(crc) != ReadUInt32(_header, CrcOffset)) return false;

            _slotDamaged = false;
            _slotLength = length;
            return true;
        }

        private void ReadHeader(int slot)
        {
            _flash.Read(SlotAddress(slot), _header, 0, HeaderSize);
        }

        /// <summary>All 16 bytes of the commit block programmed.</summary>
        private bool IsCommitted()
        {
            return Same(_header, 0, CommitPattern, 0, CommitSize);
        }

        /// <summary>Commit block complete, format known, reserved bytes zero (CRC checked separately).</summary>
        private bool IsValidHeader()
        {
            if (!IsCommitted()) return false;
            // Version 1, reserved bytes zero (they are outside the CRC, so check them here).
            return _header[22] == FormatVersion && _header[23] == 0
                && _header[28] == 0 && _header[29] == 0 && _header[30] == 0 && _header[31] == 0;
        }

        /// <summary>Serial number arithmetic: true when <paramref name="a"/> is after <paramref name="b"/>.</summary>
        private static bool IsNewer(uint a, uint b)
        {
            return (int)(a - b) > 0;
        }

        // ---- writing helpers -----------------------------------------------------------------------------

        /// <summary>Reads back bytes 16..31 and the payload and compares them with what was meant.</summary>
        private bool VerifyBody(int address, byte[] data, int length)
        {
            _flash.Read(address + DescriptorOffset, _scratch, 0, DescriptorSize);
            if (!Same(_scratch, 0, _header, DescriptorOffset, DescriptorSize)) return false;
            int done = 0;
            while (done < length)
            {
                int n = length - done;
                if (n > ScratchSize) n = ScratchSize;
                _flash.Read(address + HeaderSize + done, _scratch, 0, n);
                if (!Same(_scratch, 0, data, done, n)) return false;
                done += n;
            }
            return true;
        }

        /// <summary>
        /// a[ai, ai + n) equals b[bi, bi + n): eight bytes a step through BitConverter.ToInt64 (native in nanoCLR),
        /// the rest one by one. A byte a step ran ~17 IL a byte, which a save pays for every byte of its page
        /// (issue H, executed IL).
        /// </summary>
        private static bool Same(byte[] a, int ai, byte[] b, int bi, int n)
        {
            int i = 0;
            for (; i + 8 <= n; i += 8)
            {
                if (BitConverter.ToInt64(a, ai + i) != BitConverter.ToInt64(b, bi + i)) return false;
            }
            for (; i < n; i++)
            {
                if (a[ai + i] != b[bi + i]) return false;
            }
            return true;
        }

        /// <summary>Best effort: zeroes the commit block of a slot whose Save failed, so it can never become valid.</summary>
        private void Kill(int address)
        {
            try
            {
                _flash.Write(address, _zeros, 0, CommitSize);
            }
            catch (Exception)
            {
                // The flash is failing or the power is going: the commit block is blank or partial anyway.
            }
        }

        private int SlotAddress(int slot)
        {
            return (_firstSector + slot) * _sectorSize;
        }

        private static uint ReadUInt32(byte[] b, int o)
        {
            return (uint)b[o] | ((uint)b[o + 1] << 8) | ((uint)b[o + 2] << 16) | ((uint)b[o + 3] << 24);
        }

        private static int ReadUInt16(byte[] b, int o)
        {
            return b[o] | (b[o + 1] << 8);
        }

        private static void WriteUInt32(byte[] b, int o, uint v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
            b[o + 2] = (byte)(v >> 16);
            b[o + 3] = (byte)(v >> 24);
        }
    }
}
