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
