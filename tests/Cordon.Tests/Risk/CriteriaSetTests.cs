using Cordon.Risk;
using Cordon.Risk.Criteria;

namespace Cordon.Tests.Risk;

public sealed class CriteriaSetTests
{
    private static CriterionDefinition Criterion(string name, string expression, CriterionStatus status = CriterionStatus.Active,
        double? weight = null, Lane? lane = null, string? refer = null, DateOnly? from = null, DateOnly? to = null)
        => new(Guid.NewGuid(), name, 1, expression, status, weight, lane, refer, from, to);

    [Fact]
    public void The_strictest_forced_lane_wins_and_referrals_are_listed_once()
    {
        var set = CriteriaSet.Compile([
            Criterion("aeo facilitation", "declarant.aeo", lane: Lane.Green, weight: -10),
            Criterion("cars", "any(items, item.hs4 == \"8703\")", lane: Lane.Red, refer: "NBP"),
            Criterion("china", "origin == \"CN\"", lane: Lane.Blue, refer: "NBP"),
        ]);
        var outcome = set.Evaluate(Declarations.CarImport());
        Assert.Equal(Lane.Red, outcome.ForcedLane);
        Assert.Equal(["NBP"], outcome.Referrals);
        Assert.Equal(-10, outcome.Score);
    }

    [Fact]
    public void Validity_periods_follow_the_lodgement_date()
    {
        var set = CriteriaSet.Compile([
            Criterion("march", "true", weight: 1, from: new DateOnly(2026, 3, 1), to: new DateOnly(2026, 3, 31)),
            Criterion("april", "true", weight: 2, from: new DateOnly(2026, 4, 1)),
        ]);
        Assert.Equal(1, set.Evaluate(Declarations.CarImport()).Score); // lodged 2026-03-14
        Assert.Equal(2, set.Evaluate(Declarations.CarImport(), on: new DateOnly(2026, 4, 2)).Score);
    }

    [Fact]
    public void A_runaway_criterion_is_reported_as_a_failure_and_the_others_still_fire()
    {
        var set = CriteriaSet.Compile([
            Criterion("runaway", "any(items, any(items, any(items, item.cif < 0)))", weight: 50),
            Criterion("china", "origin == \"CN\"", weight: 5),
        ]);
        var declaration = Declarations.CarImport(Enumerable.Range(1, 1_500).Select(i => Declarations.Car(i)).ToArray());
        var outcome = set.Evaluate(declaration);
        Assert.Equal(5, outcome.Score);
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("runaway", failure.Name);
        Assert.Contains("step limit", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Drafts_and_retired_criteria_are_not_compiled_into_a_live_set()
    {
        var set = CriteriaSet.Compile([
            Criterion("draft", "true", CriterionStatus.Draft, weight: 1),
            Criterion("retired", "true", CriterionStatus.Retired, weight: 1),
            Criterion("shadow", "true", CriterionStatus.Shadow, weight: 1),
        ]);
        Assert.Equal(1, set.Count);
        var outcome = set.Evaluate(Declarations.CarImport());
        Assert.Equal(0, outcome.Score);
        Assert.True(Assert.Single(outcome.Fired).Shadow);
    }
}
