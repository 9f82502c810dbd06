using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cordon.E2E.Risk;

/// <summary>The officer's day in one path: worklist → declaration with its reasons in words → inspection → outcome.</summary>
public sealed partial class OfficerFlowTests
{
    [Fact]
    public async Task An_officer_goes_from_the_worklist_to_the_declarations_reasons_starts_its_inspection_and_records_the_outcome_without_the_menu()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.SignInAsync(server.BaseUrl, "officer");

        // One worklist: each red or yellow declaration with its inspection and that inspection's state.
        await page.OpenSectionAsync("Worklist");
        var row = page.GetByTestId("worklist").Locator("tbody tr").Filter(new() { Has = page.GetByTestId("inspection").GetByText("open", new() { Exact = true }) }).First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        var number = await row.GetAttributeAsync("data-declaration");
        await page.ScreenshotAsync("officer-flow-1-worklist");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();

        // The declaration says its lane and why, in words, and offers the next step.
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(number!);
        var lane = page.GetByTestId("lane");
        await Assertions.Expect(lane.GetByTestId("lane-badge")).ToHaveTextAsync(LaneName());
        var reasons = lane.GetByTestId("reasons").Locator("li");
        Assert.True(await reasons.CountAsync() > 0, "no reason given for the lane");
        foreach (var reason in await reasons.AllInnerTextsAsync())
        {
            // Words, not the model's raw input names or log-odds.
            Assert.DoesNotMatch(RawFeature(), reason);
            Assert.DoesNotContain("log-odds", reason, StringComparison.Ordinal);
        }
        // The raw inputs stay there for an analyst, on demand.
        var inputs = lane.GetByTestId("model-inputs");
        if (await inputs.CountAsync() > 0)
        {
            await Assertions.Expect(inputs.Locator("table")).Not.ToBeVisibleAsync();
            await inputs.Locator("summary").ClickAsync();
            await Assertions.Expect(inputs.Locator("table")).ToContainTextAsync("_");
        }
        await page.ScreenshotAsync("officer-flow-2-declaration");
        await lane.GetByTestId("start-inspection").ClickAsync();

        // The inspection, started, takes its outcome; the way back leads to the worklist.
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("in-progress");
        var form = page.GetByTestId("outcome-form");
        await form.GetByLabel("No irregularity").CheckAsync();
        await form.GetByLabel("Findings").FillAsync("Goods as declared.");
        await form.GetByLabel("release", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Outcome recorded: release");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("completed");
        await page.ScreenshotAsync("officer-flow-3-inspection");

        // Back on the declaration and the worklist, the work shows as done.
        await page.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("next-step")).ToContainTextAsync("No irregularity");
        await page.GetByRole(AriaRole.Link, new() { Name = "‹ Worklist" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("worklist").Locator($"tr[data-declaration='{number}']").GetByTestId("inspection")).ToContainTextAsync("completed");
        Assert.Empty(errors);
    }

    [GeneratedRegex("^(red|yellow)$")]
    private static partial Regex LaneName();

    [GeneratedRegex(@"\b[a-z0-9]+_[a-z0-9_]+\b")]
    private static partial Regex RawFeature();
}
