using Microsoft.Playwright;

namespace Cordon.E2E.Screening;

public sealed class HitReviewTests
{
    [Fact]
    public async Task An_analyst_dismisses_a_demo_hit_with_a_reason_and_finds_it_among_the_dismissed()
    {
        await using var server = await ServerProcess.StartAsync("--Cordon:Jobs:PollMilliseconds=200", "--Cordon:Screening:PollMilliseconds=200");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "analyst");

        // The demo declarations are screened by the backlog job against the demo list; wait for a full page of hits.
        await page.OpenSectionAsync("Screening hits");
        var rows = page.GetByTestId("stored-hits").Locator("tbody tr");
        await Eventually.UntilAsync(async () =>
        {
            await page.ReloadAsync();
            return await rows.CountAsync() >= 25;
        }, TimeSpan.FromSeconds(90), () => "fewer than 25 stored hits after 90 s", TimeSpan.FromSeconds(1));
        await Assertions.Expect(page.Locator("div.alert.error")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await Assertions.Expect(page.Locator("nav[aria-label=Pages]")).ToContainTextAsync("Page 2 of");
        await page.OpenSectionAsync("Screening hits");
        var first = rows.First;
        await Assertions.Expect(first).ToContainTextAsync("DEMO NATIONAL");
        var hitId = await first.GetAttributeAsync("data-hit-id");
        await first.Locator("summary").ClickAsync();
        await Assertions.Expect(first.Locator("details table")).ToContainTextAsync("name");
        await page.ScreenshotAsync("screening-hits-queue");

        await first.GetByLabel("Reason").FillAsync("Same name, different company: checked the trade register");
        await first.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-message")).ToContainTextAsync("dismissed");
        await Assertions.Expect(page.Locator($"tr[data-hit-id='{hitId}']")).ToHaveCountAsync(0);

        await page.GetByLabel("Status").SelectOptionAsync("dismissed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var dismissed = page.Locator($"tr[data-hit-id='{hitId}']");
        await Assertions.Expect(dismissed).ToContainTextAsync("by analyst: Same name, different company");
        await page.ScreenshotAsync("screening-hits-dismissed");
    }
}
