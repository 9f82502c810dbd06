using System.Globalization;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Server.Ui;
using Microsoft.Extensions.Localization;

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
    public static IReadOnlyList<string> Strongest(ModelPart model, IStringLocalizer<UiText> text, int count = 3)
        => model.TopFeatures.Where(f => f.Contribution > 0).OrderByDescending(f => f.Contribution).Take(count).Select(f => InWords(f, text)).ToList();

    /// <summary>One reason in the reader's language: each sentence is a resource whose {0} is the value and {1} the usual one.</summary>
    public static string InWords(FeatureContribution f, IStringLocalizer<UiText> text)
    {
        string T(string sentence, params object[] values) => text[sentence, values];
        string Usually(double? usual, Func<double, string> format) => usual is { } u ? T(" (usually {0})", format(u)) : "";
        if (f.Value is not { } v)
        {
            return T("{0} not known", Subject(f.Name));
        }
        var usual = f.Typical is { } t ? t : (double?)null;
        return f.Name switch
        {
            "min_unit_value_ratio" or "first_unit_value_ratio" => v < 1
                ? T("declared unit value {0} below the usual for this HS code from this origin", Pct(1 - v))
                : T("declared unit value {0} above the usual for this HS code from this origin", Pct(v - 1)),
            "min_unit_value_percentile" => T("declared unit value lower than {0} % of past declarations of this HS code from this origin", Num(100 - v)),
            "trader_hit_rate" => T("{0} of the importer's past inspections found an irregularity{1}", Pct(v), Usually(usual, Pct)),
            "declarant_hit_rate" => T("{0} of the declarant's past inspections found an irregularity{1}", Pct(v), Usually(usual, Pct)),
            "route_risk" => T("{0} of past inspections on this route (origin → port of entry) found an irregularity{1}", Pct(v), Usually(usual, Pct)),
            "max_hs6_hit_rate" => T("{0} of past inspections of these goods (HS 6 digits) found an irregularity{1}", Pct(v), Usually(usual, Pct)),
            "new_trader" => T(v >= 1 ? "first declaration of this importer" : "importer with earlier declarations"),
            "new_declarant" => T(v >= 1 ? "first declaration of this declarant" : "declarant with earlier declarations"),
            "trader_declarations" => T("importer with {0} earlier declaration(s){1}", Num(v), Usually(usual, Num)),
            "declarant_declarations" => T("declarant with {0} earlier declaration(s){1}", Num(v), Usually(usual, Num)),
            "trader_inspections" => T("importer inspected {0} time(s) before", Num(v)),
            "trader_irregularities" => T("{0} earlier irregularity(ies) of the importer", Num(v)),
            "trader_revenue_raised" => T("earlier inspections of the importer raised {0} in revenue", Num(v)),
            "weight_value_ratio" => T("{0} kg gross per unit of customs value{1}", Num(v), Usually(usual, Num)),
            "max_item_weight_value_ratio" => T("an item weighs {0} kg net per unit of customs value{1}", Num(v), Usually(usual, Num)),
            "min_quantity_weight_ratio" or "max_quantity_weight_ratio" => T("{0} units declared per kg{1}", Num(v), Usually(usual, Num)),
            "lodged_weekend" => T(v >= 1 ? "lodged at the weekend" : "lodged on a weekday"),
            "items" => T("{0} goods item(s)", Num(v)),
            "total_cif" => T("customs value {0}{1}", Num(v), Usually(usual, Num)),
            "duty_rate" => T("duty rate {0}", Pct(v)),
            "first_hs4" => T("goods of HS heading {0}", v.ToString("0000", CultureInfo.InvariantCulture)),
            "month" => T("lodged in {0}", CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(Math.Clamp((int)v, 1, 12))),
            "screening_block_hits" => T("{0} party(ies) matched a watch list closely (block band)", Num(v)),
            "screening_review_hits" => T("{0} party(ies) matched a watch list (review band)", Num(v)),
            "screening_max_score" => T("closest watch-list match {0}", Pct(v)),
            _ => T("{0}: {1}", Subject(f.Name), Num(v)),
        };
    }


    private static string Subject(string name) => name.Replace('_', ' ');
}
