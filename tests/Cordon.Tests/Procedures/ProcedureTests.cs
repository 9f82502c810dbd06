using Cordon.Common;
using Cordon.Procedures;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Procedures;

public sealed class ProcedureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static ProcedureInput Input(int months = 12) => new("Physical inspection of containers", [], ["officer", "supervisor"], [ProcedureProcesses.Inspection], months,
        "TLP:GREEN", [], "# Before opening\n- Check the seals.\n\nTwo officers are present.", null);

    private static async Task<AccessPolicy> PolicyAsync(TestStore s, string user)
    {
        await using var db = s.Open();
        return await AccessPolicy.ForAsync(db, await s.ActorAsync(user), Purpose.Investigation, T0, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Supervisors_see_who_in_scope_has_not_acknowledged_the_version_in_force(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var supervisor = await s.ActorAsync("supervisor");
        var created = await Cordon.Procedures.Procedures.CreateAsync(db, supervisor, Input(), T0, Ct);
        Assert.Null(created.CurrentVersion);

        // A draft is not in force: nobody can acknowledge it yet.
        var officerPolicy = await PolicyAsync(s, "officer");
        var early = await Assert.ThrowsAsync<Conflict>(() => Cordon.Procedures.Procedures.AcknowledgeAsync(db, officerPolicy, created.Id, T0, Ct));
        Assert.Contains("no approved version", early.Message, StringComparison.Ordinal);
        // Officers neither approve nor are analysts in scope.
        await Assert.ThrowsAsync<Forbidden>(() => Cordon.Procedures.Procedures.ApproveAsync(db, officerPolicy.Actor, created.Id, 1, T0, Ct));
        await Assert.ThrowsAsync<Forbidden>(async () => await Cordon.Procedures.Procedures.AcknowledgeAsync(db, await PolicyAsync(s, "analyst"), created.Id, T0, Ct));

        var approved = await Cordon.Procedures.Procedures.ApproveAsync(db, await s.ActorAsync("admin"), created.Id, 1, T0, Ct);
        Assert.Equal(1, approved.CurrentVersion);
        Assert.Equal(new DateOnly(2027, 3, 2), approved.NextReviewOn);
        await Cordon.Procedures.Procedures.AcknowledgeAsync(db, officerPolicy, created.Id, T0.AddDays(1), Ct);
        await Cordon.Procedures.Procedures.AcknowledgeAsync(db, officerPolicy, created.Id, T0.AddDays(2), Ct); // idempotent

        var list = await Cordon.Procedures.Procedures.AcknowledgmentsAsync(db, await PolicyAsync(s, "supervisor"), created.Id, Ct);
        Assert.Equal((2, 1), (list.InScope, list.Acknowledged));
        Assert.Equal(["supervisor", "officer"], list.Users.Select(u => u.User));
        Assert.False(list.Users[0].Acknowledged);
        Assert.Equal(T0.AddDays(1), list.Users[1].AcknowledgedAt);

        // A new version in force must be read again: the officer's acknowledgment was of version 1.
        await Cordon.Procedures.Procedures.DraftAsync(db, supervisor, created.Id, new DraftInput("# Before opening\n- Check and photograph the seals.", "Photograph the seals."), T0.AddDays(30), Ct);
        var draftOnly = await Cordon.Procedures.Procedures.AcknowledgmentsAsync(db, await PolicyAsync(s, "supervisor"), created.Id, Ct);
        Assert.Equal(1, draftOnly.Acknowledged);
        await Cordon.Procedures.Procedures.ApproveAsync(db, supervisor, created.Id, 2, T0.AddDays(31), Ct);
        var after = await Cordon.Procedures.Procedures.AcknowledgmentsAsync(db, await PolicyAsync(s, "supervisor"), created.Id, Ct);
        Assert.Equal(0, after.Acknowledged);
        Assert.Equal(1, after.Users.Single(u => u.User == "officer").LastVersionRead);

        // Officers do not see the list; every change is in the audit log.
        await Assert.ThrowsAsync<Forbidden>(() => Cordon.Procedures.Procedures.AcknowledgmentsAsync(db, officerPolicy, created.Id, Ct));
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == RecordTypes.Procedure && e.RecordId == created.Id.ToString()).OrderBy(e => e.LeafIndex).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["procedure.create", "procedure.approve", "procedure.acknowledge", "procedure.draft", "procedure.approve"],
            actions.Where(a => a.StartsWith("procedure.", StringComparison.Ordinal)));
        var versions = await db.ProcedureVersions.AsNoTracking().Where(v => v.ProcedureId == created.Id).OrderBy(v => v.Number).Select(v => v.Status).ToListAsync(Ct);
        Assert.Equal([ProcedureVersionStatus.Superseded, ProcedureVersionStatus.Approved], versions);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_overdue_review_alerts_the_owner_once_until_the_review_is_confirmed(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var supervisor = await s.ActorAsync("supervisor");
        var created = await Cordon.Procedures.Procedures.CreateAsync(db, supervisor, Input(months: 6), T0, Ct);
        // Drafts are never due for review.
        Assert.Equal(0, await ProcedureReviews.SweepAsync(db, T0.AddYears(2), Ct));
        await Cordon.Procedures.Procedures.ApproveAsync(db, supervisor, created.Id, 1, T0, Ct);

        Assert.Equal(0, await ProcedureReviews.SweepAsync(db, T0.AddMonths(6), Ct)); // due today: not yet overdue
        Assert.Equal(1, await ProcedureReviews.SweepAsync(db, T0.AddMonths(6).AddDays(1), Ct));
        Assert.Equal(0, await ProcedureReviews.SweepAsync(db, T0.AddMonths(6).AddDays(9), Ct));
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == ProcedureReviews.AlertKind, Ct);
        Assert.Equal((supervisor.AgencyId!.Value, created.Id.ToString(), RecordTypes.Procedure), (alert.OwningAgencyId, alert.RecordId!, alert.RecordType!));
        Assert.Equal(supervisor.AgencyId.Value.ToString(), alert.Recipients?.Trim(','));
        Assert.Contains("was due for review on 2026-09-02; 1 day(s) late", alert.Summary, StringComparison.Ordinal);
        var view = (await Cordon.Procedures.Procedures.ListAsync(db, await PolicyAsync(s, "supervisor"), null, T0.AddMonths(6).AddDays(1), Ct)).Single();
        Assert.True(view.ReviewOverdue);

        // Reviewed without change: the next review is six months on, and alerts again only once that is overdue.
        var reviewedAt = T0.AddMonths(7);
        var reviewed = await Cordon.Procedures.Procedures.ConfirmReviewAsync(db, supervisor, created.Id, reviewedAt, Ct);
        Assert.Equal(new DateOnly(2027, 4, 2), reviewed.NextReviewOn);
        Assert.Equal(0, await ProcedureReviews.SweepAsync(db, reviewedAt.AddDays(1), Ct));
        Assert.Equal(1, await ProcedureReviews.SweepAsync(db, reviewedAt.AddMonths(6).AddDays(2), Ct));
        Assert.Equal(2, await db.Alerts.CountAsync(a => a.Kind == ProcedureReviews.AlertKind, Ct));
    }

    [Fact]
    public void A_procedure_text_is_split_into_headings_items_and_paragraphs_and_never_read_as_markup()
    {
        var blocks = Cordon.Server.Pages.Procedures.ProcedureText.Blocks("# Seizure\n- Seal the <b>goods</b>.\nfirst line\nsecond line\n\n## Custody\nHand over.");
        Assert.Equal(
            [("Heading", "Seizure"), ("Item", "Seal the <b>goods</b>."), ("Paragraph", "first line second line"), ("Heading", "Custody"), ("Paragraph", "Hand over.")],
            blocks.Select(b => (b.Kind.ToString(), b.Text)));
    }
}
