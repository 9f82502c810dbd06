namespace Cordon.Risk.Model;

/// <summary>Precision, recall and revenue captured when inspecting the top n % of a ranking.</summary>
public sealed record AtRate(double Precision, double Recall, double Revenue);

/// <summary>A ranking's quality on labelled declarations: at inspection rates of 1, 2, 5 and 10 %, and AUC.</summary>
public sealed record RankingQuality(IReadOnlyDictionary<string, AtRate> N, double Auc);

/// <summary>One ranked, labelled declaration: higher score = inspect first; ties broken by <see cref="TieBreak"/>.</summary>
public readonly record struct Ranked(double Score, bool Irregular, double Revenue, ulong TieBreak);

public static class RankingMetrics
{
    public static readonly int[] Rates = [1, 2, 5, 10];

    /// <summary>How many declarations an inspection rate of <paramref name="percent"/> covers (at least one).</summary>
    public static int TopCount(int rows, int percent) => Math.Max(1, (int)Math.Round(rows * percent / 100.0));

    public static RankingQuality Measure(IReadOnlyList<Ranked> rows)
    {
        var ordered = rows.OrderByDescending(r => r.Score).ThenBy(r => r.TieBreak).ToArray();
        var irregular = ordered.Count(r => r.Irregular);
        var revenue = ordered.Sum(r => Math.Max(0, r.Revenue));
        var n = new Dictionary<string, AtRate>();
        foreach (var rate in Rates)
        {
            var k = Math.Min(ordered.Length, TopCount(ordered.Length, rate));
            var hits = 0;
            var raised = 0.0;
            for (var i = 0; i < k; i++)
            {
                if (ordered[i].Irregular)
                {
                    hits++;
                }
                raised += Math.Max(0, ordered[i].Revenue);
            }
            n[rate.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new AtRate(
                k == 0 ? 0 : Round((double)hits / k), irregular == 0 ? 0 : Round((double)hits / irregular), revenue <= 0 ? 0 : Round(raised / revenue));
        }
        return new RankingQuality(n, Round(Auc(rows)));
    }

    /// <summary>What random selection achieves on average: precision is the base rate; recall and revenue are the rate itself.</summary>
    public static RankingQuality Random(IReadOnlyList<Ranked> rows)
    {
        var irregular = rows.Count(r => r.Irregular);
        var n = new Dictionary<string, AtRate>();
        foreach (var rate in Rates)
        {
            var k = Math.Min(rows.Count, TopCount(rows.Count, rate));
            var share = rows.Count == 0 ? 0 : (double)k / rows.Count;
            n[rate.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new AtRate(rows.Count == 0 ? 0 : Round((double)irregular / rows.Count), Round(share), Round(share));
        }
        return new RankingQuality(n, 0.5);
    }

    /// <summary>Area under the ROC curve (Mann–Whitney), tied scores counted half.</summary>
    public static double Auc(IReadOnlyList<Ranked> rows)
    {
        var positives = rows.Count(r => r.Irregular);
        var negatives = rows.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return 0.5;
        }
        var ordered = rows.OrderBy(r => r.Score).ToArray();
        double rankSum = 0;
        var i = 0;
        while (i < ordered.Length)
        {
            var j = i;
            while (j + 1 < ordered.Length && ordered[j + 1].Score == ordered[i].Score)
            {
                j++;
            }
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (ordered[k].Irregular)
                {
                    rankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static double Round(double v) => Math.Round(v, 4);
}
