using NfAtip.HostAdapters.Flash;
using NfAtip.Platform;
using static NfAtip.Storage.Tests.TestData;

namespace NfAtip.Storage.Tests;

public class FlashStoreTests
{
    private static (RamFlash flash, FlashStore store) NewStore()
    {
        var flash = new RamFlash(SectorSize, 4);
        return (flash, new FlashStore(flash, 0));
    }

    private static byte[] LoadAll(FlashStore store, out int length)
    {
        var buf = new byte[store.Capacity];
        length = store.Load(buf);
        return length < 0 ? Array.Empty<byte>() : Slice(buf, length);
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue_AndIsIncremental()
    {
        var data = System.Text.Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        uint c = Crc32.Update(Crc32.Initial, data, 0, 4);
        c = Crc32.Update(c, data, 4, 5);
        Assert.Equal(0xCBF43926u, Crc32.Finish(c));
        Assert.Equal(0u, Crc32.Compute(data, 0, 0));
    }

    [Fact]
    public void Capacity_IsSectorMinusHeader()
    {
        var (_, store) = NewStore();
        Assert.Equal(SectorSize - HeaderSize, store.Capacity);
    }

    [Fact]
    public void BlankFlash_LoadReturnsMinusOne()
    {
        var (_, store) = NewStore();
        Assert.Equal(-1, store.Load(new byte[store.Capacity]));
        Assert.Equal(0u, store.Sequence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(SectorSize - HeaderSize)]
    public void SaveThenLoad_RoundTrips(int length)
    {
        var (_, store) = NewStore();
        var p = Payload(length, 7);
        Assert.True(store.Save(p, p.Length));
        Assert.Equal(1u, store.Sequence);
        var got = LoadAll(store, out int n);
        Assert.Equal(length, n);
        Assert.Equal(p, got);
    }

    [Fact]
    public void Save_UsesOnlyAPrefixOfData()
    {
        var (_, store) = NewStore();
        var p = Payload(100, 3);
        Assert.True(store.Save(p, 40));
        Assert.Equal(p.AsSpan(0, 40).ToArray(), LoadAll(store, out _));
    }

    [Fact]
    public void ManySaves_AlternateSlots_AndSequenceCounts()
    {
        var (flash, store) = NewStore();
        for (int i = 1; i <= 10; i++)
        {
            var p = Payload(10 + i, i);
            Assert.True(store.Save(p, p.Length));
            Assert.Equal((uint)i, store.Sequence);
            int slot = (i - 1) % 2; // first record in slot 0, then alternate
            Assert.True(SlotCommitted(flash, slot));
            Assert.Equal((uint)i, BitConverter.ToUInt32(flash.Image, slot * SectorSize + 16));
            Assert.Equal(p, LoadAll(store, out _));
            if (i > 1)
            {
                // the other slot keeps the previous record as a fallback
                Assert.Equal((uint)(i - 1), BitConverter.ToUInt32(flash.Image, (1 - slot) * SectorSize + 16));
            }
        }
    }

    [Fact]
    public void Reboot_LoadsTheLatestRecord()
    {
        var (flash, store) = NewStore();
        byte[] last = Array.Empty<byte>();
        for (int i = 0; i < 5; i++)
        {
            last = Payload(50 * i, i);
            Assert.True(store.Save(last, last.Length));
        }
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(last, LoadAll(rebooted, out int n));
        Assert.Equal(last.Length, n);
        Assert.Equal(5u, rebooted.Sequence);
        // and it continues the sequence in the other slot
        var next = Payload(9, 99);
        Assert.True(rebooted.Save(next, next.Length));
        Assert.Equal(6u, rebooted.Sequence);
        Assert.Equal(next, LoadAll(new FlashStore(flash, 0), out _));
    }

    [Fact]
    public void CraftedRecord_FollowingTheDocumentedLayout_IsAccepted()
    {
        var flash = new RamFlash(SectorSize, 4);
        var p = Payload(77, 1);
        CraftRecord(flash, 1, 42, p);
        var store = new FlashStore(flash, 0);
        Assert.Equal(p, LoadAll(store, out _));
        Assert.Equal(42u, store.Sequence);
    }

    [Fact]
    public void SequenceWrapsAround_AndTheWrappedRecordIsStillNewest()
    {
        var flash = new RamFlash(SectorSize, 4);
        CraftRecord(flash, 0, 0xFFFFFFFE, Payload(5, 1));
        CraftRecord(flash, 1, 0xFFFFFFFD, Payload(5, 2));
        var store = new FlashStore(flash, 0);
        Assert.Equal(Payload(5, 1), LoadAll(store, out _));
        Assert.Equal(0xFFFFFFFEu, store.Sequence);

        var a = Payload(6, 3);
        Assert.True(store.Save(a, a.Length)); // slot 1, 0xFFFFFFFF
        Assert.Equal(0xFFFFFFFFu, store.Sequence);
        var b = Payload(7, 4);
        Assert.True(store.Save(b, b.Length)); // slot 0, wraps to 0
        Assert.Equal(0u, store.Sequence);

        // reboot: 0 must win over 0xFFFFFFFF
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(b, LoadAll(rebooted, out _));
        Assert.Equal(0u, rebooted.Sequence);
        var c = Payload(8, 5);
        Assert.True(rebooted.Save(c, c.Length));
        Assert.Equal(1u, rebooted.Sequence);
        Assert.Equal(c, LoadAll(new FlashStore(flash, 0), out _));
    }

    [Fact]
    public void EachSave_IsExactlyOneSectorWrite()
    {
        var (flash, store) = NewStore();
        for (int i = 1; i <= 20; i++)
        {
            int erasesBefore = flash.Erases;
            var p = Payload(i * 100 % store.Capacity, i);
            Assert.True(store.Save(p, p.Length));
            Assert.Equal(1, flash.Erases - erasesBefore);
            Assert.Equal(i, store.SectorWrites);
        }
    }

    [Fact]
    public void Load_DoesNotWriteTheFlash()
    {
        var (flash, store) = NewStore();
        var p = Payload(100, 1);
        store.Save(p, p.Length);
        int e = flash.Erases, w = flash.Programs;
        for (int i = 0; i < 5; i++) new FlashStore(flash, 0).Load(new byte[4096]);
        Assert.Equal(e, flash.Erases);
        Assert.Equal(w, flash.Programs);
    }

    [Fact]
    public void SaveTooLong_FailsWithoutTouchingTheFlash()
    {
        var (flash, store) = NewStore();
        var old = Payload(10, 1);
        Assert.True(store.Save(old, old.Length));
        var image = flash.Snapshot();
        long steps = flash.Steps;
        var big = Payload(store.Capacity + 1, 2);
        Assert.False(store.Save(big, big.Length));
        Assert.False(store.Save(big, -1));
        Assert.False(store.Save(old, old.Length + 1)); // length beyond the array
        Assert.Equal(steps, flash.Steps);
        Assert.Equal(1, flash.Erases);
        Assert.Equal(1, store.SectorWrites);
        Assert.Equal(image, flash.Image);
        Assert.Equal(old, LoadAll(store, out _));
    }

    [Fact]
    public void FailingFlash_SaveReturnsFalse_AndTheOldRecordStays()
    {
        var (flash, store) = NewStore();
        var old = Payload(100, 1);
        Assert.True(store.Save(old, old.Length));
        flash.FailWrites = true;
        var p = Payload(120, 2);
        for (int i = 0; i < 3; i++) Assert.False(store.Save(p, p.Length));
        Assert.Equal(1u, store.Sequence);
        Assert.Equal(old, LoadAll(store, out _));
        Assert.Equal(old, LoadAll(new FlashStore(flash, 0), out _));

        flash.FailWrites = false; // repaired: saving works again
        Assert.True(store.Save(p, p.Length));
        Assert.Equal(2u, store.Sequence);
        Assert.Equal(p, LoadAll(new FlashStore(flash, 0), out _));
    }

    [Fact]
    public void FailingFlash_OnBlankFlash_SaveFalse_LoadStillBlank()
    {
        var (flash, store) = NewStore();
        flash.FailWrites = true;
        Assert.False(store.Save(Payload(3, 1), 3));
        Assert.Equal(-1, store.Load(new byte[store.Capacity]));
    }

    /// <summary>The read-back compares eight bytes at a time, then the rest: a stuck byte anywhere is found (50 bytes: 6 × 8 + 2).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(49)]
    public void ReadBackMismatch_SaveFalse_SlotKilled_OldStays(int stuckAt)
    {
        var ram = new RamFlash(SectorSize, 4);
        var stuck = new StuckFlash(ram);
        var store = new FlashStore(stuck, 0);
        var old = Payload(50, 1);
        Assert.True(store.Save(old, old.Length)); // slot 0
        stuck.StuckAddress = SectorSize + HeaderSize + stuckAt; // a payload byte of slot 1 no longer programs
        var p = Payload(50, 2);
        p[stuckAt] = 0x00; // must clear bits, so the stuck byte (0xFF) differs
        Assert.False(store.Save(p, p.Length));
        Assert.False(SlotCommitted(ram, 1));
        Assert.Equal(old, LoadAll(store, out _));
        Assert.Equal(old, LoadAll(new FlashStore(ram, 0), out _));
        Assert.Equal(1u, store.Sequence);
    }

    [Theory]
    [InlineData(0, StoreRecovery.None)]    // commit block: reads as a Save cut in its last step (S6's limit)
    [InlineData(15, StoreRecovery.None)]   // commit block, last byte
    [InlineData(16, StoreRecovery.Previous)]   // sequence
    [InlineData(20, StoreRecovery.Previous)]   // length
    [InlineData(22, StoreRecovery.Previous)]   // version
    [InlineData(24, StoreRecovery.Previous)]   // crc
    [InlineData(28, StoreRecovery.Previous)]   // reserved (outside the CRC)
    [InlineData(31, StoreRecovery.Previous)]   // reserved, the byte a cut erase is recognised by
    [InlineData(32, StoreRecovery.Previous)]   // first payload byte
    [InlineData(32 + 199, StoreRecovery.Previous)] // last payload byte
    public void CorruptByteInNewestSlot_FallsBackToTheOlderRecord_AndSaysSo(int offset, int recovery)
    {
        var (flash, store) = NewStore();
        var older = Payload(200, 1);
        var newest = Payload(200, 2);
        Assert.True(store.Save(older, older.Length)); // slot 0
        Assert.True(store.Save(newest, newest.Length)); // slot 1
        flash.CorruptByte(SectorSize + offset);
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(older, LoadAll(rebooted, out _));
        Assert.Equal(1u, rebooted.Sequence);
        Assert.Equal(recovery, rebooted.Recovery);
        // the next save replaces the corrupt slot and becomes newest
        var next = Payload(10, 3);
        Assert.True(rebooted.Save(next, next.Length));
        Assert.Equal(2u, rebooted.Sequence);
        Assert.Equal(next, LoadAll(new FlashStore(flash, 0), out _));
        Assert.Equal(older, flash.Image.AsSpan(HeaderSize, 200).ToArray()); // slot 0 untouched
    }

    [Fact]
    public void BothSlotsCorrupt_LoadReturnsMinusOne()
    {
        var (flash, store) = NewStore();
        store.Save(Payload(20, 1), 20);
        store.Save(Payload(20, 2), 20);
        flash.CorruptByte(HeaderSize + 5);
        flash.CorruptByte(SectorSize + HeaderSize + 5);
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(-1, rebooted.Load(new byte[4096]));
        Assert.Equal(StoreRecovery.Lost, rebooted.Recovery);
    }

    [Fact]
    public void CorruptOlderRecord_IsNotReported_NothingWasLost()
    {
        var (flash, store) = NewStore();
        store.Save(Payload(20, 1), 20); // slot 0, sequence 1
        var newest = Payload(20, 2);
        store.Save(newest, 20);         // slot 1, sequence 2
        flash.CorruptByte(HeaderSize + 5);
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(newest, LoadAll(rebooted, out _));
        Assert.Equal(StoreRecovery.None, rebooted.Recovery);
    }

    [Fact]
    public void OnlyRecordCorrupt_IsLost_BlankAndNeverWrittenIsNot()
    {
        var (flash, store) = NewStore();
        var fresh = new FlashStore(flash, 0);
        fresh.Load(new byte[4096]);
        Assert.Equal(StoreRecovery.None, fresh.Recovery);
        store.Save(Payload(20, 1), 20);
        flash.CorruptByte(HeaderSize + 19);
        var rebooted = new FlashStore(flash, 0);
        Assert.Equal(-1, rebooted.Load(new byte[4096]));
        Assert.Equal(StoreRecovery.Lost, rebooted.Recovery);
        // a new save makes it whole again
        Assert.True(rebooted.Save(Payload(5, 2), 5));
        var again = new FlashStore(flash, 0);
        Assert.Equal(5, again.Load(new byte[4096]));
        Assert.Equal(StoreRecovery.None, again.Recovery);
    }

    [Fact]
    public void TornErase_TornPayload_TornCommit_AllKeepTheOldRecord()
    {
        var old = Payload(100, 1);
        var p = Payload(100, 2);
        // steps of a Save: erase 4096, payload 100, descriptor 16, commit 16
        foreach (long cut in new long[] { 1, 2048, 4095, 4096 + 50, 4096 + 100 + 8, 4096 + 100 + 16 + 8, 4096 + 100 + 16 + 15 })
        {
            foreach (bool fromTop in new[] { false, true })
            {
                var flash = new RamFlash(SectorSize, 4) { EraseFromTop = fromTop };
                var store = new FlashStore(flash, 0);
                Assert.True(store.Save(Payload(100, 0), 100)); // slot 0
                Assert.True(store.Save(old, old.Length));      // slot 1 = current
                flash.CutAfter(cut);
                Assert.False(store.Save(p, p.Length));         // into slot 0
                Assert.True(flash.IsCut);
                Assert.Throws<PowerCutException>(() => flash.Read(0, new byte[1], 0, 1));
                flash.Revive();
                var rebooted = new FlashStore(flash, 0);
                Assert.Equal(old, LoadAll(rebooted, out _));
                Assert.Equal(2u, rebooted.Sequence);
                Assert.Equal(StoreRecovery.None, rebooted.Recovery); // a cut save lost nothing that had an OK
            }
        }
    }

    [Fact]
    public void TornCommit_LeavesAPartialCommitBlock_ThatIsRejected()
    {
        var flash = new RamFlash(SectorSize, 4);
        var store = new FlashStore(flash, 0);
        var p = Payload(10, 1);
        flash.CutAfter(4096 + 10 + 16 + 8); // half of the commit block
        Assert.False(store.Save(p, p.Length));
        flash.Revive();
        Assert.Equal(CommitPattern.AsSpan(0, 8).ToArray(), flash.Image.AsSpan(0, 8).ToArray());
        Assert.All(flash.Image.AsSpan(8, 8).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(-1, new FlashStore(flash, 0).Load(new byte[4096]));
    }

    [Fact]
    public void StoreOnSectors2And3_LeavesSectors0And1Alone()
    {
        var flash = new RamFlash(SectorSize, 4);
        var store = new FlashStore(flash, 2);
        for (int i = 0; i < 4; i++) Assert.True(store.Save(Payload(30, i), 30));
        Assert.All(flash.Image.AsSpan(0, 2 * SectorSize).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(-1, new FlashStore(flash, 0).Load(new byte[4096]));
        Assert.Equal(Payload(30, 3), LoadAll(new FlashStore(flash, 2), out _));
    }

    [Fact]
    public void Constructor_RejectsSectorsOutsideTheRegion()
    {
        var flash = new RamFlash(SectorSize, 4);
        Assert.ThrowsAny<ArgumentException>(() => new FlashStore(flash, 3));
        Assert.ThrowsAny<ArgumentException>(() => new FlashStore(flash, -1));
    }

    [Fact]
    public void Load_IntoATooSmallBuffer_Throws()
    {
        var (_, store) = NewStore();
        store.Save(Payload(100, 1), 100);
        Assert.ThrowsAny<ArgumentException>(() => store.Load(new byte[99]));
    }

    [Fact]
    public void BackToBackSaves_AllSucceed()
    {
        var (flash, store) = NewStore();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            var p = Payload(i % 400, i);
            Assert.True(store.Save(p, p.Length), $"save {i}");
        }
        Assert.Equal(1000u, store.Sequence);
        Assert.Equal(1000, flash.Erases);
        Assert.Equal(Payload(999 % 400, 999), LoadAll(new FlashStore(flash, 0), out _));
        Assert.True(sw.ElapsedMilliseconds < 10_000, $"1000 saves took {sw.ElapsedMilliseconds} ms");
    }

    /// <summary>Flash where one byte never programs (a stuck cell): the read-back check must catch it.</summary>
    private sealed class StuckFlash(RamFlash inner) : IFlash
    {
        public int StuckAddress { get; set; } = -1;
        public int SectorSize => inner.SectorSize;
        public int SectorCount => inner.SectorCount;
        public void Read(int address, byte[] buffer, int offset, int count) => inner.Read(address, buffer, offset, count);
        public void EraseSector(int sector) => inner.EraseSector(sector);
        public void Write(int address, byte[] buffer, int offset, int count)
        {
            var copy = buffer.AsSpan(offset, count).ToArray();
            if (StuckAddress >= address && StuckAddress < address + count) copy[StuckAddress - address] = 0xFF;
            inner.Write(address, copy, 0, count);
        }
    }
}
