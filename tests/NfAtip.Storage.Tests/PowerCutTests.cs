using NfAtip.HostAdapters.Flash;
using Xunit.Abstractions;
using static NfAtip.Storage.Tests.TestData;

namespace NfAtip.Storage.Tests;

/// <summary>
/// Cuts the power at every primitive step (each erased byte, each programmed byte) of a series of saves, reboots
/// (a new FlashStore over the same flash after Revive) and checks what Load finds.
/// </summary>
public class PowerCutTests(ITestOutputHelper output)
{
    private const int Capacity = SectorSize - HeaderSize;

    // Different lengths, the maximum, zero, and back: every save follows a record of another shape.
    private static readonly int[] Lengths = { 10, 200, Capacity, 0, 37, Capacity, 1, 500 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // erase running from the top of the sector: the commit block is erased last
    public void CutAtEveryStepOfEverySave_LoadFindsTheOldOrTheNewRecord(bool eraseFromTop)
    {
        var flash = new RamFlash(SectorSize, 4) { EraseFromTop = eraseFromTop };
        var buf = new byte[Capacity];
        byte[]? old = null;
        long cutPoints = 0, sawOld = 0, sawNew = 0;

        for (int k = 0; k < Lengths.Length; k++)
        {
            var p = Payload(Lengths[k], 100 + k);
            var before = flash.Snapshot();

            // Uncut run: how many steps does this save take?
            long s0 = flash.Steps;
            Assert.True(new FlashStore(flash, 0).Save(p, p.Length));
            long total = flash.Steps - s0;
            var after = flash.Snapshot();
            Assert.Equal(SectorSize + p.Length + 32, total);

            for (long n = 0; n <= total; n++)
            {
                flash.Restore(before);
                var store = new FlashStore(flash, 0);
                store.Load(buf); // boot as the firmware does
                flash.CutAfter(n);
                bool ok = store.Save(p, p.Length);
                flash.Revive();

                var rebooted = new FlashStore(flash, 0);
                int len = rebooted.Load(buf);
                bool isNew = len == p.Length && buf.AsSpan(0, len).SequenceEqual(p);
                bool isOld = old == null ? len == -1 : len == old.Length && buf.AsSpan(0, len).SequenceEqual(old);
                Assert.True(isNew || isOld,
                    $"save {k} (len {p.Length}), cut after {n}/{total} steps: Load returned {len}, neither old nor new");
                // A cut save lost nothing that had an OK: no false "RECOVERED" at the next boot (spec decision S6).
                Assert.True(rebooted.Recovery == StoreRecovery.None,
                    $"save {k}, cut after {n}/{total} steps: reported {rebooted.Recovery}");
                if (ok) Assert.True(isNew, $"save {k}: OK returned but the new record is not what Load finds (cut {n})");
                if (n < total)
                {
                    // The cut hit the save: it must not report OK, and (commit block last) nothing changed.
                    Assert.False(ok);
                    Assert.True(isOld, $"save {k}: cut after {n}/{total} steps already exposed the new record");
                }
                else
                {
                    Assert.True(ok);
                }
                if (isNew && !isOld) sawNew++; else sawOld++;
                cutPoints++;
            }

            flash.Restore(after);
            old = p;
        }

        output.WriteLine($"erase from top: {eraseFromTop}; {cutPoints} cut points; old {sawOld}, new {sawNew}");
        Assert.True(cutPoints > Lengths.Length * SectorSize);
        Assert.Equal(Lengths.Length, sawNew); // only the uncut run of each save shows the new record
    }

    [Fact]
    public void TwoCutsInARow_LoadStillFindsOneCompleteRecord()
    {
        var flash = new RamFlash(SectorSize, 4);
        var buf = new byte[Capacity];
        var old = Payload(300, 1);
        var b = Payload(Capacity, 2);
        var c = Payload(0, 3);
        Assert.True(new FlashStore(flash, 0).Save(Payload(50, 0), 50));
        Assert.True(new FlashStore(flash, 0).Save(old, old.Length));
        var start = flash.Snapshot();
        long totalB = SectorSize + b.Length + 32, totalC = SectorSize + c.Length + 32;
        int combos = 0;

        foreach (long n in CutPoints(totalB, 97))
        {
            foreach (long m in CutPoints(totalC, 211))
            {
                flash.Restore(start);
                var s1 = new FlashStore(flash, 0);
                s1.Load(buf);
                flash.CutAfter(n);
                bool okB = s1.Save(b, b.Length);
                flash.Revive();

                var s2 = new FlashStore(flash, 0); // reboot, then the host retries another value
                s2.Load(buf);
                flash.CutAfter(m);
                bool okC = s2.Save(c, c.Length);
                flash.Revive();

                int len = new FlashStore(flash, 0).Load(buf);
                var got = len < 0 ? null : buf.AsSpan(0, len).ToArray();
                Assert.NotNull(got);
                bool isOld = got!.SequenceEqual(old), isB = got.SequenceEqual(b), isC = got.SequenceEqual(c);
                Assert.True(isOld || isB || isC, $"cuts {n},{m}: Load returned {len} bytes of nothing known");
                if (okC) Assert.True(isC);
                else if (okB) Assert.True(isB);
                combos++;
            }
        }
        output.WriteLine($"{combos} double-cut combinations");
        Assert.True(combos > 1000);
    }

    private static IEnumerable<long> CutPoints(long total, int stride)
    {
        var set = new SortedSet<long> { 0, 1, 2, SectorSize - 1, SectorSize, SectorSize + 1, total - 17, total - 16, total - 8, total - 1, total };
        for (long i = 0; i <= total; i += stride) set.Add(i);
        return set;
    }
}
