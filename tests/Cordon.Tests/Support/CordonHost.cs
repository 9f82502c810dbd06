using System.Net.Http.Json;
using Cordon.Demo;
using Cordon.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Cordon.Tests.Support;

/// <summary>The real server (same Build and Prepare as Program.cs) on an in-memory test server over a real store.</summary>
public sealed class CordonHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsStore;
    public TestStore Store { get; }

    private CordonHost(WebApplication app, TestStore store, bool ownsStore = true)
    {
        _app = app;
        Store = store;
        _ownsStore = ownsStore;
    }

    /// <summary>The host's services (e.g. to wait for a background service to be ready).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A second server node over the same database (no demo seeding); the first host keeps owning the store.</summary>
    public async Task<CordonHost> StartSecondNodeAsync(params string[] extraArgs)
    {
        var args = Store.Configuration.Select(kv => $"--{kv.Key}={kv.Value}")
            .Append("--Cordon:Demo=false")
            .Append("--environment=Development")
            .Append("--Cordon:Edge:RateLimits:Enabled=false") // tests that exercise the limits turn them on in extraArgs
            .Concat(extraArgs)
            .ToArray();
        var app = CordonServer.Build(args, b => b.WebHost.UseTestServer());
        await CordonServer.PrepareAsync(app);
        await app.StartAsync();
        return new CordonHost(app, Store, ownsStore: false);
    }

    public static async Task<CordonHost> StartAsync(string storeKind, bool demo = true, params string[] extraArgs)
    {
        var store = await TestStore.CreateAsync(storeKind, demo);
        var args = store.Configuration.Select(kv => $"--{kv.Key}={kv.Value}")
            .Append($"--Cordon:Demo={demo}")
            .Append("--environment=Development")
            .Append("--Cordon:Edge:RateLimits:Enabled=false") // tests that exercise the limits turn them on in extraArgs
            .Concat(extraArgs)
            .ToArray();
        var app = CordonServer.Build(args, b => b.WebHost.UseTestServer());
        await CordonServer.PrepareAsync(app);
        await app.StartAsync();
        return new CordonHost(app, store);
    }

    public HttpClient Anonymous() => _app.GetTestClient();

    /// <summary>
    /// A client authenticated with a fresh API key of a demo user's agency and roles, stating a purpose
    /// in the X-Cordon-Purpose header on every request (null: none, to test that it is required).
    /// </summary>
    public async Task<HttpClient> AsAsync(string userName, string? purpose = "risk-analysis")
    {
        await using var db = Store.Open();
        var user = db.Users.Single(u => u.UserName == userName);
        var agency = db.Agencies.Single(a => a.Id == user.AgencyId);
        var key = await Cordon.Identity.ApiKeys.CreateAsync(db, Cordon.Identity.Actor.LocalOperator,
            new Cordon.Identity.NewApiKey($"test key for {userName}", agency.Code, Cordon.Identity.RoleNames.Names(user.Roles).ToArray()));
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        if (purpose is not null)
        {
            client.DefaultRequestHeaders.Add(Cordon.Sharing.PurposeNames.Header, purpose);
        }
        return client;
    }

    /// <summary>An agreement proposed by the providing agency's admin and approved by the receiving one's, through the API: in force.</summary>
    public async Task AgreeAsync(string providerAdmin, string recipientAdmin, Cordon.Sharing.AgreementTerms terms)
    {
        var ct = TestContext.Current.CancellationToken;
        var proposed = await (await (await AsAsync(providerAdmin)).PostAsJsonAsync("/api/sharing/agreements", terms, ct)).OkAsync<System.Text.Json.JsonElement>();
        (await (await AsAsync(recipientAdmin)).PostAsync($"/api/sharing/agreements/{proposed.GetProperty("id").GetGuid()}/approve", null, ct)).EnsureSuccessStatusCode();
    }

    public static string DemoPassword => DemoSeed.Password;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}

public static class HttpAssertions
{
    public static async Task<System.Text.Json.JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return System.Text.Json.JsonDocument.Parse(body).RootElement;
    }

    public static async Task<T> OkAsync<T>(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"expected success, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>(Cordon.Cli.CordonCli.Json))!;
    }
}
