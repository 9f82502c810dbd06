namespace Cordon.Risk.Model;

/// <summary>
/// The model's input: a fixed list of numbers drawn from a declaration's facts and computed features.
/// Unknown values become -1 (every real value here is ≥ 0), so the trees and our own scorer treat a
/// missing value the same way.
/// </summary>
public static class ModelInput
{
    public const float Missing = -1f;

    /// <summary>Input names in order; stored with every model so a model never reads a vector of another layout.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "trader_declarations", "trader_inspections", "trader_irregularities", "trader_hit_rate", "trader_revenue_raised", "new_trader",
        "declarant_declarations", "declarant_hit_rate", "new_declarant", "route_risk", "weight_value_ratio", "lodged_weekend",
        "items", "total_cif", "duty_rate", "min_unit_value_ratio", "min_unit_value_percentile", "first_unit_value_ratio",
        "max_hs6_hit_rate", "max_item_weight_value_ratio", "min_quantity_weight_ratio", "max_quantity_weight_ratio",
        "first_hs4", "month", "screening_block_hits", "screening_review_hits", "screening_max_score",
    ];

    public static int Count => Names.Count;

    private static readonly int[] DeclarationFeatureIndexes =
    [
        .. new[] { "trader_declarations", "trader_inspections", "trader_irregularities", "trader_hit_rate", "trader_revenue_raised", "new_trader",
            "declarant_declarations", "declarant_hit_rate", "new_declarant", "route_risk", "weight_value_ratio", "lodged_weekend" }
            .Select(n => FeatureCatalog.Declaration.Find(n)!.Index),
    ];

    private static readonly int UnitValueRatio = FeatureCatalog.Item.Find("unit_value_ratio")!.Index;
    private static readonly int UnitValuePercentile = FeatureCatalog.Item.Find("unit_value_percentile")!.Index;
    private static readonly int Hs6HitRate = FeatureCatalog.Item.Find("hs6_hit_rate")!.Index;
    private static readonly int ItemWeightValue = FeatureCatalog.Item.Find("weight_value_ratio")!.Index;
    private static readonly int QuantityWeight = FeatureCatalog.Item.Find("quantity_weight_ratio")!.Index;
    private static readonly int BlockHits = FeatureCatalog.Screening.Find("block_hits")!.Index;
    private static readonly int ReviewHits = FeatureCatalog.Screening.Find("review_hits")!.Index;
    private static readonly int MaxScore = FeatureCatalog.Screening.Find("max_score")!.Index;

    /// <summary>Writes the declaration's input vector into <paramref name="x"/> (length <see cref="Count"/>).</summary>
    public static void Fill(DeclarationFacts d, Span<float> x)
    {
        var n = 0;
        foreach (var i in DeclarationFeatureIndexes)
        {
            x[n++] = Value(d.Features[i]);
        }
        x[n++] = d.Items.Count;
        x[n++] = Value(d.TotalCif);
        x[n++] = Value(d.TotalCif > 0 ? d.TotalDuties / d.TotalCif : double.NaN);
        double minRatio = double.NaN, minPercentile = double.NaN, maxHit = double.NaN, maxWv = double.NaN, minQw = double.NaN, maxQw = double.NaN;
        foreach (var item in d.Items)
        {
            var f = item.Features;
            minRatio = Min(minRatio, f[UnitValueRatio]);
            minPercentile = Min(minPercentile, f[UnitValuePercentile]);
            maxHit = Max(maxHit, f[Hs6HitRate]);
            maxWv = Max(maxWv, f[ItemWeightValue]);
            minQw = Min(minQw, f[QuantityWeight]);
            maxQw = Max(maxQw, f[QuantityWeight]);
        }
        x[n++] = Value(minRatio);
        x[n++] = Value(minPercentile);
        x[n++] = d.Items.Count > 0 ? Value(d.Items[0].Features[UnitValueRatio]) : Missing;
        x[n++] = Value(maxHit);
        x[n++] = Value(maxWv);
        x[n++] = Value(minQw);
        x[n++] = Value(maxQw);
        x[n++] = d.Items.Count > 0 && int.TryParse(d.Items[0].Hs4, out var hs4) ? hs4 : Missing;
        x[n++] = d.LodgementDate?.Month ?? Missing;
        x[n++] = Value(d.Screening[BlockHits]);
        x[n++] = Value(d.Screening[ReviewHits]);
        x[n] = Value(d.Screening[MaxScore]);
    }

    public static float[] Of(DeclarationFacts d)
    {
        var x = new float[Count];
        Fill(d, x);
        return x;
    }

    private static float Value(double v) => double.IsFinite(v) ? (float)v : Missing;

    private static double Min(double a, double b) => double.IsNaN(a) || b < a ? b : a;

    private static double Max(double a, double b) => double.IsNaN(a) || b > a ? b : a;
}
