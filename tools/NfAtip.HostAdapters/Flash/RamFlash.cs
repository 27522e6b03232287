using NfAtip.Platform;

namespace NfAtip.HostAdapters.Flash;

/// <summary>
/// In-memory NOR flash for tests: erase sets a sector to 0xFF, programming ANDs (bits only go 1 → 0).
/// Fault injection:
/// <list type="bullet">
/// <item><see cref="CutAfter"/>: a power cut after N primitive steps (each erased byte and each programmed byte is one
/// step). The operation in progress stops part-way (earlier bytes done, the rest untouched) and throws
/// <see cref="PowerCutException"/>; every later call throws too until <see cref="Revive"/>.</item>
/// <item><see cref="FailWrites"/>: Write/EraseSector throw <see cref="IOException"/> without changing anything (worn flash).</item>
/// <item><see cref="CorruptByte"/>: flips bits of one byte (bit rot).</item>
/// </list>
/// </summary>
public sealed class RamFlash : IFlash
{
    private readonly byte[] _image;
    private long _budget = -1; // steps left before the cut; -1 = no cut armed

    public RamFlash(int sectorSize = 4096, int sectorCount = 4)
    {
        if (sectorSize <= 0) throw new ArgumentOutOfRangeException(nameof(sectorSize));
        if (sectorCount <= 0) throw new ArgumentOutOfRangeException(nameof(sectorCount));
        SectorSize = sectorSize;
        SectorCount = sectorCount;
        _image = new byte[sectorSize * sectorCount];
        Array.Fill(_image, (byte)0xFF);
    }

    public int SectorSize { get; }
    public int SectorCount { get; }

    /// <summary>The live image (region-relative). Tests may read, snapshot and restore it.</summary>
    public byte[] Image => _image;

    /// <summary>Sector erases started.</summary>
    public int Erases { get; private set; }

    /// <summary>Write calls started.</summary>
    public int Programs { get; private set; }

    /// <summary>Bytes actually programmed.</summary>
    public long BytesProgrammed { get; private set; }

    /// <summary>Primitive steps done so far (erased bytes + programmed bytes).</summary>
    public long Steps { get; private set; }

    /// <summary>True after a power cut until <see cref="Revive"/>.</summary>
    public bool IsCut { get; private set; }

    /// <summary>When true, Write and EraseSector throw <see cref="IOException"/> and change nothing.</summary>
    public bool FailWrites { get; set; }

    /// <summary>When true, erase proceeds from the end of the sector down (hardware erase order is unknown).</summary>
    public bool EraseFromTop { get; set; }

    /// <summary>Arms a power cut: <paramref name="steps"/> more steps complete, the next one cuts.</summary>
    public void CutAfter(long steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps));
        _budget = steps;
    }

    /// <summary>Power back on: clears the cut state and any armed cut.</summary>
    public void Revive()
    {
        IsCut = false;
        _budget = -1;
    }

    /// <summary>Flips bits of the byte at <paramref name="address"/> (default: the lowest bit).</summary>
    public void CorruptByte(int address, byte xorMask = 0x01)
    {
        CheckRange(address, 1);
        _image[address] ^= xorMask;
    }

    /// <summary>Copy of the image.</summary>
    public byte[] Snapshot() => (byte[])_image.Clone();

    /// <summary>Replaces the image (same size) with <paramref name="image"/>.</summary>
    public void Restore(byte[] image)
    {
        if (image.Length != _image.Length) throw new ArgumentException("image size differs", nameof(image));
        Buffer.BlockCopy(image, 0, _image, 0, image.Length);
    }

    public void Read(int address, byte[] buffer, int offset, int count)
    {
        ThrowIfCut();
        CheckRange(address, count);
        Buffer.BlockCopy(_image, address, buffer, offset, count);
    }

    public void EraseSector(int sector)
    {
        ThrowIfCut();
        if (sector < 0 || sector >= SectorCount) throw new ArgumentOutOfRangeException(nameof(sector));
        if (FailWrites) throw new IOException("flash erase failed (simulated)");
        Erases++;
        int start = sector * SectorSize;
        for (int i = 0; i < SectorSize; i++)
        {
            Step();
            int a = EraseFromTop ? start + SectorSize - 1 - i : start + i;
            _image[a] = 0xFF;
        }
    }

    public void Write(int address, byte[] buffer, int offset, int count)
    {
        ThrowIfCut();
        CheckRange(address, count);
        if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(offset));
        if (FailWrites) throw new IOException("flash program failed (simulated)");
        Programs++;
        for (int i = 0; i < count; i++)
        {
            Step();
            _image[address + i] &= buffer[offset + i];
            BytesProgrammed++;
        }
    }

    private void Step()
    {
        if (_budget == 0)
        {
            IsCut = true;
            _budget = -1;
            throw new PowerCutException();
        }
        if (_budget > 0) _budget--;
        Steps++;
    }

    private void ThrowIfCut()
    {
        if (IsCut) throw new PowerCutException();
    }

    private void CheckRange(int address, int count)
    {
        if (address < 0 || count < 0 || (long)address + count > _image.Length)
            throw new ArgumentOutOfRangeException(nameof(address), $"address {address} count {count} outside the {_image.Length}-byte region");
    }
}
