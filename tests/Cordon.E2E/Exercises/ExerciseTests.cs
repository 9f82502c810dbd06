using System.Text;
using Microsoft.Playwright;

namespace Cordon.E2E.Exercises;

/// <summary>
/// A joint exercise in Chromium: the director uploads a scenario and starts it; each group enters its cell and sees
/// only its own side on the live map under the EXERCISE banner, the umpire sees both, and a user outside the exercise
/// sees none of it; the demo's finished exercise shows its late and missed steps.
/// </summary>
public sealed class ExerciseTests
{
    private const string Scenario = """
        {
          "name": "Browser drill",
          "objective": "Each side sees its own.",
          "groups": [
            { "name": "blue", "agency": "NBP", "participants": ["bp.officer"] },
            { "name": "red", "agency": "NCA", "participants": ["officer"] },
            { "name": "white", "agency": "NCA", "umpire": true, "participants": ["supervisor"] }
          ],
          "injects": [
            { "atMinutes": 0, "group": "blue", "kind": "detection", "sensor": "ex-radar", "object": "boat-9",
              "path": [[51.430, 4.930], [51.434, 4.938]], "everyMinutes": 0.01 },
            { "atMinutes": 0.02, "group": "blue", "kind": "incident", "type": "illegal-crossing", "severity": "high",
              "title": "Drill boat landed", "latitude": 51.434, "longitude": 4.938 },
            { "atMinutes": 0, "group": "red", "kind": "alert", "severity": "high", "title": "Drill van expected" }
          ]
        }
        """;

    [Fact]
    public async Task Each_group_sees_its_own_side_on_the_live_map_the_umpire_both_and_no_one_outside_the_exercise()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var director = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await director.SignInAsync(server.BaseUrl, "supervisor");

        // The demo's finished exercise: its report names the late and the missed step.
        await director.OpenSectionAsync("Exercises");
        await director.GetByTestId("exercises").GetByRole(AriaRole.Link, new() { Name = "EX-" }).First.ClickAsync();
        await Assertions.Expect(director.Locator("h1")).ToContainTextAsync("Kempen Shield");
        var late = director.GetByTestId("late-steps");
        await Assertions.Expect(late).ToContainTextAsync("Inform the partner's liaison officer");
        await Assertions.Expect(late).ToContainTextAsync("Customs check of goods and vehicles found");
        await Assertions.Expect(late).ToContainTextAsync("missed");
        await Assertions.Expect(director.GetByTestId("lessons")).ToContainTextAsync("Illegal crossing at the green border");
        await director.ScreenshotAsync("exercise-report");

        // A new exercise from its scenario file, started.
        await director.OpenSectionAsync("Exercises");
        await director.Locator("input[name=scenario]").SetInputFilesAsync(new FilePayload { Name = "drill.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(Scenario) });
        await director.GetByRole(AriaRole.Button, new() { Name = "Record the exercise" }).ClickAsync();
        await Assertions.Expect(director.Locator("h1")).ToContainTextAsync("Browser drill");
        var exerciseUrl = director.Url;
        await director.GetByTestId("start-exercise").ClickAsync();
        await Assertions.Expect(director.GetByTestId("exercise-status")).ToHaveTextAsync("running");

        // Blue enters its cell: the live map under the banner shows its boat's track and its incident.
        var blue = await EnterAsync(browser, server.BaseUrl, "bp.officer", exerciseUrl);
        await Assertions.Expect(blue.GetByTestId("exercise-banner")).ToContainTextAsync("EXERCISE");
        await SeesAsync(blue, tracks: 1, incidents: 1);
        await blue.ScreenshotAsync("exercise-map-blue");

        // Red sees neither (its side is an alert), the umpire sees both.
        var red = await EnterAsync(browser, server.BaseUrl, "officer", exerciseUrl);
        await SeesAsync(red, tracks: 0, incidents: 0);
        await red.OpenSectionAsync("Alerts");
        await Assertions.Expect(red.Locator("main")).ToContainTextAsync("EXERCISE: Drill van expected");
        var umpire = await EnterAsync(browser, server.BaseUrl, "supervisor", exerciseUrl, director);
        await SeesAsync(umpire, tracks: 1, incidents: 1);
        await umpire.ScreenshotAsync("exercise-map-umpire");

        // Outside the exercise: a customs analyst, who reads the border police's map by agreement, sees nothing of it.
        var outside = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await outside.SignInAsync(server.BaseUrl, "analyst");
        await outside.OpenSectionAsync("Live map");
        await Assertions.Expect(outside.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Assertions.Expect(outside.GetByTestId("exercise-banner")).ToHaveCountAsync(0);
        await Assertions.Expect(outside.GetByTestId("ops-events")).Not.ToContainTextAsync("Drill boat");
        await outside.OpenSectionAsync("Alerts");
        await Assertions.Expect(outside.Locator("main")).Not.ToContainTextAsync("EXERCISE");

        // Leaving: back to the own agency, no banner.
        await blue.GetByTestId("leave-exercise").ClickAsync();
        await Assertions.Expect(blue.GetByTestId("exercise-banner")).ToHaveCountAsync(0);
        await blue.OpenSectionAsync("Live map");
        await Assertions.Expect(blue.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Assertions.Expect(blue.GetByTestId("ops-events")).Not.ToContainTextAsync("Drill boat");
    }

    private static async Task<IPage> EnterAsync(IBrowser browser, string baseUrl, string user, string exerciseUrl, IPage? signedIn = null)
    {
        var page = signedIn ?? await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        if (signedIn is null)
        {
            await page.SignInAsync(baseUrl, user);
        }
        await page.GotoAsync(exerciseUrl);
        await page.GetByTestId("enter-exercise").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/operations/map", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("exercise-banner")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The map's own count of what it drew; the runner plays injects every few seconds, so a reload may be needed once.</summary>
    private static async Task SeesAsync(IPage page, int tracks, int incidents)
    {
        var expected = $"0 operations, 0 patrols, {tracks} tracks, {incidents} incidents";
        for (var attempt = 0; ; attempt++)
        {
            await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
            try
            {
                await Assertions.Expect(page.GetByTestId("ops-events")).ToContainTextAsync(expected, new() { Timeout = 8_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                await page.ReloadAsync();
            }
        }
    }
}
