using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Identity;

/// <summary>
/// Single sign-on in Chromium against a real OpenID Connect provider (<see cref="OidcProvider"/>), on another
/// site than Cordon: the agency admin configures it on the admin page, people sign in through it.
/// </summary>
public sealed class SingleSignOnTests
{
    private const string Mapping = "customs-officers=officer\nrisk-team=analyst,supervisor";

    [Fact]
    public async Task An_admin_configures_the_agencys_provider_and_its_people_sign_in_through_it_with_the_mapped_roles_until_they_sign_out()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var provider = await ConfigureAndStartProviderAsync(browser, server);

        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{server.BaseUrl}/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with National Customs Administration (NCA)" }).ClickAsync();
        await SignInAtProviderAsync(page, provider, "rik.risk");

        // Back at Cordon, signed in: the first page after the provider's cross-site redirect already has the session.
        await page.WaitForURLAsync(u => u.StartsWith(server.BaseUrl, StringComparison.Ordinal) && !u.Contains("/login", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("whoami")).ToHaveTextAsync("rik.risk");
        await Assertions.Expect(page.Locator(".whoami .roles")).ToHaveTextAsync("analyst, supervisor");
        var me = await page.EvaluateAsync<JsonElement>("fetch('/api/me').then(r => r.json())");
        Assert.Equal(["analyst", "supervisor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order().ToArray());
        await Assertions.Expect(page.Locator("nav.sidenav")).ToContainTextAsync("Risk criteria");
        await Assertions.Expect(page.Locator("nav.sidenav")).Not.ToContainTextAsync("Users");
        await page.ScreenshotAsync("sso-signed-in");

        // A copy of the session cookie, taken before signing out, is worth nothing after it.
        var copied = await page.Context.CookiesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/login", StringComparison.Ordinal));
        var thief = await browser.NewContextAsync();
        await thief.AddCookiesAsync(copied.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var replay = await thief.APIRequest.GetAsync($"{server.BaseUrl}/api/me");
        Assert.Equal(401, replay.Status);
        await page.GotoAsync($"{server.BaseUrl}/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_whose_groups_map_to_no_role_is_refused_and_a_disabled_provider_offers_no_sign_in()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var provider = await ConfigureAndStartProviderAsync(browser, server);

        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{server.BaseUrl}/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with National Customs Administration (NCA)" }).ClickAsync();
        await SignInAtProviderAsync(page, provider, "nobody.mapped");
        await page.WaitForURLAsync(u => u.StartsWith($"{server.BaseUrl}/login?sso=refused", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("gave no role this agency maps to Cordon");
        Assert.Equal(401, (await page.APIRequest.GetAsync($"{server.BaseUrl}/api/me")).Status);

        // The admin switches the provider off: the sign-in page no longer offers it, and its address answers 404.
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(server.BaseUrl, "admin");
        await admin.OpenSectionAsync("Identity provider");
        await admin.GetByLabel("Enabled", new() { Exact = true }).UncheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Identity provider saved.")).ToBeVisibleAsync();
        await page.GotoAsync($"{server.BaseUrl}/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with National Customs Administration (NCA)" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"{server.BaseUrl}/login/sso/NCA")).Status);
    }

    /// <summary>
    /// As an agency admin would: fill in the provider on the admin page, read the redirect URI it shows, and
    /// register Cordon at the provider with it (here: start the provider with it).
    /// </summary>
    private static async Task<OidcProvider> ConfigureAndStartProviderAsync(IBrowser browser, ServerProcess server)
    {
        var port = OidcProvider.ChoosePort();
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(server.BaseUrl, "admin");
        await admin.OpenSectionAsync("Identity provider");
        var form = admin.GetByRole(AriaRole.Form, new() { Name = "Identity provider" });
        await form.GetByLabel("Issuer").FillAsync(OidcProvider.IssuerAt(port));
        await form.GetByLabel("Client id").FillAsync(OidcProvider.ClientId);
        await form.GetByLabel("Client secret").FillAsync(OidcProvider.ClientSecret);
        await form.GetByLabel("Claim that carries roles or groups").FillAsync("groups");
        await form.GetByLabel("Role mapping").FillAsync(Mapping);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Identity provider saved.")).ToBeVisibleAsync();
        var redirectUri = await admin.GetByTestId("redirect-uri").InnerTextAsync();
        Assert.Equal($"{server.BaseUrl}/signin-oidc/nca", redirectUri);
        await admin.Context.CloseAsync();
        return await OidcProvider.StartAsync(port, redirectUri);
    }

    /// <summary>The provider's own pages (oidc-provider's development login: any password), then its consent.</summary>
    private static async Task SignInAtProviderAsync(IPage page, OidcProvider provider, string login)
    {
        await page.WaitForURLAsync(u => u.StartsWith(provider.Issuer, StringComparison.Ordinal));
        await page.Locator("input[name='login']").FillAsync(login);
        await page.Locator("input[name='password']").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }
}
