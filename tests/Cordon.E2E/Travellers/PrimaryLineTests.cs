using Microsoft.Playwright;

namespace Cordon.E2E.Travellers;

public sealed class PrimaryLineTests
{
    // The demo's KL642 passenger DE VRIES, whose Dutch passport X4471920 is on the demo lost and stolen list (check digits computed per Doc 9303).
    private const string StolenPassportZone = "P<NLDDE<VRIES<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\nX4471920<2NLD8003018F3102019<<<<<<<<<<<<<<04";

    [Fact]
    public async Task A_border_officer_on_a_phone_checks_a_stolen_passport_by_keyboard_records_the_refusal_and_immigration_sees_the_referral()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.GotoAsync(server.BaseUrl + "/travellers/primary-line");

        // Keyboard only: the zone field has the focus; Tab to the crossing point, Enter checks.
        await Assertions.Expect(page.GetByLabel("Machine-readable zone (2 or 3 lines)")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(StolenPassportZone);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("NLAMS");
        await page.Keyboard.PressAsync("Enter");

        var answer = page.GetByTestId("answer");
        await Assertions.Expect(page.GetByTestId("action")).ToHaveTextAsync("Refer to immigration");
        await Assertions.Expect(page.GetByTestId("document")).ToContainTextAsync("check digits pass");
        await Assertions.Expect(page.GetByTestId("document")).ToContainTextAsync("reported stolen on NBP lost and stolen version 1");
        await Assertions.Expect(page.GetByTestId("reasons")).ToContainTextAsync("stolen-document");
        await Assertions.Expect(answer).ToContainTextAsync("KL KL642 JFK-AMS");
        await Assertions.Expect(page.GetByTestId("next-step")).ToContainTextAsync("Hold the document");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide at 390 px");
        await page.ScreenshotAsync("travellers-primary-line");

        await page.GetByLabel("Refusal reason").FillAsync("travel document reported stolen");
        await page.GetByTestId("record-refusal").ClickAsync();
        await Assertions.Expect(page.GetByTestId("crossing-recorded")).ToContainTextAsync("refusal recorded at NLAMS");
        await Assertions.Expect(page.GetByLabel("Machine-readable zone (2 or 3 lines)")).ToBeEmptyAsync();

        // The flight's list shows her first, flagged, with the reason.
        await page.GotoAsync(server.BaseUrl + "/travellers/flights?transport=KL642");
        await page.GetByTestId("flights").GetByRole(AriaRole.Link, new() { Name = "KL KL642" }).First.ClickAsync();
        var first = page.GetByTestId("traveller-row").First;
        await Assertions.Expect(first).ToContainTextAsync("DE VRIES");
        await Assertions.Expect(first).ToContainTextAsync("reported stolen");
        await first.GetByRole(AriaRole.Link, new() { Name = "DE VRIES, ANNA" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("crossings")).ToContainTextAsync("travel document reported stolen");

        // Immigration receives the referral, and its list of overstayers has the demo's.
        var nis = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await nis.SignInAsync(server.BaseUrl, "nis.officer");
        await nis.GotoAsync(server.BaseUrl + "/alerts");
        // The dispatcher delivers the demo's alerts to NIS's subscription shortly after the start.
        await Eventually.UntilAsync(async () =>
        {
            await nis.ReloadAsync();
            return (await nis.Locator("main").InnerTextAsync()).Contains("Traveller referred to immigration", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), () => "no referral reached immigration's alerts within 30 s", TimeSpan.FromSeconds(1));
        await Assertions.Expect(nis.Locator("main")).ToContainTextAsync("Traveller referred to immigration: KL KL642");
        await nis.GotoAsync(server.BaseUrl + "/travellers/overstayers");
        await Assertions.Expect(nis.GetByTestId("overstayers")).ToContainTextAsync("MORALES");
    }
}
