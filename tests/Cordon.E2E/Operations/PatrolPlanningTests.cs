using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

public sealed class PatrolPlanningTests
{
    [Fact]
    public async Task Planner_sees_every_refusal_reason_beside_the_form_then_plans_the_patrol()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.OpenSectionAsync("Joint operations");
        await page.GetByTestId("plan-patrol").First.ClickAsync();
        var form = page.GetByTestId("patrol-form");
        await Assertions.Expect(form).ToBeVisibleAsync();

        // An expired boat licence for the boat, and a drone with no pilot on the team: both refused at once.
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Kempen river patrol");
        await form.Locator("textarea[name=Team]").FillAsync("bp.officer, boat-licence");
        await form.GetByLabel("NBP-BOAT-1").CheckAsync();
        await form.GetByLabel("NBP-DRONE-1").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Plan the patrol" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("patrol-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("refusal-team")).ToContainTextAsync("bp.officer's boat-licence qualification expired");
        await Assertions.Expect(page.GetByTestId("refusal-assets")).ToContainTextAsync("drone NBP-DRONE-1 needs a team member on duty as drone-pilot");
        await page.ScreenshotAsync("patrol-refused");

        // What the planner entered is kept; a qualified team and a van instead: planned.
        await Assertions.Expect(form.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Kempen river patrol");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Kempen day patrol 2");
        await form.Locator("textarea[name=Team]").FillAsync("bp.officer, firearms\nofficer, scanner-operator");
        await form.GetByLabel("NBP-BOAT-1").UncheckAsync();
        await form.GetByLabel("NBP-DRONE-1").UncheckAsync();
        await form.GetByLabel("NBP-VAN-1").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Plan the patrol" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("patrol-planned")).ToContainTextAsync("Patrol 'Kempen day patrol 2' planned");
        await Assertions.Expect(page.GetByTestId("patrols")).ToContainTextAsync("Kempen day patrol 2");
        await page.ScreenshotAsync("patrol-planned");

        // Before planning a river patrol: who of the agency holds what the kind needs through the shift.
        await form.Locator("select[name=Kind]").SelectOptionAsync(new SelectOptionValue { Value = "river patrol" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Show who is qualified for this kind and time" }).ClickAsync();
        var qualified = page.GetByTestId("who-is-qualified");
        await Assertions.Expect(qualified.GetByTestId("need-boat-licence")).ToContainTextAsync("patrol kind river patrol (warns)");
        await Assertions.Expect(qualified.GetByTestId("need-first-aid")).ToContainTextAsync("Britt Border-Officer (bp.officer)");
        await Assertions.Expect(form.Locator("select[name=Kind]")).ToHaveValueAsync("river patrol");
        await page.ScreenshotAsync("patrol-who-is-qualified");

        // The results page shows, per border segment, when it is patrolled and the gaps.
        await page.GetByRole(AriaRole.Link, new() { Name = "‹ Joint operations" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Results and border coverage ›" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("border-coverage")).ToContainTextAsync("BE-NL-01");
        await page.ScreenshotAsync("border-coverage");
    }
}
