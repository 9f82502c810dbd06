using Cordon.Screening.Lists;
using Cordon.Screening.Matching;

/// <summary>
/// Chooses the review and block thresholds of each entity type from the development set's
/// precision–recall curve for a stated precision, and says what each costs in false alerts on the
/// negatives set (people screened against OFAC + UN, as the quality mode counts them: a negative
/// raises an alert when any of its top 10 hits reaches its entity type's threshold).
/// </summary>
internal static class HardNamesThresholds
{
    // Review: at most one false alert in fifty on the set's hard non-matches (at 0.95 the person review
    // falls to 0.71, which raises given names a letter apart such as Chen Min / Chen Ming and doubles the
    // negatives' false alerts). Block stops a party before an analyst looks: no false alert at all, and
    // never below the general default, because the set holds too few hard non-matches of companies and
    // vessels scoring high to show that a lower block is safe.
    public const double ReviewPrecision = 0.98;
    public const double BlockPrecision = 1.00;

    public static void Run(string root, List<ListEntry> un, List<ListEntry> ofac, ScreeningIndex both, List<ScreeningQuery> negatives)
    {
        var (_, pairs, _, _, scored) = HardNamesBench.Score(root, un, ofac);
        // Per negative, its best score on an entity of each type: the cost of a threshold is then a count.
        var best = negatives.Select(q => both.Search(q)
            .GroupBy(h => h.Type).ToDictionary(g => g.Key, g => g.Max(h => h.Score))).ToList();
        int Raised(EntityType type, double t) => best.Count(b => b.TryGetValue(type, out var s) && s >= t);

        Console.WriteLine();
        Console.WriteLine($"Thresholds by entity type, chosen on {pairs.Count} pairs of {Path.Combine("bench", "Screening", "dev-set", "hard-names.csv")}:");
        Console.WriteLine($"  review: the lowest threshold from which precision stays >= {ReviewPrecision:0.00}; block: the same for >= {BlockPrecision:0.00}, at least {MatchBands.DefaultBlock:0.00}");
        Console.WriteLine($"  false alerts: of {negatives.Count:N0} negatives (OFAC + UN, top 10 hits), those whose best hit on that entity type reaches the threshold");
        Console.WriteLine($"  {"entity type",-14} {"pairs",6} {"review",7} {"P",6} {"R",6} {"neg.",7} {"block",7} {"P",6} {"R",6} {"neg.",7} {"shipped",14}");
        var chosen = new Dictionary<EntityType, (double Review, double Block)>();
        // The product knows companies as organisations: choose on both together, and show each dev-set type too.
        var groups = scored.GroupBy(s => HardNamesBench.TypeOf(s.Pair.Type)).Select(g => (Name: g.Key.ToString().ToLowerInvariant(), Type: g.Key, Rows: g.ToList()))
            .Concat(scored.GroupBy(s => s.Pair.Type).Where(g => g.Key is "company" or "organisation")
                .Select(g => (Name: $"  ({g.Key})", Type: HardNamesBench.TypeOf(g.Key), Rows: g.ToList())))
            .OrderBy(g => g.Type).ThenBy(g => g.Name.StartsWith(' ') ? 1 : 0).ToList();
        foreach (var (name, type, rows) in groups)
        {
            var review = Lowest(rows, ReviewPrecision);
            var block = Math.Max(MatchBands.DefaultBlock, Math.Max(review, Lowest(rows, BlockPrecision)));
            if (!name.StartsWith(' '))
            {
                chosen[type] = (review, block);
            }
            var (rp, rr, _) = HardNamesBench.Rates(HardNamesBench.Counts(rows, review));
            var (bp, br, _) = HardNamesBench.Rates(HardNamesBench.Counts(rows, block));
            var shipped = MatchBands.ByEntityType[type];
            Console.WriteLine($"  {name,-14} {rows.Count,6} {review,7:0.00} {rp,6:0.000} {rr,6:0.000} {Raised(type, review),7} {block,7:0.00} {bp,6:0.000} {br,6:0.000} {Raised(type, block),7} {$"{shipped.Review:0.00} / {shipped.Block:0.00}",14}");
        }
        Console.WriteLine("  other stated precisions (threshold, recall, negatives raised):");
        foreach (var (name, type, rows) in groups.Where(g => !g.Name.StartsWith(' ')))
        {
            Console.WriteLine($"    {name,-14} " + string.Join("  ", new[] { 0.90, 0.95, 0.96, 0.97, 0.98, 0.99, 1.00 }.Select(target =>
            {
                var t = Lowest(rows, target);
                return $"{target:0.00}: {t:0.00} R {HardNamesBench.Rates(HardNamesBench.Counts(rows, t)).R:0.000} neg. {Raised(type, t)}";
            })));
        }
        var total = best.Count(b => b.Any(kv => chosen.TryGetValue(kv.Key, out var c) && kv.Value >= c.Review));
        var totalBlock = best.Count(b => b.Any(kv => chosen.TryGetValue(kv.Key, out var c) && kv.Value >= c.Block));
        Console.WriteLine($"  negatives raising an alert at the chosen review thresholds: {total}/{negatives.Count} = {100.0 * total / negatives.Count:0.00}%; at block: {totalBlock} = {100.0 * totalBlock / negatives.Count:0.00}%");
        var (ap, ar, af) = HardNamesBench.Rates(HardNamesBench.Counts(scored, p => chosen[HardNamesBench.TypeOf(p.Type)].Review));
        Console.WriteLine($"  development set at the chosen review thresholds: P {ap:0.000}  R {ar:0.000}  F1 {af:0.000}");
        if (chosen.Any(c => MatchBands.ByEntityType[c.Key].Review != c.Value.Review || MatchBands.ByEntityType[c.Key].Block != c.Value.Block))
        {
            Console.WriteLine("  the shipped defaults (MatchBands.ByEntityType) differ from the chosen thresholds: update them");
        }
    }

    /// <summary>
    /// The lowest threshold (in hundredths, from the report floor up) from which precision never falls
    /// below the target: the curve is not monotone, and a threshold just above a dip must not be picked.
    /// </summary>
    private static double Lowest(List<(HardNamesSet.Pair Pair, double Score)> rows, double precision)
    {
        var lowest = 1.0;
        for (var h = 100; h >= (int)Math.Round(ScreeningIndex.ReportFloor * 100); h--)
        {
            var (p, _, _) = HardNamesBench.Rates(HardNamesBench.Counts(rows, h / 100.0));
            if (p < precision)
            {
                break;
            }
            lowest = h / 100.0;
        }
        return lowest;
    }
}
