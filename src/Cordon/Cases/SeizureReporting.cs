using System.Globalization;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>One seized commodity in non-nominal form: no person, officer, witness or owner; for international seizure databases.</summary>
/// <remarks>Its columns are fields of the seizure's shared view: what the reader's agreement withholds is empty (null) here too.</remarks>
public sealed record SeizureReportRow(string Seizure, string Date, string Month, string Agency, string? Office, string? RouteFrom, string? RouteTo, string? Commodity,
    string? HsCode, decimal Quantity, string? Unit, decimal? WeightKg, string? ConcealmentMethod, string? DetectionMethod);

public sealed record StatisticsBar(string Key, int Seizures, decimal WeightKg);

public sealed record SeizureStatistics(int Seizures, IReadOnlyList<StatisticsBar> ByCommodity, IReadOnlyList<StatisticsBar> ByRoute, IReadOnlyList<StatisticsBar> ByOffice, IReadOnlyList<StatisticsBar> ByMonth);

/// <summary>Non-nominal seizure export (CSV, JSON) and statistics, over the seizures the access policy lets the reader see.</summary>
public static class SeizureReporting
{
    public static readonly string[] CsvHeader = ["seizure", "date", "month", "agency", "office", "route_from", "route_to", "commodity", "hs_code", "quantity", "unit", "weight_kg", "concealment_method", "detection_method"];

    /// <summary>The report rows; <paramref name="onward"/> for exports to files, which leave out other agencies' no-onward-sharing seizures.</summary>
    public static async Task<List<SeizureReportRow>> RowsAsync(CordonDb db, AccessPolicy policy, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default, bool onward = false)
    {
        var q = policy.Filter(db.Seizures.AsNoTracking(), RecordTypes.Seizure, onward);
        if (from is { } f)
        {
            var start = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(s => s.SeizedAt >= start);
        }
        if (to is { } t)
        {
            var end = new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(s => s.SeizedAt < end);
        }
        // Whole records are loaded (the rows below take only non-personal columns), so the store notes which of
        // another agency's seizures this report read, for the owner's access review, as it does on every path.
        var seizures = await q.OrderBy(s => s.SeizedAt).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        // The records are detached: each is cleared by path as the reader's decision says (office, items.category,
        // concealmentMethod...), so a report, an export or a chart never carries what the record's own read withholds.
        var decisions = new RowDecisions(policy, RecordTypes.Seizure, onward);
        foreach (var s in seizures)
        {
            Redaction.Clear(s, decisions.For(s.OwningAgencyId, s.Marking, s.Caveats, s.Id).RedactedFields);
        }
        return seizures.SelectMany(s => s.Items.Select(i => new SeizureReportRow(s.Reference, s.SeizedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            s.SeizedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), codes.GetValueOrDefault(s.OwningAgencyId) ?? "?", s.Office, s.RouteFrom, s.RouteTo,
            i.Category, i.HsCode, i.Quantity, i.Unit, i.WeightKg, s.ConcealmentMethod, s.DetectionMethod))).ToList();
    }

    public static async Task WriteCsvAsync(IEnumerable<SeizureReportRow> rows, TextWriter writer)
    {
        await writer.WriteLineAsync(string.Join(',', CsvHeader));
        foreach (var r in rows)
        {
            string?[] cells = [r.Seizure, r.Date, r.Month, r.Agency, r.Office, r.RouteFrom, r.RouteTo, r.Commodity, r.HsCode, Num(r.Quantity), r.Unit,
                r.WeightKg is { } w ? Num(w) : "", r.ConcealmentMethod, r.DetectionMethod];
            await writer.WriteLineAsync(string.Join(',', cells.Select(Cell)));
        }
    }

    private static string? Num(decimal? d) => d?.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Cell(string? v)
    {
        var s = v ?? "";
        // Formula injection: a cell a spreadsheet would evaluate is prefixed with a quote.
        if (s.Length > 0 && "=+-@\t\r".Contains(s[0], StringComparison.Ordinal))
        {
            s = "'" + s;
        }
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    /// <summary>The group of rows whose key the reader's agreement withholds.</summary>
    public const string Withheld = "(withheld)";

    public static SeizureStatistics Statistics(IReadOnlyList<SeizureReportRow> rows)
    {
        List<StatisticsBar> By(Func<SeizureReportRow, string> key) => rows.GroupBy(key)
            .Select(g => new StatisticsBar(g.Key, g.Select(r => r.Seizure).Distinct().Count(), g.Sum(r => r.WeightKg ?? 0)))
            .OrderByDescending(b => b.Seizures).ThenBy(b => b.Key, StringComparer.Ordinal).ToList();
        return new SeizureStatistics(rows.Select(r => r.Seizure).Distinct().Count(), By(r => r.Commodity ?? Withheld), By(r => $"{r.RouteFrom ?? "?"} → {r.RouteTo ?? "?"}"),
            By(r => r.Office ?? Withheld), By(r => r.Month).OrderBy(b => b.Key, StringComparer.Ordinal).ToList());
    }
}
