using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cordon.E2E.Server;

/// <summary>
/// The first hour of a newcomer: the server started exactly as the README says, every demo user signed
/// in, every page of their navigation visited as a browser would, and every problem a person would see
/// (an unstyled page, a broken script, a failed request, an error banner) collected and reported together.
/// </summary>
public sealed class FirstRunTests
{
    /// <summary>The README's table of demo users.</summary>
    public static readonly string[] DemoUsers =
        ["operator", "admin", "officer", "analyst", "supervisor", "auditor", "bp.admin", "bp.officer", "nis.officer", "nis.admin", "pca.admin", "pca.officer", "nso.analyst"];

    [Fact]
    public async Task Every_demo_user_visits_every_page_of_their_navigation_styled_and_without_errors()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var problems = new List<string>();
        var visited = 0;
        var checkedOnce = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in DemoUsers)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            var watch = PageWatch.On(page, server.BaseUrl);
            await page.SignInAsync(server.BaseUrl, user);
            var sections = await page.Locator("nav.sidenav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            Assert.NotEmpty(sections);
            if (user is "bp.officer" or "nis.officer")
            {
                // Border police and immigration get no customs intake or targeting pages: no agreement gives them declarations.
                Assert.DoesNotContain("/declarations", sections);
                Assert.DoesNotContain("/declarations/quarantine", sections);
                Assert.DoesNotContain("/risk/criteria", sections);
            }
            if (user is "officer" or "pca.officer")
            {
                Assert.Contains("/declarations", sections);
            }
            foreach (var href in sections.Distinct())
            {
                watch.Begin($"{user} {href}");
                var response = await page.GotoAsync(server.BaseUrl + href, new() { WaitUntil = WaitUntilState.NetworkIdle });
                visited++;
                if (response is null || !response.Ok)
                {
                    watch.Problem($"answered {response?.Status}");
                }
                var styled = await page.EvaluateAsync<bool>("() => getComputedStyle(document.body).fontFamily !== 'Times New Roman' && document.styleSheets.length > 0");
                if (!styled)
                {
                    watch.Problem("is not styled");
                }
                foreach (var banner in await page.Locator(".alert.error:visible").AllInnerTextsAsync())
                {
                    watch.Problem($"shows an error banner: {banner.Trim()}");
                }
                var highlighted = await page.Locator("nav.sidenav a.active").CountAsync();
                if (highlighted != 1)
                {
                    watch.Problem($"highlights {highlighted} menu items, not one");
                }
                if (user is "officer" or "analyst" or "bp.officer" or "admin")
                {
                    await page.ScreenshotAsync($"first-run/{user}{(href == "/" ? "-overview" : href.Replace('/', '-'))}");
                }
                if (!checkedOnce.Add(href))
                {
                    continue; // accessibility and width depend on the page, not on who reads it: once per page
                }
                foreach (var violation in (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical"))
                {
                    watch.Problem($"accessibility ({violation.Impact}) {violation.Id}: {violation.Help} — {string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html))}");
                }
                // At the border post the page is read on a phone: nothing may scroll sideways.
                await page.SetViewportSizeAsync(390, 844);
                var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (width > 390)
                {
                    var widest = await page.EvaluateAsync<string>(WidestElement);
                    watch.Problem($"scrolls sideways at 390 px ({width} px wide; {widest})");
                }
                await page.SetViewportSizeAsync(1280, 900);
            }
            problems.AddRange(watch.Problems);
        }
        Assert.True(visited > 100, $"Only {visited} pages visited.");
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) on {visited} pages:\n" + string.Join("\n", problems.Distinct()));
    }

    /// <summary>Names the outermost element that sticks out past the right edge, so a failure says where to look.</summary>
    private const string WidestElement = """
        () => {
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'fixed')
              return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' ' + Math.round(r.right) + ' px';
          }
          return 'nothing found';
        }
        """;

    [Fact]
    public async Task The_server_serves_every_stylesheet_and_script_with_content_compressed_or_not()
    {
        await using var server = await ServerProcess.StartFreshAsync();
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });
        var ct = TestContext.Current.CancellationToken;
        var login = await http.GetStringAsync(server.BaseUrl + "/login", ct);
        var assets = Regex.Matches(login, "(?:href|src)=\"(/[^\"]+\\.(?:css|js|ico|svg|png)[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        assets.AddRange(["/js/operations-map.js", "/lib/leaflet/leaflet.js", "/lib/leaflet/leaflet.css"]);
        Assert.Contains(assets, a => a.Contains(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            foreach (var encoding in new[] { "identity", "gzip", "br" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + asset);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                Assert.True(response.IsSuccessStatusCode && body.Length > 100, $"{asset} with Accept-Encoding {encoding}: {(int)response.StatusCode}, {body.Length} bytes");
            }
        }
        Assert.DoesNotContain("WebRootPath was not found", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to determine the https port", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("No XML encryptor configured", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be executed in a transaction", server.Log, StringComparison.Ordinal);
        Assert.Contains("Demo data: 5 agencies and 13 users", server.Log, StringComparison.Ordinal);
    }
}

/// <summary>A published copy (what an operator deploys) serves its own wwwroot with content.</summary>
// Alone: `dotnet publish` writes into the server project's obj folder, which the other tests' `dotnet run` reads.
[Collection(nameof(PublishedBuildTests))]
public sealed class PublishedBuildTests
{
    [Fact]
    public async Task A_published_server_serves_its_stylesheets_and_scripts_with_content()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Path.Combine(Path.GetTempPath(), $"cordon-publish-{Guid.NewGuid():N}");
        try
        {
            var publish = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
                ["publish", Path.Combine(ServerProcess.RepositoryRoot(), "src", "Cordon.Server"), "-c", ServerProcess.Configuration, "--no-build", "-o", output])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var log = await publish.StandardOutput.ReadToEndAsync(ct) + await publish.StandardError.ReadToEndAsync(ct);
            await publish.WaitForExitAsync(ct);
            Assert.True(publish.ExitCode == 0, log);
            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "css", "site.css")), "The published copy has no wwwroot/css/site.css.");

            await using var server = await ServerProcess.StartPublishedAsync(Path.Combine(output, "Cordon.Server.dll"));
            using var http = new HttpClient();
            var login = await http.GetStringAsync(server.BaseUrl + "/login", ct);
            var assets = Regex.Matches(login, "(?:href|src)=\"(/[^\"]+\\.(?:css|js)[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(assets);
            foreach (var asset in assets.Append("/lib/leaflet/leaflet.js"))
            {
                var body = await http.GetByteArrayAsync(server.BaseUrl + asset, ct);
                Assert.True(body.Length > 100, $"{asset}: {body.Length} bytes");
            }
            Assert.DoesNotContain("WebRootPath was not found", server.Log, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Collects what a person would notice while a page loads: console errors, failed requests, empty assets.</summary>
internal sealed class PageWatch
{
    private string _where = "sign-in";
    public List<string> Problems { get; } = [];

    public static PageWatch On(IPage page, string baseUrl)
    {
        var watch = new PageWatch();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                watch.Problem($"logs a console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => watch.Problem($"throws: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A navigation away cancels the page's open streams; that is not a failure a person sees.
            if (request.Failure is not "net::ERR_ABORTED")
            {
                watch.Problem($"request failed: {request.Method} {request.Url} {request.Failure}");
            }
        };
        page.Response += async (_, response) =>
        {
            if (!response.Url.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                return;
            }
            if (response.Status >= 400)
            {
                watch.Problem($"request answered {response.Status}: {response.Request.Method} {response.Url}");
            }
            else if (response.Request.ResourceType is "stylesheet" or "script" or "font" or "image")
            {
                try
                {
                    if ((await response.BodyAsync()).Length == 0)
                    {
                        watch.Problem($"asset is empty: {response.Url}");
                    }
                }
                catch (PlaywrightException)
                {
                    // The page navigated on before the body was read.
                }
            }
        };
        return watch;
    }

    public void Begin(string where) => _where = where;

    public void Problem(string what)
    {
        lock (Problems)
        {
            Problems.Add($"{_where}: {what}");
        }
    }
}

[CollectionDefinition(nameof(PublishedBuildTests), DisableParallelization = true)]
public sealed class PublishedBuildCollection;
