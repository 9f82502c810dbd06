using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Risk;

/// <summary>A measure's evaluation in Chromium with the demo's data: its weekly charts drawn with the start marked, the estimate and its caveats; a new measure refused, recorded and reviewed.</summary>
public sealed class MeasureTests
{
    private sealed record Drawn(string Id, int Marks, int Dividers, double SvgRight, double CardRight);

    private const string Charts = """
        () => [...document.querySelectorAll('figure.chart')].map(f => {
          const svg = f.querySelector(':scope > svg'); const card = f.closest('.card') || f.parentElement;
          return {
            id: f.dataset.chart,
            marks: svg ? [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0,
            dividers: svg ? svg.querySelectorAll('line.divider').length : 0,
            svgRight: svg ? svg.getBoundingClientRect().right : 0, cardRight: card.getBoundingClientRect().right,
          };
        })
        """;

    [Fact]
    public async Task A_supervisor_reads_the_demo_measures_evaluation_records_a_new_measure_and_reviews_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.SignInAsync(server.BaseUrl, "supervisor");
        await page.OpenSectionAsync("Measures");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Measures");
        await page.GetByTestId("measures").GetByRole(AriaRole.Link, new() { Name = "MEA-NCA-0001" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Undervaluation of goods from China");

        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var charts = JsonSerializer.Deserialize<Drawn[]>(await page.EvaluateAsync<JsonElement>(Charts), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            foreach (var id in new[] { "measure-detection", "measure-inspection" })
            {
                var chart = Assert.Single(charts, c => c.Id == id);
                // Two lines of weekly points, and the dashed line where the measure starts.
                Assert.True(chart.Marks >= 4, $"{id} at {width}px: {chart.Marks} marks drawn");
                Assert.Equal(1, chart.Dividers);
                Assert.True(chart.SvgRight <= chart.CardRight + 0.5, $"{id} at {width}px: the chart ends at {chart.SvgRight}, past its card at {chart.CardRight}");
            }
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"the page scrolls sideways at {width}px");
            await page.ScreenshotAsync($"measure-{width}");
        }
        await page.SetViewportSizeAsync(1280, 900);
        // The planted effect: the detection rate's estimate, its interval and verdict; the cells and the caveats of a small sample.
        await Assertions.Expect(page.GetByTestId("estimate-detection-rate")).ToContainTextAsync("95 % interval");
        await Assertions.Expect(page.GetByTestId("estimate-detection-rate")).ToContainTextAsync("an increase shown");
        await Assertions.Expect(page.GetByTestId("measure-cells").Locator("tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("measure-caveats").Locator("li[data-caveat=few-inspections]").First).ToContainTextAsync("inspections");
        await Assertions.Expect(page.GetByTestId("measure-reviews").Locator("tbody tr")).ToHaveCountAsync(2);
        // Closed by its final assessment: no review form.
        await Assertions.Expect(page.GetByTestId("review-form")).ToHaveCountAsync(0);

        // A new measure without a scope is refused on the form, naming what is missing; with an origin it is recorded.
        await page.GotoAsync(server.BaseUrl + "/risk/measures");
        await page.GetByTestId("new-measure").ClickAsync();
        await page.Locator("input[name=Title]").FillAsync("Footwear from Viet Nam");
        await page.Locator("textarea[name=Objective]").FillAsync("Find misdeclared origin of footwear.");
        await page.Locator("input[name=HsPrefixes]").FillAsync("");
        await page.Locator("input[name=ExpectedEffect]").FillAsync("Detection rate +5 points.");
        await page.Locator("input[name=ExpectedPoints]").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the measure" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("measure-refused")).ToContainTextAsync("Name the scope");
        await page.Locator("input[name=HsPrefixes]").FillAsync("64");
        await page.Locator("input[name=Origins]").FillAsync("VN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the measure" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Footwear from Viet Nam");

        await page.Locator("select[name=Kind]").SelectOptionAsync("interim");
        await page.Locator("select[name=Decision]").SelectOptionAsync("change");
        await page.Locator("textarea[name=Text]").FillAsync("Too early to judge; widen the scope to chapter 64 from every origin next.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("measure-done")).ToContainTextAsync("Review recorded.");
        await Assertions.Expect(page.GetByTestId("measure-reviews").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("measure-reviews")).ToContainTextAsync("change");
        Assert.Empty(errors);
    }
}
