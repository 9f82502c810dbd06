using Microsoft.Playwright;

namespace Cordon.E2E.Messaging;

public sealed class MessagingTests
{
    [Fact]
    public async Task Border_police_and_the_partner_abroad_exchange_a_warning_and_feedback_live_on_phone_sized_pages()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // The partner abroad has the channel open before anything is posted: what follows reaches it without a reload.
        var partner = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await partner.SignInAsync(server.BaseUrl, "pca.officer");
        await partner.GotoAsync(server.BaseUrl + "/messages"); // at 390 px the side navigation is folded away
        var conversation = partner.GetByTestId("messages");
        await Assertions.Expect(partner.GetByTestId("conversation")).ToContainTextAsync("Kempen field channel");
        var partnerNavigations = 0;
        partner.FrameNavigated += (_, frame) => { if (frame == partner.MainFrame) { partnerNavigations++; } };

        var police = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await police.SignInAsync(server.BaseUrl, "bp.officer");
        await police.GotoAsync(server.BaseUrl + "/messages");
        await Assertions.Expect(police.GetByTestId("conversation")).ToContainTextAsync("Kempen field channel");
        var warning = police.GetByTestId("post-warning");
        await warning.Locator("summary").ClickAsync();
        await warning.GetByLabel("What").FillAsync("Minivan with cigarette cartons under the seats");
        await warning.GetByLabel("Where", new() { Exact = true }).FillAsync("Poppel border crossing");
        await warning.GetByLabel("Vehicle or container").FillAsync("NL-KT-771-P");
        await warning.GetByRole(AriaRole.Button, new() { Name = "Post the Warning" }).ClickAsync();
        await Assertions.Expect(police.GetByTestId("messages")).ToContainTextAsync("Minivan with cigarette cartons under the seats");
        Assert.True(await police.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page scrolls sideways at 390 px");
        var policeNavigations = 0;
        police.FrameNavigated += (_, frame) => { if (frame == police.MainFrame) { policeNavigations++; } };

        await Assertions.Expect(conversation).ToContainTextAsync("Minivan with cigarette cartons under the seats", new() { Timeout = 20_000 });
        Assert.Equal(0, partnerNavigations); // it came live, over the page's event stream
        await Assertions.Expect(conversation).Not.ToContainTextAsync("NL-KT-771-P"); // the agreement withholds the vehicle
        var feedback = partner.GetByTestId("post-feedback");
        await feedback.Locator("summary").ClickAsync();
        await feedback.GetByLabel("On message").SelectOptionAsync(new SelectOptionValue { Label = await feedback.GetByLabel("On message").Locator("option", new() { HasText = "Minivan" }).TextContentAsync() ?? "" });
        await feedback.GetByLabel("Result").FillAsync("Checked at Poppel: 40 cartons seized");
        await feedback.GetByRole(AriaRole.Button, new() { Name = "Post the Feedback" }).ClickAsync();
        await Assertions.Expect(conversation).ToContainTextAsync("Checked at Poppel: 40 cartons seized");
        await partner.ScreenshotAsync("messages-partner-390");

        // The border police's page, still open since it posted, gets the Feedback live.
        await Assertions.Expect(police.GetByTestId("messages")).ToContainTextAsync("Checked at Poppel: 40 cartons seized", new() { Timeout = 20_000 });
        Assert.Equal(0, policeNavigations);
        await police.ScreenshotAsync("messages-border-police-390");
    }
}
