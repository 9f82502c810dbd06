using Microsoft.Playwright;

namespace Cordon.E2E.Sharing;

public sealed class AgreementTests
{
    [Fact]
    public async Task Customs_proposes_an_agreement_the_border_police_approves_it_and_a_third_agency_never_sees_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var customs = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await customs.SignInAsync(server.BaseUrl, "admin");
        await customs.OpenSectionAsync("Sharing agreements");
        await customs.GetByText("Propose an agreement").ClickAsync();
        var form = customs.GetByTestId("propose");
        await form.GetByLabel("Title").FillAsync("Narcotics seizures to border police");
        await form.GetByLabel("Recipient (who reads)").SelectOptionAsync("NBP");
        await form.GetByLabel("seizure", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("investigation", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("statistics", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("remove personal data when read for statistics").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Assertions.Expect(customs.GetByRole(AriaRole.Status)).ToContainTextAsync("takes effect when the other party approves it");
        var row = customs.Locator("tr[data-agreement='Narcotics seizures to border police']");
        await Assertions.Expect(row).ToContainTextAsync("awaiting NBP");

        var border = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 } });
        await border.SignInAsync(server.BaseUrl, "bp.admin");
        await border.OpenSectionAsync("Sharing agreements");
        var borderRow = border.Locator("tr[data-agreement='Narcotics seizures to border police']");
        await borderRow.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(border.GetByRole(AriaRole.Status)).ToContainTextAsync("it is in force");
        await Assertions.Expect(borderRow).ToContainTextAsync("in force");
        await border.ScreenshotAsync("agreements-in-force");

        await borderRow.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(border.Locator("table.grid")).ToContainTextAsync("approved: in force");
        var detailUrl = border.Url;

        var partner = await browser.NewPageAsync();
        await partner.SignInAsync(server.BaseUrl, "pca.admin");
        await partner.OpenSectionAsync("Sharing agreements");
        await Assertions.Expect(partner.GetByTestId("agreements")).Not.ToContainTextAsync("Narcotics seizures");
        await partner.GotoAsync(detailUrl);
        await Assertions.Expect(partner.GetByRole(AriaRole.Alert)).ToContainTextAsync("No agreement");
    }

    [Fact]
    public async Task The_session_purpose_is_chosen_in_the_top_bar_and_kept()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.SignInAsync(server.BaseUrl, "analyst");
        await Assertions.Expect(page.GetByTestId("purpose")).ToHaveValueAsync("risk-analysis");
        await page.GetByTestId("purpose").SelectOptionAsync("statistics");
        await page.WaitForLoadStateAsync();
        await page.OpenSectionAsync("HS nomenclature");
        await Assertions.Expect(page.GetByTestId("purpose")).ToHaveValueAsync("statistics");
    }
}
