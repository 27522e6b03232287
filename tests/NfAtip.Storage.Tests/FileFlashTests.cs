using NfAtip.HostAdapters.Flash;
using static NfAtip.Storage.Tests.TestData;

namespace NfAtip.Storage.Tests;

public sealed class FileFlashTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nfatip-flash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void CreatesABlankImageOfTheDefaultGeometry()
    {
        using (var f = FileFlash.OpenInStateDir(_dir))
        {
            Assert.Equal(4096, f.SectorSize);
            Assert.Equal(8, f.SectorCount);
        }
        var bytes = File.ReadAllBytes(Path.Combine(_dir, "flash.bin"));
        Assert.Equal(8 * 4096, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void EnforcesNorSemantics_AndWritesThrough()
    {
        string path = Path.Combine(_dir, "flash.bin");
        using var f = new FileFlash(path, 512, 2);
        f.Write(3, new byte[] { 0x0F }, 0, 1);
        f.Write(3, new byte[] { 0xF1 }, 0, 1);
        var r = new byte[1];
        f.Read(3, r, 0, 1);
        Assert.Equal(0x01, r[0]);
        Assert.Equal(0x01, ReadFileByte(path, 3)); // already on disk while still open
        f.EraseSector(0);
        f.Read(3, r, 0, 1);
        Assert.Equal(0xFF, r[0]);
        Assert.Equal(0xFF, ReadFileByte(path, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Write(1023, new byte[2], 0, 2));
    }

    [Fact]
    public void StoreContentSurvivesReopeningTheFile()
    {
        var p = Payload(1234, 5);
        using (var f = FileFlash.OpenInStateDir(_dir))
        {
            var store = new FlashStore(f, 0);
            Assert.Equal(-1, store.Load(new byte[store.Capacity]));
            Assert.True(store.Save(Payload(10, 1), 10));
            Assert.True(store.Save(p, p.Length));
        }
        using (var f = FileFlash.OpenInStateDir(_dir))
        {
            var store = new FlashStore(f, 0);
            var buf = new byte[store.Capacity];
            int n = store.Load(buf);
            Assert.Equal(p.Length, n);
            Assert.Equal(p, buf.AsSpan(0, n).ToArray());
            Assert.Equal(2u, store.Sequence);
        }
    }

    [Fact]
    public void ShortFileIsExtendedBlank_LongFileIsRefused()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "flash.bin");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        using (var f = new FileFlash(path, 512, 2))
        {
            var r = new byte[4];
            f.Read(0, r, 0, 4);
            Assert.Equal(new byte[] { 1, 2, 3, 0xFF }, r);
        }
        Assert.Equal(1024, new FileInfo(path).Length);
        File.WriteAllBytes(path, new byte[2000]);
        Assert.Throws<InvalidDataException>(() => new FileFlash(path, 512, 2));
    }

    [Fact]
    public void BackToBackSavesOnTheFile_AllSucceed()
    {
        using var f = FileFlash.OpenInStateDir(_dir);
        var store = new FlashStore(f, 0);
        for (int i = 0; i < 200; i++)
        {
            var p = Payload(i % 300, i);
            Assert.True(store.Save(p, p.Length), $"save {i}");
        }
        Assert.Equal(200, f.Erases);
        var buf = new byte[store.Capacity];
        int n = new FlashStore(f, 0).Load(buf);
        Assert.Equal(Payload(199 % 300, 199), buf.AsSpan(0, n).ToArray());
    }

    private static byte ReadFileByte(string path, int offset)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        s.Position = offset;
        return (byte)s.ReadByte();
    }
}
