using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

public sealed class LiveMapTests
{
    [Fact]
    public async Task Customs_sees_the_demo_track_and_a_border_police_field_report_arrive_on_the_live_map_without_reloading()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // Customs officer (NCA) watches the map: the demo operation, track and incident of NBP, shared by agreement.
        var customs = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await customs.SignInAsync(server.BaseUrl, "officer");
        await customs.OpenSectionAsync("Live map");
        await Assertions.Expect(customs.GetByTestId("live-status")).ToHaveTextAsync("live");
        // Two patrols: the joint operation's, and the river watch the resources demo plans with a capacity gap.
        // Two incidents: the demo track's, and the camera damaged at the border (the resources demo's claim comes from it).
        // Two tracks: the radar's, and the border police van's tracker, which the assets layer draws as the van itself.
        await Assertions.Expect(customs.GetByTestId("ops-events")).ToContainTextAsync("1 operations, 2 patrols, 2 tracks, 2 incidents");
        await Assertions.Expect(customs.GetByTestId("ops-map")).ToHaveAttributeAsync("data-assets", "1");
        await Assertions.Expect(customs.Locator(".leaflet-overlay-pane canvas").First).ToBeVisibleAsync();

        // A border police officer reports from the field on the tablet form.
        var field = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 820 } });
        await field.SignInAsync(server.BaseUrl, "bp.officer");
        await field.OpenSectionAsync("Incidents");
        await field.GetByTestId("report-incident").ClickAsync();
        var form = field.GetByTestId("incident-form");
        await form.GetByLabel("smuggling attempt").CheckAsync();
        await form.GetByLabel("high").CheckAsync();
        await form.GetByLabel("Title").FillAsync("Van turning back at the Baarle checkpoint");
        await form.GetByLabel("Latitude").FillAsync("51.4421");
        await form.GetByLabel("Longitude").FillAsync("4.9268");
        await form.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        await Assertions.Expect(field.GetByTestId("incident-status")).ToHaveTextAsync("open");
        await field.ScreenshotAsync("incident-reported");

        // The customs map receives it over server-sent events, no reload.
        // The map writes the incident type in the reader's words (smuggling attempt), not its code.
        await Assertions.Expect(customs.GetByTestId("ops-events")).ToContainTextAsync("INCIDENT smuggling attempt (high): Van turning back at the Baarle checkpoint");
        await customs.ScreenshotAsync("live-map");

        // The operation's results: one sensor incident and the field report's own, coverage with gaps.
        await field.OpenSectionAsync("Joint operations");
        await field.GetByRole(AriaRole.Link, new() { Name = "Joint Operation Kempen" }).ClickAsync();
        await Assertions.Expect(field.GetByTestId("results")).ToContainTextAsync("Hours without any patrol");
        await field.ScreenshotAsync("operation-results");
    }
}
