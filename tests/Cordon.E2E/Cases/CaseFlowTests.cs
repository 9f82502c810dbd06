using Microsoft.Playwright;

namespace Cordon.E2E.Cases;

public sealed class CaseFlowTests
{
    // A real (tiny) PNG: signature, IHDR, IDAT, IEND of a 1×1 grey pixel.
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Officer_inspects_a_red_lane_declaration_seizes_the_goods_and_hands_them_to_storage_with_an_intact_chain()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // A tablet at the quay.
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 1366 } });
        await page.SignInAsync(server.BaseUrl, "officer");

        // One worklist: the inspections are on it, below the day's selected declarations.
        await page.OpenSectionAsync("Worklist");
        var open = page.GetByTestId("inspections").Locator("tr", new() { HasText = "open" }).First;
        await open.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the inspection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("in-progress");

        // Releasing is not offered while the outcome is missing; record it.
        var form = page.GetByTestId("outcome-form");
        await form.GetByLabel("Irregularity found").CheckAsync();
        await form.GetByLabel("narcotics", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Findings").FillAsync("Cocaine in the cooling unit.");
        await form.GetByLabel("seize", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Outcome recorded: seize");
        await Assertions.Expect(page.GetByTestId("outcome")).ToContainTextAsync("Irregularity: narcotics");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record the seizure" }).ClickAsync();
        var seizure = page.GetByTestId("seizure-form");
        await seizure.GetByLabel("Description").FillAsync("Bricks of white powder");
        await seizure.GetByLabel("Category (e.g. cocaine)").FillAsync("cocaine");
        await seizure.GetByLabel("Quantity").FillAsync("12");
        await seizure.GetByLabel("Weight kg").FillAsync("12.4");
        await seizure.GetByLabel("Place").FillAsync("Quay 7");
        await seizure.GetByLabel("Legal basis").FillAsync("Opium Act art. 2");
        await seizure.GetByLabel("Seal numbers").FillAsync("SEAL-A1, SEAL-A2");
        await seizure.GetByLabel("Photos and documents").SetInputFilesAsync(new FilePayload { Name = "quay.png", MimeType = "image/png", Buffer = Photo });
        await seizure.GetByRole(AriaRole.Button, new() { Name = "Record seizure" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("legal-state")).ToHaveTextAsync("seized");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("quay.png");

        var handover = page.GetByTestId("handover-form");
        await handover.GetByLabel("To (custodian)").FillAsync("supervisor");
        await handover.GetByLabel("Purpose").SelectOptionAsync("storage");
        await handover.GetByLabel("Place", new() { Exact = true }).FillAsync("NCA evidence store");
        await handover.GetByRole(AriaRole.Button, new() { Name = "Record handover" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("awaiting acceptance");
        // Only the receiver, signed in as themselves, answers: the handing officer gets no answer form.
        await Assertions.Expect(page.GetByTestId("answer-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("awaiting-answer")).ToContainTextAsync("supervisor");

        await page.GetByTestId("verify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("verification")).ToContainTextAsync("Intact: 3 events and 1 attachment(s)");
        await page.ScreenshotAsync("seizure-custody");

        // The demo case: every step visible, chains verified.
        await page.OpenSectionAsync("Cases");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^CASE-\d{4}-0001$") }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("seizures")).ToContainTextAsync("forfeited");
        await page.GetByTestId("verify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("verification").First).ToContainTextAsync("intact");
        await page.ScreenshotAsync("case-page");
        await page.GetByTestId("seizures").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Printable custody record" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Integrity check: INTACT");
        await page.ScreenshotAsync("custody-record");
    }
}
