using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

/// <summary>The live map's own base map, with the browser cut off from everything but the Cordon server.</summary>
public sealed partial class BaseMapTests
{
    [Fact]
    public async Task The_live_map_draws_land_borders_and_place_names_shipped_with_Cordon_with_a_scale_and_the_cursor_position_offline()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        // No internet: any request that leaves the server fails, and is counted.
        var outside = new List<string>();
        await page.RouteAsync(u => !u.StartsWith(server.BaseUrl, StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal), async route =>
        {
            lock (outside) { outside.Add(route.Request.Url); }
            await route.AbortAsync();
        });
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.OpenSectionAsync("Live map");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('ops-map').dataset.base) > 200 && Number(document.getElementById('ops-map').dataset.places) > 0");

        // Land and borders are drawn as paths in the base pane, under the live features' pane.
        var basePaths = await page.Locator(".leaflet-base-pane path").EvaluateAllAsync<int>("ps => ps.filter(p => (p.getAttribute('d') || '').length > 20).length");
        Assert.True(basePaths > 0, "no land drawn in view");
        var (baseZ, overlayZ) = (await page.Locator(".leaflet-base-pane").EvaluateAsync<string>("e => getComputedStyle(e).zIndex"),
            await page.Locator(".leaflet-overlay-pane").EvaluateAsync<string>("e => getComputedStyle(e).zIndex"));
        Assert.True(int.Parse(baseZ, System.Globalization.CultureInfo.InvariantCulture) < int.Parse(overlayZ, System.Globalization.CultureInfo.InvariantCulture));

        // Zoomed out over Rotterdam: the city and its port are named, as text.
        await page.EvaluateAsync("() => { document.getElementById('ops-map').cordonMap.setView([51.92, 4.40], 9, { animate: false }); }");
        await Assertions.Expect(page.Locator(".place-label", new() { HasText = "Rotterdam" }).First).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { document.getElementById('ops-map').cordonMap.setView([51.92, 4.40], 10, { animate: false }); }");
        await Assertions.Expect(page.Locator(".place-label.port", new() { HasText = "(NLRTM)" }).First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator(".place-label *:not(span)").CountAsync());

        // No label covers another: every pair of name boxes is apart. Labels of an earlier view fade out (Leaflet
        // removes a tooltip 200 ms after setting its opacity to 0): only the shown ones count.
        var overlaps = await page.Locator(".place-label").EvaluateAllAsync<int>("""
            ls => { const r = ls.filter(l => getComputedStyle(l).opacity !== '0').map(l => l.getBoundingClientRect()); let n = 0;
              for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                if (r[i].left < r[j].right - 2 && r[j].left < r[i].right - 2 && r[i].top < r[j].bottom - 2 && r[j].top < r[i].bottom - 2) n++;
              return n; }
            """);
        Assert.True(overlaps == 0, await page.Locator(".place-label").EvaluateAllAsync<string>("ls => ls.map(l => l.className + ' ' + getComputedStyle(l).opacity + ' ' + l.textContent + ' ' + JSON.stringify(l.getBoundingClientRect())).join('\\n')"));

        // A metric scale bar, and the coordinates under the cursor.
        await Assertions.Expect(page.Locator(".leaflet-control-scale-line").First).ToHaveTextAsync(ScaleText());
        var box = (await page.GetByTestId("ops-map").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Assertions.Expect(page.GetByTestId("map-cursor")).ToHaveTextAsync(CursorText());
        await page.ScreenshotAsync("operations-base-map");

        Assert.Empty(outside);
    }

    [GeneratedRegex(@"^\d+ (m|km)$")]
    private static partial Regex ScaleText();

    [GeneratedRegex(@"^5[12]\.\d{4}° N, 4\.\d{4}° E$")]
    private static partial Regex CursorText();
}
