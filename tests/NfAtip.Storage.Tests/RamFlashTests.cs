using NfAtip.HostAdapters.Flash;

namespace NfAtip.Storage.Tests;

public class RamFlashTests
{
    [Fact]
    public void StartsBlank_ProgramOnlyClearsBits_EraseSetsFF()
    {
        var f = new RamFlash(256, 2);
        Assert.Equal(512, f.Image.Length);
        Assert.All(f.Image, b => Assert.Equal(0xFF, b));
        f.Write(10, new byte[] { 0x0F }, 0, 1);
        f.Write(10, new byte[] { 0xF3 }, 0, 1); // can't set bits back
        Assert.Equal(0x03, f.Image[10]);
        f.EraseSector(0);
        Assert.Equal(0xFF, f.Image[10]);
        Assert.Equal(1, f.Erases);
        Assert.Equal(2, f.Programs);
        Assert.Equal(2, f.BytesProgrammed);
    }

    [Fact]
    public void CutAfter_StopsPartWay_AndEveryLaterCallThrowsUntilRevive()
    {
        var f = new RamFlash(256, 2);
        f.CutAfter(3);
        Assert.Throws<PowerCutException>(() => f.Write(0, new byte[] { 1, 2, 3, 4, 5 }, 0, 5));
        Assert.True(f.IsCut);
        Assert.Equal(new byte[] { 1, 2, 3, 0xFF, 0xFF }, f.Image.AsSpan(0, 5).ToArray());
        Assert.Throws<PowerCutException>(() => f.Read(0, new byte[1], 0, 1));
        Assert.Throws<PowerCutException>(() => f.EraseSector(1));
        f.Revive();
        Assert.False(f.IsCut);
        f.EraseSector(0); // no cut armed any more
        Assert.Equal(0xFF, f.Image[0]);
    }

    [Fact]
    public void CutDuringErase_LeavesATornSector()
    {
        var f = new RamFlash(256, 2);
        f.Write(0, new byte[256], 0, 256);
        f.CutAfter(100);
        Assert.Throws<PowerCutException>(() => f.EraseSector(0));
        Assert.All(f.Image.AsSpan(0, 100).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.All(f.Image.AsSpan(100, 156).ToArray(), b => Assert.Equal(0x00, b));
    }

    [Fact]
    public void FailWrites_ThrowsIOException_AndChangesNothing()
    {
        var f = new RamFlash(256, 2) { FailWrites = true };
        Assert.Throws<IOException>(() => f.Write(0, new byte[] { 0 }, 0, 1));
        Assert.Throws<IOException>(() => f.EraseSector(0));
        Assert.All(f.Image, b => Assert.Equal(0xFF, b));
        var r = new byte[1];
        f.Read(0, r, 0, 1); // reads still work
        Assert.Equal(0xFF, r[0]);
    }

    [Fact]
    public void CorruptByte_FlipsBits_AndOutOfRangeIsRejected()
    {
        var f = new RamFlash(256, 2);
        f.CorruptByte(7);
        Assert.Equal(0xFE, f.Image[7]);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Read(510, new byte[4], 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.EraseSector(2));
    }
}
