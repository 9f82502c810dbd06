using System.Globalization;
using System.Net;
using System.Text;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Microsoft.AspNetCore.Html;

namespace Cordon.Server.Pages.Risk;

/// <summary>Inline SVG charts (no script, no CDN): evaluation curves and lane distribution.</summary>
public static class RiskCharts
{
    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static readonly (string Name, string Colour)[] Series = [("model", "#1f6feb"), ("criteria only", "#bf8700"), ("random", "#8c959f")];

    /// <summary>One metric (precision or revenue share) against inspection rate, for the model and both baselines.</summary>
    public static IHtmlContent Evaluation(EvaluationReport report, string metric, string title)
    {
        const int w = 420, h = 240, left = 44, right = 110, top = 24, bottom = 34;
        var rates = RankingMetrics.Rates;
        double X(int i) => left + i * (w - left - right) / (double)(rates.Length - 1);
        double Y(double v) => top + (1 - v) * (h - top - bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" data-chart=\"{metric}\" style=\"max-width:100%;background:#fff\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-weight=\"600\">{WebUtility.HtmlEncode(title)}</text>");
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{N(Y(tick))}\" y2=\"{N(Y(tick))}\" stroke=\"#eaeef2\"/><text x=\"{left - 6}\" y=\"{N(Y(tick) + 4)}\" font-size=\"10\" text-anchor=\"end\">{tick:0%}</text>");
        }
        for (var i = 0; i < rates.Length; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(i))}\" y=\"{h - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{rates[i]} %</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + w - right) / 2}\" y=\"{h - 4}\" font-size=\"10\" text-anchor=\"middle\">inspection rate</text>");
        var qualities = new[] { report.Model, report.Baselines.Criteria, report.Baselines.Random };
        for (var s = 0; s < Series.Length; s++)
        {
            var q = qualities[s];
            var points = string.Join(' ', rates.Select((r, i) => $"{N(X(i))},{N(Y(Value(q.N[r.ToString(CultureInfo.InvariantCulture)], metric)))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Series[s].Colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            for (var i = 0; i < rates.Length; i++)
            {
                var v = Value(q.N[rates[i].ToString(CultureInfo.InvariantCulture)], metric);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(v))}\" r=\"3\" fill=\"{Series[s].Colour}\"><title>{Series[s].Name} at {rates[i]} %: {v:P1}</title></circle>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{w - right + 10}\" y=\"{top + s * 16}\" width=\"10\" height=\"10\" fill=\"{Series[s].Colour}\"/><text x=\"{w - right + 24}\" y=\"{top + s * 16 + 9}\" font-size=\"10\">{Series[s].Name}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static readonly string[] Palette = ["#1f6feb", "#bf8700", "#cf222e", "#2da44e", "#8250df", "#0a3069", "#953800", "#57606a"];

    /// <summary>
    /// Lines over weeks (x = week 1, 2, …), one per series, values 0–1: a model's precision or revenue share per week after its
    /// training, or a criterion's hit rate per week. Drift shows as a falling line.
    /// </summary>
    public static IHtmlContent Weekly(IReadOnlyList<(string Name, IReadOnlyList<(int Week, double Value, string Tip)> Points)> series, string title, string chart, string xLabel = "week after training")
    {
        const int w = 520, h = 240, left = 44, right = 110, top = 24, bottom = 34;
        var maxWeek = Math.Max(2, series.SelectMany(x => x.Points).Select(p => p.Week).DefaultIfEmpty(2).Max());
        double X(int week) => left + (week - 1) * (w - left - right) / (double)(maxWeek - 1);
        double Y(double v) => top + (1 - Math.Clamp(v, 0, 1)) * (h - top - bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" data-chart=\"{chart}\" style=\"max-width:100%;background:#fff\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-weight=\"600\">{WebUtility.HtmlEncode(title)}</text>");
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{N(Y(tick))}\" y2=\"{N(Y(tick))}\" stroke=\"#eaeef2\"/><text x=\"{left - 6}\" y=\"{N(Y(tick) + 4)}\" font-size=\"10\" text-anchor=\"end\">{tick:0%}</text>");
        }
        var step = Math.Max(1, maxWeek / 12);
        for (var week = 1; week <= maxWeek; week += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(week))}\" y=\"{h - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{week}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + w - right) / 2}\" y=\"{h - 4}\" font-size=\"10\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>");
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Palette[i % Palette.Length];
            var (name, points) = series[i];
            if (points.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points.Select(p => $"{N(X(p.Week))},{N(Y(p.Value))}"))}\"/>");
            }
            foreach (var p in points)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.Week))}\" cy=\"{N(Y(p.Value))}\" r=\"3\" fill=\"{colour}\"><title>{WebUtility.HtmlEncode($"{name}, week {p.Week}: {p.Tip}")}</title></circle>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{w - right + 10}\" y=\"{top + i * 16}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{w - right + 24}\" y=\"{top + i * 16 + 9}\" font-size=\"10\">{WebUtility.HtmlEncode(name)}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>Bars of a non-negative amount per labelled period (e.g. revenue per inspection by week), scaled to the largest.</summary>
    public static IHtmlContent Bars(IReadOnlyList<(string Label, double? Value)> bars, string title, string chart)
    {
        const int w = 520, h = 220, left = 60, right = 20, top = 24, bottom = 40;
        var max = Math.Max(1e-9, bars.Select(b => b.Value ?? 0).DefaultIfEmpty(0).Max());
        var slot = (w - left - right) / (double)Math.Max(1, bars.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" data-chart=\"{chart}\" style=\"max-width:100%;background:#fff\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-weight=\"600\">{WebUtility.HtmlEncode(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 8}\" font-size=\"10\" text-anchor=\"end\">{max:N0}</text><text x=\"{left - 6}\" y=\"{h - bottom}\" font-size=\"10\" text-anchor=\"end\">0</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var x = left + i * slot;
            var barH = (value ?? 0) / max * (h - top - bottom);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + slot * 0.15)}\" y=\"{N(h - bottom - barH)}\" width=\"{N(slot * 0.7)}\" height=\"{N(barH)}\" fill=\"#1f6feb\"><title>{WebUtility.HtmlEncode($"{label}: {(value is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "no inspection")}")}</title></rect>");
            if (bars.Count <= 16 || i % 2 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + slot / 2)}\" y=\"{h - bottom + 14}\" font-size=\"9\" text-anchor=\"middle\">{WebUtility.HtmlEncode(label)}</text>");
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static double Value(AtRate at, string metric) => metric switch
    {
        "precision" => at.Precision,
        "recall" => at.Recall,
        _ => at.Revenue,
    };

    private static readonly (string Lane, string Colour)[] LaneColours = [("red", "#cf222e"), ("yellow", "#d4a72c"), ("blue", "#0969da"), ("green", "#2da44e")];

    /// <summary>Stacked bars per day of one office's lane decisions.</summary>
    public static IHtmlContent Distribution(string office, IReadOnlyList<LaneCount> counts)
    {
        var days = counts.Select(c => c.Day).Distinct().Order().ToList();
        const int h = 150, top = 20, bottom = 22, left = 36;
        var bar = Math.Clamp(600 / Math.Max(1, days.Count), 4, 24);
        var w = left + days.Count * bar + 90;
        var max = Math.Max(1, days.Max(d => counts.Where(c => c.Day == d).Sum(c => c.Count)));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Lanes at {WebUtility.HtmlEncode(office)}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" data-chart=\"lanes\" style=\"max-width:100%;background:#fff\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"13\" font-size=\"12\" font-weight=\"600\">{WebUtility.HtmlEncode(office)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 8}\" font-size=\"10\" text-anchor=\"end\">{max}</text><text x=\"{left - 4}\" y=\"{h - bottom}\" font-size=\"10\" text-anchor=\"end\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var y = (double)(h - bottom);
            foreach (var (lane, colour) in LaneColours)
            {
                var n = counts.Where(c => c.Day == days[i] && c.Lane == lane).Sum(c => c.Count);
                if (n == 0) continue;
                var height = n * (h - top - bottom) / (double)max;
                y -= height;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + i * bar}\" y=\"{N(y)}\" width=\"{bar - 1}\" height=\"{N(height)}\" fill=\"{colour}\"><title>{days[i]:yyyy-MM-dd}: {n} {lane}</title></rect>");
            }
        }
        if (days.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 6}\" font-size=\"10\">{days[0]:yyyy-MM-dd}</text><text x=\"{left + days.Count * bar}\" y=\"{h - 6}\" font-size=\"10\" text-anchor=\"end\">{days[^1]:yyyy-MM-dd}</text>");
        }
        for (var s = 0; s < LaneColours.Length; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{w - 80}\" y=\"{top + s * 15}\" width=\"10\" height=\"10\" fill=\"{LaneColours[s].Colour}\"/><text x=\"{w - 66}\" y=\"{top + s * 15 + 9}\" font-size=\"10\">{LaneColours[s].Lane}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    public static string LaneBadge(string lane) => lane switch
    {
        "red" => "badge bad",
        "green" => "badge ok",
        _ => "badge",
    };
}
