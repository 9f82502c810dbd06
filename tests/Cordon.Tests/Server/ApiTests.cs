using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

public sealed class ApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Health_and_the_OpenAPI_document_are_served(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var client = host.Anonymous();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live", Ct));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready", Ct));
        using var openapi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        Assert.True(openapi.RootElement.GetProperty("paths").TryGetProperty("/api/users", out _));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_api_refuses_anonymous_and_malformed_or_revoked_keys_with_problem_details(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var anonymous = await host.Anonymous().GetAsync("/api/users", Ct);
        await anonymous.ProblemAsync(401);

        var malformed = host.Anonymous();
        malformed.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key");
        var problem = await (await malformed.GetAsync("/api/me", Ct)).ProblemAsync(401);
        Assert.Contains("malformed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var admin = await host.AsAsync("admin");
        var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "temporary", roles = new[] { "officer" } }, Ct)).OkAsync<CreatedApiKey>();
        var keyed = host.Anonymous();
        keyed.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/me", Ct)).StatusCode);
        (await admin.DeleteAsync($"/api/apikeys/{created.Key.Prefix}", Ct)).EnsureSuccessStatusCode();
        var revoked = await (await keyed.GetAsync("/api/me", Ct)).ProblemAsync(401);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Bad_user_input_gets_a_problem_naming_the_field_and_changes_nothing(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var admin = await host.AsAsync("admin");
        var before = (await (await admin.GetAsync("/api/users", Ct)).OkAsync<List<UserView>>()).Count;

        var unknownAgency = await (await admin.PostAsJsonAsync("/api/users",
            new { userName = "newbie", agency = "NOPE", roles = new[] { "officer" }, password = "Good-Password-2026" }, Ct)).ProblemAsync(400);
        Assert.True(unknownAgency.GetProperty("errors").TryGetProperty("agency", out _));

        var duplicate = await (await admin.PostAsJsonAsync("/api/users",
            new { userName = "officer", agency = "NCA", roles = new[] { "officer" }, password = "Good-Password-2026" }, Ct)).ProblemAsync(400);
        Assert.True(duplicate.GetProperty("errors").TryGetProperty("userName", out _));

        var weak = await (await admin.PostAsJsonAsync("/api/users",
            new { userName = "newbie", agency = "NCA", roles = new[] { "officer" }, password = "weak" }, Ct)).ProblemAsync(400);
        Assert.True(weak.GetProperty("errors").TryGetProperty("password", out _));

        var oversized = new StringContent(JsonSerializer.Serialize(new { userName = new string('x', 11 * 1024 * 1024) }), System.Text.Encoding.UTF8, "application/json");
        var tooLarge = await admin.PostAsync("/api/users", oversized, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        Assert.Equal(before, (await (await admin.GetAsync("/api/users", Ct)).OkAsync<List<UserView>>()).Count);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_admin_cannot_see_or_change_another_agencys_users_through_the_api(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bpAdmin = await host.AsAsync("bp.admin");
        var ncaAdmin = await host.AsAsync("admin");

        var ncaUsers = await (await ncaAdmin.GetAsync("/api/users", Ct)).OkAsync<List<UserView>>();
        var ncaOfficer = ncaUsers.Single(u => u.UserName == "officer");
        Assert.All(ncaUsers, u => Assert.Equal("NCA", u.AgencyCode));

        var bpUsers = await (await bpAdmin.GetAsync("/api/users", Ct)).OkAsync<List<UserView>>();
        Assert.NotEmpty(bpUsers);
        Assert.All(bpUsers, u => Assert.Equal("NBP", u.AgencyCode));
        Assert.Empty(await (await bpAdmin.GetAsync("/api/users?agency=NCA", Ct)).OkAsync<List<UserView>>());

        await (await bpAdmin.GetAsync($"/api/users/{ncaOfficer.Id}", Ct)).ProblemAsync(404);
        await (await bpAdmin.PostAsJsonAsync($"/api/users/{ncaOfficer.Id}/reset-password", new { }, Ct)).ProblemAsync(404);
        await (await bpAdmin.PutAsJsonAsync($"/api/users/{ncaOfficer.Id}/disabled", new { disabled = true }, Ct)).ProblemAsync(404);
        await (await bpAdmin.PutAsJsonAsync($"/api/users/{ncaOfficer.Id}/roles", new { roles = new[] { "auditor" } }, Ct)).ProblemAsync(404);
        await (await bpAdmin.PostAsJsonAsync("/api/users",
            new { userName = "planted", agency = "NCA", roles = new[] { "officer" }, password = "Good-Password-2026" }, Ct)).ProblemAsync(403);

        var unchanged = await (await ncaAdmin.GetAsync($"/api/users/{ncaOfficer.Id}", Ct)).OkAsync<UserView>();
        Assert.False(unchanged.Disabled);
        Assert.Equal(["officer"], unchanged.Roles);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_officer_administers_no_one(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        await (await officer.GetAsync("/api/users", Ct)).ProblemAsync(403);
        await (await officer.PostAsJsonAsync("/api/agencies", new { code = "X1", name = "Nope", kind = "customs", country = "NL" }, Ct)).ProblemAsync(403);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Reference_data_is_searchable_through_the_api(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var hs = await (await officer.GetAsync("/api/reference/hs?q=coffee&limit=5", Ct)).OkAsync<ReferenceEndpoints.Page<HsEntry>>();
        Assert.Contains(hs.Items, e => e.Code == "0901");
        var port = await (await officer.GetAsync("/api/reference/ports/NLRTM", Ct)).OkAsync<Port>();
        Assert.Equal("NL", port.Country);
        await (await officer.GetAsync("/api/reference/ports/ZZZZZ", Ct)).ProblemAsync(404);
        var countries = await (await officer.GetAsync("/api/reference/countries?q=BE", Ct)).OkAsync<ReferenceEndpoints.Page<Country>>();
        Assert.Equal("BE", countries.Items[0].Alpha2);
        var currencies = await (await officer.GetAsync("/api/reference/currencies?q=EUR", Ct)).OkAsync<ReferenceEndpoints.Page<Currency>>();
        Assert.Equal("EUR", currencies.Items[0].Code);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_upload_endpoint_takes_a_file_larger_than_the_general_body_limit(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var line = "x,".PadRight(1000, 'y') + "\n";
        var file = new StringContent(string.Concat(Enumerable.Repeat(line, 11 * 1024)), System.Text.Encoding.UTF8, "text/csv");
        file.Headers.Add("X-File-Name", "big.csv");
        var upload = await officer.PostAsync("/api/declarations/import?format=csv", file, Ct);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);

        var body = new StringContent(string.Concat(Enumerable.Repeat(line, 11 * 1024)), System.Text.Encoding.UTF8, "application/json");
        await (await officer.PostAsync("/api/declarations/batch", body, Ct)).ProblemAsync(413);
    }
}
