using Microsoft.Playwright;

namespace Cordon.E2E.Sharing;

public sealed class AccessReviewTests
{
    [Fact]
    public async Task A_partner_reads_shared_declarations_without_names_and_the_owner_sees_it_in_its_access_review()
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
        await form.GetByLabel("Title").FillAsync("Declarations for the partner");
        await form.GetByLabel("Recipient (who reads)").SelectOptionAsync("PCA");
        await form.GetByLabel("declaration", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("statistics", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("remove personal data when read for statistics").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Assertions.Expect(customs.GetByRole(AriaRole.Status)).ToContainTextAsync("takes effect when the other party approves it");

        var partnerAdmin = await browser.NewPageAsync();
        await partnerAdmin.SignInAsync(server.BaseUrl, "pca.admin");
        await partnerAdmin.OpenSectionAsync("Sharing agreements");
        await partnerAdmin.Locator("tr[data-agreement='Declarations for the partner']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(partnerAdmin.GetByRole(AriaRole.Status)).ToContainTextAsync("it is in force");

        var partner = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await partner.SignInAsync(server.BaseUrl, "pca.officer");
        await partner.OpenSectionAsync("Declarations");
        await Assertions.Expect(partner.GetByTestId("declarations").Locator("tbody tr")).ToHaveCountAsync(0); // risk-analysis is not a purpose of the agreement
        await partner.GetByTestId("purpose").SelectOptionAsync("statistics");
        await partner.WaitForLoadStateAsync();
        await partner.OpenSectionAsync("Declarations");
        var rows = partner.GetByTestId("declarations").Locator("tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("NCA");
        await Assertions.Expect(rows.First).ToContainTextAsync("redacted");
        await rows.First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(partner.GetByTestId("shared")).ToContainTextAsync("Declarations for the partner");
        await Assertions.Expect(partner.GetByTestId("redacted")).ToContainTextAsync("Names of persons");
        await partner.ScreenshotAsync("partner-reads-redacted-declaration");

        await customs.OpenSectionAsync("Access review");
        var accesses = customs.GetByTestId("accesses");
        await Assertions.Expect(accesses).ToContainTextAsync("read record");
        await Assertions.Expect(accesses).ToContainTextAsync("listed records");
        await Assertions.Expect(accesses).ToContainTextAsync("Declarations for the partner v1");
        await Assertions.Expect(customs.GetByTestId("by-agency")).ToContainTextAsync("PCA");
        await customs.ScreenshotAsync("access-review");
    }
}
