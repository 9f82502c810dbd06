using Cordon.Common;
using Cordon.Declarations;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Risk.Measures;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk.Measures;

/// <summary>
/// A measure's evaluation on generated traffic with a planted effect (recovered within its interval), with a trend common
/// to both groups (cancelled, where before-and-after alone would claim it), refusals naming their fields, access under the
/// policy, reviews and their reminders.
/// </summary>
public sealed class MeasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The measure starts on a Monday in spring; its four weeks are compared with the four weeks before.</summary>
    private static readonly DateOnly Start = new(2026, 4, 6);
    private static readonly DateOnly End = Start.AddDays(27);
    private static readonly DateTimeOffset AfterEnd = new(2026, 5, 20, 9, 0, 0, TimeSpan.Zero);

    private static MeasureInput Tobacco(DateOnly? interim = null) => new("Cigarettes from China at PFA", "Find undervalued and smuggled cigarettes from China.",
        ["PFA"], ["2402"], ["CN"], [], [], [], [], [], Start, End, interim, "Detection rate of inspected cigarette declarations +10 points.", "detection-rate", 10);

    /// <summary>
    /// Eight weeks at office PFA (and a little at PFB, outside the measure's offices): each day, <paramref name="perDay"/> inspected
    /// cigarette declarations from China (in scope) and as many other declarations (comparison), irregular with the given
    /// probabilities before and during the measure, drawn from a seeded generator (or, <paramref name="exact"/>, spread evenly so that each
    /// group and period holds exactly that share); and one green-lane declaration per group and day.
    /// </summary>
    private static async Task<TestStore> TrafficAsync(string store, (double Before, double During) scope, (double Before, double During) comparison, int perDay = 16, int seed = 21,
        bool exact = false)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        var nca = (await s.ActorAsync("analyst")).AgencyId!.Value;
        var random = new Random(seed);
        await using var db = s.Open();
        var n = 0;
        var owed = new Dictionary<(bool, bool), double>();
        bool Draw(bool inScope, bool during, double p)
        {
            if (!exact)
            {
                return random.NextDouble() < p;
            }
            owed[(inScope, during)] = owed.GetValueOrDefault((inScope, during)) + p;
            if (owed[(inScope, during)] < 1 - 1e-9)
            {
                return false;
            }
            owed[(inScope, during)] -= 1;
            return true;
        }
        void Add(DateOnly day, string office, string hs, string origin, Lane lane, bool? irregular)
        {
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            var d = new Declaration
            {
                OwningAgencyId = nca, Kind = DeclarationKind.Import, Office = office, Declarant = "MEAS", Number = $"M-{++n}", LodgedOn = day, OriginCountry = origin,
                ImporterCode = "NL000000001", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32], UpdatedBy = "test",
                FirstReceivedAt = at, UpdatedAt = at, Items = [new DeclarationItem { Line = 1, HsCode = hs }],
            };
            db.Declarations.Add(d);
            db.LaneDecisions.Add(new LaneDecision { DeclarationId = d.Id, OwningAgencyId = nca, Office = office, DeclarationNumber = d.Number, LodgedOn = day, Lane = lane, Explanation = "{}", DecidedAt = at, DecidedBy = "test" });
            if (irregular is { } found)
            {
                db.InspectionOutcomes.Add(new InspectionOutcome { DeclarationId = d.Id, OwningAgencyId = nca, Illicit = found, RecordedAt = at, Source = "test" });
            }
        }
        for (var day = Start.AddDays(-28); day <= End; day = day.AddDays(1))
        {
            var during = day >= Start;
            for (var i = 0; i < perDay; i++)
            {
                Add(day, "PFA", "2402200000", "CN", Lane.Red, Draw(true, during, during ? scope.During : scope.Before));
                // The comparison: other goods from China, and cigarettes from elsewhere, at the same office.
                Add(day, "PFA", i % 2 == 0 ? "8517130000" : "2402200000", i % 2 == 0 ? "CN" : "TR", Lane.Yellow, Draw(false, during, during ? comparison.During : comparison.Before));
            }
            Add(day, "PFA", "2402200000", "CN", Lane.Green, null);
            Add(day, "PFA", "8517130000", "US", Lane.Green, null);
            // Another office: outside the measure's offices, in neither group, whatever it finds.
            Add(day, "PFB", "2402200000", "CN", Lane.Red, true);
        }
        await db.SaveChangesAsync(Ct);
        return s;
    }

    private static async Task<MeasureReport> EvaluateAsync(TestStore s, string user = "analyst")
    {
        await using var db = s.Open();
        var created = await Cordon.Risk.Measures.Measures.CreateAsync(db, await s.ActorAsync("analyst"), Tobacco(), AfterEnd, Ct);
        var policy = await AccessPolicy.ForAsync(db, await s.ActorAsync(user), Purpose.Investigation, AfterEnd, Ct);
        return await Cordon.Risk.Measures.Measures.ReadAsync(db, policy, created.Id, null, AfterEnd, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_difference_in_differences_recovers_a_planted_effect_within_its_interval(string store)
    {
        // Planted: in scope 20 % → 35 %, comparison 15 % → 20 %: the measure's own effect is +10 points.
        await using var s = await TrafficAsync(store, (0.20, 0.35), (0.15, 0.20));
        var e = (await EvaluateAsync(s)).Evaluation;

        Assert.Equal((Start.AddDays(-28), Start.AddDays(-1), Start, End), (e.BeforeFrom, e.BeforeTo, e.DuringFrom!.Value, e.DuringTo!.Value));
        // 28 days × 16 inspected per group and period, plus one green declaration a day; PFB counts nowhere.
        Assert.All(new[] { e.Cells.ScopeBefore, e.Cells.ScopeDuring, e.Cells.ComparisonBefore, e.Cells.ComparisonDuring }, c => Assert.Equal((476, 448, 448), (c.Decided, c.Checked, c.Inspected)));
        var d = e.Detection!;
        Assert.True(d.Low < 10 && 10 < d.High, $"planted +10 points outside [{d.Low}, {d.High}] (estimate {d.Points})");
        Assert.True(d.Low > 0, $"the interval [{d.Low}, {d.High}] should exclude no effect");
        Assert.Equal("increase", d.Verdict);
        Assert.True(e.ExpectedWithinInterval);
        // The estimate is the difference of the four cells' rates, in points.
        var rate = (CellFigures c) => c.Irregular * 100.0 / c.Inspected;
        Assert.Equal(rate(e.Cells.ScopeDuring) - rate(e.Cells.ScopeBefore) - (rate(e.Cells.ComparisonDuring) - rate(e.Cells.ComparisonBefore)), d.Points, 3);
        // The selection did not change: the inspection rate's estimate is zero, and nothing warns of few inspections.
        Assert.Equal(0, e.Inspection!.Points, 6);
        Assert.DoesNotContain(e.Caveats, c => c.Code is "few-inspections" or "selection-changed" or "seasons" or "short-before");
        // Weeks from the start: four before, four during, the rates of both groups in each.
        Assert.Equal(8, e.Weeks.Count);
        Assert.Equal([false, false, false, false, true, true, true, true], e.Weeks.Select(w => w.During));
        Assert.Equal(e.Cells.ScopeDuring.Irregular, e.Weeks.Where(w => w.During).Sum(w => w.Scope.Irregular));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_trend_common_to_both_groups_is_not_credited_to_the_measure(string store)
    {
        // Everything rises by 12.5 points (a season, a new smuggling wave), exactly: in scope alone it looks like the measure worked.
        await using var s = await TrafficAsync(store, (0.25, 0.375), (0.25, 0.375), exact: true);
        var e = (await EvaluateAsync(s)).Evaluation;
        Assert.Equal((112, 168), (e.Cells.ScopeBefore.Irregular, e.Cells.ScopeDuring.Irregular));
        Assert.Equal((112, 168), (e.Cells.ComparisonBefore.Irregular, e.Cells.ComparisonDuring.Irregular));
        var d = e.Detection!;
        Assert.Equal(0, d.Points, 6);
        Assert.True(d.Low < 0 && 0 < d.High, $"a common trend credited to the measure: [{d.Low}, {d.High}]");
        Assert.Equal("no-change-shown", d.Verdict);
        // The expected +10 points lie outside what these data allow.
        Assert.False(e.ExpectedWithinInterval);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Few_inspections_and_a_changed_selection_are_caveats_of_the_estimate(string store)
    {
        await using var s = await TrafficAsync(store, (0.20, 0.40), (0.20, 0.20), perDay: 1);
        await using (var db = s.Open())
        {
            // During the measure its criterion sends every in-scope declaration to a check.
            var greens = await db.LaneDecisions.Where(l => l.Lane == Lane.Green && l.LodgedOn >= Start && l.Office == "PFA").ToListAsync(Ct);
            var ids = greens.Select(g => g.DeclarationId).ToList();
            var inScope = await db.Declarations.Where(x => ids.Contains(x.Id) && x.OriginCountry == "CN").Select(x => x.Id).ToListAsync(Ct);
            foreach (var g in greens.Where(g => inScope.Contains(g.DeclarationId)))
            {
                g.Lane = Lane.Red;
            }
            await db.SaveChangesAsync(Ct);
        }
        var e = (await EvaluateAsync(s)).Evaluation;
        Assert.Equal(["comparison-before", "comparison-during", "scope-before", "scope-during"],
            e.Caveats.Where(c => c.Code == "few-inspections").Select(c => c.Arguments[0]).Order(StringComparer.Ordinal));
        Assert.Equal("28", e.Caveats.First(c => c.Code == "few-inspections").Arguments[1]);
        // 28 of 56 checked before, 56 of 56 during.
        Assert.Equal(["50.0", "100.0"], e.Caveats.Single(c => c.Code == "selection-changed").Arguments);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_measure_is_refused_naming_each_field_it_gets_wrong(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var analyst = await s.ActorAsync("analyst");
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Risk.Measures.Measures.CreateAsync(db, analyst,
            new MeasureInput(" ", "", ["nl 396"], ["24x"], ["XX", "C"], ["bad code!"], ["CNSHA>NLRTM"], [Guid.NewGuid()], [Guid.NewGuid()], [Guid.NewGuid()],
                Start, Start, Start.AddDays(40), "", "seizures", 500, "TLP:PURPLE", ["secret"]), AfterEnd, Ct));
        Assert.Equal(
            ["measure.caveats", "measure.criteria", "measure.endsOn", "measure.expectedEffect", "measure.expectedOutcome", "measure.expectedPoints", "measure.hsPrefixes",
             "measure.interimReviewOn", "measure.marking", "measure.objective", "measure.offices", "measure.operations", "measure.origins", "measure.patrols",
             "measure.routes", "measure.title", "measure.traders"],
            refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'24X' is not an HS prefix", refused.Errors["measure.hsPrefixes"][0], StringComparison.Ordinal);
        Assert.Equal(2, refused.Errors["measure.origins"].Length);
        Assert.Contains("on or before it starts", refused.Errors["measure.endsOn"][0], StringComparison.Ordinal);

        var noScope = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Risk.Measures.Measures.CreateAsync(db, analyst,
            Tobacco() with { HsPrefixes = [], Origins = [] }, AfterEnd, Ct));
        Assert.Equal(["measure.scope"], noScope.Errors.Keys);
        await Assert.ThrowsAsync<Forbidden>(async () => await Cordon.Risk.Measures.Measures.CreateAsync(db, await s.ActorAsync("officer"), Tobacco(), AfterEnd, Ct));
        Assert.False(await db.Measures.AnyAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Another_agency_sees_no_measure_without_an_agreement_and_counts_only_what_its_agreements_let_it(string store)
    {
        await using var s = await TrafficAsync(store, (0.20, 0.35), (0.15, 0.20), perDay: 2);
        var admin = await s.ActorAsync("admin");
        var police = await s.ActorAsync("bp.admin");
        Guid id;
        await using (var db = s.Open())
        {
            id = (await Cordon.Risk.Measures.Measures.CreateAsync(db, await s.ActorAsync("analyst"), Tobacco(), AfterEnd, Ct)).Id;
        }
        async Task<AccessPolicy> Police()
        {
            await using var db = s.Open();
            return await AccessPolicy.ForAsync(db, police, Purpose.Investigation, AfterEnd, Ct);
        }
        await using (var db = s.Open())
        {
            Assert.Empty(await Cordon.Risk.Measures.Measures.ListAsync(db, await Police(), AfterEnd, Ct));
            var denied = await Assert.ThrowsAnyAsync<CordonException>(async () => await Cordon.Risk.Measures.Measures.ReadAsync(db, await Police(), id, null, AfterEnd, Ct));
            Assert.Contains("agreement", denied.Message, StringComparison.OrdinalIgnoreCase);
        }
        // An agreement for measures only: NBP reads the measure, not the names of NCA's criteria, and counts none of NCA's declarations.
        var now = TestClock.Now;
        await using (var db = s.Open())
        {
            var proposed = await Agreements.ProposeAsync(db, admin, new AgreementTerms("NCA measures for NBP", "NCA", "NBP", [RecordTypes.Measure], "TLP:AMBER",
                ["investigation", "statistics"], [], false, AfterEnd.AddDays(-30), now.AddYears(1)), now, Ct);
            await Agreements.ApproveAsync(db, police, proposed.Id, now, Ct);
        }
        await using (var db = s.Open())
        {
            var list = await Cordon.Risk.Measures.Measures.ListAsync(db, await Police(), AfterEnd, Ct);
            Assert.Equal(id, Assert.Single(list).Id);
            var theirs = await Cordon.Risk.Measures.Measures.ReadAsync(db, await Police(), id, null, AfterEnd, Ct);
            Assert.Equal("MEA-NCA-0001", theirs.Measure.Reference);
            Assert.Equal(0, theirs.Evaluation.Cells.ScopeBefore.Decided + theirs.Evaluation.Cells.ComparisonDuring.Decided);
            Assert.Null(theirs.Evaluation.Detection);
            var own = await Cordon.Risk.Measures.Measures.ReadAsync(db, await AccessPolicy.ForAsync(db, await s.ActorAsync("supervisor"), Purpose.Investigation, AfterEnd, Ct), id, null, AfterEnd, Ct);
            Assert.Equal(28 * 3, own.Evaluation.Cells.ScopeBefore.Decided);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Reviews_are_reminded_when_due_and_recorded_with_their_decision_and_estimate(string store)
    {
        await using var s = await TrafficAsync(store, (0.20, 0.35), (0.15, 0.20), perDay: 4);
        var analyst = await s.ActorAsync("analyst");
        var supervisor = await s.ActorAsync("supervisor");
        var interim = Start.AddDays(14);
        var at = (DateOnly d) => new DateTimeOffset(d.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        Guid id;
        await using (var db = s.Open())
        {
            id = (await Cordon.Risk.Measures.Measures.CreateAsync(db, analyst, Tobacco(interim), at(Start.AddDays(-3)), Ct)).Id;
            // Planned, not started: the baseline as long as the measure is planned, counted up to today; no estimate yet.
            var planned = await Cordon.Risk.Measures.Measures.ReadAsync(db, await AccessPolicy.ForAsync(db, analyst, Purpose.Investigation, at(Start.AddDays(-3)), Ct), id, null, at(Start.AddDays(-3)), Ct);
            Assert.Equal((Start.AddDays(-28), (DateOnly?)null), (planned.Evaluation.BeforeFrom, planned.Evaluation.DuringFrom));
            Assert.Equal(26 * 5, planned.Evaluation.Cells.ScopeBefore.Decided); // 4 red and 1 green a day, up to three days before the start
            Assert.Null(planned.Evaluation.Detection);
            Assert.Contains(planned.Evaluation.Caveats, c => c.Code == "not-started");
            Assert.Equal(0, await MeasureReminders.SweepAsync(db, at(interim.AddDays(-1)), Ct));
            Assert.Equal(1, await MeasureReminders.SweepAsync(db, at(interim), Ct));
            Assert.Equal(0, await MeasureReminders.SweepAsync(db, at(interim).AddHours(5), Ct)); // once per due date
        }
        await using (var db = s.Open())
        {
            var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == MeasureReminders.InterimKind, Ct);
            Assert.Equal((analyst.AgencyId!.Value, RecordTypes.Measure, id.ToString()), (alert.OwningAgencyId, alert.RecordType!, alert.RecordId!));
            Assert.Contains("MEA-NCA-0001", alert.Title, StringComparison.Ordinal);

            // The final assessment waits for the end; an officer records no review.
            await Assert.ThrowsAsync<Conflict>(() => Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("final", "continue", "Too early."), at(interim), Ct));
            await Assert.ThrowsAsync<Forbidden>(async () => await Cordon.Risk.Measures.Measures.ReviewAsync(db, await s.ActorAsync("officer"), id, new("interim", "continue", "x"), at(interim), Ct));
            var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("midway", "pause", "", End.AddDays(3)), at(interim), Ct));
            Assert.Equal(["review.decision", "review.kind", "review.nextReviewOn", "review.text"], refused.Errors.Keys.Order(StringComparer.Ordinal));

            var reviewed = await Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("interim", "continue", "Findings rise; keep going.", Start.AddDays(21)), at(interim), Ct);
            var review = Assert.Single(reviewed.Measure.Reviews);
            Assert.Equal(("interim", "continue", "supervisor"), (review.Kind, review.Decision, review.ReviewedBy));
            // The estimate the decision rested on (the first two weeks of the measure) is kept with it.
            Assert.NotNull(review.EstimatePoints);
            Assert.Equal(Start.AddDays(21), reviewed.Measure.InterimReviewOn);
            Assert.False(reviewed.Measure.InterimReviewDue);
        }
        await using (var db = s.Open())
        {
            // The next interim date alerts again; then the end passes and the final assessment is due.
            Assert.Equal(1, await MeasureReminders.SweepAsync(db, at(Start.AddDays(21)), Ct));
            var stopped = await Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("interim", "stop", "Enough evidence; stop and assess."), at(Start.AddDays(22)), Ct);
            Assert.Equal(("stopped", Start.AddDays(22)), (stopped.Measure.Status, stopped.Measure.EndsOn));
            Assert.Equal(Start.AddDays(22), stopped.Evaluation.DuringTo);
            Assert.True(stopped.Measure.FinalAssessmentDue);
            Assert.Equal(1, await MeasureReminders.SweepAsync(db, at(Start.AddDays(23)), Ct));
            Assert.Equal(1, await db.Alerts.CountAsync(a => a.Kind == MeasureReminders.FinalKind, Ct));

            var closed = await Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("final", "change", "Worked; make the criterion permanent with a narrower scope."), at(Start.AddDays(24)), Ct);
            Assert.Equal("closed", closed.Measure.Status);
            Assert.Equal(["interim", "interim", "final"], closed.Measure.Reviews.Select(r => r.Kind));
            Assert.Equal(0, await MeasureReminders.SweepAsync(db, at(Start.AddDays(40)), Ct));
            await Assert.ThrowsAsync<Conflict>(() => Cordon.Risk.Measures.Measures.ReviewAsync(db, supervisor, id, new("interim", "continue", "again"), at(Start.AddDays(41)), Ct));
            // Each review is on the log, and the measure's changes with their values before and after.
            var actions = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == RecordTypes.Measure && e.RecordId == id.ToString()).Select(e => e.Action).ToListAsync(Ct);
            Assert.Equal(3, actions.Count(a => a == "measure.review"));
        }
    }
}
