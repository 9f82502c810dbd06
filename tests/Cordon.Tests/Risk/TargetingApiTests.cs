using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>The demo's targeting through the API, the pages and the CLI.</summary>
public sealed class TargetingApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient WithPurpose(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("X-Cordon-Purpose", "risk-analysis");
        return client;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Officer_worklist_is_ordered_by_expected_revenue_and_every_row_explains_itself(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var officer = await host.AsAsync("officer", purpose: null);
        var refused = await officer.GetAsync("/api/risk/worklist", Ct);
        var problem = await refused.ProblemAsync(400);
        Assert.Contains("X-Cordon-Purpose", problem.ToString(), StringComparison.Ordinal);

        WithPurpose(officer);
        var worklist = await officer.GetFromJsonAsync<JsonElement>("/api/risk/worklist", Ct);
        var rows = worklist.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        var revenues = rows.Select(r => r.GetProperty("expectedRevenue").GetDouble()).ToList();
        Assert.Equal(revenues.OrderByDescending(v => v), revenues);
        foreach (var r in rows)
        {
            Assert.Contains(r.GetProperty("lane").GetString(), new[] { "red", "yellow" });
            var e = r.GetProperty("explanation");
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString()));
            Assert.Equal(JsonValueKind.Object, e.GetProperty("model").ValueKind);
            Assert.Equal(JsonValueKind.Array, e.GetProperty("criteria").GetProperty("fired").ValueKind);
            Assert.Equal(JsonValueKind.Object, e.GetProperty("screening").ValueKind);
        }
        var one = rows[0].GetProperty("declarationId").GetGuid();
        var single = await officer.GetFromJsonAsync<JsonElement>($"/api/risk/lanes/{one}", Ct);
        Assert.Equal(rows[0].GetProperty("lane").GetString(), single.GetProperty("lane").GetString());

        var distribution = await officer.GetFromJsonAsync<JsonElement>("/api/risk/lanes/distribution?days=14", Ct);
        Assert.NotEmpty(distribution.EnumerateArray());

        // Another agency with no agreement sees none of it.
        var partner = WithPurpose(await host.AsAsync("pca.officer"));
        Assert.Empty((await partner.GetFromJsonAsync<JsonElement>("/api/risk/worklist", Ct)).EnumerateArray());
        Assert.False((await partner.GetAsync($"/api/risk/lanes/{one}", Ct)).IsSuccessStatusCode);

        var models = await officer.GetFromJsonAsync<JsonElement>("/api/risk/models", Ct);
        Assert.Single(models.EnumerateArray(), m => m.GetProperty("active").GetBoolean());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Assign_lanes_runs_as_a_job_and_decides_the_remaining_declarations(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Jobs:PollMilliseconds=100");
        DateOnly last;
        await using (var db = host.Store.Open())
        {
            last = await db.Declarations.MaxAsync(d => d.LodgedOn, Ct);
        }
        var from = last.AddDays(-30);
        var officer = await host.AsAsync("officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/risk/lanes/assign", new { from, to = last }, Ct)).StatusCode);
        var supervisor = await host.AsAsync("supervisor");
        var accepted = await supervisor.PostAsJsonAsync("/api/risk/lanes/assign", new { from, to = last }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var state = await FileImports.FinishedJobAsync(supervisor, id, TimeSpan.FromSeconds(60), "the lane assignment", Ct);
        Assert.Equal("Succeeded", state.GetProperty("status").GetString());
        using var result = JsonDocument.Parse(state.GetProperty("result").GetString()!);
        await using (var db = host.Store.Open())
        {
            var expected = await db.Declarations.CountAsync(d => d.LodgedOn >= from && d.LodgedOn <= last, Ct);
            Assert.Equal(expected, await db.LaneDecisions.CountAsync(d => d.LodgedOn >= from && d.LodgedOn <= last, Ct));
            // The demo had already decided the last two weeks; the job decided only the rest.
            Assert.Equal(expected - result.RootElement.GetProperty("alreadyDecided").GetInt32(), result.RootElement.GetProperty("decided").GetInt32());
            Assert.True(result.RootElement.GetProperty("alreadyDecided").GetInt32() > 0);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Evaluate_prints_the_issues_json_shape(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await RiskTestData.ImportAsync(s, 2000);
        var (exit, stdout, _) = await CliRun.RunAsync(s.Settings, ["risk", "evaluate", "--train-until", "2025-07-01", "--test-from", "2025-07-01", "--test-to", "2025-12-31", "--json"]);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["model", "baselines", "train", "test"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["random", "criteria"], root.GetProperty("baselines").EnumerateObject().Select(p => p.Name));
        foreach (var q in new[] { root.GetProperty("model"), root.GetProperty("baselines").GetProperty("random"), root.GetProperty("baselines").GetProperty("criteria") })
        {
            Assert.Equal(["n", "auc"], q.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["1", "2", "5", "10"], q.GetProperty("n").EnumerateObject().Select(p => p.Name));
            foreach (var rate in q.GetProperty("n").EnumerateObject())
            {
                Assert.Equal(["precision", "recall", "revenue"], rate.Value.EnumerateObject().Select(p => p.Name));
            }
        }
        Assert.True(root.GetProperty("train").GetProperty("rows").GetInt32() > 0);
        Assert.True(root.GetProperty("test").GetProperty("rows").GetInt32() > 0);
        Assert.Equal(["rows"], root.GetProperty("test").EnumerateObject().Select(p => p.Name));
    }
}
