namespace Cordon.Risk.Features;

/// <summary>
/// What was known at a point in time, built by a single pass over declarations in lodgement order:
/// per trader, declarant, route and HS6 the past declarations and inspection outcomes, and the unit-value
/// distribution per HS6 (and origin). Features of a declaration are computed from this state as it
/// stood before the declaration's lodgement date, so nothing of the same day or later leaks in.
/// </summary>
/// <remarks>
/// Use <see cref="Run"/> (or <see cref="BeginDay"/> / <see cref="Compute"/> / <see cref="Observe"/> in that
/// discipline): a whole day's declarations get their features first, then the day is added to history.
/// Memory is per distinct trader, route and HS6 group, not per declaration, so a million declarations
/// stream through in seconds.
/// </remarks>
public sealed class FeatureHistory : IRiskStatistics
{
    private sealed class Tally
    {
        public int Declarations;
        public int Inspections;
        public int Irregular;
        public double Revenue;
    }

    private readonly Dictionary<string, Tally> _traders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _declarants = new(StringComparer.Ordinal);
    /// <summary>Origin → place of entry → tally. Nested rather than concatenated keys: no string built per lookup.</summary>
    private readonly Dictionary<string, Dictionary<string, Tally>> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hs6History> _hs6 = new(StringComparer.Ordinal);

    /// <summary>Everything known about one HS6: inspections, and unit values over all origins and per origin.</summary>
    private sealed class Hs6History
    {
        public readonly Tally Tally = new();
        public readonly UnitValueHistogram All = new();
        public readonly Dictionary<string, UnitValueHistogram> ByOrigin = new(StringComparer.Ordinal);
    }
    private readonly Queue<(int Day, DeclarationFacts Facts, KnownOutcome Outcome)> _pendingOutcomes = new();
    private readonly List<(DeclarationFacts Facts, KnownOutcome? Outcome)> _today = [];
    private int _day = int.MinValue;

    /// <param name="outcomesKnownBefore">
    /// Outcomes of declarations lodged on or after this date are never learnt (an evaluation's test window is
    /// scored as if its outcomes were not yet known). Null: every outcome becomes known in time.
    /// </param>
    /// <param name="outcomeDelayDays">Days after lodgement before an inspection's outcome is known (at least 1: never the same day).</param>
    public FeatureHistory(DateOnly? outcomesKnownBefore = null, int outcomeDelayDays = 1)
    {
        OutcomesKnownBefore = outcomesKnownBefore;
        OutcomeDelayDays = Math.Max(1, outcomeDelayDays);
    }

    public DateOnly? OutcomesKnownBefore { get; }
    public int OutcomeDelayDays { get; }
    /// <summary>Declarations added to history so far.</summary>
    public long Declarations { get; private set; }
    /// <summary>Outcomes learnt so far.</summary>
    public long Outcomes { get; private set; }

    /// <summary>Minimum observations of an (HS6, origin) pair before its own distribution is used rather than the HS6's.</summary>
    public const int MinimumOriginHistory = 20;

    /// <summary>
    /// Streams declarations (ordered by lodgement date) through: for each, computes its features from what
    /// was known before its date and hands it to <paramref name="visit"/>, then learns it.
    /// </summary>
    public void Run(IEnumerable<RiskRow> ordered, Action<RiskRow> visit)
    {
        foreach (var row in ordered)
        {
            var day = row.Facts.LodgementDate?.DayNumber ?? throw new ArgumentException($"Declaration {row.Facts.Number} has no lodgement date.");
            BeginDay(day);
            Compute(row.Facts);
            visit(row);
            _today.Add((row.Facts, row.Outcome));
        }
        EndDay();
    }

    /// <summary>Moves the clock to <paramref name="day"/>: learns the previous day's declarations and the outcomes now known.</summary>
    public void BeginDay(int day)
    {
        if (day < _day)
        {
            throw new InvalidOperationException($"Declarations must come in lodgement order: {DateOnly.FromDayNumber(day)} after {DateOnly.FromDayNumber(_day)}.");
        }
        if (day == _day)
        {
            return;
        }
        EndDay();
        _day = day;
        while (_pendingOutcomes.TryPeek(out var p) && p.Day <= day)
        {
            _pendingOutcomes.Dequeue();
            LearnOutcome(p.Facts, p.Outcome);
        }
    }

    /// <summary>Adds the current day's declarations to history (their outcomes become known after the delay).</summary>
    public void EndDay()
    {
        foreach (var (facts, outcome) in _today)
        {
            Observe(facts, outcome);
        }
        _today.Clear();
    }

    /// <summary>Queues a declaration seen today to be learnt when the day ends (for callers driving the pass themselves).</summary>
    public void Add(DeclarationFacts facts, KnownOutcome? outcome) => _today.Add((facts, outcome));

    private void Observe(DeclarationFacts facts, KnownOutcome? outcome)
    {
        Declarations++;
        TallyOf(_traders, TraderKey(facts)).Declarations++;
        TallyOf(_declarants, facts.Declarant?.Id ?? "").Declarations++;
        foreach (var item in facts.Items)
        {
            var uv = item.UnitValue;
            if (double.IsFinite(uv) && uv > 0 && item.Hs6.Length == 6)
            {
                var h = Hs6Of(item.Hs6);
                h.All.Add(uv);
                if (!h.ByOrigin.TryGetValue(item.Origin, out var byOrigin))
                {
                    h.ByOrigin[item.Origin] = byOrigin = new UnitValueHistogram();
                }
                byOrigin.Add(uv);
            }
        }
        if (outcome is { } o && facts.LodgementDate is { } lodged && (OutcomesKnownBefore is null || lodged < OutcomesKnownBefore))
        {
            _pendingOutcomes.Enqueue((lodged.DayNumber + OutcomeDelayDays, facts, o));
        }
    }

    private void LearnOutcome(DeclarationFacts facts, KnownOutcome o)
    {
        Outcomes++;
        void Count(Tally t)
        {
            t.Inspections++;
            if (o.Illicit)
            {
                t.Irregular++;
                t.Revenue += o.Revenue;
            }
        }
        Count(TallyOf(_traders, TraderKey(facts)));
        Count(TallyOf(_declarants, facts.Declarant?.Id ?? ""));
        if (!_routes.TryGetValue(facts.Origin, out var places))
        {
            _routes[facts.Origin] = places = new Dictionary<string, Tally>(StringComparer.Ordinal);
        }
        Count(TallyOf(places, EntryPlace(facts)));
        for (var i = 0; i < facts.Items.Count; i++)
        {
            var hs6 = facts.Items[i].Hs6;
            var repeated = false;
            for (var j = 0; j < i; j++)
            {
                repeated |= facts.Items[j].Hs6 == hs6;
            }
            if (hs6.Length == 6 && !repeated)
            {
                Count(Hs6Of(hs6).Tally);
            }
        }
    }

    private static int D(string name) => FeatureCatalog.Declaration.Find(name)!.Index;
    private static int I(string name) => FeatureCatalog.Item.Find(name)!.Index;
    private static readonly int TraderDeclarations = D("trader_declarations"), TraderInspections = D("trader_inspections"),
        TraderIrregularities = D("trader_irregularities"), TraderHitRate = D("trader_hit_rate"), TraderRevenue = D("trader_revenue_raised"),
        NewTrader = D("new_trader"), DeclarantDeclarations = D("declarant_declarations"), DeclarantHitRate = D("declarant_hit_rate"),
        NewDeclarant = D("new_declarant"), RouteRisk = D("route_risk"), WeightValue = D("weight_value_ratio"), Weekend = D("lodged_weekend");
    private static readonly int UnitValueRatio = I("unit_value_ratio"), UnitValuePercentile = I("unit_value_percentile"),
        ItemWeightValue = I("weight_value_ratio"), QuantityWeight = I("quantity_weight_ratio"), Hs6HitRate = I("hs6_hit_rate");

    /// <summary>Fills the declaration's and its items' features from history as it stands (before the current day).</summary>
    public void Compute(DeclarationFacts facts)
    {
        var f = facts.Features;
        var trader = _traders.GetValueOrDefault(TraderKey(facts));
        f.Set(TraderDeclarations, trader?.Declarations ?? 0);
        f.Set(TraderInspections, trader?.Inspections ?? 0);
        f.Set(TraderIrregularities, trader?.Irregular ?? 0);
        f.Set(TraderHitRate, Rate(trader));
        f.Set(TraderRevenue, trader?.Revenue ?? 0);
        f.Set(NewTrader, (trader?.Declarations ?? 0) == 0 ? 1 : 0);
        var declarant = _declarants.GetValueOrDefault(facts.Declarant?.Id ?? "");
        f.Set(DeclarantDeclarations, declarant?.Declarations ?? 0);
        f.Set(DeclarantHitRate, Rate(declarant));
        f.Set(NewDeclarant, (declarant?.Declarations ?? 0) == 0 ? 1 : 0);
        f.Set(RouteRisk, Rate(_routes.GetValueOrDefault(facts.Origin)?.GetValueOrDefault(EntryPlace(facts))));
        f.Set(WeightValue, Ratio(facts.GrossWeight, facts.TotalCif));
        if (facts.LodgementDate is { } date)
        {
            f.Set(Weekend, date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0);
        }
        // lodged_out_of_hours stays unknown: stored declarations carry a lodgement date, not a time.
        foreach (var item in facts.Items)
        {
            var x = item.Features;
            var uv = item.UnitValue;
            var hs6 = _hs6.GetValueOrDefault(item.Hs6);
            var histogram = UnitValueDistribution(hs6, item.Origin);
            if (histogram is not null && double.IsFinite(uv) && uv > 0)
            {
                x.Set(UnitValueRatio, uv / histogram.Quantile(0.5));
                x.Set(UnitValuePercentile, histogram.PercentileOf(uv));
            }
            x.Set(ItemWeightValue, Ratio(item.NetWeight, item.Cif));
            x.Set(QuantityWeight, Ratio(item.Quantity, item.NetWeight));
            x.Set(Hs6HitRate, Rate(hs6?.Tally));
        }
    }

    public double UnitValue(UnitValueStatistic statistic, string hs6, string? origin)
    {
        var entry = _hs6.GetValueOrDefault(hs6);
        var h = entry is null ? null : origin is null ? entry.All : entry.ByOrigin.GetValueOrDefault(origin);
        if (h is null || h.Count == 0)
        {
            return double.NaN;
        }
        return statistic switch
        {
            UnitValueStatistic.P5 => h.Quantile(0.05),
            UnitValueStatistic.P10 => h.Quantile(0.10),
            UnitValueStatistic.P25 => h.Quantile(0.25),
            UnitValueStatistic.P50 => h.Quantile(0.50),
            UnitValueStatistic.P75 => h.Quantile(0.75),
            UnitValueStatistic.P90 => h.Quantile(0.90),
            UnitValueStatistic.P95 => h.Quantile(0.95),
            UnitValueStatistic.Mean => h.Mean,
            UnitValueStatistic.Count => h.Count,
            _ => double.NaN,
        };
    }

    /// <summary>The (HS6, origin) distribution when it has enough history, else the HS6's over all origins.</summary>
    private static UnitValueHistogram? UnitValueDistribution(Hs6History? hs6, string origin)
    {
        if (hs6 is null)
        {
            return null;
        }
        if (hs6.ByOrigin.TryGetValue(origin, out var byOrigin) && byOrigin.Count >= MinimumOriginHistory)
        {
            return byOrigin;
        }
        return hs6.All.Count > 0 ? hs6.All : null;
    }

    private static double Rate(Tally? t) => t is null || t.Inspections == 0 ? double.NaN : (double)t.Irregular / t.Inspections;

    private static double Ratio(double a, double b) => double.IsFinite(a) && double.IsFinite(b) && b > 0 ? a / b : double.NaN;

    private static string TraderKey(DeclarationFacts f) => f.Importer is { } i ? (i.Id.Length > 0 ? i.Id : i.Name) : "";

    private static string EntryPlace(DeclarationFacts f) => f.PortOfEntry.Length > 0 ? f.PortOfEntry : f.Office;

    private Hs6History Hs6Of(string hs6)
    {
        if (!_hs6.TryGetValue(hs6, out var h))
        {
            _hs6[hs6] = h = new Hs6History();
        }
        return h;
    }

    private static Tally TallyOf(Dictionary<string, Tally> table, string key)
    {
        if (!table.TryGetValue(key, out var t))
        {
            table[key] = t = new Tally();
        }
        return t;
    }
}

/// <summary>
/// A unit-value distribution kept as counts in log-spaced bins (2.3 % wide) with a Fenwick tree, so adding a
/// value and asking a percentile are both O(log bins) however much history there is. Quantiles are
/// interpolated inside a bin: precise to about 1 %, which is far below the spread of declared prices.
/// </summary>
internal sealed class UnitValueHistogram
{
    private const double MinLog = -4;
    private const double BinWidth = 0.01;
    private const int Bins = 1200; // 10^-4 .. 10^8
    private readonly int[] _tree = new int[Bins + 1];
    private double _sum;

    public int Count { get; private set; }
    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    public void Add(double value)
    {
        for (var i = Bin(value) + 1; i <= Bins; i += i & -i)
        {
            _tree[i]++;
        }
        Count++;
        _sum += value;
    }

    /// <summary>Values in bins strictly below <paramref name="bin"/>.</summary>
    private int Below(int bin)
    {
        var n = 0;
        for (var i = bin; i > 0; i -= i & -i)
        {
            n += _tree[i];
        }
        return n;
    }

    /// <summary>Where a value lies in the distribution, 0–100 (mid-rank within its bin).</summary>
    public double PercentileOf(double value)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var bin = Bin(value);
        var below = Below(bin);
        var within = Below(bin + 1) - below;
        return 100.0 * (below + within / 2.0) / Count;
    }

    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var target = q * Count;
        // Fenwick descent: the largest position whose prefix count is < target.
        var pos = 0;
        var remaining = target;
        for (var step = 1 << 10; step > 0; step >>= 1)
        {
            var next = pos + step;
            if (next <= Bins && _tree[next] < remaining)
            {
                pos = next;
                remaining -= _tree[next];
            }
        }
        // pos is the 0-based bin holding the quantile; interpolate inside it.
        var inBin = Below(Math.Min(pos + 1, Bins)) - Below(pos);
        var fraction = inBin == 0 ? 0.5 : Math.Clamp(remaining / inBin, 0, 1);
        return Math.Pow(10, MinLog + (pos + fraction) * BinWidth);
    }

    private static int Bin(double value)
    {
        var b = (int)Math.Floor((Math.Log10(value) - MinLog) / BinWidth);
        return Math.Clamp(b, 0, Bins - 1);
    }
}
