using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Tests.Support;

namespace Cordon.Tests.Identity;

/// <summary>Sessions end everywhere when the user's security stamp changes, open streams included.</summary>
public sealed class SessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> UserIdAsync(CordonHost host, string userName)
    {
        await using var db = host.Store.Open();
        return db.Users.Single(u => u.UserName == userName).Id;
    }

    private static async Task<HttpStatusCode> MeAsync(SessionBrowser browser) => (await browser.GetAsync("/api/me")).Status;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_cookie_copied_before_sign_out_stops_working_after_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await SessionBrowser.SignedInAsync(host, "officer");
        var thief = officer.Copy(host.Anonymous());
        Assert.Equal(HttpStatusCode.OK, await MeAsync(thief));

        var (status, _, location) = await officer.SubmitAsync("/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/login", location);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(thief));
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/declarations")).Status);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_password_reset_a_role_change_and_disabling_each_end_every_session_of_the_user(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var admin = await host.AsAsync("admin");
        var officerId = await UserIdAsync(host, "officer");
        var changes = new (string What, Func<Task<HttpResponseMessage>> Make)[]
        {
            ("role change", () => admin.PutAsJsonAsync($"/api/users/{officerId}/roles", new { roles = new[] { "officer", "analyst" } }, Ct)),
            ("disabling", () => admin.PutAsJsonAsync($"/api/users/{officerId}/disabled", new { disabled = true }, Ct)),
            ("password reset", () => admin.PostAsJsonAsync($"/api/users/{officerId}/reset-password", new { newPassword = CordonHost.DemoPassword }, Ct)),
        };
        foreach (var (what, make) in changes)
        {
            (await admin.PutAsJsonAsync($"/api/users/{officerId}/disabled", new { disabled = false }, Ct)).EnsureSuccessStatusCode();
            var officer = await SessionBrowser.SignedInAsync(host, "officer");
            Assert.Equal(HttpStatusCode.OK, await MeAsync(officer));
            (await make()).EnsureSuccessStatusCode();
            Assert.True(await MeAsync(officer) == HttpStatusCode.Unauthorized, $"the session survived the {what}");
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var here = await SessionBrowser.SignedInAsync(host, "analyst");
        var elsewhere = await SessionBrowser.SignedInAsync(host, "analyst");

        var (status, html, _) = await here.SubmitAsync("/account/password", new() { ["Current"] = CordonHost.DemoPassword, ["Next"] = "Harbour-Kestrel-Watch-2027" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(html.Contains("Password changed.", StringComparison.Ordinal), html);

        Assert.Equal(HttpStatusCode.OK, await MeAsync(here));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(elsewhere));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Open_alert_and_live_map_streams_end_when_the_user_is_disabled(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var supervisor = await SessionBrowser.SignedInAsync(host, "supervisor");
        var client = host.Anonymous();
        using var alerts = await OpenStreamAsync(client, supervisor, "/api/alerts/stream");
        using var live = await OpenStreamAsync(client, supervisor, "/api/operations/live");

        var admin = await host.AsAsync("admin");
        (await admin.PutAsJsonAsync($"/api/users/{await UserIdAsync(host, "supervisor")}/disabled", new { disabled = true }, Ct)).EnsureSuccessStatusCode();

        await EndsAsync(alerts, "alert stream");
        await EndsAsync(live, "live map stream");
    }

    private static async Task<StreamReader> OpenStreamAsync(HttpClient client, SessionBrowser browser, string path)
    {
        using var request = browser.Request(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        Assert.NotNull(await reader.ReadLineAsync(Ct)); // Open and delivering.
        return reader;
    }

    private static async Task EndsAsync(StreamReader reader, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is not null)
            {
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"the {what} kept going for the disabled user");
        }
        catch (IOException)
        {
            // Ended by an aborted connection: ended too.
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_one_time_password_allows_nothing_but_changing_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var admin = await host.AsAsync("admin");
        var reset = await (await admin.PostAsync($"/api/users/{await UserIdAsync(host, "auditor")}/reset-password", null, Ct)).OkAsync<JsonElement>();
        var oneTime = reset.GetProperty("password").GetString()!;

        var (auditor, status, _, location) = await SessionBrowser.SignInAsync(host, "auditor", oneTime);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/account/password?first=1", location);

        var audit = await auditor.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, audit.Status);
        Assert.Equal("/account/password?first=1", audit.Location);
        Assert.Equal(HttpStatusCode.Forbidden, await MeAsync(auditor));
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/audit/checkpoint")).Status);

        var (changed, html, _) = await auditor.SubmitAsync("/account/password", new() { ["Current"] = oneTime, ["Next"] = "Ledger-Heron-Quiet-2027" });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Contains("Password changed.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(auditor));
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit")).Status);
    }
}
