using Cordon.Declarations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Declarations;

public sealed class StorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_same_declaration_twice_is_stored_once_and_an_amendment_becomes_version_2_with_history(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var first = await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("api", "alice"), [Samples.Candidate(Samples.Declaration())], Ct);
        Assert.Equal(IntakeOutcome.Accepted, first[0].Outcome);

        // Same content, written differently (codes in lower case, 1000.00 for 1000): a duplicate.
        var again = Samples.Declaration();
        again.Office = "nl000396";
        again.Items![0].Fob = 1000.00m;
        var second = await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("api", "bob"), [Samples.Candidate(again)], Ct);
        Assert.Equal(IntakeOutcome.Duplicate, second[0].Outcome);
        Assert.Equal(first[0].Id, second[0].Id);

        var amended = Samples.Declaration();
        amended.Items![1].Quantity = 25;
        var third = await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("batch", "carol"), [Samples.Candidate(amended)], Ct);
        Assert.Equal(IntakeOutcome.Amended, third[0].Outcome);
        Assert.Equal(2, third[0].Version);

        await using var db = s.Open();
        var stored = await db.Declarations.Include(d => d.Items).SingleAsync(Ct);
        Assert.Equal(first[0].Id, stored.Id);
        Assert.Equal(2, stored.Version);
        Assert.Equal(25m, stored.Items.Single(i => i.Line == 2).Quantity);
        Assert.Equal(new DateOnly(2025, 3, 14), stored.LodgedOn);
        Assert.Equal(TransportMode.Sea, stored.TransportMode);
        Assert.Equal("carol", stored.UpdatedBy);
        var versions = await db.DeclarationVersions.Where(v => v.DeclarationId == stored.Id).OrderBy(v => v.Version).ToListAsync(Ct);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(["alice", "carol"], versions.Select(v => v.ReceivedBy));
        Assert.Contains("\"quantity\":20", versions[0].Content, StringComparison.Ordinal);
        Assert.Contains("\"quantity\":25", versions[1].Content, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Two_clients_sending_the_same_declaration_at_once_end_with_exactly_one(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        for (var round = 0; round < 5; round++)
        {
            var number = $"RACE{round}";
            using var start = new ManualResetEventSlim();
            var senders = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                start.Wait(Ct);
                return await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("api", $"client{i}"), [Samples.Candidate(Samples.Declaration(number))], Ct);
            }, Ct)).ToArray();
            start.Set();
            var results = (await Task.WhenAll(senders)).Select(r => r[0]).ToList();
            Assert.Single(results, r => r.Outcome == IntakeOutcome.Accepted);
            Assert.Equal(5, results.Count(r => r.Outcome == IntakeOutcome.Duplicate));
            Assert.Single(results.Select(r => r.Id).Distinct());
        }
        await using var db = s.Open();
        Assert.Equal(5, await db.Declarations.CountAsync(Ct));
        Assert.Equal(5, await db.DeclarationVersions.CountAsync(Ct));
        Assert.Equal(10, await db.DeclarationItems.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_batch_stores_every_good_record_and_quarantines_every_bad_one_with_its_reasons(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var bad = Samples.Declaration("BAD1");
        bad.Items![1].HsCode = "851799";
        var alsoBad = Samples.Declaration("BAD2");
        alsoBad.Currency = "EURO";
        var batch = new[] { Samples.Declaration("GOOD1"), bad, Samples.Declaration("GOOD2"), alsoBad, Samples.Declaration("GOOD1") }
            .Select((d, i) => Samples.Candidate(d, i)).ToList();
        var results = await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("batch"), batch, Ct);
        Assert.Equal([IntakeOutcome.Accepted, IntakeOutcome.Rejected, IntakeOutcome.Accepted, IntakeOutcome.Rejected, IntakeOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Equal("BAD1", results[1].Number);
        Assert.Contains("items[1].hsCode", results[1].Errors!.Keys);
        Assert.Contains("currency", results[3].Errors!.Keys);

        // Sending the same bad records again quarantines nothing new.
        await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context("batch"), batch, Ct);
        await using var db = s.Open();
        Assert.Equal(2, await db.Declarations.CountAsync(Ct));
        var quarantined = await db.QuarantinedRecords.OrderBy(q => q.Number).ToListAsync(Ct);
        Assert.Equal(["BAD1", "BAD2"], quarantined.Select(q => q.Number));
        Assert.True(quarantined[0].ContentIsJson);
        Assert.Contains("items[1].hsCode", quarantined[0].Errors, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_repeated_key_within_one_batch_becomes_an_amendment_of_the_earlier_copy(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var changed = Samples.Declaration();
        changed.Items![0].Description = "Smartphones, refurbished";
        var results = await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context(),
            [Samples.Candidate(Samples.Declaration(), 0), Samples.Candidate(changed, 1), Samples.Candidate(changed, 2)], Ct);
        Assert.Equal([IntakeOutcome.Accepted, IntakeOutcome.Amended, IntakeOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Equal([1, 2, 2], results.Select(r => r.Version!.Value));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Consignments_are_idempotent_and_versioned_with_their_containers(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var first = await Intake.SubmitConsignmentsAsync(s.Settings, Samples.Context(), [Samples.Candidate(Samples.Consignment())], Ct);
        var again = await Intake.SubmitConsignmentsAsync(s.Settings, Samples.Context(), [Samples.Candidate(Samples.Consignment())], Ct);
        var changed = Samples.Consignment();
        changed.Containers = ["CSQU3054383"];
        var amended = await Intake.SubmitConsignmentsAsync(s.Settings, Samples.Context(), [Samples.Candidate(changed)], Ct);
        Assert.Equal(IntakeOutcome.Accepted, first[0].Outcome);
        Assert.Equal(IntakeOutcome.Duplicate, again[0].Outcome);
        Assert.Equal(IntakeOutcome.Amended, amended[0].Outcome);
        await using var db = s.Open();
        var stored = await db.Consignments.Include(c => c.Containers).SingleAsync(Ct);
        Assert.Equal(2, stored.Version);
        Assert.Equal("CSQU3054383", Assert.Single(stored.Containers).ContainerNumber);
        Assert.Equal("CN SG NL", stored.Route);
        Assert.Equal(2, await db.ConsignmentVersions.CountAsync(Ct));
    }
}
