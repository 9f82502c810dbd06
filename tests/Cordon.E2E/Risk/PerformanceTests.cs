using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Risk;

/// <summary>The enforcement performance view in Chromium with the demo's data: its charts drawn inside their cards on a desk and a phone, a filter, the CSV.</summary>
public sealed class PerformanceTests
{
    private sealed record Drawn(string Id, int Marks, int Empty, string[] AxisLabels, double SvgRight, double CardRight);

    private const string Measure = """
        () => [...document.querySelectorAll('figure.chart')].map(f => {
          const svg = f.querySelector(':scope > svg'); const card = f.closest('.card') || f.parentElement;
          return {
            id: f.dataset.chart,
            marks: svg ? [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0,
            empty: f.querySelectorAll('.chart-empty').length,
            axisLabels: svg ? [...svg.querySelectorAll('text.axis-label')].map(t => t.textContent) : [],
            svgRight: svg ? svg.getBoundingClientRect().right : 0, cardRight: card.getBoundingClientRect().right,
          };
        })
        """;

    [Fact]
    public async Task A_supervisor_reads_the_demos_performance_by_lane_reason_and_week_on_a_desk_and_a_phone_filters_it_and_exports_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.SignInAsync(server.BaseUrl, "supervisor");
        await page.OpenSectionAsync("Enforcement performance");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Enforcement performance");

        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var charts = JsonSerializer.Deserialize<Drawn[]>(await page.EvaluateAsync<JsonElement>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            // The demo's lanes, checks, releases and the seizures its checks made all show as marks.
            foreach (var id in new[] { "performance-rates", "performance-volumes", "performance-reasons", "performance-revenue", "performance-release", "performance-seizures-commodity", "performance-seizures-route", "performance-seizures-office" })
            {
                var chart = Assert.Single(charts, c => c.Id == id);
                Assert.True(chart.Marks > 0, $"{id} at {width}px: nothing drawn");
                Assert.True(chart.AxisLabels.Length > 0 && chart.AxisLabels.All(l => l.Length > 0), $"{id}: an axis without its label");
                Assert.True(chart.SvgRight <= chart.CardRight + 0.5, $"{id} at {width}px: the chart ends at {chart.SvgRight}, past its card at {chart.CardRight}");
            }
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"the page scrolls sideways at {width}px");
            await page.ScreenshotAsync($"performance-{width}");
        }
        await page.SetViewportSizeAsync(1280, 900);
        var lanes = page.GetByTestId("performance-lanes");
        var reasons = page.GetByTestId("performance-reasons").Locator("tbody tr");
        Assert.Equal(["random", "screening (watch list)", "criteria", "model"], (await reasons.AllInnerTextsAsync()).Select(r => r.Split('\t')[0].Trim()).Take(4));
        var redRow = lanes.Locator("tbody tr").Filter(new() { HasText = "red" }).First;
        var redDeclarations = int.Parse(await redRow.Locator("td").Nth(1).InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(redDeclarations > 0);

        // Only the red lane: every declaration counted is checked.
        await page.Locator("select[name=Lane]").SelectOptionAsync("red");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("total-inspection-rate")).ToHaveTextAsync("100.0%");
        await Assertions.Expect(page.GetByTestId("total-declarations")).ToHaveTextAsync(redDeclarations.ToString("N0", CultureInfo.InvariantCulture));

        // The CSV of the same query: its red lane row says the same.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("performance-csv").ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal("section,key,measure,value", csv[0]);
        Assert.Contains($"lane,red,declarations,{redDeclarations}", csv);
        Assert.Contains("total,,inspection_rate,1", csv);

        // A commodity that is not an HS prefix is refused on the form, naming it.
        await page.Locator("input[name=Hs]").FillAsync("coffee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("performance-refused")).ToContainTextAsync("'coffee' is not an HS prefix");
        Assert.Empty(errors);
    }
}
