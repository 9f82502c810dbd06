using Microsoft.Playwright;

namespace Cordon.E2E.Resources;

public sealed class CapacityTests
{
    [Fact]
    public async Task A_border_police_admin_on_a_phone_sees_the_river_patrol_s_boat_licence_gap_and_the_van_s_history_shows_the_patrol()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SignInAsync(server.BaseUrl, "bp.admin");
        await page.GotoAsync(server.BaseUrl + "/resources/capacity");

        // The demo's river watch needs a boat licence of its one member, whose licence has lapsed: a gap of one.
        var boat = page.GetByTestId("capacity").Locator("tr[data-qualification='boat-licence']");
        await Assertions.Expect(boat).ToContainTextAsync("Maas river watch");
        await Assertions.Expect(boat.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(boat.Locator("td").Nth(2)).ToHaveTextAsync("0");
        await Assertions.Expect(boat.Locator(".badge")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("capacity-summary")).ToContainTextAsync("NBP: 1 qualified people missing");
        await Assertions.Expect(page.Locator("figure[data-chart=capacity]")).ToContainTextAsync("Needed and available, by qualification");
        // Thirty days ahead, the first-aid certificate lapsing in twenty shows among the expiries.
        await page.GetByLabel("Coming days").SelectOptionAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("expiries")).ToContainTextAsync("bp.officer");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the capacity view is {width} px wide at 390 px");
        await page.ScreenshotAsync("resources-capacity");

        // Per unit: the river watch is the river unit's, so the boat-licence gap is there; the green-border unit has none.
        await page.GetByTestId("capacity-unit").SelectOptionAsync("Maas river unit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("capacity-summary")).ToContainTextAsync("NBP · Maas river unit:");
        await Assertions.Expect(boat.Locator(".badge")).ToHaveTextAsync("1");
        await page.GetByTestId("capacity-unit").SelectOptionAsync("Kempen green-border unit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("capacity-summary")).ToContainTextAsync("NBP · Kempen green-border unit: no gap");
        await Assertions.Expect(boat).ToHaveCountAsync(0);
        width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the capacity view of a unit is {width} px wide at 390 px");

        // The kinds page lists the river patrol's needs.
        await page.GotoAsync(server.BaseUrl + "/resources/patrol-kinds");
        await Assertions.Expect(page.GetByTestId("patrol-kinds")).ToContainTextAsync("river patrol");

        // The van planned on the river watch shows it in its history.
        await page.GotoAsync(server.BaseUrl + "/resources/assets");
        await page.GetByTestId("assets").GetByRole(AriaRole.Link, new() { Name = "NBP-VAN-1" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("asset-history")).ToContainTextAsync("Maas river watch (Joint Operation Kempen)");
    }
}
