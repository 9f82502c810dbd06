using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Performance;

/// <summary>One inspected declaration of the random sample (or of the certainty stratum): what the inspection found.</summary>
public readonly record struct SampledOutcome(bool Irregular, double Revenue);

/// <summary>
/// Declarations that had the same chance of a random pick: one office, one selection probability. <see cref="Population"/>
/// counts them all; <see cref="Sample"/> holds the outcomes of those picked at random.
/// </summary>
public sealed record Stratum(string Office, double Probability, int Population, IReadOnlyList<SampledOutcome> Sample);

/// <summary>An estimate with its standard error and 95 % interval.</summary>
public sealed record Interval(double Estimate, double StandardError, double Low, double High);

public sealed record StratumRow(string Office, double Probability, int Population, int Sampled, int Irregular, double Weight);

/// <summary>Detection among risk-selected inspections against the random-sample rate.</summary>
public sealed record LiftEstimate(int TargetedInspections, int TargetedIrregular, double TargetedRate, Interval? Lift);

/// <summary>Whether the random sample gives the interval the administration asks for, and how large it would need to be.</summary>
public sealed record SampleSizeAdvice(double RequestedHalfWidth, double? CurrentHalfWidth, bool Enough, int SampleNeeded, double DesignEffect, double RandomShareNeeded);

/// <summary>The estimates from the random exploration share of one lane over a period.</summary>
public sealed record RandomSampleEstimate(
    string Lane, DateOnly From, DateOnly To, string? Office,
    int Declarations, int RandomSample, int AwaitingOutcome, int Certainty, int OutsideFrame,
    Interval? IrregularRate, Interval? RevenueGapPerDeclaration, Interval? RevenueGapTotal, LiftEstimate Lift, SampleSizeAdvice Advice,
    IReadOnlyList<StratumRow> Strata);

/// <summary>
/// Unbiased estimates of the whole traffic from the lanes' random exploration picks (decision record 024):
/// a stratified estimator, strata by office and selection probability, each sampled unit weighted by the inverse
/// of its stratum's sampling fraction; the declarations forced into the lane are a certainty stratum; the
/// irregularity rate's interval is Wilson's on the effective sample size, the revenue gap's the normal one.
/// </summary>
public static class RandomSampleEstimates
{
    /// <summary>Who reads the estimates (the menu asks this too).</summary>
    public const Roles Estimators = Roles.Analyst | Roles.Supervisor | Roles.Operator;

    private const double Z = 1.959963984540054;

    /// <summary>The estimator on its own: strata (collapsed where fewer than two units were sampled) plus the certainty units.</summary>
    public static (Interval? Rate, Interval? RevenuePerDeclaration, IReadOnlyList<Stratum> Used) Estimate(IReadOnlyList<Stratum> strata, IReadOnlyList<SampledOutcome> certainty)
    {
        var used = Collapse(strata);
        var population = used.Sum(s => (double)s.Population) + certainty.Count;
        if (population == 0 || (used.Sum(s => s.Sample.Count) == 0 && certainty.Count == 0))
        {
            return (null, null, used);
        }
        double irregular = certainty.Count(c => c.Irregular), revenue = certainty.Sum(c => c.Revenue), rateVariance = 0, revenueVariance = 0;
        // Satterthwaite's degrees of freedom of each variance: Σ terms² over Σ term² / (n − 1).
        double rateDf = 0, revenueDf = 0;
        var sampled = 0;
        foreach (var s in used)
        {
            var n = s.Sample.Count;
            if (n == 0)
            {
                continue; // only when nothing at all was sampled: the collapse merges every other empty stratum
            }
            sampled += n;
            double N = s.Population, f = Math.Min(1, n / N);
            var p = s.Sample.Count(x => x.Irregular) / (double)n;
            var mean = s.Sample.Average(x => x.Revenue);
            irregular += N * p;
            revenue += N * mean;
            if (n > 1)
            {
                var rateTerm = N * N * (1 - f) * (p * (1 - p) * n / (n - 1)) / n;
                var revenueTerm = N * N * (1 - f) * (s.Sample.Sum(x => (x.Revenue - mean) * (x.Revenue - mean)) / (n - 1)) / n;
                rateVariance += rateTerm;
                revenueVariance += revenueTerm;
                rateDf += rateTerm * rateTerm / (n - 1);
                revenueDf += revenueTerm * revenueTerm / (n - 1);
            }
        }
        var rate = irregular / population;
        var se = Math.Sqrt(rateVariance) / population;
        // Wilson's interval on the effective sample size, shrunk by (z / t)² for the variance's degrees of freedom
        // (Korn and Graubard): keeps its coverage near 0 and 1 and when few strata carry the variance.
        var effective = se > 0 ? rate * (1 - rate) / (se * se) * Math.Pow(Z / T(rateVariance * rateVariance / rateDf), 2) : Math.Max(1, sampled + certainty.Count);
        var (low, high) = Wilson(rate, effective);
        var revenueMean = revenue / population;
        var revenueSe = Math.Sqrt(revenueVariance) / population;
        var t = revenueDf > 0 ? T(revenueVariance * revenueVariance / revenueDf) : Z;
        return (new Interval(rate, se, low, high), new Interval(revenueMean, revenueSe, Math.Max(0, revenueMean - t * revenueSe), revenueMean + t * revenueSe), used);
    }

    /// <summary>The two-sided 95 % quantile of Student's t with <paramref name="df"/> degrees of freedom (Math.NET Numerics).</summary>
    public static double T(double df) => double.IsFinite(df) && df > 0 ? MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.975) : Z;

    public static (double Low, double High) Wilson(double p, double n)
    {
        var z2 = Z * Z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Strata with fewer than two sampled units give no variance: each is merged with its neighbours in (office,
    /// probability) order until the merged stratum has two, the last leftovers joining the stratum before them.
    /// </summary>
    public static IReadOnlyList<Stratum> Collapse(IReadOnlyList<Stratum> strata)
    {
        var ordered = strata.Where(s => s.Population > 0).OrderBy(s => s.Office, StringComparer.Ordinal).ThenBy(s => s.Probability).ToList();
        var merged = new List<Stratum>();
        Stratum? pending = null;
        foreach (var s in ordered)
        {
            pending = pending is null ? s : Merge(pending, s);
            if (pending.Sample.Count >= 2)
            {
                merged.Add(pending);
                pending = null;
            }
        }
        if (pending is not null)
        {
            if (merged.Count > 0)
            {
                merged[^1] = Merge(merged[^1], pending);
            }
            else
            {
                merged.Add(pending);
            }
        }
        return merged;
    }

    private static Stratum Merge(Stratum a, Stratum b)
        => new(a.Office == b.Office ? a.Office : $"{a.Office}+{b.Office}", (a.Probability * a.Population + b.Probability * b.Population) / Math.Max(1, a.Population + b.Population),
            a.Population + b.Population, [.. a.Sample, .. b.Sample]);

    /// <summary>
    /// The sample size for an interval of ±<paramref name="halfWidth"/> on the rate, from the current design effect
    /// (the stratified variance against a simple random sample of the same size) and a finite-population correction.
    /// </summary>
    public static SampleSizeAdvice Advise(Interval? rate, int sampled, int population, double halfWidth)
    {
        var p = rate is { Estimate: > 0 and < 1 } r ? r.Estimate : 0.5; // nothing known yet: the most demanding rate
        var simple = sampled > 0 ? p * (1 - p) / sampled : 0;
        var designEffect = rate is { StandardError: > 0 } && simple > 0 ? rate.StandardError * rate.StandardError / simple : 1;
        var n0 = Z * Z * p * (1 - p) * designEffect / (halfWidth * halfWidth);
        var needed = (int)Math.Ceiling(population > 0 ? n0 / (1 + n0 / population) : n0);
        // No interval yet (nothing sampled): none to report, and never enough. (Infinity is not JSON.)
        double? current = rate is null ? null : (rate.High - rate.Low) / 2;
        return new SampleSizeAdvice(halfWidth, current, current <= halfWidth, needed, Math.Round(designEffect, 3), population > 0 ? Math.Min(1, needed / (double)population) : 1);
    }

    /// <summary>
    /// Estimates over the agency's own lane decisions lodged in [<paramref name="from"/>, <paramref name="to"/>]. Red
    /// (physical inspection) by default; <paramref name="lane"/> "yellow" estimates what documentary checks find.
    /// </summary>
    public static async Task<RandomSampleEstimate> EstimateAsync(CordonDb db, Actor actor, DateOnly from, DateOnly to, string? office, string? lane, double? halfWidth,
        LaneOptions? options = null, CancellationToken ct = default)
    {
        options ??= LaneOptions.Default;
        if (actor.AgencyId is not { } agency || (actor.Roles & Estimators) == 0)
        {
            throw new Forbidden("Estimates from the random sample are for the agency's analysts, supervisors and operators.");
        }
        var errors = new FieldErrors();
        if (to < from)
        {
            errors.Add("to", "The period ends before it starts.");
        }
        var checkLane = (lane ?? "red").Trim().ToLowerInvariant() switch
        {
            "red" => Lane.Red,
            "yellow" => Lane.Yellow,
            _ => (Lane?)null,
        };
        if (checkLane is null)
        {
            errors.Add("lane", $"'{lane}' is not a lane with random picks: red or yellow.");
        }
        var width = halfWidth ?? 0.01;
        if (width is <= 0 or >= 0.5)
        {
            errors.Add("halfWidth", "The interval's half-width is a share between 0 and 0.5, e.g. 0.01 for ±1 point.");
        }
        errors.ThrowIfAny();
        var target = checkLane!.Value;
        var rate = target == Lane.Red ? options.RandomRedRate : options.RandomYellowRate;
        office = string.IsNullOrWhiteSpace(office) ? null : office.Trim().ToUpperInvariant();

        var decisions = db.LaneDecisions.AsNoTracking().Where(d => d.OwningAgencyId == agency && d.LodgedOn >= from && d.LodgedOn <= to && (office == null || d.Office == office));
        var rows = await decisions.Select(d => new { d.DeclarationId, d.Office, d.LodgedOn, d.Lane, d.RandomPick, d.Forced }).ToListAsync(ct);
        var outcomes = (await (from d in decisions
                               join o in db.InspectionOutcomes.AsNoTracking() on d.DeclarationId equals o.DeclarationId
                               select new { o.DeclarationId, o.Illicit, o.Revenue }).ToListAsync(ct))
            .ToDictionary(o => o.DeclarationId, o => new SampledOutcome(o.Illicit, (double)o.Revenue));

        // The frame is what the lane's draw chose from: everything not forced (for yellow, not already drawn for red).
        bool InFrame(Lane l, bool random, bool forced) => !forced && !(target == Lane.Yellow && random && l == Lane.Red);
        var certainty = new List<SampledOutcome>();
        int certaintyCount = 0, outside = 0, awaiting = 0;
        var byStratum = new Dictionary<(string Office, double Probability), (int Population, List<SampledOutcome> Sample)>();
        foreach (var day in rows.GroupBy(r => (r.Office, r.LodgedOn)))
        {
            var frame = day.Where(r => InFrame(r.Lane, r.RandomPick, r.Forced)).ToList();
            var picks = frame.Count(r => r.RandomPick && r.Lane == target);
            // The draw takes round(frame × rate) picks unless the office's capacity ran out first; then each had picks/frame.
            var expected = Math.Floor(frame.Count * rate + 1e-9);
            var probability = Math.Round(picks < expected && frame.Count > 0 ? picks / (double)frame.Count : rate, 6);
            var key = (day.Key.Office, probability);
            if (!byStratum.TryGetValue(key, out var s))
            {
                byStratum[key] = s = (0, []);
            }
            foreach (var r in day)
            {
                if (r.Forced && r.Lane == target)
                {
                    certaintyCount++;
                    if (outcomes.TryGetValue(r.DeclarationId, out var o)) certainty.Add(o); else awaiting++;
                }
                else if (!InFrame(r.Lane, r.RandomPick, r.Forced))
                {
                    outside++;
                }
                else if (r.RandomPick && r.Lane == target)
                {
                    if (outcomes.TryGetValue(r.DeclarationId, out var o)) s.Sample.Add(o); else awaiting++;
                }
            }
            byStratum[key] = (s.Population + frame.Count, s.Sample);
        }
        var strata = byStratum.Select(kv => new Stratum(kv.Key.Office, kv.Key.Probability, kv.Value.Population, kv.Value.Sample)).ToList();
        var (irregular, revenue, used) = Estimate(strata, certainty);
        var population = strata.Sum(s => s.Population) + certaintyCount;
        var sampled = strata.Sum(s => s.Sample.Count);

        // Targeted: picked for the lane by risk (neither forced nor random) and inspected.
        var targeted = rows.Where(r => r.Lane == target && !r.RandomPick && !r.Forced && outcomes.ContainsKey(r.DeclarationId)).Select(r => outcomes[r.DeclarationId]).ToList();
        var hits = targeted.Count(t => t.Irregular);
        var targetedRate = targeted.Count == 0 ? 0 : hits / (double)targeted.Count;
        Interval? lift = null;
        if (irregular is { Estimate: > 0 } rr && hits > 0)
        {
            var l = targetedRate / rr.Estimate;
            var logSe = Math.Sqrt((1 - targetedRate) / hits + Math.Pow(rr.StandardError / rr.Estimate, 2));
            lift = new Interval(l, l * logSe, l * Math.Exp(-Z * logSe), l * Math.Exp(Z * logSe));
        }
        return new RandomSampleEstimate(target.Name(), from, to, office, population, sampled, awaiting, certaintyCount, outside,
            irregular, revenue, revenue is null ? null : new Interval(revenue.Estimate * population, revenue.StandardError * population, revenue.Low * population, revenue.High * population),
            new LiftEstimate(targeted.Count, hits, targetedRate, lift), Advise(irregular, sampled, population - certaintyCount, width),
            used.Select(s => new StratumRow(s.Office, s.Probability, s.Population, s.Sample.Count, s.Sample.Count(x => x.Irregular),
                s.Sample.Count == 0 ? 0 : s.Population / (double)s.Sample.Count)).ToList());
    }
}
