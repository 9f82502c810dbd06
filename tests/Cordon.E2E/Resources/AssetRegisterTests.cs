using Microsoft.Playwright;

namespace Cordon.E2E.Resources;

public sealed class AssetRegisterTests
{
    [Fact]
    public async Task A_border_officer_on_a_phone_finds_the_damaged_camera_on_the_register_and_its_claim_and_the_partner_sees_only_the_shared_assets()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.GotoAsync(server.BaseUrl + "/resources/assets");

        // The demo's register: the boat overdue for maintenance is flagged, the home bases are on the map.
        await Assertions.Expect(page.GetByTestId("maintenance-due")).ToContainTextAsync("NBP-BOAT-1");
        await Assertions.Expect(page.GetByTestId("assets")).ToContainTextAsync("NBP-CAM-1");
        await Assertions.Expect(page.GetByTestId("assets-map")).Not.ToHaveAttributeAsync("data-markers", "0");
        // The seismic sensor that stopped reporting two days ago is flagged on its row; the radar reporting minutes ago is not.
        await Assertions.Expect(page.GetByTestId("assets").Locator("tr", new() { HasText = "NBP-SENSOR-2" })).ToContainTextAsync("possibly down — last detection");
        await Assertions.Expect(page.GetByTestId("assets").Locator("tr", new() { HasText = "NBP-SENSOR-1" })).ToContainTextAsync("last detection");
        await Assertions.Expect(page.GetByTestId("assets").Locator("tr", new() { HasText = "NBP-SENSOR-1" })).Not.ToContainTextAsync("possibly down");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the register is {width} px wide at 390 px");
        await page.ScreenshotAsync("resources-asset-register");

        // Filtered to cameras, then the camera's page: out of service, the claim its damage incident opened, its history.
        await page.GetByLabel("Kind").SelectOptionAsync("camera");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("assets").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "NBP-CAM-1" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("asset-status")).ToHaveTextAsync("out of service");
        await Assertions.Expect(page.GetByTestId("asset-claims")).ToContainTextAsync("damage");
        await Assertions.Expect(page.GetByTestId("asset-claims")).ToContainTextAsync("RV-2026-0093");
        await Assertions.Expect(page.GetByTestId("asset-history")).ToContainTextAsync("out-of-service");
        width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the asset page is {width} px wide at 390 px");

        // The boat overdue for maintenance: its page shows it due; the work order recorded there restarts the interval and lands in its history.
        await page.GotoAsync(server.BaseUrl + "/resources/assets");
        await page.GetByTestId("assets").GetByRole(AriaRole.Link, new() { Name = "NBP-BOAT-1" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("asset-maintenance").Locator(".badge")).ToHaveTextAsync("due");
        var today = TestClock.Now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var work = page.GetByTestId("work-order-form");
        await work.GetByLabel("Work done").FillAsync("Engine service, hull check");
        await work.GetByLabel("By (technician or contractor)").FillAsync("Werf de Schelde");
        await work.GetByLabel("Completed on").FillAsync(today);
        await work.GetByRole(AriaRole.Button, new() { Name = "Record the work order" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("asset-saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("work-orders")).ToContainTextAsync("Werf de Schelde");
        await Assertions.Expect(page.GetByTestId("asset-maintenance")).ToContainTextAsync("last " + today);
        await Assertions.Expect(page.GetByTestId("asset-maintenance").Locator(".badge")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("asset-history").Locator("tr", new() { HasText = "lastServicedOn" })).ToContainTextAsync(today);
        await Assertions.Expect(page.GetByTestId("asset-title")).ToContainTextAsync("NBP-BOAT-1");

        // The silent sensor's page says since when it has been silent.
        await page.GotoAsync(server.BaseUrl + "/resources/assets");
        await page.GetByTestId("assets").GetByRole(AriaRole.Link, new() { Name = "NBP-SENSOR-2" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sensor-down")).ToContainTextAsync("possibly down — last detection");

        // The losses and claims report: the damaged camera's claim this month, and the cover gaps.
        await page.GotoAsync(server.BaseUrl + "/resources/claims-report");
        await Assertions.Expect(page.GetByTestId("claims-by-kind")).ToContainTextAsync("camera");
        await Assertions.Expect(page.GetByTestId("claims-chart").GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("cover-gaps")).ToContainTextAsync("NBP-BOAT-1");
        width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the claims report is {width} px wide at 390 px");

        // The lapsed policy leaves the van and the boat without cover.
        await page.GotoAsync(server.BaseUrl + "/resources/policies");
        await Assertions.Expect(page.GetByTestId("policies")).ToContainTextAsync("lapsed");
        await Assertions.Expect(page.GetByTestId("uncovered")).ToContainTextAsync("NBP-BOAT-1");

        // The partner abroad sees the border police's shared assets, not customs' scanners.
        var partner = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await partner.SignInAsync(server.BaseUrl, "pca.officer");
        await partner.GotoAsync(server.BaseUrl + "/resources/assets");
        await Assertions.Expect(partner.GetByTestId("assets")).ToContainTextAsync("NBP-BOAT-1");
        await Assertions.Expect(partner.GetByTestId("assets")).Not.ToContainTextAsync("NCA-SCAN-2");
    }
}
