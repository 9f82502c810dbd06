using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

public sealed class ResponsePlanEditorTests
{
    [Fact]
    public async Task Admin_rewrites_a_step_and_adds_one_and_the_next_incident_of_that_type_runs_the_new_checklist()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // The border police admin edits the demo's illegal-crossing plan.
        var admin = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        await admin.SignInAsync(server.BaseUrl, "bp.admin");
        await admin.OpenSectionAsync("Response plans");
        var form = admin.GetByTestId("plan-form");
        await Assertions.Expect(form.GetByLabel("Step 2 title")).ToHaveValueAsync("Inform the partner's liaison officer");
        await form.GetByLabel("Step 2 title").FillAsync("Call the Belgian liaison officer on ASTRID");
        await form.GetByLabel("Step 5 title").FillAsync("Photograph the crossing point");
        await form.GetByLabel("Step 5 role").FillAsync("duty officer");
        await form.GetByLabel("Step 5 owner").SelectOptionAsync("NBP");
        await form.GetByLabel("Step 5 due minutes").FillAsync("20");
        await form.GetByLabel("Step 5 escalate to").FillAsync("NBP shift commander");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save the plan" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("plan-saved")).ToBeVisibleAsync();

        // Opened again, the plan reads as saved.
        await admin.OpenSectionAsync("Response plans");
        await Assertions.Expect(admin.GetByTestId("plan-form").GetByLabel("Step 2 title")).ToHaveValueAsync("Call the Belgian liaison officer on ASTRID");
        await Assertions.Expect(admin.GetByTestId("plan-form").GetByLabel("Step 5 due minutes")).ToHaveValueAsync("20");
        await admin.ScreenshotAsync("response-plan-edited");

        // An officer reports an illegal crossing: its checklist is the edited plan.
        var field = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 900 } });
        await field.SignInAsync(server.BaseUrl, "bp.officer");
        await field.OpenSectionAsync("Incidents");
        await field.GetByTestId("report-incident").ClickAsync();
        var report = field.GetByTestId("incident-form");
        await report.GetByLabel("illegal crossing").CheckAsync();
        await report.GetByLabel("Title").FillAsync("Two people crossing the field at Weelde");
        await report.GetByLabel("Latitude").FillAsync("51.4105");
        await report.GetByLabel("Longitude").FillAsync("4.9402");
        await report.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        var checklist = field.GetByTestId("checklist");
        await Assertions.Expect(checklist.Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(checklist.Locator("tbody tr").Nth(1)).ToContainTextAsync("Call the Belgian liaison officer on ASTRID");
        await Assertions.Expect(checklist.Locator("tbody tr").Nth(4)).ToContainTextAsync("Photograph the crossing point");
        await Assertions.Expect(checklist).Not.ToContainTextAsync("Inform the partner's liaison officer");
        await field.ScreenshotAsync("response-plan-in-effect");
    }
}
