using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

/// <summary>The live map draws border sections in their impact level's colour and marks the one short of patrols today.</summary>
public sealed class ImpactLevelMapTests
{
    [Fact]
    public async Task The_border_police_see_the_demo_sections_by_level_and_the_critical_one_marked_short()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.OpenSectionAsync("Live map");
        await page.WaitForFunctionAsync("() => document.getElementById('ops-map')?.dataset.sections !== undefined");
        Assert.Equal("3", await page.GetByTestId("ops-map").GetAttributeAsync("data-sections"));
        Assert.Equal("1", await page.GetByTestId("ops-map").GetAttributeAsync("data-short"));
        // One "!" marker, on the critical section, visible on the map.
        await Assertions.Expect(page.Locator(".section-short")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".section-short")).ToBeVisibleAsync();
        await page.Locator(".section-short").HoverAsync();
        var tip = page.Locator(".leaflet-tooltip", new() { HasText = "Baarle centre" });
        await Assertions.Expect(tip).ToContainTextAsync("impact level critical · needs 24 h today · 8 h planned");
        await Assertions.Expect(tip).ToContainTextAsync("SHORT by 16 h");
        // Drawn in the level's colours: dark red (critical), yellow (medium), grey (low).
        var colours = await page.EvaluateAsync<string[]>("""
            () => { const out = []; document.getElementById('ops-map').cordonMap.eachLayer(l => { if (l.options && /^section-/.test(l.options.className || '')) out.push(l.options.className + ' ' + l.options.color); }); return out.sort(); }
            """);
        Assert.Contains("section-critical #a40e26", colours);
        Assert.Contains("section-medium #d4a72c", colours);
        Assert.Contains("section-low #57606a", colours);
        await page.ScreenshotAsync("operations-impact-levels");
    }
}
