using System.Globalization;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Travellers;

/// <summary>Traveller statistics over a period: crossings per point per day, refusals by reason, decisions, watch-list and document hits by list.</summary>
public sealed class StatisticsModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Point { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }

    public TravellerStatisticsReport? Result { get; private set; }
    /// <summary>Why no figures were computed, field by field ("field: message").</summary>
    public IReadOnlyList<string> Refusals => new FormRefusals(ModelState, _ => "other").For("other");

    /// <summary>The CSV export of the same query.</summary>
    public string CsvHref => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/travellers/statistics/export.csv", new Dictionary<string, string?>
    {
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["point"] = Point, ["agency"] = Agency,
    }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Refusals (a period, point or agency out of range) are shown on the form by RefusalsOnTheForm.
        Result = await TravellerStatistics.ReportAsync(db, Actor.FromPrincipal(User), new TravellerStatisticsQuery(From, To, Point, Agency), ct);
        (From, To) = (Result.From, Result.To);
    }

    /// <summary>Crossings (entries, exits and refusals) per day, one line per crossing point; a day without crossings at a point is zero.</summary>
    public Chart PerPointPerDay(TravellerStatisticsReport r)
    {
        var days = Enumerable.Range(0, r.To.DayNumber - r.From.DayNumber + 1).Select(r.From.AddDays).ToList();
        var series = r.ByPoint.Select(p =>
        {
            var at = r.ByPointAndDay.Where(d => d.Point == p.Point).ToDictionary(d => d.Day);
            return new ChartSeries(p.Point, days.Select(d => (double?)(at.TryGetValue(d, out var x) ? x.Entries + x.Exits + x.Refusals : 0)).ToList(),
                days.Select(d => at.TryGetValue(d, out var x) ? (string?)text["{0} entries, {1} exits, {2} refusals", x.Entries, x.Exits, x.Refusals].Value : null).ToList());
        }).ToList();
        return new Chart("traveller-crossings", text["Crossings per crossing point per day"], ChartKind.Lines,
            days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(), series)
        { CategoryAxis = text.Code("axis", "day"), ValueAxis = text.Code("axis", "crossings"), Empty = text["No crossing you may count in this period."] };
    }

    public Chart RefusalsByReason(TravellerStatisticsReport r) => new("traveller-refusals", text["Refusals of entry by reason"], ChartKind.Bars,
        r.RefusalsByReason.Select(x => x.Reason == TravellerStatistics.Withheld ? text["withheld"].Value : x.Reason).ToList(),
        [new ChartSeries(text.Code("axis", "refusals"), r.RefusalsByReason.Select(x => (double?)x.Refusals).ToList())])
    { CategoryAxis = text.Code("axis", "refusal reason"), ValueAxis = text.Code("axis", "refusals"), Empty = text["No refusal you may count in this period."] };

    public Chart Decisions(TravellerStatisticsReport r) => new("traveller-decisions", text["Travellers by decision"], ChartKind.Columns,
        r.ByDecision.Select(d => text[TravellerActions.Label(d.Action == "unchecked" ? null : d.Action)].Value).ToList(),
        [new ChartSeries(text.Code("axis", "travellers"), r.ByDecision.Select(d => (double?)d.Travellers).ToList())])
    { CategoryAxis = text.Code("axis", "decision"), ValueAxis = text.Code("axis", "travellers"), Empty = text["No traveller you may count in this period."] };

    public Chart WatchListHits(TravellerStatisticsReport r) => new("traveller-watch-list-hits", text["Watch-list hits by list"], ChartKind.StackedColumns,
        r.WatchListHits.Select(h => h.List).ToList(),
        [
            new ChartSeries(text.Code("series", "open or confirmed"), r.WatchListHits.Select(h => (double?)(h.Open + h.Confirmed)).ToList(),
                r.WatchListHits.Select(h => (string?)text["{0} open, {1} confirmed", h.Open, h.Confirmed].Value).ToList()),
            new ChartSeries(text.Code("series", "dismissed"), r.WatchListHits.Select(h => (double?)h.Dismissed).ToList()),
        ])
    { CategoryAxis = text.Code("axis", "watch list"), ValueAxis = text.Code("series", "hits"), Empty = text["No watch-list hit you may count in this period."] };

    public Chart DocumentHits(TravellerStatisticsReport r) => new("traveller-document-hits", text["Documents found on lost and stolen lists"], ChartKind.Bars,
        r.DocumentHits.Select(h => $"{h.List} ({h.Status})").ToList(),
        [new ChartSeries(text.Code("axis", "documents"), r.DocumentHits.Select(h => (double?)h.Documents).ToList())])
    { CategoryAxis = text.Code("axis", "list (status)"), ValueAxis = text.Code("axis", "documents"), Empty = text["No document hit you may count in this period."] };
}
