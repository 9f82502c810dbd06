using Cordon.Risk;

namespace Cordon.Bench.Risk;

/// <summary>Fifty criteria of the kinds customs analysts write: header conditions, item-level value checks against history, quantifiers, features, screening, text matches, dates.</summary>
internal static class TypicalCriteria
{
    public sealed record Criterion(string Name, string Expression, double? Weight = null, Lane? Lane = null, string? ReferTo = null);

    public static readonly IReadOnlyList<Criterion> All =
    [
        new("undervalued cars from CN", """item.hs6 in ("870323", "870324") and origin == "CN" and item.unit_value < stats.p10(item.hs6, origin)""", 40, Lane.Yellow),
        new("undervalued footwear", """item.hs4 in ("6403", "6404") and item.unit_value < stats.p10(item.hs6, item.origin)""", 25),
        new("undervalued electronics", """item.hs2 in ("84", "85") and item.unit_value < stats.p5(item.hs6)""", 30),
        new("overvalued (export refund)", """flow == "export" and item.unit_value > stats.p95(item.hs6, item.origin)""", 20),
        new("far below median", "item.unit_value < 0.2 * stats.median(item.hs6, item.origin)", 35),
        new("tobacco", """any(items, item.hs4 in ("2402", "2403"))""", 30, Lane.Yellow),
        new("alcohol high duty", """any(items, item.hs4 == "2208" and item.duties > 5000)""", 20),
        new("weapons", """any(items, item.hs2 == "93")""", null, Lane.Red, "NBP"),
        new("dual use chemicals", """any(items, item.hs6 in ("281210", "281290", "290410", "292019", "292910"))""", null, Lane.Red, "NBP"),
        new("precursors description", """any(items, contains(item.description, "ephedrine") or contains(item.description, "precursor"))""", 50, Lane.Red),
        new("sanctioned origin", """origin in ("IR", "KP", "SY", "CU") or export_country in ("IR", "KP", "SY")""", null, Lane.Red, "NBP"),
        new("transhipment hub", """port_of_loading in ("AEJEA", "SGSIN", "HKHKG") and origin not in ("AE", "SG", "HK") and total_cif > 1000000""", 10),
        new("origin differs from export", "origin != export_country and transport_mode == \"sea\"", 5),
        new("item origin mismatch", "count(items, item.origin != origin) >= 2", 5),
        new("screening block", "screening.block_hits > 0", null, Lane.Red, "NBP"),
        new("screening review", "screening.review_hits > 0 or screening.max_score > 0.85", 30),
        new("new trader high value", "features.new_trader and total_cif > 50000", 25),
        new("risky trader", "features.trader_hit_rate > 0.35 and features.trader_inspections >= 10", 30),
        new("risky declarant", "features.declarant_hit_rate > 0.29", 15),
        new("new declarant", "features.new_declarant", 5),
        new("risky route", "features.route_risk > 0.19", 15),
        new("weekend lodgement", "features.lodged_weekend and transport_mode == \"air\"", 5),
        new("out of hours", "features.lodged_out_of_hours and total_cif > 200000", 5),
        new("AEO facilitation", "importer.aeo and declarant.aeo", -20, Lane.Green),
        new("non-AEO importer, high duties", "not importer.aeo and total_duties > 150000", 15),
        new("many items", "count(items) > 5", 5),
        new("many distinct chapters", "count(items, item.hs2 != \"84\" and item.hs2 != \"85\") >= 5", 5),
        new("high total value", "total_cif > 2000000", 10, Lane.Blue),
        new("weight per value anomaly", "any(items, item.net_weight / item.cif > 5)", 10),
        new("net above gross", "any(items, item.net_weight > item.gross_weight)", 20, Lane.Yellow),
        new("zero quantity", "any(items, item.quantity <= 0 or missing(item.quantity))", 10),
        new("heavy declaration light value", "gross_weight > 20000 and total_cif < 10000", 20),
        new("textiles from high-risk origins", """item.hs2 in ("61", "62", "63") and item.origin in ("CN", "BD", "PK", "TR") and item.unit_value < stats.p25(item.hs6, item.origin)""", 20),
        new("solar panels antidumping", """item.hs6 == "854143" and item.origin in ("CN", "VN", "MY", "TH")""", 15, null, null),
        new("steel safeguard", """item.hs2 == "72" and item.net_weight > 25000""", 10),
        new("pharma by post", """transport_mode == "post" and any(items, item.hs2 == "30")""", 20, Lane.Yellow),
        new("express small value electronics", """transport_mode == "air" and total_cif < 150 and any(items, item.hs2 == "85")""", 5),
        new("generic description", """any(items, lower(item.description) in ("parts", "goods", "samples", "accessories", "spare parts"))""", 15),
        new("description mentions gift", """any(items, contains(item.description, "gift") or contains(item.description, "sample"))""", 10),
        new("importer name shell words", """contains(importer.name, "trading") and contains(importer.name, "general")""", 5),
        new("exporter in free zone", """starts_with(exporter.id, ("AE-JAFZ", "HK-FZ"))""", 10),
        new("currency mismatch", """currency != "USD" and currency != "EUR" and total_cif > 2000000""", 5),
        new("end of quarter rush", "month(lodgement_date) in (3, 6, 9, 12) and day(lodgement_date) >= 28 and total_duties > 10000", 5),
        new("season: fireworks", """lodgement_date >= date("2026-11-01") and lodgement_date <= date("2026-12-31") and any(items, item.hs4 == "3604")""", 20, Lane.Yellow),
        new("duty share low", "sum(items, item.duties) < 0.01 * total_cif and total_cif > 30000", 15),
        new("max item value dominant", "max(items, item.cif) > 0.9 * total_cif and count(items) > 3", 5),
        new("average unit value low", """avg(items, item.unit_value) < 2 and all(items, item.hs2 == "85")""", 10),
        new("item unit value ratio feature", "any(items, item.features.unit_value_ratio < 0.25)", 20),
        new("HS6 hit rate feature", "any(items, item.features.hs6_hit_rate > 0.38)", 15),
        new("route and trader combined", "features.route_risk > 0.18 and features.trader_hit_rate > 0.3 and not declarant.aeo", 20),
    ];
}
