using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Tests.Cases;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

/// <summary>Analysts' conditions, end to end through the API and the dispatcher.</summary>
public sealed class ConditionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NewSeizure Cigarettes(decimal pieces) => CaseWorld.Seizure() with
    {
        Items = [new SeizedItemRequest("cigarettes in cartons", "240220", pieces, "pieces", pieces / 50m, pieces * 0.3m, "EUR", "cigarettes")],
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_seizure_of_a_commodity_above_the_conditions_quantity_raises_one_custom_alert_for_the_analysts_agency(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Alerts:PollMilliseconds=200");
        var analyst = await host.AsAsync("analyst");
        var condition = await (await analyst.PostAsJsonAsync("/api/alerts/conditions",
            new { name = "Large cigarette seizure", commodity = "2402", minQuantity = 10_000, unit = "pieces" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("seizure", condition.GetProperty("kind").GetString());
        // The partner has no agreement for NCA's alerts: its identical condition must never fire.
        (await (await host.AsAsync("pca.officer")).PostAsJsonAsync("/api/alerts/conditions",
            new { name = "Partner cigarettes", commodity = "2402", minQuantity = 10_000 }, Ct)).EnsureSuccessStatusCode();
        var admin = await host.AsAsync("admin");
        (await admin.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "Analysts' conditions", kinds = new[] { "custom" }, agencyWide = true }, Ct))
            .EnsureSuccessStatusCode();

        var officer = await host.AsAsync("officer");
        var big = (await (await officer.PostAsJsonAsync("/api/seizures", Cigarettes(12_000), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid().ToString();
        var small = (await (await officer.PostAsJsonAsync("/api/seizures", Cigarettes(5_000), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid().ToString();

        var found = await Eventually.FoundAsync(async () =>
        {
            var inbox = await (await admin.GetAsync("/api/alerts/inbox?limit=200", Ct)).OkAsync<JsonElement>();
            return inbox.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("alert")).Cast<JsonElement?>()
                .FirstOrDefault(a => a!.Value.GetProperty("kind").GetString() == "custom" && a.Value.GetProperty("recordId").GetString() == big);
        }, TimeSpan.FromSeconds(30), () => "no alert about the large seizure reached the inbox within 30 s", TimeSpan.FromMilliseconds(200));
        Assert.StartsWith("Large cigarette seizure:", found.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("240220", found.GetProperty("commodity").GetString());

        await using var db = host.Store.Open();
        await Eventually.UntilAsync(async () => !await db.Alerts.AnyAsync(a => a.DispatchedAt == null, Ct), TimeSpan.FromSeconds(5), () => "alerts still undispatched after 5 s");
        var prefix = $"condition:{condition.GetProperty("id").GetGuid():N}:";
        var custom = (await db.Alerts.Where(a => a.Kind == AlertKinds.Custom && a.RaisedBy == "condition").ToListAsync(Ct))
            .Where(a => a.Key!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var one = Assert.Single(custom);
        Assert.Equal(big, one.RecordId);
        Assert.DoesNotContain(custom, a => a.RecordId == small);
        var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
        Assert.Equal([nca.Id], AlertAudience.Of(one)); // addressed to the condition's agency alone

        // Dispatching the seizure alert again (a lease that expired mid-way) raises nothing new.
        var seizureAlert = await db.Alerts.SingleAsync(a => a.Kind == AlertKinds.Seizure && a.RecordId == big, Ct);
        Assert.Equal(0, await AlertConditions.EvaluateAsync(db, [seizureAlert], TestClock.Now, Ct));

        var listed = await (await analyst.GetAsync("/api/alerts/conditions", Ct)).OkAsync<JsonElement>();
        Assert.Equal(1, listed.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == condition.GetProperty("id").GetGuid()).GetProperty("raised").GetInt32());

        // The condition's alert is for NCA only: the border police read NCA's alerts under their agreement, but not this one.
        var border = await (await (await host.AsAsync("bp.officer")).GetAsync("/api/alerts?limit=500", Ct)).OkAsync<JsonElement>();
        Assert.DoesNotContain(border.EnumerateArray(), a => a.GetProperty("kind").GetString() == "custom" && a.GetProperty("recordId").GetString() == big);
        Assert.Contains(border.EnumerateArray(), a => a.GetProperty("kind").GetString() == "seizure" && a.GetProperty("recordId").GetString() == big);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_condition_is_refused_with_the_fields_named(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var analyst = await host.AsAsync("analyst");
        var problem = await (await analyst.PostAsJsonAsync("/api/alerts/conditions",
            new { name = "", kind = "screening.block", minQuantity = -1, maxMarking = "TLP:PURPLE" }, Ct)).ProblemAsync(400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("minQuantity", out _));
        Assert.True(errors.TryGetProperty("maxMarking", out _));
        await (await (await host.AsAsync("officer")).PostAsJsonAsync("/api/alerts/conditions", new { name = "x" }, Ct)).ProblemAsync(403);
    }
}
