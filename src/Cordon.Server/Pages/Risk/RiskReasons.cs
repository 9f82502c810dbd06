using System.Globalization;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;

namespace Cordon.Server.Pages.Risk;

/// <summary>
/// The model's main reasons in words an officer reads at the quay ("declared unit value 62 % below the usual for this
/// HS code from this origin"), from its feature contributions. Analysts still see the raw names and log-odds.
/// </summary>
public static class RiskReasons
{
    private static string Pct(double v) => v.ToString("P0", CultureInfo.CurrentCulture);
    private static string Num(double v) => v.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>The reasons that raised the risk most, strongest first, in words.</summary>
    public static IReadOnlyList<string> Strongest(ModelPart model, int count = 3)
        => model.TopFeatures.Where(f => f.Contribution > 0).OrderByDescending(f => f.Contribution).Take(count).Select(InWords).ToList();

    public static string InWords(FeatureContribution f)
    {
        if (f.Value is not { } v)
        {
            return $"{Subject(f.Name)} not known";
        }
        var usual = f.Typical is { } t ? t : (double?)null;
        return f.Name switch
        {
            "min_unit_value_ratio" or "first_unit_value_ratio" => v < 1
                ? $"declared unit value {Pct(1 - v)} below the usual for this HS code from this origin"
                : $"declared unit value {Pct(v - 1)} above the usual for this HS code from this origin",
            "min_unit_value_percentile" => $"declared unit value lower than {Num(100 - v)} % of past declarations of this HS code from this origin",
            "trader_hit_rate" => $"{Pct(v)} of the importer's past inspections found an irregularity{Usually(usual, Pct)}",
            "declarant_hit_rate" => $"{Pct(v)} of the declarant's past inspections found an irregularity{Usually(usual, Pct)}",
            "route_risk" => $"{Pct(v)} of past inspections on this route (origin → port of entry) found an irregularity{Usually(usual, Pct)}",
            "max_hs6_hit_rate" => $"{Pct(v)} of past inspections of these goods (HS 6 digits) found an irregularity{Usually(usual, Pct)}",
            "new_trader" => v >= 1 ? "first declaration of this importer" : "importer with earlier declarations",
            "new_declarant" => v >= 1 ? "first declaration of this declarant" : "declarant with earlier declarations",
            "trader_declarations" => $"importer with {Num(v)} earlier declaration(s){Usually(usual, Num)}",
            "declarant_declarations" => $"declarant with {Num(v)} earlier declaration(s){Usually(usual, Num)}",
            "trader_inspections" => $"importer inspected {Num(v)} time(s) before",
            "trader_irregularities" => $"{Num(v)} earlier irregularity(ies) of the importer",
            "trader_revenue_raised" => $"earlier inspections of the importer raised {Num(v)} in revenue",
            "weight_value_ratio" => $"{Num(v)} kg gross per unit of customs value{Usually(usual, Num)}",
            "max_item_weight_value_ratio" => $"an item weighs {Num(v)} kg net per unit of customs value{Usually(usual, Num)}",
            "min_quantity_weight_ratio" or "max_quantity_weight_ratio" => $"{Num(v)} units declared per kg{Usually(usual, Num)}",
            "lodged_weekend" => v >= 1 ? "lodged at the weekend" : "lodged on a weekday",
            "items" => $"{Num(v)} goods item(s)",
            "total_cif" => $"customs value {Num(v)}{Usually(usual, Num)}",
            "duty_rate" => $"duty rate {Pct(v)}",
            "first_hs4" => $"goods of HS heading {v.ToString("0000", CultureInfo.InvariantCulture)}",
            "month" => $"lodged in {CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(Math.Clamp((int)v, 1, 12))}",
            "screening_block_hits" => $"{Num(v)} party(ies) matched a watch list closely (block band)",
            "screening_review_hits" => $"{Num(v)} party(ies) matched a watch list (review band)",
            "screening_max_score" => $"closest watch-list match {Pct(v)}",
            _ => $"{Subject(f.Name)}: {Num(v)}",
        };
    }

    private static string Usually(double? usual, Func<double, string> format) => usual is { } u ? $" (usually {format(u)})" : "";

    private static string Subject(string name) => name.Replace('_', ' ');
}
