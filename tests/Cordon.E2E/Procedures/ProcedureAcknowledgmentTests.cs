using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cordon.E2E.Procedures;

/// <summary>A procedure in the demo, read and acknowledged by an officer on a phone, and the supervisor seeing who has read it.</summary>
public sealed partial class ProcedureAcknowledgmentTests
{
    [Fact]
    public async Task An_officer_acknowledges_the_new_version_and_the_supervisor_sees_who_has_not()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // The officer, at 390 px: the seizure procedure's second version is in force and not yet read.
        var officer = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await officer.SignInAsync(server.BaseUrl, "officer");
        await officer.GotoAsync(server.BaseUrl + "/procedures");
        await officer.GetByRole(AriaRole.Link, new() { Name = "SOP-NCA-0002" }).ClickAsync();
        await Assertions.Expect(officer.GetByTestId("procedure-current")).ToHaveTextAsync("version 2");
        await Assertions.Expect(officer.GetByTestId("procedure-body")).ToContainTextAsync("Call the border police duty officer");
        await officer.GetByRole(AriaRole.Button, new() { Name = "I have read version 2" }).ClickAsync();
        await Assertions.Expect(officer.GetByTestId("acknowledged")).ToContainTextAsync("You confirmed reading version 2");
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the procedure page scrolls sideways at 390 px");

        // The supervisor: the inspection procedure is overdue for review and the supervisor has not read it; the seizure one is read by both.
        var supervisor = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await supervisor.SignInAsync(server.BaseUrl, "supervisor");
        await supervisor.OpenSectionAsync("Procedures");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "SOP-NCA-0001" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("review-overdue")).ToBeVisibleAsync();
        await Assertions.Expect(supervisor.GetByTestId("acknowledgment-summary")).ToHaveTextAsync("1 of 2 people in scope confirmed the version in force.");
        await Assertions.Expect(supervisor.GetByTestId("acknowledgments").Locator("tr", new() { HasText = "(supervisor)" })).ToContainTextAsync("not yet");
        await supervisor.GotoAsync(server.BaseUrl + "/procedures");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "SOP-NCA-0002" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("acknowledgments").Locator("tr", new() { HasText = "(officer)" })).ToContainTextAsync(ReadOn());
        await supervisor.ScreenshotAsync("supervisor-procedure-acknowledgments");

        // Where the work happens: an inspection page links the inspection procedure.
        await supervisor.GotoAsync(server.BaseUrl + "/risk/worklist");
        await supervisor.Locator("a[href^='/cases/inspections/']").First.ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("procedures-in-scope")).ToContainTextAsync("SOP-NCA-0001");
    }

    [GeneratedRegex(@"read \d{4}-\d{2}-\d{2}")]
    private static partial Regex ReadOn();
}
