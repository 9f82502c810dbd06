using System.Text;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Audit;

public sealed class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static AuditEvent Read(int i, string purpose = "investigation") => new(new AuditActor("user", Guid.NewGuid(), $"officer{i % 7}", Guid.NewGuid()), "record.read")
    {
        RecordType = "seizure",
        RecordId = $"SZ-{i}",
        RecordAgencyId = Guid.NewGuid(),
        Purpose = purpose,
        Decision = i % 3 == 0 ? AuditDecision.Redact : AuditDecision.Allow,
        Details = new { agreement = "AGR-7", fields = new[] { "name", "passport" }, weight = 1.5 },
    };

    internal static async Task<List<AuditEntry>> AllAsync(TestStore s)
    {
        await using var db = s.Open();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.LeafIndex).ToListAsync(Ct);
    }

    [Fact]
    public void Canonical_bytes_are_RFC_8785_JSON_with_every_member_in_order()
    {
        var entry = new AuditEntry
        {
            LeafIndex = 7,
            Time = new DateTimeOffset(2026, 11, 22, 17, 27, 21, TimeSpan.Zero).AddTicks(1234567),
            ActorKind = "user",
            ActorUserId = Guid.Parse("11111111-2222-3333-4444-555555555555"),
            ActorName = "oscar \"the\" officer\n",
            ActorAgencyId = null,
            Action = "record.read",
            RecordType = "seizure",
            RecordId = "SZ-1",
            Purpose = "investigation",
            Decision = AuditDecision.Redact,
            Details = AuditCanonical.Json(new { z = 1, a = new[] { 1e21, 0.000001, -2.5 }, é = "ü" }),
            LeafHash = [],
        };
        entry.Time = AuditCanonical.Truncate(entry.Time);
        Assert.Equal(
            "{\"action\":\"record.read\",\"actorAgency\":null,\"actorId\":\"11111111-2222-3333-4444-555555555555\",\"actorKind\":\"user\","
            + "\"actorName\":\"oscar \\\"the\\\" officer\\n\",\"decision\":\"redact\",\"details\":{\"a\":[1e+21,0.000001,-2.5],\"z\":1,\"é\":\"ü\"},"
            + "\"index\":7,\"purpose\":\"investigation\",\"recordAgency\":null,\"recordId\":\"SZ-1\",\"recordType\":\"seizure\","
            + "\"time\":\"2026-11-22T17:27:21.123456Z\",\"v\":1}",
            Encoding.UTF8.GetString(AuditCanonical.Bytes(entry)));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(4.5e-300, "4.5e-300")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    public void Numbers_in_details_print_as_ECMAScript_does(double value, string expected)
        => Assert.Equal(expected, AuditCanonical.Number(value));

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_entry_commits_with_the_change_in_the_same_SaveChanges(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var db = s.Open())
        {
            var agency = new Agency { Code = "NCA", Name = "National Customs", Country = "NL" };
            db.Agencies.Add(agency);
            AuditLog.Append(db, Actor.LocalOperator, "agency.create", "agency", agency.Id.ToString(), agency.Id, new { code = "NCA" });
            AuditLog.Append(db, new AuditEvent(AuditActor.System, "checkpoint.test"));
            await db.SaveChangesAsync(Ct);
            // An entry alone (no other change) is saved too.
            AuditLog.Append(db, new AuditEvent(AuditActor.Anonymous("mallory"), "signin.failure") { Details = new { reason = "unknown-user" } });
            await db.SaveChangesAsync(Ct);
        }
        var entries = await AllAsync(s);
        Assert.Equal([0L, 1L, 2L], entries.Select(e => e.LeafIndex));
        Assert.Equal(["agency.create", "checkpoint.test", "signin.failure"], entries.Select(e => e.Action));
        // The store added the record's values to the feature's own entry rather than writing a second one.
        Assert.StartsWith("{\"changes\":{\"code\":{\"to\":\"NCA\"},\"country\":{\"to\":\"NL\"}", entries[0].Details, StringComparison.Ordinal);
        Assert.EndsWith("},\"code\":\"NCA\"}", entries[0].Details, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal(AuditCanonical.LeafHash(e), e.LeafHash));
        await using var read = s.Open();
        Assert.Equal(Merkle.Root(entries.Select(e => e.LeafHash).ToList()), await AuditTree.RootAsync(read, 3, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_failed_change_leaves_no_entry_and_the_next_one_takes_the_free_index(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var db = s.Open())
        {
            db.Agencies.Add(new Agency { Code = "NCA", Name = "National Customs", Country = "NL" });
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = s.Open())
        {
            db.Agencies.Add(new Agency { Code = "NCA", Name = "Duplicate", Country = "NL" });
            AuditLog.Append(db, Actor.LocalOperator, "agency.create", "agency", "dup");
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }
        // Only the first agency's creation, which the store audited by itself.
        Assert.Equal("agency.create", Assert.Single(await AllAsync(s)).Action);
        await using (var db = s.Open())
        {
            AuditLog.Append(db, Actor.LocalOperator, "agency.list");
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(1L, (await AllAsync(s)).Single(e => e.Action == "agency.list").LeafIndex);
    }

    [Fact]
    public void A_bad_event_is_refused_naming_its_fields()
    {
        var entry = AuditLog.ToEntry(new AuditEvent(new AuditActor("robot", null, "", null), "Record Read!") { Purpose = "" }, TestClock.Now, out var errors);
        Assert.Null(entry);
        var e = new ValidationFailed(errors.ToDictionary());
        Assert.Throws<ValidationFailed>(() => AuditLog.Append(null!, new AuditEvent(AuditActor.System, "Bad Action")));
        Assert.Equal(["action", "actor.kind", "actor.name", "purpose"], e.Errors.Keys.Order());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_batch_lands_its_good_events_and_names_the_bad_ones(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var events = Enumerable.Range(0, 300).Select(i => Read(i)).ToList();
        events[17] = events[17] with { Action = "READ" };
        events[250] = Read(250) with { RecordType = "Seizure!" };
        await using (var db = s.Open())
        {
            var result = await AuditLog.AppendBatchAsync(db, events, Ct);
            Assert.Equal(0, result.FirstIndex);
            Assert.Equal(298, result.Appended);
            Assert.Equal([17, 250], result.Rejected.Select(r => r.Position));
            Assert.Equal("action", Assert.Single(result.Rejected[0].Errors.Keys));
            Assert.Equal("recordType", Assert.Single(result.Rejected[1].Errors.Keys));
            var second = await AuditLog.AppendBatchAsync(db, [Read(1000)], Ct);
            Assert.Equal(298, second.FirstIndex);
        }
        var entries = await AllAsync(s);
        Assert.Equal(Enumerable.Range(0, 299).Select(i => (long)i), entries.Select(e => e.LeafIndex));
        Assert.All(entries, e => Assert.Equal(AuditCanonical.LeafHash(e), e.LeafHash));
        await using var read = s.Open();
        Assert.Equal(Merkle.Root(entries.Select(e => e.LeafHash).ToList()), await AuditTree.RootAsync(read, entries.Count, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Concurrent_writers_get_gapless_indexes_and_a_consistent_tree(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await using var db = s.Open();
                AuditLog.Append(db, Read((w * 100) + i));
                if (i % 5 == 0)
                {
                    await AuditLog.AppendBatchAsync(db, [Read(w), Read(w + 1)], Ct);
                }
                await db.SaveChangesAsync(Ct);
            }
        }, Ct)).ToList();
        await Task.WhenAll(writers);
        var entries = await AllAsync(s);
        Assert.Equal(Enumerable.Range(0, 4 * (25 + 10)).Select(i => (long)i), entries.Select(e => e.LeafIndex));
        var leaves = entries.Select(e => e.LeafHash).ToList();
        await using var read = s.Open();
        for (var size = 1; size <= leaves.Count; size += 13)
        {
            Assert.Equal(Merkle.Root(leaves.Take(size).ToList()), await AuditTree.RootAsync(read, size, Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Proofs_from_the_stored_tree_verify_and_bad_sizes_are_refused(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        await AuditLog.AppendBatchAsync(db, Enumerable.Range(0, 37).Select(i => Read(i)).ToList(), Ct);
        var leaves = (await AllAsync(s)).Select(e => e.LeafHash).ToList();
        for (var size = 1; size <= 37; size += 3)
        {
            var root = Merkle.Root(leaves.Take(size).ToList());
            for (var index = 0; index < size; index += 2)
            {
                var proof = await AuditTree.InclusionAsync(db, index, size, Ct);
                Assert.Equal(leaves[index], proof.LeafHash);
                Assert.True(Merkle.VerifyInclusion((ulong)index, (ulong)size, proof.LeafHash, proof.Proof, root));
            }
            for (var from = 1; from <= size; from += 4)
            {
                var proof = await AuditTree.ConsistencyAsync(db, from, size, Ct);
                Assert.True(Merkle.VerifyConsistency((ulong)from, (ulong)size, proof.Proof, Merkle.Root(leaves.Take(from).ToList()), root));
            }
        }
        Assert.Equal("size", Assert.Single((await Assert.ThrowsAsync<ValidationFailed>(() => AuditTree.InclusionAsync(db, 0, 38, Ct))).Errors.Keys));
        Assert.Equal("index", Assert.Single((await Assert.ThrowsAsync<ValidationFailed>(() => AuditTree.InclusionAsync(db, 5, 5, Ct))).Errors.Keys));
        Assert.Equal("from", Assert.Single((await Assert.ThrowsAsync<ValidationFailed>(() => AuditTree.ConsistencyAsync(db, 0, 5, Ct))).Errors.Keys));
        Assert.Equal("to", Assert.Single((await Assert.ThrowsAsync<ValidationFailed>(() => AuditTree.ConsistencyAsync(db, 1, 99, Ct))).Errors.Keys));
    }
}
