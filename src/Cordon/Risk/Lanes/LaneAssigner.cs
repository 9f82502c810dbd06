using Cordon.Risk.Criteria;
using Cordon.Risk.Model;

namespace Cordon.Risk.Lanes;

/// <summary>Selectivity settings. Rates are shares of an office's declarations per day.</summary>
public sealed record LaneOptions
{
    /// <summary>Minimum share picked at random for physical inspection (exploration: keeps outcomes unbiased).</summary>
    public double RandomRedRate { get; init; } = 0.005;
    /// <summary>Minimum share picked at random for a documentary check.</summary>
    public double RandomYellowRate { get; init; } = 0.01;
    /// <summary>Authorised economic operators are drawn at this fraction of the random rates.</summary>
    public double AeoRandomFactor { get; init; } = 0.25;
    /// <summary>Authorised economic operators' priority is multiplied by this.</summary>
    public double AeoPriorityFactor { get; init; } = 0.5;
    /// <summary>Red capacity of an office without a configured one, as a share of its day's declarations.</summary>
    public double DefaultRedShare { get; init; } = 0.03;
    public double DefaultYellowShare { get; init; } = 0.05;
    /// <summary>Lowest model probability for a risk pick into red / yellow (criteria points also qualify).</summary>
    public double MinimumRedProbability { get; init; } = 0.10;
    public double MinimumYellowProbability { get; init; } = 0.05;
    /// <summary>Declarations that qualified for red or yellow but found no capacity go blue (post-clearance audit) from this probability.</summary>
    public double MinimumBlueProbability { get; init; } = 0.10;
    /// <summary>How much one point of criteria weight is worth against expected revenue in the ranking.</summary>
    public double RevenuePerWeightPoint { get; init; } = 100;
    /// <summary>Agency (code) a watch-list block hit is referred to.</summary>
    public string BlockReferral { get; init; } = "NBP";
    /// <summary>Seed of the exploration draw (the same seed and declarations give the same picks).</summary>
    public ulong Seed { get; init; } = 0x5EED;
    /// <summary>Trader codes holding AEO status.</summary>
    public IReadOnlySet<string> AuthorisedOperators { get; init; } = new HashSet<string>();

    public static readonly LaneOptions Default = new();
}

/// <summary>What the assigner knows of one declaration.</summary>
public sealed record LaneCandidate(Guid Id, CriteriaOutcome Criteria, ModelScore? Model, double BlockHits, bool Aeo);

/// <summary>The lane chosen for one candidate and why.</summary>
public sealed record LaneChoice(Guid Id, Lane Lane, bool Random, bool Forced, double Priority, string Reason, IReadOnlyList<string> Referrals);

/// <summary>Capacity and how it was used on one office-day.</summary>
public sealed record CapacityUse(int Declarations, int RedCapacity, int YellowCapacity, int ForcedRed, int RandomRed, int RiskRed, int ForcedYellow, int RandomYellow, int RiskYellow);

/// <summary>
/// Chooses lanes for one office's declarations of one day. Order: watch-list block hits and criteria
/// lane actions are forced (they may exceed capacity); then the exploration draw takes its share of the
/// capacity; then the ranking (expected revenue + criteria points) fills what is left. What qualified
/// but found no capacity goes blue; the rest green.
/// </summary>
public static class LaneAssigner
{
    public static (IReadOnlyList<LaneChoice> Choices, CapacityUse Use) Assign(IReadOnlyList<LaneCandidate> day, int redCapacity, int yellowCapacity, LaneOptions options)
    {
        var choices = new LaneChoice?[day.Count];
        var priority = new double[day.Count];
        int forcedRed = 0, forcedYellow = 0;
        for (var i = 0; i < day.Count; i++)
        {
            var c = day[i];
            priority[i] = ((c.Model?.ExpectedRevenue ?? 0) + c.Criteria.Score * options.RevenuePerWeightPoint) * (c.Aeo ? options.AeoPriorityFactor : 1);
            var referrals = c.Criteria.Referrals.ToList();
            if (c.BlockHits > 0)
            {
                if (!referrals.Contains(options.BlockReferral))
                {
                    referrals.Add(options.BlockReferral);
                }
                choices[i] = new LaneChoice(c.Id, Lane.Red, false, true, priority[i], $"Watch-list block hit ({c.BlockHits:0} party): always red, referred to {options.BlockReferral}.", referrals);
                forcedRed++;
            }
            else if (c.Criteria.ForcedLane is { } forced && forced != Lane.Green)
            {
                var names = string.Join(", ", c.Criteria.Fired.Where(f => f.Lane == forced && !f.Shadow).Select(f => $"'{f.Name}'"));
                choices[i] = new LaneChoice(c.Id, forced, false, true, priority[i], $"Forced {forced.Name()} by criterion {names}.", referrals);
                if (forced == Lane.Red) forcedRed++;
                if (forced == Lane.Yellow) forcedYellow++;
            }
        }

        // Exploration: weighted sampling without replacement (exponential keys), so the count is exact and AEOs are drawn less.
        var randomRed = Draw(day, choices, options.RandomRedRate, options, salt: 1, Math.Max(0, redCapacity - forcedRed));
        foreach (var i in randomRed)
        {
            choices[i] = new LaneChoice(day[i].Id, Lane.Red, true, false, priority[i], $"Random pick for physical inspection (exploration rate {options.RandomRedRate:P1}).", day[i].Criteria.Referrals);
        }
        var randomYellow = Draw(day, choices, options.RandomYellowRate, options, salt: 2, Math.Max(0, yellowCapacity - forcedYellow));
        foreach (var i in randomYellow)
        {
            choices[i] = new LaneChoice(day[i].Id, Lane.Yellow, true, false, priority[i], $"Random pick for a documentary check (exploration rate {options.RandomYellowRate:P1}).", day[i].Criteria.Referrals);
        }

        var ranked = Enumerable.Range(0, day.Count).Where(i => choices[i] is null && priority[i] > 0)
            .OrderByDescending(i => priority[i]).ThenBy(i => day[i].Id).ToList();
        var redLeft = Math.Max(0, redCapacity - forcedRed - randomRed.Count);
        var yellowLeft = Math.Max(0, yellowCapacity - forcedYellow - randomYellow.Count);
        int riskRed = 0, riskYellow = 0;
        var rank = 0;
        foreach (var i in ranked)
        {
            rank++;
            var c = day[i];
            var p = c.Model?.Probability ?? 0;
            var criteriaPoints = c.Criteria.Score > 0;
            if (redLeft > 0 && (p >= options.MinimumRedProbability || criteriaPoints))
            {
                redLeft--;
                riskRed++;
                choices[i] = new LaneChoice(c.Id, Lane.Red, false, false, priority[i], $"Ranked {rank} of {day.Count} at the office today; within the red capacity ({redCapacity}).", c.Criteria.Referrals);
            }
            else if (yellowLeft > 0 && (p >= options.MinimumYellowProbability || criteriaPoints))
            {
                yellowLeft--;
                riskYellow++;
                choices[i] = new LaneChoice(c.Id, Lane.Yellow, false, false, priority[i], $"Ranked {rank} of {day.Count}; red capacity used, within the yellow capacity ({yellowCapacity}).", c.Criteria.Referrals);
            }
            else if (p >= options.MinimumBlueProbability || criteriaPoints)
            {
                choices[i] = new LaneChoice(c.Id, Lane.Blue, false, false, priority[i], $"Ranked {rank} of {day.Count}; qualified for a check but the office's capacity is used: post-clearance audit.", c.Criteria.Referrals);
            }
        }
        for (var i = 0; i < day.Count; i++)
        {
            choices[i] ??= new LaneChoice(day[i].Id, Lane.Green, false, false, priority[i],
                day[i].Model is null && day[i].Criteria.Score == 0 ? "No criterion fired and no model is active: release." : "Risk below the thresholds for a check: release.", day[i].Criteria.Referrals);
        }
        return (choices!, new CapacityUse(day.Count, redCapacity, yellowCapacity, forcedRed, randomRed.Count, riskRed, forcedYellow, randomYellow.Count, riskYellow));
    }

    /// <summary>Picks round(Σ rates) undecided declarations, at most <paramref name="limit"/>, with probability proportional to their rate.</summary>
    private static List<int> Draw(IReadOnlyList<LaneCandidate> day, LaneChoice?[] choices, double rate, LaneOptions options, ulong salt, int limit)
    {
        var keys = new List<(double Key, int Index)>();
        var expected = 0.0;
        for (var i = 0; i < day.Count; i++)
        {
            if (choices[i] is not null)
            {
                continue;
            }
            var r = rate * (day[i].Aeo ? options.AeoRandomFactor : 1);
            if (r <= 0)
            {
                continue;
            }
            expected += r;
            var u = Uniform(day[i].Id, options.Seed ^ salt);
            keys.Add((-Math.Log(u) / r, i));
        }
        // The fraction is drawn too: at least floor(Σ rates) picks, and on average exactly the rate, even at a small office.
        var whole = (int)Math.Floor(expected + 1e-9);
        if (keys.Count > 0 && Uniform(day[keys[0].Index].Id, options.Seed ^ (salt << 8)) < expected - whole)
        {
            whole++;
        }
        var count = Math.Min(limit, Math.Min(keys.Count, whole));
        return keys.OrderBy(k => k.Key).Take(count).Select(k => k.Index).ToList();
    }

    /// <summary>A uniform number in (0, 1) from the declaration id and seed: reproducible, unrelated to risk.</summary>
    private static double Uniform(Guid id, ulong seed)
    {
        var h = RiskModels.TieBreak(id) ^ (seed * 0x9E3779B97F4A7C15UL);
        h ^= h >> 31;
        h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 29;
        return ((h >> 11) + 0.5) / (1UL << 53);
    }
}
