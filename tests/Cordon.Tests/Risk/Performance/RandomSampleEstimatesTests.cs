using Cordon.Declarations;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Risk.Performance;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk.Performance;

public sealed class RandomSampleEstimatesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// One generated month of traffic: three offices with different irregularity rates, each with a group drawn at a
    /// quarter of the exploration rate (as the lanes draw authorised operators) and irregular a third as often; revenue
    /// found only on irregular declarations. The lanes draw every office at one rate; <paramref name="byOffice"/> gives the
    /// small office with the most irregularities a higher rate, where ignoring the weights goes most wrong.
    /// Returns the strata as the estimator sees them and the population's true rate and revenue per declaration.
    /// </summary>
    private static (List<Stratum> Strata, double Rate, double Revenue) Generate(int seed, bool byOffice = false)
    {
        var random = new Random(seed);
        var strata = new List<Stratum>();
        int irregular = 0, population = 0;
        double revenue = 0;
        foreach (var (office, size, rate, draw) in new[] { ("NLRTM", 12_000, 0.06, byOffice ? 0.01 : 0.02), ("NLAMS", 5_000, 0.12, 0.02), ("NLVLI", 2_000, 0.25, byOffice ? 0.05 : 0.02) })
        {
            foreach (var (share, probability) in new[] { (0.8, draw), (0.2, draw / 4) })
            {
                var n = (int)(size * share);
                // The less drawn group is also less often irregular: ignoring the weights would bias the estimate.
                var p = probability < draw ? rate / 3 : rate;
                var sample = new List<SampledOutcome>();
                for (var i = 0; i < n; i++)
                {
                    var bad = random.NextDouble() < p;
                    var found = bad ? Math.Round(200 + random.NextDouble() * 1_800, 2) : 0;
                    population++;
                    irregular += bad ? 1 : 0;
                    revenue += found;
                    if (random.NextDouble() < probability)
                    {
                        sample.Add(new SampledOutcome(bad, found));
                    }
                }
                strata.Add(new Stratum(office, probability, n, sample));
            }
        }
        return (strata, irregular / (double)population, revenue / population);
    }

    [Fact]
    public void The_95_percent_interval_holds_the_true_irregularity_rate_in_at_least_93_of_100_seeded_runs()
    {
        int covered = 0, revenueCovered = 0;
        var errors = new List<double>();
        for (var seed = 1; seed <= 100; seed++)
        {
            var (strata, truth, revenue) = Generate(seed);
            var (rate, gap, _) = RandomSampleEstimates.Estimate(strata, []);
            Assert.NotNull(rate);
            covered += rate.Low <= truth && truth <= rate.High ? 1 : 0;
            revenueCovered += gap!.Low <= revenue && revenue <= gap.High ? 1 : 0;
            errors.Add(rate.Estimate - truth);
        }
        Assert.True(covered >= 93, $"the rate's 95 % interval held the truth in {covered} of 100 runs");
        Assert.True(revenueCovered >= 90, $"the revenue gap's 95 % interval held the truth in {revenueCovered} of 100 runs");
        // Unbiased: over 100 runs the errors average out (within about three standard errors of their mean, 0.1 point each).
        Assert.True(Math.Abs(errors.Average()) < 0.003, $"mean error {errors.Average():0.0000}");
        TestContext.Current.SendDiagnosticMessage($"coverage {covered}/100, revenue {revenueCovered}/100, mean error {errors.Average():0.00000}, sd {Math.Sqrt(errors.Average(e => e * e)):0.00000}");
    }

    [Fact]
    public void Without_the_weights_the_same_samples_would_overstate_the_rate()
    {
        double weighted = 0, unweighted = 0;
        for (var seed = 1; seed <= 20; seed++)
        {
            var (strata, truth, _) = Generate(seed, byOffice: true);
            var pooled = strata.SelectMany(s => s.Sample).ToList();
            unweighted += pooled.Count(x => x.Irregular) / (double)pooled.Count - truth;
            weighted += RandomSampleEstimates.Estimate(strata, []).Rate!.Estimate - truth;
        }
        Assert.True(unweighted / 20 > 0.03, $"unweighted mean error {unweighted / 20:0.0000}");
        Assert.True(Math.Abs(weighted / 20) < 0.01, $"weighted mean error {weighted / 20:0.0000}");
    }

    [Fact]
    public void Strata_with_fewer_than_two_picks_are_merged_with_their_neighbours()
    {
        var one = new SampledOutcome(true, 10);
        var none = new SampledOutcome(false, 0);
        var merged = RandomSampleEstimates.Collapse([
            new Stratum("A", 0.01, 100, [one]), new Stratum("A", 0.02, 50, [one, none]), new Stratum("B", 0.01, 80, []), new Stratum("B", 0.02, 40, [none]),
            new Stratum("C", 0.01, 60, [one, none])]);
        Assert.Equal([("A", 150, 3), ("B+C", 180, 3)], merged.Select(s => (s.Office, s.Population, s.Sample.Count)));
        // The merged stratum's probability is its declarations' average.
        Assert.Equal((80 * 0.01 + 40 * 0.02 + 60 * 0.01) / 180, merged[1].Probability, 12);
    }

    [Fact]
    public void Halving_the_wanted_interval_needs_about_four_times_the_sample()
    {
        var (strata, _, _) = Generate(3);
        var (rate, _, _) = RandomSampleEstimates.Estimate(strata, []);
        var sampled = strata.Sum(s => s.Sample.Count);
        var current = (rate!.High - rate.Low) / 2;
        var loose = RandomSampleEstimates.Advise(rate, sampled, 1_000_000_000, current * 1.5);
        var tight = RandomSampleEstimates.Advise(rate, sampled, 1_000_000_000, current * 0.75);
        Assert.True(loose.Enough);
        Assert.False(tight.Enough);
        Assert.InRange(tight.SampleNeeded / (double)loose.SampleNeeded, 3.9, 4.1); // 4, but for rounding up
        Assert.True(tight.SampleNeeded > sampled);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Stored_random_picks_estimate_the_rate_weighted_by_office_with_forced_checks_as_certain(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var analyst = await s.ActorAsync("analyst");
        var day = new DateOnly(2026, 3, 2);
        await using (var db = s.Open())
        {
            var number = 0;
            void Add(string office, int count, bool random, bool forced, Lane lane, int irregular, decimal revenue)
            {
                for (var i = 0; i < count; i++)
                {
                    var d = new Declaration
                    {
                        OwningAgencyId = analyst.AgencyId!.Value, Kind = DeclarationKind.Import, Office = office, Declarant = "EST", Number = $"EST-{++number}",
                        LodgedOn = day, OriginCountry = "CN", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32],
                        UpdatedBy = "test", FirstReceivedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
                    };
                    db.Declarations.Add(d);
                    db.LaneDecisions.Add(new LaneDecision
                    {
                        DeclarationId = d.Id, OwningAgencyId = d.OwningAgencyId, Office = office, DeclarationNumber = d.Number, LodgedOn = day, Lane = lane,
                        RandomPick = random, Forced = forced, Explanation = "{}", DecidedAt = DateTimeOffset.UnixEpoch, DecidedBy = "test",
                    });
                    if (random || forced || lane == Lane.Red)
                    {
                        db.InspectionOutcomes.Add(new InspectionOutcome { DeclarationId = d.Id, OwningAgencyId = d.OwningAgencyId, Illicit = i < irregular, Revenue = i < irregular ? revenue : 0, Source = "test" });
                    }
                }
            }
            // Office A: 100 declarations, 10 picked at random (2 irregular, 500 each). Office B: 300, 10 picked (5 irregular, 100 each).
            Add("ESTA", 10, random: true, forced: false, Lane.Red, 2, 500);
            Add("ESTA", 90, random: false, forced: false, Lane.Green, 0, 0);
            Add("ESTB", 10, random: true, forced: false, Lane.Red, 5, 100);
            Add("ESTB", 280, random: false, forced: false, Lane.Green, 0, 0);
            // Office B also selected 10 by risk (8 irregular) and was forced to check 5 (all irregular, 1,000 each).
            Add("ESTB", 10, random: false, forced: false, Lane.Red, 8, 0);
            Add("ESTB", 5, random: false, forced: true, Lane.Red, 5, 1000);
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = s.Open())
        {
            var e = await RandomSampleEstimates.EstimateAsync(db, analyst, day, day, null, "red", 0.05, ct: Ct);
            Assert.Equal((405, 20, 5, 0, 0), (e.Declarations, e.RandomSample, e.Certainty, e.OutsideFrame, e.AwaitingOutcome));
            // (100 × 2/10 + 300 × 5/10 + 5) / 405; revenue (100 × 100 + 300 × 50 + 5,000) / 405.
            Assert.Equal(175.0 / 405, e.IrregularRate!.Estimate, 10);
            Assert.Equal(30_000.0 / 405, e.RevenueGapPerDeclaration!.Estimate, 8);
            Assert.Equal(30_000.0, e.RevenueGapTotal!.Estimate, 6);
            // Variance: Σ N²(1 − n/N) s²/n with s² = p(1 − p) n/(n − 1).
            var variance = 100.0 * 100 * 0.9 * (0.2 * 0.8 * 10 / 9) / 10 + 300.0 * 300 * (1 - 10.0 / 300) * (0.5 * 0.5 * 10 / 9) / 10;
            Assert.Equal(Math.Sqrt(variance) / 405, e.IrregularRate.StandardError, 10);
            Assert.Equal((10, 8, 0.8), (e.Lift.TargetedInspections, e.Lift.TargetedIrregular, e.Lift.TargetedRate));
            Assert.Equal(0.8 / (175.0 / 405), e.Lift.Lift!.Estimate, 10);
            Assert.Equal([("ESTA", 100, 10, 2), ("ESTB", 300, 10, 5)], e.Strata.Select(x => (x.Office, x.Population, x.Sampled, x.Irregular)));
            Assert.True(e.IrregularRate.Low < e.IrregularRate.Estimate && e.IrregularRate.Estimate < e.IrregularRate.High);

            var officeB = await RandomSampleEstimates.EstimateAsync(db, analyst, day, day, "estb", "red", 0.05, ct: Ct);
            Assert.Equal(155.0 / 305, officeB.IrregularRate!.Estimate, 10);
            var refused = await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => RandomSampleEstimates.EstimateAsync(db, analyst, day, day, null, "blue", 0.05, ct: Ct));
            Assert.Contains("lane", refused.Errors.Keys);
            await Assert.ThrowsAsync<Cordon.Common.Forbidden>(async () => await RandomSampleEstimates.EstimateAsync(db, await s.ActorAsync("officer"), day, day, null, null, null, ct: Ct));
        }
    }
}
