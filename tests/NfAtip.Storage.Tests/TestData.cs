using System.Text;
using NfAtip.HostAdapters.Flash;
using NfAtip.Storage;

namespace NfAtip.Storage.Tests;

internal static class TestData
{
    public const int SectorSize = 4096;
    public const int HeaderSize = 32;
    public static readonly byte[] CommitPattern = Encoding.ASCII.GetBytes("nf-atip settings");

    /// <summary>Deterministic payload; different seeds give different contents.</summary>
    public static byte[] Payload(int length, int seed)
    {
        var b = new byte[length];
        uint x = (uint)(seed * 2654435761u + 12345);
        for (int i = 0; i < length; i++)
        {
            x = x * 1103515245 + 12345;
            b[i] = (byte)(x >> 16);
        }
        return b;
    }

    public static byte[] Slice(byte[] buffer, int length) => buffer.AsSpan(0, length).ToArray();

    /// <summary>Writes a record exactly as documented in FlashStore (layout check and crafted sequence numbers).</summary>
    public static void CraftRecord(RamFlash flash, int sector, uint sequence, byte[] payload)
    {
        int a = sector * flash.SectorSize;
        var d = new byte[16];
        BitConverter.TryWriteBytes(d.AsSpan(0, 4), sequence);
        BitConverter.TryWriteBytes(d.AsSpan(4, 2), (ushort)payload.Length);
        d[6] = 1;
        uint crc = Crc32.Update(Crc32.Initial, d, 0, 8);
        crc = Crc32.Finish(Crc32.Update(crc, payload, 0, payload.Length));
        BitConverter.TryWriteBytes(d.AsSpan(8, 4), crc);
        flash.EraseSector(sector);
        flash.Write(a + HeaderSize, payload, 0, payload.Length);
        flash.Write(a + 16, d, 0, 16);
        flash.Write(a, CommitPattern, 0, 16);
    }

    public static bool SlotCommitted(RamFlash flash, int sector) =>
        flash.Image.AsSpan(sector * flash.SectorSize, 16).SequenceEqual(CommitPattern);
}
