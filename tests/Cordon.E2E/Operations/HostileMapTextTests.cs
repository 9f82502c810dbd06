using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Operations;

/// <summary>Issue 17, stored XSS on the live map: hostile CoT types, sensor ids, GeoJSON properties and asset names are shown as text, and no script runs.</summary>
public sealed class HostileMapTextTests
{
    private const string OpenEverything = """
        () => {
          const map = document.getElementById('ops-map').cordonMap;
          map.eachLayer(l => {
            try { if (l.getTooltip && l.getTooltip()) l.openTooltip(); } catch (e) { }
            try { if (l.getPopup && l.getPopup()) { l.openPopup(); l.closePopup(); } } catch (e) { }
          });
          return document.querySelector('.leaflet-tooltip-pane').textContent;
        }
        """;

    private const string ScriptRan = "() => window.__xss !== undefined || document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror], [onmouseover]').length > 0";

    [Fact]
    public async Task Hostile_cot_types_sensor_ids_and_geojson_properties_reach_the_map_as_text_and_run_nothing()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // The Content-Security-Policy would stop inline handlers anyway; bypassing it here proves the map itself sets text.
        await using var context = await browser.NewContextAsync(new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.SignInAsync(server.BaseUrl, "bp.officer");
        await page.OpenSectionAsync("Live map");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");

        var at = TestClock.Now.AddMinutes(-1); // the live map shows recent positions: the real time
        string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var cot = $"""<events><event version="2.0" uid="xss.1" type="&lt;img src=x onerror=window.__xss=1;alert(1)&gt;" time="{Iso(at)}" start="{Iso(at)}" stale="{Iso(at.AddMinutes(5))}" how="m-g"><point lat="51.46" lon="4.95" hae="10" ce="10" le="5"/></event><event version="2.0" uid="xss-boat" type="a-f-S" time="{Iso(at)}" start="{Iso(at)}" stale="{Iso(at.AddMinutes(5))}" how="m-g"><point lat="51.48" lon="4.90" hae="0" ce="10" le="5"/></event></events>""";
        var geo = JsonSerializer.Serialize(new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { 4.97, 51.47 } },
            properties = new { time = Iso(at), kind = "<img src=x onerror=window.__xss=3;alert(3)>", sensor = "<svg onload=window.__xss=4>", @object = "<b onmouseover=window.__xss=5>x</b>" },
        });
        var posted = await page.EvaluateAsync<int[]>("""
            async ([cot, geo]) => {
              const headers = t => ({ 'Content-Type': t, 'X-Cordon-Purpose': 'investigation' });
              // An asset with a hostile name whose tracker (its call sign as the uid) reports in the CoT batch below.
              const c = await fetch('/api/assets', { method: 'POST', headers: headers('application/json'), credentials: 'same-origin',
                body: JSON.stringify({ code: 'NBP-XSS-1', name: '<img src=x onerror=window.__xss=6;alert(6)>', kind: 'vessel', callSign: 'xss-boat' }) });
              const a = await fetch('/api/detections?sensor=' + encodeURIComponent('<svg onload=window.__xss=2>'), { method: 'POST', headers: headers('application/xml'), body: cot, credentials: 'same-origin' });
              const b = await fetch('/api/detections', { method: 'POST', headers: headers('application/geo+json'), body: geo, credentials: 'same-origin' });
              return [c.status, a.status, b.status];
            }
            """, new[] { cot, geo });
        Assert.Equal([201, 200, 200], posted);

        // Live: the two detections arrive over server-sent events.
        await Assertions.Expect(page.GetByTestId("ops-events")).ToContainTextAsync("<svg onload=window.__xss=2>");
        await Assertions.Expect(page.GetByTestId("ops-events")).ToContainTextAsync("<svg onload=window.__xss=4>");
        await Assertions.Expect(page.GetByTestId("ops-events")).ToContainTextAsync("asset NBP-XSS-1 reported");
        var live = await page.EvaluateAsync<string>(OpenEverything);
        Assert.Contains("<img src=x onerror=window.__xss=1;alert(1)>", live, StringComparison.Ordinal);
        Assert.Contains("NBP-XSS-1 · <img src=x onerror=window.__xss=6;alert(6)>", live, StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(500);
        Assert.False(await page.EvaluateAsync<bool>(ScriptRan));

        // From the snapshot after a reload: the same texts, still as text.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('ops-map').dataset.loaded) > 0");
        var snapshot = await page.EvaluateAsync<string>(OpenEverything);
        Assert.Contains("<img src=x onerror=window.__xss=", snapshot, StringComparison.Ordinal);
        Assert.Contains("NBP-XSS-1 · <img src=x onerror=window.__xss=6;alert(6)>", snapshot, StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(500);
        Assert.False(await page.EvaluateAsync<bool>(ScriptRan));
        Assert.Equal(0, dialogs);
        await page.ScreenshotAsync("hostile-map-text");
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_run_no_inline_script()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        var response = await page.GotoAsync(server.BaseUrl + "/login");
        var csp = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
        await page.SignInAsync(server.BaseUrl, "officer");
        // The purpose switch and the menu work without inline handlers.
        await page.GetByTestId("purpose").SelectOptionAsync("investigation");
        await Assertions.Expect(page.GetByTestId("purpose")).ToHaveValueAsync("investigation");
        await page.OpenSectionAsync("Live map");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        Assert.Empty(violations);
    }
}
