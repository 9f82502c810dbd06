using Microsoft.Playwright;

namespace Cordon.E2E;

/// <summary>The system Chromium (Debian's package), driven by Playwright. Never downloads a browser.</summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed: install Debian's 'chromium' package to run the browser tests.");
        }
        var playwright = await Playwright.CreateAsync();
        // A CI machine may be busy: the first request to a fresh server JITs and hashes a password.
        Assertions.SetDefaultExpectTimeout(15_000);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    public static async Task SignInAsync(this IPage page, string baseUrl, string user, string password = "Cordon-demo-2026")
    {
        page.SetDefaultTimeout(60_000);
        page.SetDefaultNavigationTimeout(60_000);
        await page.GotoAsync($"{baseUrl}/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Follows a section link in the side navigation, as a person would.</summary>
    public static async Task OpenSectionAsync(this IPage page, string section)
    {
        var link = page.Locator("nav.sidenav").GetByRole(AriaRole.Link, new() { Name = section, Exact = true });
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        // The click only starts the navigation: what the test does next must meet the section's page, not the one it left.
        if (href is not null && href.StartsWith('/'))
        {
            var path = href.Split('?', '#')[0];
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        }
    }

    /// <summary>Keeps a screenshot of what a person saw, for review (bin/.../screenshots).</summary>
    public static Task ScreenshotAsync(this IPage page, string name)
        => page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png"), FullPage = true });
}
