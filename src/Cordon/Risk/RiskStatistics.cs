using System.Collections.Frozen;

namespace Cordon.Risk;

/// <summary>The unit-value statistics criteria may call as <c>stats.p10(hs6, origin)</c>.</summary>
public enum UnitValueStatistic
{
    P5,
    P10,
    P25,
    P50,
    P75,
    P90,
    P95,
    Mean,
    Count,
}

/// <summary>
/// Historical statistics criteria read through <c>stats.*</c> calls. The feature store implements it
/// from past declarations (only those lodged before the one being evaluated, so nothing leaks).
/// </summary>
public interface IRiskStatistics
{
    /// <summary>
    /// A statistic of the unit values seen for <paramref name="hs6"/> (and <paramref name="origin"/>
    /// when not null): NaN when there is no history, so a criterion comparing against it does not fire.
    /// </summary>
    double UnitValue(UnitValueStatistic statistic, string hs6, string? origin);
}

/// <summary>No history at all: every statistic is unknown (NaN).</summary>
public sealed class NoRiskStatistics : IRiskStatistics
{
    public static readonly NoRiskStatistics Instance = new();

    public double UnitValue(UnitValueStatistic statistic, string hs6, string? origin) => double.NaN;
}

/// <summary>Unit-value statistics computed in memory from observed unit values (tests, the evaluate API, benchmarks).</summary>
public sealed class InMemoryRiskStatistics : IRiskStatistics
{
    /// <summary>Per HS6: the distribution over all origins and, by origin, per origin. Ordinal string keys hash fast.</summary>
    private sealed record Row(double[] All, FrozenDictionary<string, double[]> ByOrigin);

    private readonly FrozenDictionary<string, Row> _table;
    private static readonly int StatisticCount = Enum.GetValues<UnitValueStatistic>().Length;

    private InMemoryRiskStatistics(FrozenDictionary<string, Row> table) => _table = table;

    /// <summary>One observation: a unit value seen for an HS6 from an origin.</summary>
    public readonly record struct Observation(string Hs6, string Origin, double UnitValue);

    /// <summary>Builds the distribution per (HS6, origin) and per HS6 over all origins.</summary>
    public static InMemoryRiskStatistics From(IEnumerable<Observation> observations)
    {
        var groups = new Dictionary<string, (List<double> All, Dictionary<string, List<double>> ByOrigin)>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            if (!double.IsFinite(o.UnitValue))
            {
                continue;
            }
            if (!groups.TryGetValue(o.Hs6, out var g))
            {
                groups[o.Hs6] = g = ([], new Dictionary<string, List<double>>(StringComparer.Ordinal));
            }
            g.All.Add(o.UnitValue);
            if (!g.ByOrigin.TryGetValue(o.Origin, out var list))
            {
                g.ByOrigin[o.Origin] = list = [];
            }
            list.Add(o.UnitValue);
        }
        return new InMemoryRiskStatistics(groups.ToFrozenDictionary(g => g.Key,
            g => new Row(Summarise(g.Value.All), g.Value.ByOrigin.ToFrozenDictionary(o => o.Key, o => Summarise(o.Value), StringComparer.Ordinal)),
            StringComparer.Ordinal));
    }

    public double UnitValue(UnitValueStatistic statistic, string hs6, string? origin)
    {
        if (!_table.TryGetValue(hs6, out var row))
        {
            return double.NaN;
        }
        if (origin is null)
        {
            return row.All[(int)statistic];
        }
        return row.ByOrigin.TryGetValue(origin, out var values) ? values[(int)statistic] : double.NaN;
    }

    private static double[] Summarise(List<double> values)
    {
        values.Sort();
        var row = new double[StatisticCount];
        row[(int)UnitValueStatistic.P5] = Percentile(values, 0.05);
        row[(int)UnitValueStatistic.P10] = Percentile(values, 0.10);
        row[(int)UnitValueStatistic.P25] = Percentile(values, 0.25);
        row[(int)UnitValueStatistic.P50] = Percentile(values, 0.50);
        row[(int)UnitValueStatistic.P75] = Percentile(values, 0.75);
        row[(int)UnitValueStatistic.P90] = Percentile(values, 0.90);
        row[(int)UnitValueStatistic.P95] = Percentile(values, 0.95);
        row[(int)UnitValueStatistic.Mean] = values.Average();
        row[(int)UnitValueStatistic.Count] = values.Count;
        return row;
    }

    /// <summary>Linear interpolation between closest ranks (the "type 7" definition spreadsheets use).</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
