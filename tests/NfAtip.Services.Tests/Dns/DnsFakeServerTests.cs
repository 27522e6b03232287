using NfAtip.Services.Dns;

namespace NfAtip.Services.Tests.Dns;

/// <summary>
/// What dnsmasq won't do, from a scripted server as DNSSERV1 (127.0.0.5) with the real dnsmasq on
/// 127.0.0.3 as DNSSERV2: every reply the resolver must not trust ends in the second server's
/// answer (10.0.0.11), every trustworthy one in the fake's (10.9.9.9); both failing is 38027.
/// </summary>
[Collection("dns")]
public class DnsFakeServerTests
{
    private const string Name = "one.example.test";
    private const string FromFake = "10.9.9.9";
    private const string FromSecond = "10.0.0.11";
    private readonly DnsServersFixture _dns;

    public DnsFakeServerTests(DnsServersFixture dns) => _dns = dns;

    /// <summary>Resolves <see cref="Name"/> with the scripted server first and dnsmasq second; the fake must have been asked once.</summary>
    private string Resolve(Func<DnsQuery, IEnumerable<FakeReply>> script, string name = Name)
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, script);
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, DnsServersFixture.Secondary, silence: fake.Silence);
        string result = rig.Resolve(name);
        Assert.Single(fake.Queries);
        return result;
    }

    private string Resolve(Func<DnsQuery, byte[]?> reply, string name = Name) =>
        Resolve(q => { byte[]? r = reply(q); return r == null ? Array.Empty<FakeReply>() : new[] { new FakeReply(r) }; }, name);

    /// <summary>Offset of the first answer in a reply to <paramref name="q"/>.</summary>
    private static int AnswerAt(DnsQuery q) => 12 + q.Question.Length;

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    // ---- replies that are trusted ----

    [Fact]
    public void CompressedAnswer_IsUsed()
    {
        Assert.Equal(FromFake, Resolve(q => q.A(FromFake)));
    }

    [Fact]
    public void QuestionEchoedInAnotherCase_IsAccepted()
    {
        Assert.Equal(FromFake, Resolve(q =>
        {
            byte[] upper = q.Question.Select(b => b >= 'a' && b <= 'z' ? (byte)(b - 32) : b).ToArray();
            return q.Reply(question: upper, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)));
        }));
    }

    [Fact]
    public void CnameAfterItsTarget_AndUncompressedNames_AreFollowed()
    {
        // The A record of the CNAME's target comes first; the CNAME (pointing forward in reading order) after.
        Assert.Equal(FromFake, Resolve(q => q.Reply(answers: new[]
        {
            DnsQuery.Record(DnsQuery.WireName("target.example.test"), 1, 60, DnsQuery.Ip(FromFake)),
            DnsQuery.Record(DnsQuery.WireName(Name), 5, 60, DnsQuery.WireName("target.example.test")),
        })));
    }

    [Fact]
    public void ForeignRecordsAroundTheAnswer_AreSkipped()
    {
        Assert.Equal(FromFake, Resolve(q => q.Reply(answers: new[]
        {
            DnsQuery.Record(DnsQuery.WireName("other.example.test"), 1, 60, DnsQuery.Ip("10.1.1.1")),
            DnsQuery.Record(DnsQuery.Pointer(12), 28, 60, new byte[16]),                      // AAAA
            DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip("10.2.2.2"), klass: 3),   // class CH
            DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)),
        })));
    }

    [Fact]
    public void CnameChainOfEight_IsFollowed_NineIsNot()
    {
        Assert.Equal(FromFake, Resolve(q => Chain(q, 8)));
        Assert.Equal(FromSecond, Resolve(q => Chain(q, 9)));
    }

    /// <summary>one.example.test → c1 → … → cN (CNAMEs, each compressed against the previous), then cN's A record.</summary>
    private static byte[] Chain(DnsQuery q, int hops)
    {
        var answers = new List<byte[]>();
        int at = AnswerAt(q);
        byte[] owner = DnsQuery.Pointer(12);
        for (int i = 1; i <= hops; i++)
        {
            // The CNAME's data is "cI" + pointer to the question's "example.test" (offset 12 + 4 for "one").
            byte[] data = DnsQuery.WireName("c" + i, DnsQuery.Pointer(16));
            byte[] record = DnsQuery.Record(owner, 5, 60, data);
            answers.Add(record);
            owner = DnsQuery.Pointer(at + record.Length - data.Length);
            at += record.Length;
        }
        answers.Add(DnsQuery.Record(owner, 1, 60, DnsQuery.Ip(FromFake)));
        return q.Reply(answers: answers.ToArray());
    }

    [Fact]
    public void ForgedDatagrams_AreDiscarded_TheGenuineReplyIsUsed()
    {
        // RFC 5452: a wrong ID, another source port, a query (QR clear), another question: not replies to us.
        Assert.Equal(FromFake, Resolve(q => new[]
        {
            new FakeReply(q.Reply(id: q.Id ^ 0x5A5A, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip("10.6.6.1")))),
            new FakeReply(q.A("10.6.6.2"), FromOtherPort: true),
            new FakeReply(q.Reply(flags: 0x0100, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip("10.6.6.3")))),
            new FakeReply(q.Reply(question: Concat(DnsQuery.WireName("evil.example.test"), new byte[] { 0, 1, 0, 1 }),
                answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip("10.6.6.4")))),
            new FakeReply(new byte[] { 1, 2, 3 }),
            new FakeReply(q.A(FromFake)),
        }));
    }

    [Fact]
    public void AFloodOfForgedDatagrams_CannotHideTheGenuineReply()
    {
        // Issue I, hole 6: 40 forged replies (wrong ID) once used up a 32-datagram cap and the genuine one
        // was never read (38027). Only the query's deadline bounds the wait; each forgery costs one check.
        Assert.Equal(FromFake, Resolve(q => Enumerable.Range(0, 40)
            .Select(i => new FakeReply(q.Reply(id: q.Id ^ (i + 1), answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip("10.6.6.6")))))
            .Append(new FakeReply(q.A(FromFake)))));
    }

    // ---- replies that fail the first server ----

    [Fact]
    public void AnAnswerCountPastTheRecordsPresent_TheSecondAnswers_EvenWithTheAddressFirst()
    {
        // Issue I, hole 6: ANCOUNT 65535 with one A record was accepted (the search stopped at the record).
        // The whole answer section must be there (decision D1: a malformed answer section fails over).
        Assert.Equal(FromSecond, Resolve(q =>
        {
            byte[] m = q.A(FromFake);
            m[6] = 0xFF;
            m[7] = 0xFF;
            return m;
        }));
    }

    [Fact]
    public void Silence_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => (byte[]?)null));
    }

    [Fact]
    public void WrongId_Only_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(id: (q.Id + 1) & 0xFFFF, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Fact]
    public void OtherSourcePort_Only_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => new[] { new FakeReply(q.A(FromFake), FromOtherPort: true) }));
    }

    [Fact]
    public void QueryInsteadOfResponse_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(flags: 0x0100, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Theory]
    [InlineData("evil.example.test", 1, 1)]
    [InlineData("one.example.test", 28, 1)]   // AAAA
    [InlineData("one.example.test", 1, 3)]    // class CH
    [InlineData("one.example.tes", 1, 1)]
    public void WrongQuestion_TheSecondAnswers(string name, int type, int klass)
    {
        byte[] question = Concat(DnsQuery.WireName(name), new[] { (byte)0, (byte)type, (byte)0, (byte)klass });
        Assert.Equal(FromSecond, Resolve(q => q.Reply(question: question, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Fact]
    public void NoQuestion_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(questions: 0, question: Array.Empty<byte>(),
            answers: DnsQuery.Record(DnsQuery.WireName(Name), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Fact]
    public void Truncated_TheSecondAnswers_NoTcpFallback()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(flags: 0x8380, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Fact]
    public void OtherOpcode_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(flags: 0x8980, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Theory]
    [InlineData(1)] // FORMERR
    [InlineData(2)] // SERVFAIL
    [InlineData(3)] // NXDOMAIN
    [InlineData(5)] // REFUSED
    public void ErrorRcode_TheSecondAnswers_EvenWithAnAnswerAttached(int rcode)
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(rcode: rcode, answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)))));
    }

    [Fact]
    public void NoAnswer_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply()));
    }

    [Fact]
    public void AddressOfWrongLength_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(answers: DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, new byte[16]))));
    }

    [Fact]
    public void RecordRunningPastTheEnd_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q =>
        {
            byte[] m = q.A(FromFake);
            m[^5] = 40; // rdlength 40, only 4 bytes follow
            return m;
        }));
        Assert.Equal(FromSecond, Resolve(q => q.A(FromFake)[..^2]));
        // More answers announced than present.
        Assert.Equal(FromSecond, Resolve(q =>
        {
            byte[] m = q.Reply(answers: new[] { DnsQuery.WireName("other.test"), });
            m[7] = 3;
            return m;
        }));
    }

    public static TheoryData<string> BadPointers => new() { "self", "loop2", "forward", "header", "beyond", "extended-label" };

    [Theory]
    [MemberData(nameof(BadPointers))]
    public void MalformedName_TheSecondAnswers(string kind)
    {
        Assert.Equal(FromSecond, Resolve(q =>
        {
            int at = AnswerAt(q);
            byte[] owner = kind switch
            {
                "self" => DnsQuery.Pointer(at),                                    // points at itself
                "loop2" => DnsQuery.WireName("x", DnsQuery.Pointer(at)),           // label, then back to the label
                "forward" => DnsQuery.Pointer(at + 20),                            // into the record's own data
                "header" => DnsQuery.Pointer(2),                                   // into the header
                "beyond" => DnsQuery.Pointer(0x3FFF),                              // past the message
                _ => new byte[] { 0x40, 0x00 },                                    // 01 label type (EDNS0 extended)
            };
            return q.Reply(answers: DnsQuery.Record(owner, 1, 60, DnsQuery.Ip(FromFake)));
        }));
    }

    [Fact]
    public void NameLongerThan255_TheSecondAnswers()
    {
        // Four labels of 63 plus the question's name through a pointer: 256 + 18 bytes.
        string label = new('x', 63);
        Assert.Equal(FromSecond, Resolve(q => q.Reply(answers: new[]
        {
            DnsQuery.Record(DnsQuery.Pointer(12), 5, 60, DnsQuery.WireName($"{label}.{label}.{label}.{label}", DnsQuery.Pointer(12))),
            DnsQuery.Record(DnsQuery.Pointer(12), 1, 60, DnsQuery.Ip(FromFake)),
        })));
    }

    [Fact]
    public void CnameLoop_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(answers: new[]
        {
            DnsQuery.Record(DnsQuery.WireName(Name), 5, 60, DnsQuery.WireName("x.example.test")),
            DnsQuery.Record(DnsQuery.WireName("x.example.test"), 5, 60, DnsQuery.WireName(Name)),
        })));
    }

    [Fact]
    public void CnameWithoutItsAddress_TheSecondAnswers()
    {
        Assert.Equal(FromSecond, Resolve(q => q.Reply(answers:
            DnsQuery.Record(DnsQuery.Pointer(12), 5, 60, DnsQuery.WireName("elsewhere.example.test")))));
    }

    [Fact]
    public void Garbage_TheSecondAnswers()
    {
        var random = new Random(1);
        Assert.Equal(FromSecond, Resolve(q => { var b = new byte[200]; random.NextBytes(b); return b; }));
        Assert.Equal(FromSecond, Resolve(q => new byte[5]));
        Assert.Equal(FromSecond, Resolve(q => Array.Empty<byte>()));
        // Garbage after a correct header and question.
        Assert.Equal(FromSecond, Resolve(q => { var b = new byte[300]; random.NextBytes(b); return Concat(q.Reply(), b).Select((x, i) => i == 7 ? (byte)9 : x).ToArray(); }));
    }

    [Fact]
    public void OversizedDatagrams_AndAFlood_TheSecondAnswers()
    {
        // A valid reply padded past 512 bytes (we sent no EDNS), a 60 000-byte datagram, then a flood.
        Assert.Equal(FromSecond, Resolve(q => new[]
        {
            new FakeReply(Concat(q.A(FromFake), new byte[600])),
            new FakeReply(new byte[60000]),
        }.Concat(Enumerable.Range(0, 200).Select(_ => new FakeReply(new byte[100])))));
    }

    [Fact]
    public void BothServersFail_Is38027()
    {
        using var first = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.Reply(rcode: 2));
        using var second = new FakeDnsServer(DnsServersFixture.Fake2, _dns.Port, q => q.Reply(rcode: 3)) { Silence = first.Silence };
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, DnsServersFixture.Fake2, silence: first.Silence);
        Assert.Equal("#CME ERROR: 38027", rig.Resolve(Name));
        Assert.Single(first.Queries);
        Assert.Single(second.Queries);
    }

    // ---- the query itself ----

    [Fact]
    public void Query_IsAStandardRecursiveAQuery_WithRandomIdAndSourcePort()
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.A(FromFake, ttl: 0));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        for (int i = 0; i < 12; i++) Assert.Equal(FromFake, rig.Resolve("One.Example.Test"));
        var queries = fake.Queries;
        Assert.Equal(12, queries.Count); // TTL 0: never cached
        foreach (var q in queries)
        {
            Assert.Equal(0x0100, q.Flags);                                   // QUERY, RD
            Assert.Equal(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }, q.Bytes[4..12]);
            Assert.Equal("One.Example.Test", q.Name);                        // sent as given
            Assert.Equal(new byte[] { 0, 1, 0, 1 }, q.Bytes[^4..]);          // A, IN
        }
        Assert.True(queries.Select(q => q.Id).Distinct().Count() >= 10, "query IDs repeat");
        Assert.True(queries.Select(q => q.SourcePort).Distinct().Count() >= 10, "source ports repeat");
    }

    // ---- the cache ----

    [Fact]
    public void Cache_HonoursTtl_WithAMovedClock()
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.A(FromFake, ttl: 30));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        Assert.Equal(FromFake, rig.Resolve(Name));
        rig.Clock.Skip(29_000);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Single(fake.Queries);
        rig.Clock.Skip(1_500);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Equal(2, fake.Queries.Count);
    }

    [Fact]
    public void Cache_KeepsTheSmallestTtlOfTheChain()
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.Reply(answers: new[]
        {
            DnsQuery.Record(DnsQuery.Pointer(12), 5, 10, DnsQuery.WireName("t.example.test")),
            DnsQuery.Record(DnsQuery.WireName("t.example.test"), 1, 3600, DnsQuery.Ip(FromFake)),
        }));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        Assert.Equal(FromFake, rig.Resolve(Name));
        rig.Clock.Skip(9_000);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Single(fake.Queries);
        rig.Clock.Skip(2_000);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Equal(2, fake.Queries.Count);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x80000000u)] // RFC 2181: top bit set counts as zero
    public void Cache_SkipsTtlZero(uint ttl)
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.A(FromFake, ttl));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Equal(2, fake.Queries.Count);
    }

    [Fact]
    public void Cache_IsCappedAtADay()
    {
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.A(FromFake, 0x7FFFFFFF));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        Assert.Equal(FromFake, rig.Resolve(Name));
        rig.Clock.Skip(Resolver.MaxCacheSeconds * 1000L - 1000);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Single(fake.Queries);
        rig.Clock.Skip(2000);
        Assert.Equal(FromFake, rig.Resolve(Name));
        Assert.Equal(2, fake.Queries.Count);
    }

    [Fact]
    public void Cache_HoldsFourNames_TheOneExpiringFirstMakesRoom()
    {
        // Each name's TTL is 100 s; resolved one second apart, so n1 expires first.
        using var fake = new FakeDnsServer(DnsServersFixture.Fake1, _dns.Port, q => q.A(FromFake, 100));
        var rig = new DnsRig(_dns.Port, DnsServersFixture.Fake1, silence: fake.Silence);
        for (int i = 1; i <= Resolver.CacheEntries; i++)
        {
            Assert.Equal(FromFake, rig.Resolve($"n{i}.example.test"));
            rig.Clock.Skip(1000);
        }
        Assert.Equal(4, fake.Queries.Count);
        for (int i = 1; i <= 4; i++) rig.Resolve($"n{i}.example.test");
        Assert.Equal(4, fake.Queries.Count);                  // all four cached
        rig.Resolve("n5.example.test");                      // evicts n1
        Assert.Equal(5, fake.Queries.Count);
        for (int i = 2; i <= 5; i++) rig.Resolve($"n{i}.example.test");
        Assert.Equal(5, fake.Queries.Count);
        rig.Resolve("n1.example.test");
        Assert.Equal(6, fake.Queries.Count);
        Assert.Equal("n1.example.test", fake.Queries[^1].Name);
    }
}
