using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

public sealed class AgreementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TestStore> SeededAsync(string store) => DemoActors.SeededStoreAsync(store);

    private static Task<Actor> As(TestStore s, string userName) => s.ActorAsync(userName);

    private static AgreementTerms Terms(string title = "Seizures to border police", string max = "TLP:AMBER") => new(
        title, "NCA", "NBP", ["seizure", "declaration"], max, ["investigation", "statistics"],
        [new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics])], false, TestClock.Now.AddMinutes(-1), TestClock.Now.AddYears(1));

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agreement_takes_effect_only_when_both_parties_approved_and_revocation_acts_at_once(string store)
    {
        await using var s = await SeededAsync(store);
        var ncaAdmin = await As(s, "admin");
        var bpAdmin = await As(s, "bp.admin");
        var bpOfficer = await As(s, "bp.officer");
        var record = new RecordRef(RecordTypes.Seizure, ncaAdmin.AgencyId!.Value, Tlp.Green);

        AgreementView proposed;
        await using (var db = s.Open())
        {
            proposed = await Agreements.ProposeAsync(db, ncaAdmin, Terms(), TestClock.Now, Ct);
            Assert.Equal("PendingApproval", proposed.Status);
            Assert.NotNull(proposed.ProviderApprovedAt);
            var pending = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Investigation, ct: Ct);
            Assert.Contains("awaits approval by NBP", pending.Decide(record).Reason, StringComparison.Ordinal);
        }
        await using (var db = s.Open())
        {
            await Assert.ThrowsAsync<Forbidden>(() => Agreements.ApproveAsync(db, bpOfficer, proposed.Id, TestClock.Now, Ct));
            var approved = await Agreements.ApproveAsync(db, bpAdmin, proposed.Id, TestClock.Now, Ct);
            Assert.Equal("Active", approved.Status);
            Assert.True(approved.InForce);
            var policy = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Investigation, ct: Ct);
            Assert.Equal(AccessKind.Allow, policy.Decide(record).Kind);
            var statistics = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Statistics, ct: Ct);
            Assert.Equal(AccessKind.Redact, statistics.Decide(record).Kind);
        }
        await using (var db = s.Open())
        {
            await Assert.ThrowsAsync<ValidationFailed>(() => Agreements.RevokeAsync(db, bpAdmin, proposed.Id, " ", TestClock.Now, Ct));
            var revoked = await Agreements.RevokeAsync(db, bpAdmin, proposed.Id, "Partner asked to stop", TestClock.Now, Ct);
            Assert.Equal("Revoked", revoked.Status);
            var policy = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Investigation, ct: Ct);
            Assert.Contains("was revoked", policy.Decide(record).Reason, StringComparison.Ordinal);
            var versions = await Agreements.VersionsAsync(db, ncaAdmin, proposed.Id, Ct);
            Assert.Equal(["proposed", "approved: in force", "revoked"], versions.Select(v => v.Change));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Changing_terms_makes_a_new_version_that_needs_both_approvals_again(string store)
    {
        await using var s = await SeededAsync(store);
        var ncaAdmin = await As(s, "admin");
        var bpAdmin = await As(s, "bp.admin");
        await using var db = s.Open();
        var v1 = await Agreements.ProposeAsync(db, ncaAdmin, Terms(), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, bpAdmin, v1.Id, TestClock.Now, Ct);

        var v2 = await Agreements.ChangeAsync(db, bpAdmin, v1.Id, Terms(max: "TLP:RED"), TestClock.Now, Ct);
        Assert.Equal(2, v2.Version);
        Assert.Equal("PendingApproval", v2.Status);
        Assert.Null(v2.ProviderApprovedAt);
        Assert.NotNull(v2.RecipientApprovedAt);
        var active = await Agreements.ApproveAsync(db, ncaAdmin, v1.Id, TestClock.Now, Ct);
        Assert.Equal("TLP:RED", active.MaxMarking);
        Assert.Equal("Active", active.Status);
        await Assert.ThrowsAsync<Conflict>(() => Agreements.ApproveAsync(db, ncaAdmin, v1.Id, TestClock.Now, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_the_parties_see_an_agreement_and_bad_terms_are_named(string store)
    {
        await using var s = await SeededAsync(store);
        var ncaAdmin = await As(s, "admin");
        var pcaAdmin = await As(s, "pca.admin");
        await using var db = s.Open();
        var proposed = await Agreements.ProposeAsync(db, ncaAdmin, Terms(), TestClock.Now, Ct);
        Assert.Empty(await Agreements.ListAsync(db, pcaAdmin, TestClock.Now, Ct));
        await Assert.ThrowsAsync<NotFound>(() => Agreements.GetAsync(db, pcaAdmin, proposed.Id, TestClock.Now, Ct));
        await Assert.ThrowsAsync<NotFound>(() => Agreements.ApproveAsync(db, pcaAdmin, proposed.Id, TestClock.Now, Ct));
        await Assert.ThrowsAsync<Forbidden>(() => Agreements.ProposeAsync(db, pcaAdmin, Terms(), TestClock.Now, Ct));

        var bad = await Assert.ThrowsAsync<ValidationFailed>(() => Agreements.ProposeAsync(db, ncaAdmin,
            new AgreementTerms("x", "NCA", "NCA", ["spaceships"], "TLP:PURPLE", ["curiosity"], null, false, null, TestClock.Now.AddYears(-1)), TestClock.Now, Ct));
        Assert.Equal(["maxMarking", "purposes", "recipient", "recordTypes", "title", "validUntil"], bad.Errors.Keys.Order());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_policy_filter_translates_to_sql_and_returns_exactly_what_decide_allows(string store)
    {
        await using var s = await SeededAsync(store);
        var ncaAdmin = await As(s, "admin");
        var bpAdmin = await As(s, "bp.admin");
        var pcaOfficer = await As(s, "pca.officer");
        var bpOfficer = await As(s, "bp.officer");
        await using var db = s.Open();
        var agreement = await Agreements.ProposeAsync(db, ncaAdmin, Terms(max: "TLP:AMBER"), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TestClock.Now, Ct);

        // Jobs are owned, marked records: a real table to check the SQL translation on each store.
        foreach (var (owner, marking) in new[] { (ncaAdmin, Tlp.Clear), (ncaAdmin, Tlp.Amber), (ncaAdmin, Tlp.AmberStrict), (ncaAdmin, Tlp.Red), (pcaOfficer, Tlp.Clear), (bpOfficer, Tlp.Red) })
        {
            await JobQueue.EnqueueAsync(db, owner, "probe", $"{owner.Name} {marking}", new { }, TestClock.Now, marking, Ct);
        }
        var policy = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Investigation, ct: Ct);
        var listed = await policy.Filter(db.Jobs.AsNoTracking(), RecordTypes.Seizure).Select(j => j.Title).OrderBy(t => t).ToListAsync(Ct);
        var decided = (await db.Jobs.AsNoTracking().ToListAsync(Ct))
            .Where(j => policy.Decide(new RecordRef(RecordTypes.Seizure, j.OwningAgencyId, j.Marking)).Allowed)
            .Select(j => j.Title).OrderBy(t => t).ToList();
        Assert.Equal(decided, listed);
        Assert.Equal(["admin Amber", "admin Clear", "bp.officer Red"], listed);
        Assert.Equal(3, await policy.Filter(db.Jobs, RecordTypes.Seizure).CountAsync(Ct));

        var otherPurpose = await AccessPolicy.ForAsync(db, bpOfficer, Purpose.Prosecution, ct: Ct);
        Assert.Equal(["bp.officer Red"], await otherPurpose.Filter(db.Jobs.AsNoTracking(), RecordTypes.Seizure).Select(j => j.Title).ToListAsync(Ct));
    }
}
