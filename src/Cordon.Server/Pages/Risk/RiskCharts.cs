using System.Globalization;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Server.Ui;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>The risk pages' figures as charts: evaluation curves, weeks after training, lanes per day, labelled in the reader's language.</summary>
public static class RiskCharts
{
    private static string Share(double v) => v.ToString("P0", CultureInfo.CurrentCulture);

    /// <summary>One metric (precision or revenue share) against inspection rate, for the model and both baselines.</summary>
    public static Chart Evaluation(IStringLocalizer text, EvaluationReport report, string metric, string title, string valueAxis)
    {
        var rates = RankingMetrics.Rates;
        var series = new[] { ("model", report.Model), ("criteria only", report.Baselines.Criteria), ("random", report.Baselines.Random) }
            .Select(s => new ChartSeries(text.Code("series", s.Item1), rates.Select(r => (double?)Value(s.Item2.N[r.ToString(CultureInfo.InvariantCulture)], metric)).ToList()))
            .ToList();
        return new Chart(metric, title, ChartKind.Lines, rates.Select(r => $"{r} %").ToList(), series)
        {
            CategoryAxis = text["inspection rate (share of declarations inspected, highest scores first)"],
            ValueAxis = valueAxis,
            Format = Share,
            Max = 1,
        };
    }

    /// <summary>
    /// Lines over weeks (week 1, 2, …), one per series, values 0–1: a model's precision or revenue share per week after its
    /// training, or a criterion's hit rate per week. Drift shows as a falling line.
    /// </summary>
    public static Chart Weekly(IStringLocalizer text, IReadOnlyList<(string Name, IReadOnlyList<(int Week, double Value, string Tip)> Points)> series, string title, string chart,
        string valueAxis, string? weekAxis = null)
    {
        var weeks = Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Week).DefaultIfEmpty(1).Max());
        var lines = series.Select(s => new ChartSeries(s.Name,
            Enumerable.Range(1, weeks).Select(w => s.Points.Where(p => p.Week == w).Select(p => (double?)p.Value).FirstOrDefault()).ToList(),
            Enumerable.Range(1, weeks).Select(w => s.Points.Where(p => p.Week == w).Select(p => (string?)p.Tip).FirstOrDefault()).ToList())).ToList();
        return new Chart(chart, title, ChartKind.Lines, Enumerable.Range(1, weeks).Select(w => w.ToString(CultureInfo.CurrentCulture)).ToList(), lines)
        {
            CategoryAxis = weekAxis ?? text["week after training"],
            ValueAxis = valueAxis,
            Format = Share,
            Max = 1,
            Empty = text["Not measured yet."],
        };
    }

    private static double Value(AtRate at, string metric) => metric switch
    {
        "precision" => at.Precision,
        "recall" => at.Recall,
        _ => at.Revenue,
    };

    private static readonly (string Lane, string Colour)[] LaneColours = [("red", "#cf222e"), ("yellow", "#bf8700"), ("blue", "#0969da"), ("green", "#1a7f37")];

    /// <summary>Stacked columns per day of one office's lane decisions.</summary>
    public static Chart Distribution(IStringLocalizer text, string office, IReadOnlyList<LaneCount> counts)
    {
        var days = counts.Select(c => c.Day).Distinct().Order().ToList();
        var series = LaneColours.Select(l => new ChartSeries(text.Code("lane", l.Lane),
            days.Select(d => (double?)counts.Where(c => c.Day == d && c.Lane == l.Lane).Sum(c => c.Count)).ToList(), Colour: l.Colour)).ToList();
        return new Chart($"lanes-{office}", text["Lanes at {0}", office], ChartKind.StackedColumns, days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(), series)
        {
            CategoryAxis = text.Code("axis", "day"),
            ValueAxis = text.Code("axis", "decisions"),
            Empty = text["No lane decision in this window."],
        };
    }

    public static string LaneBadge(string lane) => lane switch
    {
        "red" => "badge bad",
        "green" => "badge ok",
        _ => "badge",
    };
}
