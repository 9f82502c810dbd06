using System.Text.Json;
using Microsoft.Playwright;

namespace Cordon.E2E.Identity;

public sealed class AdministrationTests
{
    [Fact]
    public async Task An_agency_admin_signs_in_creates_a_user_who_then_signs_in_without_administration()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });

        await page.SignInAsync(server.BaseUrl, "admin");
        await Assertions.Expect(page.GetByTestId("whoami")).ToHaveTextAsync("admin");
        await page.OpenSectionAsync("Users");
        await page.GetByText("Add a user").ClickAsync();
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Create user" }) });
        await form.GetByLabel("User name").FillAsync("quay.officer");
        await form.GetByLabel("Display name").FillAsync("Quinn Quay");
        await form.GetByLabel("Initial password").FillAsync("Quay-Officer-2026");
        await form.GetByLabel("officer", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("User quay.officer created in NCA");
        await Assertions.Expect(page.Locator("tr[data-user='quay.officer']")).ToContainTextAsync("Quinn Quay");
        await page.ScreenshotAsync("users-after-create");

        // A weak password is refused on the form, naming the problem.
        await page.GetByText("Add a user").ClickAsync();
        await form.GetByLabel("User name").FillAsync("weakling");
        await form.GetByLabel("Initial password").FillAsync("password123");
        await form.GetByLabel("officer", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Password must");
        await Assertions.Expect(page.Locator("tr[data-user='weakling']")).ToHaveCountAsync(0);

        // The new officer signs in and sees no administration.
        var officer = await browser.NewPageAsync();
        await officer.SignInAsync(server.BaseUrl, "quay.officer", "Quay-Officer-2026");
        await Assertions.Expect(officer.Locator("nav.sidenav")).Not.ToContainTextAsync("Users");
        await Assertions.Expect(officer.Locator("nav.sidenav")).ToContainTextAsync("HS nomenclature");
        var denied = await officer.GotoAsync($"{server.BaseUrl}/admin/users");
        Assert.Contains("/denied", officer.Url, StringComparison.Ordinal);
        Assert.NotNull(denied);
    }

    [Fact]
    public async Task An_agency_admin_cannot_see_or_change_another_agencys_users_in_the_ui_or_the_api()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var nca = await browser.NewPageAsync();
        await nca.SignInAsync(server.BaseUrl, "admin");
        var ncaOfficerId = await nca.EvaluateAsync<string>("fetch('/api/users').then(r => r.json()).then(us => us.find(u => u.userName === 'officer').id)");

        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 } });
        await page.SignInAsync(server.BaseUrl, "bp.admin");
        await page.GotoAsync($"{server.BaseUrl}/admin/users");
        var rows = page.Locator("table[data-testid='users'] tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        foreach (var agency in await page.Locator("table[data-testid='users'] tbody tr td:nth-child(3)").AllInnerTextsAsync())
        {
            Assert.Equal("NBP", agency);
        }
        await Assertions.Expect(page.Locator("tr[data-user='officer']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("bp-admin-users-tablet");

        // Crafting the form post for another agency's user is refused and changes nothing.
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var reset = await page.APIRequest.PostAsync($"{server.BaseUrl}/admin/users?handler=Disable", new()
        {
            Form = page.APIRequest.CreateFormData().Set("id", ncaOfficerId).Set("disabled", "true").Set("__RequestVerificationToken", token!),
        });
        Assert.Contains("No user with id", await reset.TextAsync(), StringComparison.Ordinal);

        // And the API, with the same browser session, says the same.
        var listed = await page.EvaluateAsync<JsonElement>("fetch('/api/users').then(r => r.json())");
        Assert.All(listed.EnumerateArray(), u => Assert.Equal("NBP", u.GetProperty("agencyCode").GetString()));
        var status = await page.EvaluateAsync<int>($"fetch('/api/users/{ncaOfficerId}').then(r => r.status)");
        Assert.Equal(404, status);

        var stillActive = await nca.EvaluateAsync<bool>($"fetch('/api/users/{ncaOfficerId}').then(r => r.json()).then(u => !u.disabled)");
        Assert.True(stillActive);
    }
}
