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

        // No reload: the stream pushes the delivery to the open page. The background sweeps (maintenance due,
        // procedure reviews) may deliver the demo's own alerts meanwhile, so the badge grows by at least one.
        var row = officer.GetByTestId("alert-list").Locator("tbody tr", new() { HasText = "Watch vessel MSC Aurora" });
        await Assertions.Expect(row).ToContainTextAsync("Watch vessel MSC Aurora", new() { Timeout = 15_000 });
        await Assertions.Expect(badge).Not.ToHaveTextAsync($"{before}", new() { Timeout = 15_000 });
        Assert.True(int.Parse(await badge.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture) > before);
        await officer.ScreenshotAsync("live-alert");
        var markRead = row.GetByRole(AriaRole.Button, new() { Name = "Mark read" });
        await markRead.ClickAsync();
        await Assertions.Expect(markRead).ToHaveCountAsync(0);
        // The badge falls by the one read. Background jobs (deadline sweeps) may deliver more to the
        // "everything" subscription meanwhile, so the badge is held to the server's own unread count.
        string? shown = null;
        var unread = 0;
        await Eventually.UntilAsync(async () =>
        {
            var inbox = await officer.APIRequest.GetAsync(server.BaseUrl + "/api/alerts/inbox?limit=1");
            unread = System.Text.Json.JsonDocument.Parse(await inbox.TextAsync()).RootElement.GetProperty("unread").GetInt32();
            return (shown = await badge.TextContentAsync()) == $"{unread}";
        }, TimeSpan.FromSeconds(10), () => $"the badge shows {shown} while the server counts {unread} unread", TimeSpan.FromMilliseconds(200));
    }
}
