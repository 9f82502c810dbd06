using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Ui;

/// <summary>Every chart of the UI, drawn from the demo's own data in Chromium: marks, labelled axes, distinct ticks, inside its card.</summary>
public sealed class ChartTests
{
    private sealed record Drawn(string Id, string Kind, int Marks, int Empty, string[] AxisLabels, string[] Ticks, double SvgRight, double CardRight, double[] BarWidths, string[] Values);

    // What the page measures of each chart: the marks drawn, the axis texts, and where the SVG ends against its card.
    private const string Measure = """
        () => [...document.querySelectorAll('figure.chart')].map(f => {
          const svg = f.querySelector(':scope > svg'); const card = f.closest('.card') || f.parentElement;
          return {
            id: f.dataset.chart, kind: f.dataset.kind,
            marks: svg ? [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0,
            empty: f.querySelectorAll('.chart-empty').length,
            axisLabels: svg ? [...svg.querySelectorAll('text.axis-label')].map(t => t.textContent) : [],
            ticks: svg ? [...svg.querySelectorAll('text.tick')].map(t => t.textContent) : [],
            svgRight: svg ? svg.getBoundingClientRect().right : 0, cardRight: card.getBoundingClientRect().right,
            barWidths: f.dataset.kind === 'bars' ? [...svg.querySelectorAll('rect.mark')].map(r => r.getBoundingClientRect().width) : [],
            values: f.dataset.kind === 'bars' ? [...f.querySelectorAll('table tbody td.num')].map(t => t.textContent) : [],
          };
        })
        """;

    [Fact]
    public async Task Every_chart_draws_the_demo_figures_with_labelled_axes_inside_its_card_on_a_desk_and_on_a_phone()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.SignInAsync(server.BaseUrl, "analyst");

        await page.GotoAsync($"{server.BaseUrl}/risk/criteria");
        // A criterion whose selections recovered revenue (one that recovered none rightly shows the empty state).
        string? effectiveness = null;
        foreach (var link in await page.GetByTestId("effectiveness").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            await page.GotoAsync(server.BaseUrl + link);
            var drawn = JsonSerializer.Deserialize<Drawn[]>(await page.EvaluateAsync<JsonElement>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            if (drawn.Any(c => c.Id.StartsWith("criterion-revenue", StringComparison.Ordinal) && c.Marks > 0))
            {
                effectiveness = link;
                break;
            }
        }
        await page.GotoAsync($"{server.BaseUrl}/operations/overview");
        var results = await page.Locator("a[href$='/results']").First.GetAttributeAsync("href");
        Assert.NotNull(effectiveness);
        Assert.NotNull(results);

        // Each page with the charts that must show figures there with the demo's data.
        var pages = new (string Url, string[] Charts)[]
        {
            ("/cases/statistics", ["seizures-commodity", "seizures-route", "seizures-office", "seizures-month"]),
            ("/risk/models", ["precision", "revenue"]),
            ("/risk/lanes", ["lanes-"]),
            (effectiveness, ["criterion-weeks", "criterion-revenue"]),
            (effectiveness.Replace("/effectiveness", "/backtest", StringComparison.Ordinal), ["backtest-weeks"]),
            (results, ["incidents-by-type"]),
        };
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            foreach (var (url, expected) in pages)
            {
                await page.GotoAsync(server.BaseUrl + url);
                var charts = JsonSerializer.Deserialize<Drawn[]>(await page.EvaluateAsync<JsonElement>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
                foreach (var id in expected)
                {
                    Assert.Contains(charts, c => c.Id.StartsWith(id, StringComparison.Ordinal) && c.Marks > 0);
                }
                foreach (var c in charts.Where(c => c.Empty == 0))
                {
                    Assert.True(c.Marks > 0, $"{url} {c.Id}: nothing drawn");
                    Assert.True(c.AxisLabels.Length > 0 && c.AxisLabels.All(l => l.Length > 0), $"{url} {c.Id}: an axis without its label");
                    Assert.True(c.Ticks.Length >= 2, $"{url} {c.Id}: no scale");
                    Assert.True(c.SvgRight <= c.CardRight + 0.5, $"{url} {c.Id} at {width}px: the chart ends at {c.SvgRight}, past its card at {c.CardRight}");
                    // The axis of a chart reads as a scale ("0 / 0" was the bug): no value tick is written twice.
                    Assert.Equal(c.Ticks.Length, c.Ticks.Distinct().Count());
                    // Bars are as long as their figures: a larger figure is never drawn shorter (they were all cut at the card's edge).
                    for (var i = 1; i < c.BarWidths.Length; i++)
                    {
                        var (a, b) = (Number(c.Values[i - 1]), Number(c.Values[i]));
                        Assert.True(a.CompareTo(b) == c.BarWidths[i - 1].CompareTo(c.BarWidths[i]) || Math.Abs(c.BarWidths[i - 1] - c.BarWidths[i]) < 0.5 && a == b,
                            $"{url} {c.Id}: bars {a} and {b} drawn {c.BarWidths[i - 1]} and {c.BarWidths[i]} wide");
                    }
                }
                var sideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(sideways, $"{url} scrolls sideways at {width}px");
                if (width == 1280 && url == "/cases/statistics") await page.ScreenshotAsync("charts-seizure-statistics");
                if (width == 1280 && url == "/risk/models") await page.ScreenshotAsync("charts-risk-models");
            }
        }
        // The table alternative holds the same figures as the chart.
        await page.GotoAsync($"{server.BaseUrl}/cases/statistics");
        var month = page.Locator("figure[data-chart='seizures-month']");
        await month.GetByText("The figures as a table").ClickAsync();
        await Assertions.Expect(month.Locator("table tbody tr").First).ToBeVisibleAsync();
        Assert.Equal(await month.Locator("rect.mark").CountAsync(), await month.Locator("table tbody tr").CountAsync());
        Assert.Empty(errors);
    }

    private static double Number(string figure) => double.Parse(figure.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
