using Microsoft.Playwright;

namespace Cordon.E2E.Alerts;

public sealed class LiveAlertTests
{
    [Fact]
    public async Task An_officer_sees_the_badge_and_list_update_live_when_an_analyst_raises_an_alert()
    {
        await using var server = await ServerProcess.StartAsync("--Cordon:Alerts:PollMilliseconds=200");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var officer = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await officer.SignInAsync(server.BaseUrl, "officer");
        await officer.OpenSectionAsync("Alert subscriptions");
        var form = officer.GetByTestId("subscribe");
        // The form starts folded once the agency has subscriptions (the demo gives NCA one).
        if (!await form.EvaluateAsync<bool>("d => d.open"))
        {
            await form.GetByText("New subscription").ClickAsync();
        }
        await form.GetByLabel("Name").FillAsync("Everything for me");
        await form.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("Subscription 'Everything for me' created");

        await officer.OpenSectionAsync("Alerts");
        var badge = officer.GetByTestId("alert-badge");
        // The demo may already have delivered alerts to NCA's agency subscriptions (incident notices).
        var before = int.Parse(await badge.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        var analyst = await browser.NewPageAsync();
        await analyst.SignInAsync(server.BaseUrl, "analyst");
        var raised = await analyst.APIRequest.PostAsync(server.BaseUrl + "/api/alerts", new()
        {
            DataObject = new { title = "Watch vessel MSC Aurora", summary = "Tip from the liaison officer", severity = "high", marking = "TLP:GREEN", office = "NLRTM" },
        });
        Assert.True(raised.Ok, await raised.TextAsync());

        // No reload: the stream pushes the delivery to the open page.
        await Assertions.Expect(badge).ToHaveTextAsync($"{before + 1}", new() { Timeout = 15_000 });
        var row = officer.GetByTestId("alert-list").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Watch vessel MSC Aurora");
        await officer.ScreenshotAsync("live-alert");
        await row.GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();
        await Assertions.Expect(badge).ToHaveTextAsync($"{before}", new() { Timeout = 10_000 });
    }
}
