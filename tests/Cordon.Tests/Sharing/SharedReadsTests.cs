using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

public sealed class SharedReadsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Actor> As(TestStore s, string userName) => s.ActorAsync(userName);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_decision_on_another_agencys_record_is_audited_and_break_glass_is_put_up_for_review(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var seed = s.Open())
        {
            await DemoSeed.SeedAsync(seed, TestClock.Now, Ct);
        }
        var ncaAdmin = await As(s, "admin");
        var bpAdmin = await As(s, "bp.admin");
        var bpOfficer = await As(s, "bp.officer");
        var pcaOfficer = await As(s, "pca.officer");
        await using var db = s.Open();
        var agreement = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms("Seizures to NBP", "NCA", "NBP", ["seizure"], "TLP:AMBER",
            ["investigation", "statistics"], [new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics])], false, null, null), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TestClock.Now, Ct);
        var seizure = new RecordRef(RecordTypes.Seizure, ncaAdmin.AgencyId!.Value, Tlp.Green, RecordId: "SZ-2026-0001");
        var before = await db.AuditEntries.CountAsync(Ct);

        var read = await SharedReads.AuthorizeAsync(db, await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Investigation, ct: Ct), seizure, ct: Ct);
        Assert.Equal(AccessKind.Allow, read.Kind);
        var statistics = await SharedReads.AuthorizeAsync(db, await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Statistics, ct: Ct), seizure, ct: Ct);
        Assert.Equal(AccessKind.Redact, statistics.Kind);
        var view = SharedReads.View(new { id = "SZ-2026-0001", commodity = "cocaine", owner = "Jan Jansen" }, statistics).ToJsonString();
        Assert.DoesNotContain("Jansen", view, StringComparison.Ordinal);

        var denied = await Assert.ThrowsAsync<Forbidden>(async () =>
            await SharedReads.AuthorizeAsync(db, await AccessPolicy.ForAsync(db, pcaOfficer, Purpose.Investigation, ct: Ct), seizure, ct: Ct));
        Assert.Contains("No sharing agreement lets PCA read NCA's records", denied.Message, StringComparison.Ordinal);

        var supervisor = new Actor(pcaOfficer.UserId, pcaOfficer.AgencyId, Roles.Supervisor, "pca.supervisor", ActorKind.User);
        var glass = await SharedReads.AuthorizeAsync(db, await AccessPolicy.ForAsync(db, supervisor, Purpose.Investigation, ct: Ct), seizure,
            "Suspect vessel arriving in two hours, owner unreachable", Ct);
        Assert.True(glass.BreakGlass);
        var review = await db.BreakGlassAccesses.SingleAsync(Ct);
        Assert.Equal(ncaAdmin.AgencyId, review.OwningAgencyId);
        Assert.Equal("SZ-2026-0001", review.RecordId);

        var logged = await db.AuditEntries.AsNoTracking().OrderBy(e => e.LeafIndex).Skip(before).ToListAsync(Ct);
        // The reads in order; the break-glass also put up for review and the owner alerted (written by the store).
        var reads = logged.Where(e => e.Action is "record.read" or "access.deny" or "access.break-glass").ToList();
        Assert.Equal(["record.read", "record.read", "access.deny", "access.break-glass"], reads.Select(e => e.Action));
        Assert.All(reads, e => Assert.Equal("SZ-2026-0001", e.RecordId));
        Assert.Equal(["alert.create", "break-glass.create"], logged.Except(reads).Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.Equal(["investigation", "statistics", "investigation", "investigation"], reads.Select(e => e.Purpose));
    }
}
