using Microsoft.Playwright;

namespace Cordon.E2E.Reference;

public sealed class HsSearchTests
{
    [Fact]
    public async Task An_officer_finds_an_HS_heading_by_a_word_and_pages_and_sorts_the_results()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });

        await page.SignInAsync(server.BaseUrl, "officer");
        await page.OpenSectionAsync("HS nomenclature");
        await page.GetByLabel("Code or words").FillAsync("coffee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var results = page.GetByTestId("hs-results");
        await Assertions.Expect(results).ToContainTextAsync("0901");
        await Assertions.Expect(results.Locator("tbody tr", new() { HasText = "0901" }).First).ToContainTextAsync("heading");
        await page.ScreenshotAsync("hs-search-coffee");

        // Words narrow: every word must match.
        await page.GetByLabel("Code or words").FillAsync("coffee husks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(results).ToContainTextAsync("090190");
        await Assertions.Expect(results).Not.ToContainTextAsync("090111");

        // A broad search pages, and a column header sorts.
        await page.GetByLabel("Code or words").FillAsync("live");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("nav.pager")).ToContainTextAsync("Page 1 of");
        await page.GetByRole(AriaRole.Link, new() { Name = "HS code" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "HS code ▲" }).ClickAsync();
        var first = await results.Locator("tbody tr td:first-child").First.InnerTextAsync();
        var second = await results.Locator("tbody tr td:first-child").Nth(1).InnerTextAsync();
        Assert.True(string.CompareOrdinal(first, second) > 0, $"{first} should sort after {second} when descending");
    }
}
