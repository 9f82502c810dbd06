using Cordon.Cases;
using Cordon.Common;
using Cordon.Risk;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class InspectionTests
{
    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Red_and_yellow_lane_declarations_are_not_released_without_a_recorded_outcome(string store)
    {
        await using var s = await StoreAsync(store);
        var (officer, _) = await OfficersAsync(s);
        await using var db = s.Open();
        var red = await DeclarationIdAsync(db, 1);
        var yellow = await DeclarationIdAsync(db, 2);
        var green = await DeclarationIdAsync(db, 3);

        var redInspection = await Inspections.OpenForLaneAsync(db, officer, red, Lane.Red, "risk profile", Ct);
        var again = await Inspections.OpenForLaneAsync(db, officer, red, Lane.Red, "risk profile", Ct);
        Assert.Equal(redInspection.Id, again.Id); // idempotent
        Assert.Equal(["physical"], redInspection.Types);
        var yellowInspection = await Inspections.OpenForLaneAsync(db, officer, yellow, Lane.Yellow, "documents to check", Ct);
        Assert.Equal(["documentary"], yellowInspection.Types);
        await Assert.ThrowsAsync<ValidationFailed>(() => Inspections.OpenForLaneAsync(db, officer, green, Lane.Green, "no", Ct));

        var refused = await Assert.ThrowsAsync<Conflict>(() => Inspections.ReleaseAsync(db, officer, red, new ReleaseRequest(null), Ct));
        Assert.Contains(redInspection.Reference, refused.Message, StringComparison.Ordinal);
        Assert.Contains("red lane", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Conflict>(() => Inspections.ReleaseAsync(db, officer, yellow, new ReleaseRequest(null), Ct));
        Assert.NotNull(await Inspections.ReleaseAsync(db, officer, green, new ReleaseRequest(null), Ct)); // no inspection: released

        await Inspections.RecordOutcomeAsync(db, officer, redInspection.Id, new OutcomeRequest(null, null, "nothing irregular", false, [], 0, [], "release", null), Ct);
        var released = await Inspections.ReleaseAsync(db, officer, red, new ReleaseRequest(null), Ct);
        Assert.Equal("officer", released.ReleasedBy);
        Assert.Equal(released.ReleasedAt, (await Inspections.ReleaseAsync(db, officer, red, new ReleaseRequest(null), Ct)).ReleasedAt); // idempotent

        await Inspections.RecordOutcomeAsync(db, officer, yellowInspection.Id, new OutcomeRequest(null, null, "undervalued", true, ["undervaluation"], 1_250m,
            [new AdjustmentRequest("items[1].cif", "61000")], "release-after-payment", null), Ct);
        var noPayment = await Assert.ThrowsAsync<ValidationFailed>(() => Inspections.ReleaseAsync(db, officer, yellow, new ReleaseRequest(null), Ct));
        Assert.Contains("paymentReference", noPayment.Errors.Keys);
        Assert.Equal("PAY-77", (await Inspections.ReleaseAsync(db, officer, yellow, new ReleaseRequest("PAY-77"), Ct)).PaymentReference);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Outcome_keeps_adjusted_values_beside_declared_ones_and_labels_the_declaration_for_the_model(string store)
    {
        await using var s = await StoreAsync(store);
        var (officer, _) = await OfficersAsync(s);
        Guid inspectionId, declarationId;
        await using (var db = s.Open())
        {
            declarationId = await DeclarationIdAsync(db);
            inspectionId = (await Inspections.OpenForLaneAsync(db, officer, declarationId, Lane.Red, "risk profile", Ct)).Id;
            var started = await Inspections.StartAsync(db, officer, inspectionId, Ct);
            Assert.Equal("in-progress", started.Status);
            var done = await Inspections.RecordOutcomeAsync(db, officer, inspectionId, new OutcomeRequest(null, null, "cocaine behind cooling unit", true,
                ["narcotics", "misclassification"], 0, [new AdjustmentRequest("items[1].hsCode", "293972"), new AdjustmentRequest("totalCif", "2148000")], "seize", started.Version), Ct);
            Assert.Equal("seize", done.Outcome!.Decision);
            Assert.Equal(new AdjustedValue("items[1].hsCode", "0803901000", "293972"), done.Outcome.Adjustments[0]);
            Assert.Equal(new AdjustedValue("totalCif", "48000", "2148000"), done.Outcome.Adjustments[1]);
            await Assert.ThrowsAsync<Conflict>(() => Inspections.RecordOutcomeAsync(db, officer, inspectionId,
                new OutcomeRequest(null, null, null, false, [], 0, [], "release", null), Ct));
            var seized = await Assert.ThrowsAsync<Conflict>(() => Inspections.ReleaseAsync(db, officer, declarationId, new ReleaseRequest(null), Ct));
            Assert.Contains("seize", seized.Message, StringComparison.Ordinal);
        }
        await using (var db = s.Open())
        {
            var label = await db.InspectionOutcomes.SingleAsync(o => o.DeclarationId == declarationId, Ct);
            Assert.True(label.Illicit);
            Assert.Equal("inspection", label.Source);
            var declaration = await db.Declarations.Include(d => d.Items).SingleAsync(d => d.Id == declarationId, Ct);
            Assert.Equal("0803901000", declaration.Items[0].HsCode); // never overwritten
            Assert.Equal(48_000m, declaration.TotalCif);
            Assert.Contains(await db.AuditEntries.Select(e => e.Action).ToListAsync(Ct), a => a == "inspection.outcome");
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Invalid_outcome_names_every_bad_field(string store)
    {
        await using var s = await StoreAsync(store);
        var (officer, _) = await OfficersAsync(s);
        await using var db = s.Open();
        var inspection = await Inspections.OpenForLaneAsync(db, officer, await DeclarationIdAsync(db), Lane.Red, "risk profile", Ct);
        var e = await Assert.ThrowsAsync<ValidationFailed>(() => Inspections.RecordOutcomeAsync(db, officer, inspection.Id, new OutcomeRequest(
            TestClock.Now, TestClock.Now.AddHours(-1), null, true, ["smuggled-unicorns"], -5, [new AdjustmentRequest("items[9].cif", "1"), new AdjustmentRequest("colour", "red")], "confiscate", null), Ct));
        Assert.Equal(["adjustments[0].field", "adjustments[1].field", "decision", "endedAt", "kinds[0]", "revenueRaised"], e.Errors.Keys.Order(StringComparer.Ordinal));
        var noSeizeWithoutIrregularity = await Assert.ThrowsAsync<ValidationFailed>(() => Inspections.RecordOutcomeAsync(db, officer, inspection.Id,
            new OutcomeRequest(null, null, null, false, [], 0, [], "seize", null), Ct));
        Assert.Contains("decision", noSeizeWithoutIrregularity.Errors.Keys);
        var stale = await Assert.ThrowsAsync<Conflict>(() => Inspections.RecordOutcomeAsync(db, officer, inspection.Id,
            new OutcomeRequest(null, null, null, false, [], 0, [], "release", inspection.Version + 3), Ct));
        Assert.Contains("changed by someone else", stale.Message, StringComparison.Ordinal);
        var bp = await s.ActorAsync("bp.officer");
        await Assert.ThrowsAsync<Forbidden>(() => Inspections.RecordOutcomeAsync(db, bp, inspection.Id, new OutcomeRequest(null, null, null, false, [], 0, [], "release", null), Ct));
    }
}
