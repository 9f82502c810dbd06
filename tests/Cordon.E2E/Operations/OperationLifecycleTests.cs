using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

public sealed class OperationLifecycleTests
{
    [Fact]
    public async Task Planner_draws_a_new_operation_on_the_offline_map_is_refused_activation_without_a_legal_basis_then_activates_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 1000 } });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.OpenSectionAsync("New operation");
        var form = page.GetByTestId("operation-form");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Joint Operation Maas");
        await form.Locator("input[name=Participants][value=NCA]").CheckAsync();
        await form.Locator("input[name=Participants][value=PCA]").CheckAsync();
        await form.Locator("textarea[name=Objectives]").FillAsync("Stop smuggling on the river\nJoint checks at the ferries");
        await form.Locator("textarea[name=CommsPlan]").FillAsync("C2000 talkgroup MAAS-1, NBP operations room +31 88 000 1000");

        // The area is drawn on the bundled borders: three corners, then close it.
        var map = form.Locator(".area-map");
        await Assertions.Expect(map.Locator(".leaflet-overlay-pane canvas").First).ToBeVisibleAsync();
        var box = (await map.BoundingBoxAsync())!;
        foreach (var (x, y) in new[] { (0.40, 0.40), (0.60, 0.42), (0.50, 0.62) })
        {
            await map.ClickAsync(new() { Position = new() { X = (float)(box.Width * x), Y = (float)(box.Height * y) } });
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Close the area" }).ClickAsync();
        await Assertions.Expect(form.Locator("textarea[name=Area]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"type\":\"Polygon\""));
        await form.GetByRole(AriaRole.Button, new() { Name = "Create the operation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-created")).ToContainTextAsync("Operation 'Joint Operation Maas' created");
        await Assertions.Expect(page.GetByTestId("operation-status")).ToHaveTextAsync("planned");

        // The partner abroad takes part without a legal basis: activation is refused, the reason beside the legal basis.
        await page.GetByTestId("activate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("refusal-legalBasis")).ToContainTextAsync("partners abroad take part (PCA (BE))");
        await Assertions.Expect(page.GetByTestId("operation-status")).ToHaveTextAsync("planned");
        await page.ScreenshotAsync("operation-activation-refused");

        // Choose the Benelux agreement as legal basis, save, activate.
        form = page.GetByTestId("operation-form");
        var basis = await form.Locator("select[name=LegalBasis] option", new() { HasTextString = "Benelux police cooperation" }).GetAttributeAsync("value");
        await form.Locator("select[name=LegalBasis]").SelectOptionAsync(basis!);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save the operation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-saved")).ToHaveTextAsync("Operation saved.");
        await page.GetByTestId("activate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-status")).ToHaveTextAsync("active");
        await Assertions.Expect(page.GetByTestId("operation-saved")).ToHaveTextAsync("Operation active.");
        await page.ScreenshotAsync("operation-active");

        // The overview lists it, active, with its communication plan.
        await page.OpenSectionAsync("Joint operations");
        var card = page.GetByTestId("operation").Filter(new() { HasTextString = "Joint Operation Maas" });
        await Assertions.Expect(card).ToContainTextAsync("active");
        await Assertions.Expect(card).ToContainTextAsync("C2000 talkgroup MAAS-1");
    }
}
