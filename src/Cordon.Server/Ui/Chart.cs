using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Cordon.Server.Ui;

public enum ChartKind
{
    /// <summary>Horizontal bars, one per category, the figure written beside each bar (long category names).</summary>
    Bars,
    /// <summary>Vertical columns per category, the series side by side (periods: months, weeks).</summary>
    Columns,
    /// <summary>Vertical columns per category, the series stacked (lanes per day).</summary>
    StackedColumns,
    /// <summary>One line per series over the categories; a missing value breaks the line.</summary>
    Lines,
}

/// <summary>One named series: a value (or none) per category, and an optional note per value for its tooltip and table.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, IReadOnlyList<string?>? Notes = null, string? Colour = null);

/// <summary>
/// The one chart of the UI (decision 016): a figure with its title, an inline SVG drawn on the server (axes with their
/// labels and units, a tooltip on every mark, a legend), the same figures as a table for screen readers and copying, and
/// an empty state. No script and no inline style, so it renders under the strict Content Security Policy and fits
/// its container at any width (the SVG scales to the container; the title, legend and table are HTML and wrap).
/// </summary>
public sealed record Chart(string Id, string Title, ChartKind Kind, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series) : IHtmlContent
{
    /// <summary>What the chart shows, in a sentence: the SVG's description.</summary>
    public string? Description { get; init; }

    /// <summary>The category axis ("month", "inspection rate").</summary>
    public string CategoryAxis { get; init; } = "";

    /// <summary>The value axis with its unit ("seizures", "revenue per inspection (EUR)").</summary>
    public string ValueAxis { get; init; } = "";

    /// <summary>How a value is written on the axis, beside a bar, in a tooltip and in the table.</summary>
    public Func<double, string> Format { get; init; } = v => v.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>A fixed top of the value axis (1 for shares), instead of the largest value rounded up.</summary>
    public double? Max { get; init; }

    /// <summary>
    /// A dashed vertical line before the category at <c>Before</c> with its label (a measure's start between the weeks before
    /// and during it); on lines and columns only.
    /// </summary>
    public (int Before, string Label)? Divider { get; init; }

    /// <summary>Said instead of the chart when there is not one value to draw.</summary>
    public string Empty { get; init; } = "No figures yet.";

    private static readonly string[] Palette = ["#0a4fbf", "#b35900", "#6e7781", "#1a7f37", "#8250df", "#cf222e", "#0a3069", "#953800"];

    private const double Width = 480, FontWidth = 6.4; // an average glyph at the 11px axis font, to reserve room for labels

    private bool HasValues => Series.Any(s => s.Values.Any(v => v is not null));

    private string Colour(int i) => Series[i].Colour ?? Palette[i % Palette.Length];

    public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder) => writer.Write(Render());

    public override string ToString() => Render();

    public string Render()
    {
        if (Series.Any(s => s.Values.Count != Categories.Count)) throw new ArgumentException($"Chart {Id}: every series needs one value per category.");
        if (Kind == ChartKind.Bars && Series.Count != 1) throw new ArgumentException($"Chart {Id}: horizontal bars show one series.");
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" data-chart=\"{E(Id)}\" data-kind=\"{Kind.ToString().ToLowerInvariant()}\">");
        html.Append(CultureInfo.InvariantCulture, $"<figcaption>{E(Title)}</figcaption>");
        if (!HasValues)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted chart-empty\" data-testid=\"chart-empty\">{E(Empty)}</p></figure>");
            return html.ToString();
        }
        html.Append(Kind == ChartKind.Bars ? BarsSvg() : GridSvg());
        if (Series.Count > 1)
        {
            html.Append("<ul class=\"chart-legend\">");
            for (var i = 0; i < Series.Count; i++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{Colour(i)}\"/></svg>{E(Series[i].Name)}</li>");
            }
            html.Append("</ul>");
        }
        html.Append(Table());
        html.Append("</figure>");
        return html.ToString();
    }

    private string Open(double height)
    {
        var id = "chart-" + string.Concat(Id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')); // an id reference list splits at spaces
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-labelledby=\"{E(id)}-t {E(id)}-d\" viewBox=\"0 0 {N(Width)} {N(height)}\" preserveAspectRatio=\"xMinYMin meet\">" +
            $"<title id=\"{E(id)}-t\">{E(Title)}</title><desc id=\"{E(id)}-d\">{E(Description ?? Describe())}</desc>");
    }

    /// <summary>Without a written description, the SVG says what its axes are and that a table follows.</summary>
    private string Describe() => $"{(ValueAxis.Length > 0 ? ValueAxis : "values")}{(CategoryAxis.Length > 0 ? " by " + CategoryAxis : "")}; the figures are in the table below.";

    private string BarsSvg()
    {
        const double row = 24, top = 6, axis = 34;
        var values = Series[0].Values;
        var labels = Categories.Select(c => Short(c, 28)).ToList();
        var left = Math.Min(Width * 0.42, labels.Max(l => l.Length) * FontWidth + 10);
        var texts = values.Select((v, i) => v is { } x ? Format(x) + Note(0, i, " · ") : "—").ToList();
        var right = texts.Max(t => t.Length) * FontWidth + 10;
        var plot = Width - left - right;
        var (top1, ticks) = Scale(values.Max(v => v ?? 0));
        var height = top + Categories.Count * row + axis;
        var svg = new StringBuilder(Open(height));
        foreach (var t in ticks)
        {
            var x = left + t / top1 * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(top)}\" y2=\"{N(height - axis)}\"/><text class=\"tick\" x=\"{N(x)}\" y=\"{N(height - axis + 14)}\" text-anchor=\"middle\">{E(Format(t))}</text>");
        }
        for (var i = 0; i < Categories.Count; i++)
        {
            var y = top + i * row;
            var w = (values[i] ?? 0) / top1 * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{N(left - 6)}\" y=\"{N(y + 16)}\" text-anchor=\"end\">{E(labels[i])}<title>{E(Categories[i])}</title></text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"mark\" x=\"{N(left)}\" y=\"{N(y + 4)}\" width=\"{N(Math.Max(w, values[i] is > 0 ? 1 : 0))}\" height=\"{N(row - 8)}\" fill=\"{Colour(0)}\"><title>{E(Tip(0, i))}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{N(left + w + 5)}\" y=\"{N(y + 16)}\">{E(texts[i])}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{N(left)}\" x2=\"{N(left)}\" y1=\"{N(top)}\" y2=\"{N(height - axis)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{N(left + plot / 2)}\" y=\"{N(height - 4)}\" text-anchor=\"middle\">{E(ValueAxis)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private string GridSvg()
    {
        const double height = 220, top = 10, right = 14;
        var bottom = CategoryAxis.Length > 0 ? 44.0 : 28.0;
        var stacked = Kind == ChartKind.StackedColumns;
        var largest = stacked
            ? Categories.Select((_, i) => Series.Sum(s => s.Values[i] ?? 0)).DefaultIfEmpty(0).Max()
            : Series.SelectMany(s => s.Values).Max(v => v ?? 0);
        var (top1, ticks) = Scale(largest);
        var left = ticks.Max(t => Format(t).Length) * FontWidth + (ValueAxis.Length > 0 ? 26 : 10);
        var plotW = Width - left - right;
        var plotH = height - top - bottom;
        double Y(double v) => top + (1 - Math.Clamp(v / top1, 0, 1)) * plotH;
        var slot = plotW / Categories.Count;
        double Centre(int i) => Kind == ChartKind.Lines && Categories.Count > 1 ? left + i * plotW / (Categories.Count - 1) : left + (i + 0.5) * slot;
        var svg = new StringBuilder(Open(height));
        foreach (var t in ticks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(left)}\" x2=\"{N(Width - right)}\" y1=\"{N(Y(t))}\" y2=\"{N(Y(t))}\"/><text class=\"tick\" x=\"{N(left - 5)}\" y=\"{N(Y(t) + 4)}\" text-anchor=\"end\">{E(Format(t))}</text>");
        }
        // Category labels are thinned so that they never overlap: every k-th, k from the longest label and the room per category.
        var labelWidth = Categories.Max(c => Short(c, 12).Length) * FontWidth + 8;
        var every = (int)Math.Ceiling(labelWidth / (Kind == ChartKind.Lines && Categories.Count > 1 ? plotW / (Categories.Count - 1) : slot));
        for (var i = 0; i < Categories.Count; i += Math.Max(1, every))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"category\" x=\"{N(Centre(i))}\" y=\"{N(height - bottom + 15)}\" text-anchor=\"middle\">{E(Short(Categories[i], 12))}<title>{E(Categories[i])}</title></text>");
        }
        if (Kind == ChartKind.Lines)
        {
            for (var s = 0; s < Series.Count; s++)
            {
                // A gap in the data is a gap in the line, not a drop to zero.
                var run = new List<string>();
                void Flush()
                {
                    if (run.Count > 1) svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"mark\" fill=\"none\" stroke=\"{Colour(s)}\" stroke-width=\"2\" points=\"{string.Join(' ', run)}\"/>");
                    run.Clear();
                }
                for (var i = 0; i < Categories.Count; i++)
                {
                    if (Series[s].Values[i] is { } v) run.Add($"{N(Centre(i))},{N(Y(v))}");
                    else Flush();
                }
                Flush();
                for (var i = 0; i < Categories.Count; i++)
                {
                    if (Series[s].Values[i] is { } v)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"mark\" cx=\"{N(Centre(i))}\" cy=\"{N(Y(v))}\" r=\"3.5\" fill=\"{Colour(s)}\"><title>{E(Tip(s, i))}</title></circle>");
                    }
                }
            }
        }
        else
        {
            var inner = Math.Min(slot * 0.75, 44.0 * Series.Count); // a few wide months still look like columns, not a wall
            var each = stacked ? inner : inner / Series.Count;
            for (var i = 0; i < Categories.Count; i++)
            {
                var baseY = top + plotH;
                for (var s = 0; s < Series.Count; s++)
                {
                    // A measured zero is drawn as a hairline on the axis, so that it reads apart from "no figure" (nothing drawn).
                    if (Series[s].Values[i] is not { } v || v < 0 || (stacked && v == 0)) continue;
                    var h = v / top1 * plotH;
                    var x = left + i * slot + (slot - inner) / 2 + (stacked ? 0 : s * each);
                    var y = stacked ? baseY - h : top + plotH - h;
                    if (stacked) baseY -= h;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"mark\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(1, each - (stacked ? 1 : 0)))}\" height=\"{N(Math.Max(h, 1))}\" fill=\"{Colour(s)}\"><title>{E(Tip(s, i))}</title></rect>");
                }
            }
        }
        if (Divider is { } divider && divider.Before > 0 && divider.Before < Categories.Count)
        {
            var x = (Centre(divider.Before - 1) + Centre(divider.Before)) / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"divider\" data-divider=\"{divider.Before}\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(top)}\" y2=\"{N(top + plotH)}\" stroke=\"#57606a\" stroke-dasharray=\"4 3\"><title>{E(divider.Label)}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{N(x + 3)}\" y=\"{N(top + 10)}\">{E(Short(divider.Label, 24))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{N(left)}\" x2=\"{N(Width - right)}\" y1=\"{N(top + plotH)}\" y2=\"{N(top + plotH)}\"/>");
        if (CategoryAxis.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{N(left + plotW / 2)}\" y=\"{N(height - 6)}\" text-anchor=\"middle\">{E(CategoryAxis)}</text>");
        }
        if (ValueAxis.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" transform=\"translate(12 {N(top + plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{E(ValueAxis)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private string Table()
    {
        var t = new StringBuilder("<details class=\"chart-table\"><summary>The figures as a table</summary><div class=\"table-wrap\"><table class=\"grid\">");
        t.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{E(CategoryAxis.Length > 0 ? CategoryAxis : "category")}</th>");
        foreach (var s in Series)
        {
            t.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\" class=\"num\">{E(Series.Count == 1 && ValueAxis.Length > 0 ? ValueAxis : s.Name)}</th>");
            if (s.Notes is not null) t.Append("<th scope=\"col\">note</th>");
        }
        t.Append("</tr></thead><tbody>");
        for (var i = 0; i < Categories.Count; i++)
        {
            t.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(Categories[i])}</th>");
            for (var s = 0; s < Series.Count; s++)
            {
                t.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(Series[s].Values[i] is { } v ? E(Format(v)) : "—")}</td>");
                if (Series[s].Notes is not null) t.Append(CultureInfo.InvariantCulture, $"<td>{E(Note(s, i, ""))}</td>");
            }
            t.Append("</tr>");
        }
        t.Append("</tbody></table></div></details>");
        return t.ToString();
    }

    private string Note(int s, int i, string prefix) => Series[s].Notes is { } n && i < n.Count && n[i] is { Length: > 0 } note ? prefix + note : "";

    private string Tip(int s, int i)
        => $"{Categories[i]}{(Series.Count > 1 ? " · " + Series[s].Name : "")}: {(Series[s].Values[i] is { } v ? Format(v) : "—")}{(ValueAxis.Length > 0 && Series.Count == 1 ? " " + ValueAxis : "")}{Note(s, i, " · ")}";

    /// <summary>A round top for the value axis and four or five ticks from zero (1, 2, 2.5 or 5 times a power of ten).</summary>
    private (double Top, List<double> Ticks) Scale(double largest)
    {
        var max = Max ?? (largest > 0 ? largest : 1);
        var raw = max / 4;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(m => m >= raw);
        // Counts are whole numbers: no tick between 0 and 1 seizure.
        if (Max is null && Series.All(s => s.Values.All(v => v is null || v == Math.Floor(v.Value)))) step = Math.Max(1, Math.Ceiling(step));
        var top = Max ?? Math.Ceiling(max / step - 1e-9) * step;
        var ticks = new List<double>();
        for (var t = 0.0; t <= top + step / 1000; t += step) ticks.Add(Math.Round(t, 10));
        return (top, ticks);
    }

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
