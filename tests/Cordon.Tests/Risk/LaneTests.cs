using System.Text.Json;
using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

public sealed class LaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FiredCriterion Fired(string name, double weight, Lane? lane = null, string? refer = null)
        => new(Guid.NewGuid(), name, 1, CriterionStatus.Active, weight, weight, lane, refer, []);

    private static List<LaneCandidate> Day(Random random, int n, double forcedShare = 0.02, double blockShare = 0.01, double aeoShare = 0.2)
    {
        var day = new List<LaneCandidate>(n);
        for (var i = 0; i < n; i++)
        {
            var roll = random.NextDouble();
            var criteria = roll < forcedShare
                ? new CriteriaOutcome(10, Lane.Red, [], [Fired("Known smuggler", 10, Lane.Red)], [], 3)
                : random.NextDouble() < 0.1 ? new CriteriaOutcome(5, null, [], [Fired("Undervalued", 5)], [], 3) : CriteriaOutcome.Nothing;
            var p = Math.Pow(random.NextDouble(), 4);
            day.Add(new LaneCandidate(Guid.NewGuid(), criteria, new ModelScore(p, random.NextDouble() * 5_000),
                random.NextDouble() < blockShare ? 1 : 0, random.NextDouble() < aeoShare));
        }
        return day;
    }

    [Fact]
    public void Capacity_is_never_exceeded_except_by_forced_lanes()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var n = random.Next(1, 400);
            var day = Day(random, n, forcedShare: random.NextDouble() * 0.05);
            var red = random.Next(0, 30);
            var yellow = random.Next(0, 40);
            var (choices, use) = LaneAssigner.Assign(day, red, yellow, LaneOptions.Default);
            Assert.Equal(n, choices.Count);
            var forcedRed = choices.Count(c => c.Lane == Lane.Red && c.Forced);
            var forcedYellow = choices.Count(c => c.Lane == Lane.Yellow && c.Forced);
            Assert.True(choices.Count(c => c.Lane == Lane.Red && !c.Forced) <= Math.Max(0, red - forcedRed), $"trial {trial}");
            Assert.True(choices.Count(c => c.Lane == Lane.Yellow && !c.Forced) <= Math.Max(0, yellow - forcedYellow), $"trial {trial}");
            Assert.Equal(forcedRed, use.ForcedRed);
            Assert.Equal(choices.Count(c => c.Lane == Lane.Red), use.ForcedRed + use.RandomRed + use.RiskRed);
            Assert.All(choices, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
        }
    }

    [Fact]
    public void Random_selection_rate_is_respected_when_capacity_allows()
    {
        var random = new Random(9);
        var options = LaneOptions.Default with { RandomRedRate = 0.02, RandomYellowRate = 0.03 };
        long eligible = 0, randomRed = 0, randomYellow = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(10, 500);
            var day = Day(random, n, aeoShare: 0);
            var (choices, _) = LaneAssigner.Assign(day, n, n, options);
            var undecided = choices.Count(c => !c.Forced);
            // At least floor(rate × undecided) every day, never only on average.
            Assert.True(choices.Count(c => c.Random && c.Lane == Lane.Red) >= Math.Floor(options.RandomRedRate * undecided - 1e-9), $"trial {trial}");
            Assert.True(choices.Count(c => c.Random && c.Lane == Lane.Yellow) >= Math.Floor(options.RandomYellowRate * (undecided - choices.Count(c => c.Random && c.Lane == Lane.Red)) - 1e-9), $"trial {trial}");
            eligible += undecided;
            randomRed += choices.Count(c => c.Random && c.Lane == Lane.Red);
            randomYellow += choices.Count(c => c.Random && c.Lane == Lane.Yellow);
        }
        Assert.InRange((double)randomRed / eligible, 0.019, 0.023);
        Assert.InRange((double)randomYellow / eligible, 0.028, 0.034);
    }

    [Fact]
    public void Authorised_economic_operators_are_drawn_less_often()
    {
        var random = new Random(5);
        var options = LaneOptions.Default with { RandomRedRate = 0.05, RandomYellowRate = 0 };
        int aeo = 0, aeoPicked = 0, other = 0, otherPicked = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            var day = Day(random, 400, forcedShare: 0, blockShare: 0, aeoShare: 0.5);
            var (choices, _) = LaneAssigner.Assign(day, 400, 0, options);
            for (var i = 0; i < day.Count; i++)
            {
                if (day[i].Aeo) { aeo++; if (choices[i].Random) aeoPicked++; }
                else { other++; if (choices[i].Random) otherPicked++; }
            }
        }
        var aeoRate = (double)aeoPicked / aeo;
        var otherRate = (double)otherPicked / other;
        Assert.InRange(aeoRate / otherRate, 0.15, 0.4);
    }

    [Fact]
    public void Red_lane_with_referral_when_watchlist_block_hit_even_without_capacity()
    {
        var quiet = new LaneCandidate(Guid.NewGuid(), CriteriaOutcome.Nothing, new ModelScore(0.001, 10), 0, false);
        var listed = new LaneCandidate(Guid.NewGuid(), CriteriaOutcome.Nothing, new ModelScore(0.001, 10), 1, true);
        var (choices, _) = LaneAssigner.Assign([quiet, listed], 0, 0, LaneOptions.Default);
        Assert.Equal(Lane.Red, choices[1].Lane);
        Assert.True(choices[1].Forced);
        Assert.Equal(["NBP"], choices[1].Referrals);
        Assert.Contains("Watch-list block hit", choices[1].Reason, StringComparison.Ordinal);
        Assert.Equal(Lane.Green, choices[0].Lane);
    }

    [Fact]
    public void Highest_expected_revenue_gets_the_inspection_and_overflow_goes_blue()
    {
        LaneCandidate C(double p, double revenue) => new(Guid.NewGuid(), CriteriaOutcome.Nothing, new ModelScore(p, revenue), 0, false);
        var day = new List<LaneCandidate> { C(0.5, 100), C(0.4, 10_000), C(0.3, 1_000), C(0.01, 1_000_000) };
        var (choices, _) = LaneAssigner.Assign(day, 1, 1, LaneOptions.Default with { RandomRedRate = 0, RandomYellowRate = 0 });
        Assert.Equal(Lane.Red, choices[1].Lane);
        Assert.Equal(Lane.Yellow, choices[2].Lane);
        Assert.Equal(Lane.Blue, choices[0].Lane);
        // Below every probability threshold: released, however large the revenue would be.
        Assert.Equal(Lane.Green, choices[3].Lane);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_stored_decision_has_a_complete_explanation_and_rerunning_decides_nothing_twice(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 2500);
        var analyst = await s.ActorAsync("analyst");
        var from = new DateOnly(2025, 12, 1);
        var to = new DateOnly(2025, 12, 31);
        await using (var db = s.Open())
        {
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "High value phones from CN", Expression: "origin == \"CN\" and item.hs4 == \"8517\"",
                Weight: 20, Status: "active"), Ct);
            await RiskModels.TrainAsync(db, analyst, agency, from, options: new TrainingOptions(Trees: 40, Leaves: 15, LearningRate: 0.1), ct: Ct);
            await Lanes.SetCapacityAsync(db, analyst with { Roles = global::Cordon.Identity.Roles.Supervisor }, agency, "NL000396", red: 1, yellow: 1, Ct);
        }
        LaneRunSummary summary;
        await using (var db = s.Open())
        {
            summary = await Lanes.AssignAsync(db, analyst, agency, from, to, ct: Ct);
        }
        await using (var db = s.Open())
        {
            var decisions = await db.LaneDecisions.ToListAsync(Ct);
            var expected = await db.Declarations.CountAsync(d => d.LodgedOn >= from && d.LodgedOn <= to, Ct);
            Assert.Equal(expected, decisions.Count);
            Assert.Equal(expected, summary.Decided);
            Assert.Equal(1, summary.ModelVersion);
            Assert.Contains(decisions, d => d.Lane == Lane.Red);
            Assert.Contains(decisions, d => d.CriteriaScore > 0);
            foreach (var d in decisions)
            {
                var e = JsonSerializer.Deserialize<LaneExplanation>(d.Explanation, RiskModels.Json)!;
                Assert.Equal(d.Lane.Name(), e.Lane);
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                Assert.Equal(d.RandomPick, e.RandomPick);
                Assert.NotNull(e.Model);
                Assert.Equal(1, e.Model.Version);
                Assert.InRange(e.Model.Probability, 0, 1);
                Assert.Equal(d.CriteriaScore, e.Criteria.Fired.Sum(f => f.Contribution));
                Assert.True(e.Criteria.Evaluated >= 1);
                Assert.NotNull(e.Screening);
                Assert.True(e.Capacity.Declarations > 0);
            }
            Assert.Contains(decisions, d => JsonSerializer.Deserialize<LaneExplanation>(d.Explanation, RiskModels.Json)!.Model!.TopFeatures.Count > 0);
            // The office with a capacity of one: at most one non-forced red per day.
            Assert.All(decisions.Where(d => d.Office == "NL000396" && d.Lane == Lane.Red && !d.Forced).GroupBy(d => d.LodgedOn), g => Assert.Single(g));
        }
        await using (var db = s.Open())
        {
            var again = await Lanes.AssignAsync(db, analyst, agency, from, to, ct: Ct);
            Assert.Equal(0, again.Decided);
            Assert.Equal(summary.Decided, again.AlreadyDecided);
        }
    }
}
