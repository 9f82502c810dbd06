using System.Globalization;
using System.Net;
using System.Text;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>One seized commodity in non-nominal form: no person, officer, witness or owner; for international seizure databases.</summary>
public sealed record SeizureReportRow(string Seizure, string Date, string Month, string Agency, string Office, string? RouteFrom, string? RouteTo, string Commodity,
    string? HsCode, decimal Quantity, string Unit, decimal? WeightKg, string? ConcealmentMethod, string? DetectionMethod);

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
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
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

    public static SeizureStatistics Statistics(IReadOnlyList<SeizureReportRow> rows)
    {
        List<StatisticsBar> By(Func<SeizureReportRow, string> key) => rows.GroupBy(key)
            .Select(g => new StatisticsBar(g.Key, g.Select(r => r.Seizure).Distinct().Count(), g.Sum(r => r.WeightKg ?? 0)))
            .OrderByDescending(b => b.Seizures).ThenBy(b => b.Key, StringComparer.Ordinal).ToList();
        return new SeizureStatistics(rows.Select(r => r.Seizure).Distinct().Count(), By(r => r.Commodity), By(r => $"{r.RouteFrom ?? "?"} → {r.RouteTo ?? "?"}"),
            By(r => r.Office), By(r => r.Month).OrderBy(b => b.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>A horizontal bar chart as inline SVG (no script, no external asset), with the figures written beside the bars.</summary>
    public static string BarChart(string title, IReadOnlyList<StatisticsBar> bars, int width = 560)
    {
        const int row = 24, left = 170, top = 28;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Seizures));
        var height = top + Math.Max(1, bars.Count) * row + 8;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" aria-label=\"{Esc(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\">{Esc(title)}</text>");
        if (bars.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{top + 16}\" font-size=\"12\" fill=\"#666\">no seizures</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * row;
            var w = (int)Math.Round((width - left - 110) * (double)b.Seizures / max);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 15}\" font-size=\"12\" text-anchor=\"end\">{Esc(Short(b.Key))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 3}\" width=\"{Math.Max(w, 1)}\" height=\"{row - 8}\" fill=\"#2f6fdf\"><title>{Esc(b.Key)}: {b.Seizures} seizure(s), {b.WeightKg:0.###} kg</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + w + 6}\" y=\"{y + 15}\" font-size=\"12\">{b.Seizures} · {b.WeightKg:0.#} kg</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Short(string s) => s.Length <= 24 ? s : s[..23] + "…";

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
