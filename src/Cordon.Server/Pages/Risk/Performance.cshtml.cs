using System.Globalization;
using Cordon.Cases;
using Cordon.Identity;
using Cordon.Risk.Performance;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>Enforcement performance over a period: lanes, checks and what they found, revenue, seizures, release times, AEO and compliant traders, by week.</summary>
public sealed class PerformanceModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lane { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }

    public PerformanceReport? Result { get; private set; }
    /// <summary>Why no figures were computed, field by field ("field: message").</summary>
    public IReadOnlyList<string> Refusals => new FormRefusals(ModelState, _ => "other").For("other");

    /// <summary>The CSV export of the same query.</summary>
    public string CsvHref => WithQuery("/api/risk/performance/export.csv");

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Refusals (a period, lane, HS prefix or agency out of range) are shown on the form by RefusalsOnTheForm.
        Result = await EnforcementPerformance.ReportAsync(db, Actor.FromPrincipal(User), new PerformanceQuery(From, To, Office, Lane, Hs, Agency), ct);
        (From, To) = (Result.From, Result.To);
    }

    private string WithQuery(string path)
        => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["office"] = Office, ["lane"] = Lane, ["hs"] = Hs, ["agency"] = Agency,
        }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));

    private static string Share(double v) => v.ToString("P0", CultureInfo.CurrentCulture);

    private List<string> WeekLabels(PerformanceReport r) => r.Weeks.Select(w => w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    /// <summary>Inspection rate (share of decided declarations sent to a check) and detection rate (irregular per inspection) by week.</summary>
    public Chart Rates(PerformanceReport r) => new("performance-rates", text["Inspection and detection rate by week"], ChartKind.Lines, WeekLabels(r),
        [
            new ChartSeries(text["Inspection rate"], r.Weeks.Select(w => w.InspectionRate).ToList(),
                r.Weeks.Select(w => (string?)text["{0} checked of {1} decided", w.Checked, w.Decided].Value).ToList()),
            new ChartSeries(text["Detection rate"], r.Weeks.Select(w => w.Checks.DetectionRate).ToList(),
                r.Weeks.Select(w => (string?)text["{0} irregular of {1} inspected", w.Checks.Irregular, w.Checks.Inspected].Value).ToList()),
        ])
    { CategoryAxis = text["week starting"], ValueAxis = text["share"], Format = Share, Max = 1, Empty = text["No declaration in this period."] };

    public Chart Volumes(PerformanceReport r) => new("performance-volumes", text["Declarations and checks by week"], ChartKind.Columns, WeekLabels(r),
        [
            new ChartSeries(text.Code("axis", "declarations"), r.Weeks.Select(w => (double?)w.Declarations).ToList()),
            new ChartSeries(text["checks (red or yellow)"], r.Weeks.Select(w => (double?)w.Checked).ToList()),
        ])
    { CategoryAxis = text["week starting"], ValueAxis = text.Code("axis", "declarations"), Empty = text["No declaration in this period."] };

    public Chart Revenue(PerformanceReport r) => new("performance-revenue", text["Revenue recovered per inspection by week"], ChartKind.Columns, WeekLabels(r),
        [new ChartSeries(text.Code("series", "revenue per inspection"), r.Weeks.Select(w => w.Checks.RevenuePerInspection).ToList(),
            r.Weeks.Select(w => (string?)text["{0} inspected", w.Checks.Inspected].Value).ToList())])
    { CategoryAxis = text["week starting"], ValueAxis = text["revenue recovered per inspection"], Empty = text["No inspection in these weeks."] };

    public Chart Reasons(PerformanceReport r) => new("performance-reasons", text["Detection rate by selection reason"], ChartKind.Bars,
        r.ByReason.Select(x => text.Code("selection", x.Reason)).ToList(),
        [new ChartSeries(text["Detection rate"], r.ByReason.Select(x => x.Checks.DetectionRate).ToList(),
            r.ByReason.Select(x => (string?)text["{0} irregular of {1} inspected", x.Checks.Irregular, x.Checks.Inspected].Value).ToList())])
    { CategoryAxis = text["selection reason"], ValueAxis = text["Detection rate"], Format = Share, Max = 1, Empty = text["No inspection in this period."] };

    public Chart Release(PerformanceReport r) => new("performance-release", text["Hours from lodgement to release by lane"], ChartKind.Columns,
        r.ByLane.Select(l => text.Code("lane", l.Lane)).ToList(),
        [
            new ChartSeries(text["median"], r.ByLane.Select(l => l.MedianReleaseHours).ToList(), r.ByLane.Select(l => (string?)text["{0} released", l.Released].Value).ToList()),
            new ChartSeries(text["90th percentile"], r.ByLane.Select(l => l.P90ReleaseHours).ToList()),
        ])
    { CategoryAxis = text["Lane"], ValueAxis = text["hours"], Empty = text["No release in this period."] };

    public Chart Seizures(string id, string title, IReadOnlyList<StatisticsBar> bars, string by) => new($"performance-seizures-{id}", title, ChartKind.Bars, bars.Select(b => b.Key).ToList(),
        [new ChartSeries(text.Code("axis", "seizures"), bars.Select(b => (double?)b.Seizures).ToList(), bars.Select(b => (string?)$"{b.WeightKg.ToString("0.#", CultureInfo.CurrentCulture)} kg").ToList())])
    { CategoryAxis = by, ValueAxis = text.Code("axis", "seizures"), Empty = text["No seizure you may count."] };
}
