using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Risk.Criteria;
using Cordon.Tests.Support;

namespace Cordon.Tests.Risk;

public sealed class CriteriaApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object CarDeclaration = new
    {
        office = "NLRTM01",
        origin = "CN",
        transportMode = "sea",
        lodgementDate = "2026-03-14",
        importer = new { role = "importer", id = "NL123", name = "Autohandel Rotterdam BV", country = "NL" },
        items = new object[]
        {
            new { number = 1, hsCode = "8703231900", origin = "CN", quantity = 2, cif = 24_000 },
            new { number = 2, hsCode = "8703241000", origin = "CN", quantity = 1, cif = 3_000 },
        },
        features = new { trader_hit_rate = 0.3, new_trader = true },
        screening = new { block_hits = 0 },
    };

    private static readonly object[] CarHistory = Enumerable.Range(0, 11)
        .Select(i => (object)new { hs6 = "870324", origin = "CN", unitValue = 10_000 + i * 1_000 }).ToArray();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Analysts_create_check_version_and_evaluate_criteria_over_the_api(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await host.AsAsync("analyst");

        var check = await (await analyst.PostAsJsonAsync("/api/risk/criteria/check", new { expression = "item.hs6 == \"870324\" and item.unit_valu < 1" }, Ct)).OkAsync<JsonElement>();
        Assert.False(check.GetProperty("ok").GetBoolean());
        var error = check.GetProperty("errors")[0];
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal(31, error.GetProperty("column").GetInt32());
        Assert.Contains("did you mean 'unit_value'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var good = await (await analyst.PostAsJsonAsync("/api/risk/criteria/check", new { expression = "item.unit_value < stats.p10(item.hs6, origin)" }, Ct)).OkAsync<JsonElement>();
        Assert.True(good.GetProperty("ok").GetBoolean());
        Assert.True(good.GetProperty("itemLevel").GetBoolean());

        var refused = await (await analyst.PostAsJsonAsync("/api/risk/criteria", new { name = "Bad", expression = "origin == CN", weight = 5 }, Ct)).ProblemAsync(400);
        Assert.StartsWith("1:11: unknown name 'CN'", refused.GetProperty("errors").GetProperty("expression")[0].GetString(), StringComparison.Ordinal);

        var created = await analyst.PostAsJsonAsync("/api/risk/criteria", new
        {
            name = "Undervalued cars",
            expression = "item.hs4 == \"8703\" and item.unit_value < stats.p10(item.hs6, origin)",
            weight = 30,
            lane = "yellow",
            status = "shadow",
        }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var criterion = await created.OkAsync<CriterionView>();
        Assert.Equal($"/api/risk/criteria/{criterion.Id}", created.Headers.Location?.ToString());

        var activated = await (await analyst.PostAsJsonAsync($"/api/risk/criteria/{criterion.Id}/status", new { status = "active", expectedVersion = 1, note = "Go." }, Ct)).OkAsync<CriterionView>();
        Assert.Equal(2, activated.Version);
        var stale = await (await analyst.PutAsJsonAsync($"/api/risk/criteria/{criterion.Id}", new { weight = 10, expectedVersion = 1 }, Ct)).ProblemAsync(409);
        Assert.Contains("version 2", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await analyst.PutAsJsonAsync($"/api/risk/criteria/{criterion.Id}", new { weight = 35, expectedVersion = 2 }, Ct)).OkAsync<CriterionView>();
        var v1 = await (await analyst.GetAsync($"/api/risk/criteria/{criterion.Id}/versions/1", Ct)).OkAsync<CriterionVersionView>();
        Assert.Equal(30, v1.Weight);
        var detail = await (await analyst.GetAsync($"/api/risk/criteria/{criterion.Id}", Ct)).OkAsync<CriterionView>();
        Assert.Equal([3, 2, 1], detail.Versions!.Select(v => v.Version).ToArray());

        var evaluated = await (await analyst.PostAsJsonAsync("/api/risk/criteria/evaluate", new { declaration = CarDeclaration, statistics = CarHistory, criteria = new[] { criterion.Id } }, Ct)).OkAsync<JsonElement>();
        var outcome = evaluated.GetProperty("outcome");
        Assert.Equal(35, outcome.GetProperty("score").GetDouble());
        Assert.Equal("Yellow", outcome.GetProperty("forcedLane").GetString());
        var fired = outcome.GetProperty("fired")[0];
        Assert.Equal("Undervalued cars", fired.GetProperty("name").GetString());
        Assert.Equal(3, fired.GetProperty("version").GetInt32());
        Assert.Equal([2], fired.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()).ToArray());

        var tried = await (await analyst.PostAsJsonAsync("/api/risk/criteria/evaluate", new { declaration = CarDeclaration, expression = "features.new_trader and importer.country == \"NL\"" }, Ct)).OkAsync<JsonElement>();
        Assert.True(tried.GetProperty("expression").GetProperty("fired").GetBoolean());

        var unknownFeature = await analyst.PostAsJsonAsync("/api/risk/criteria/evaluate", new { declaration = new { features = new { nope = 1 } } }, Ct);
        Assert.Equal(400, (int)unknownFeature.StatusCode);

        var retired = await (await analyst.DeleteAsync($"/api/risk/criteria/{criterion.Id}?expectedVersion=3", Ct)).OkAsync<CriterionView>();
        Assert.Equal(CriterionStatus.Retired, retired.Status);
        var none = await (await analyst.PostAsJsonAsync("/api/risk/criteria/evaluate", new { declaration = CarDeclaration, statistics = CarHistory }, Ct)).OkAsync<JsonElement>();
        // Retired: no longer in the live set (the demo's own active criteria may still fire).
        Assert.DoesNotContain(none.GetProperty("outcome").GetProperty("fired").EnumerateArray(), f => f.GetProperty("id").GetGuid() == criterion.Id);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Officers_read_criteria_but_cannot_write_them_and_partners_see_none(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await host.AsAsync("analyst");
        await (await analyst.PostAsJsonAsync("/api/risk/criteria", new { name = "Iran", expression = "origin == \"IR\"", lane = "red", referTo = "NBP", status = "active" }, Ct)).OkAsync<CriterionView>();

        var officer = await host.AsAsync("officer");
        // The demo adds its own criteria; the officer reads this one among them.
        Assert.Single(await (await officer.GetAsync("/api/risk/criteria", Ct)).OkAsync<List<CriterionView>>(), c => c.Name == "Iran");
        await (await officer.PostAsJsonAsync("/api/risk/criteria", new { name = "Mine", expression = "true", weight = 1 }, Ct)).ProblemAsync(403);

        var partner = await host.AsAsync("pca.officer");
        Assert.Empty(await (await partner.GetAsync("/api/risk/criteria", Ct)).OkAsync<List<CriterionView>>());
        await (await host.Anonymous().GetAsync("/api/risk/criteria", Ct)).ProblemAsync(401);
    }
}
