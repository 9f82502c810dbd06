using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>Scoring one declaration on demand (POST /api/risk/score).</summary>
public sealed class ScoringApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Scoring_a_stored_declaration_returns_lane_proposal_and_full_explanation(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        Guid id;
        string storedLane;
        await using (var db = host.Store.Open())
        {
            var decision = await db.LaneDecisions.AsNoTracking().Where(d => d.ModelVersion != null).OrderByDescending(d => d.Priority).FirstAsync(Ct);
            (id, storedLane) = (decision.DeclarationId, decision.Lane.ToString().ToLowerInvariant());
        }
        var noPurpose = await host.AsAsync("officer", purpose: null);
        await (await noPurpose.PostAsync($"/api/risk/score/{id}", null, Ct)).ProblemAsync(400);

        var officer = await host.AsAsync("officer");
        var score = await (await officer.PostAsync($"/api/risk/score/{id}", null, Ct)).OkAsync<JsonElement>();
        Assert.True(score.GetProperty("stored").GetBoolean());
        Assert.Contains(score.GetProperty("proposedLane").GetString(), new[] { "green", "yellow", "red", "blue" });
        Assert.False(string.IsNullOrWhiteSpace(score.GetProperty("reason").GetString()));
        Assert.Equal(storedLane, score.GetProperty("decided").GetString());
        var criteria = score.GetProperty("criteria");
        Assert.True(criteria.GetProperty("evaluated").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Array, criteria.GetProperty("fired").ValueKind);
        var model = score.GetProperty("model");
        Assert.True(model.GetProperty("version").GetInt32() >= 1);
        Assert.InRange(model.GetProperty("probability").GetDouble(), 0, 1);
        Assert.NotEmpty(model.GetProperty("topFeatures").EnumerateArray());
        Assert.True(score.GetProperty("screening").GetProperty("screened").GetBoolean());
        Assert.True(score.GetProperty("features").TryGetProperty("trader_declarations", out _));
        // Its features come from history before its lodgement date only.
        var lodged = DateOnly.Parse(score.GetProperty("lodgedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var known = score.GetProperty("history").GetProperty("knownBefore").GetString()!;
        Assert.True(DateOnly.Parse(known, System.Globalization.CultureInfo.InvariantCulture) <= lodged);

        // A second call reuses the live history; the answer is the same.
        var again = await (await officer.PostAsync($"/api/risk/score/{id}", null, Ct)).OkAsync<JsonElement>();
        Assert.Equal(score.GetProperty("priority").GetDouble(), again.GetProperty("priority").GetDouble());

        // Another agency without an agreement cannot read the declaration, so cannot score it.
        var partner = await host.AsAsync("pca.officer");
        Assert.False((await partner.PostAsync($"/api/risk/score/{id}", null, Ct)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsync($"/api/risk/score/{Guid.NewGuid()}", null, Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_posted_declaration_is_scored_without_being_stored_and_bad_fields_are_named(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        int before;
        DateOnly last;
        string office;
        await using (var db = host.Store.Open())
        {
            before = await db.Declarations.CountAsync(Ct);
            last = await db.Declarations.MaxAsync(d => d.LodgedOn, Ct);
            office = await db.Declarations.Where(d => d.LodgedOn == last).Select(d => d.Office).FirstAsync(Ct);
        }
        var officer = await host.AsAsync("officer");
        var input = Cordon.Tests.Declarations.Samples.Declaration("26SCORE0000001");
        input.Office = office;
        input.LodgedOn = last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var score = await (await officer.PostAsJsonAsync("/api/risk/score", input, Ct)).OkAsync<JsonElement>();
        Assert.False(score.GetProperty("stored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, score.GetProperty("declarationId").ValueKind);
        Assert.True(score.GetProperty("history").GetProperty("cached").GetBoolean());
        Assert.False(score.GetProperty("screening").GetProperty("screened").GetBoolean());
        Assert.Equal(JsonValueKind.Object, score.GetProperty("model").ValueKind);
        Assert.True(score.GetProperty("features").GetProperty("trader_declarations").GetDouble() >= 0);

        input.Items![1].Quantity = -4;
        var bad = await (await officer.PostAsJsonAsync("/api/risk/score", input, Ct)).ProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("items[1].quantity", out _));

        await using (var db = host.Store.Open())
        {
            Assert.Equal(before, await db.Declarations.CountAsync(Ct));
        }
    }
}
