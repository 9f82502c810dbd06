using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Risk;
using Cordon.Tests.Cases;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

/// <summary>What raises alerts and opens inspections in the running system, from the demo's state.</summary>
public sealed class TriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_customs_seizure_reaches_the_subscribed_border_police_live_and_not_an_agency_without_an_alert_agreement(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Alerts:PollMilliseconds=200");
        var pcaAdmin = await host.AsAsync("pca.admin");
        // PCA receives NCA's seizures under an agreement, but no agreement covers NCA's alerts for it.
        (await pcaAdmin.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "Seizures", kinds = new[] { "seizure" }, agencyWide = true }, Ct)).EnsureSuccessStatusCode();

        var officer = await host.AsAsync("officer");
        var seizure = await (await officer.PostAsJsonAsync("/api/seizures", CaseWorld.Seizure(owner: "Karel Smit"), Ct)).OkAsync<JsonElement>();
        var id = seizure.GetProperty("id").GetGuid().ToString();

        var border = await host.AsAsync("bp.officer", "investigation");
        var found = await Eventually.FoundAsync(async () =>
        {
            var inbox = await (await border.GetAsync("/api/alerts/inbox?limit=200", Ct)).OkAsync<JsonElement>();
            return inbox.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("alert")).Cast<JsonElement?>()
                .FirstOrDefault(a => a!.Value.GetProperty("recordId").GetString() == id);
        }, TimeSpan.FromSeconds(30), () => "no alert about the seizure reached the border police's inbox within 30 s", TimeSpan.FromMilliseconds(200));
        Assert.Equal("seizure", found.GetProperty("kind").GetString());
        Assert.Equal("cocaine", found.GetProperty("commodity").GetString());
        Assert.DoesNotContain("Karel Smit", found.GetRawText(), StringComparison.Ordinal);

        await using var db = host.Store.Open();
        var alert = await db.Alerts.SingleAsync(a => a.RecordId == id, Ct);
        var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
        var pcaSubscriptions = await db.AlertSubscriptions.Where(s => s.AgencyId == pca.Id).Select(s => s.Id).ToListAsync(Ct);
        Assert.False(await db.AlertDeliveries.AnyAsync(d => d.AlertId == alert.Id && pcaSubscriptions.Contains(d.SubscriptionId), Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_red_and_yellow_lane_decision_has_its_inspection_and_every_block_hit_its_alert(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Screening:PollMilliseconds=200", "--Cordon:Jobs:PollMilliseconds=200");
        await using var db = host.Store.Open();
        var controlled = await db.LaneDecisions.Where(d => d.Lane == Lane.Red || d.Lane == Lane.Yellow).Select(d => d.DeclarationId).ToListAsync(Ct);
        Assert.NotEmpty(controlled);
        var inspected = (await db.Inspections.Select(i => i.DeclarationId).ToListAsync(Ct)).ToHashSet();
        Assert.All(controlled, d => Assert.Contains(d, inspected));

        await Eventually.UntilAsync(async () => !await db.ScreeningBacklog.AnyAsync(Ct), TimeSpan.FromSeconds(60), () => "the screening backlog is not empty after 60 s", TimeSpan.FromMilliseconds(200));
        var blockHits = (await db.ScreeningHits.Where(h => h.Band == "block").Select(h => h.Id).ToListAsync(Ct)).Select(g => g.ToString()).ToList();
        Assert.NotEmpty(blockHits);
        var alerted = await db.Alerts.Where(a => a.Kind == "screening.block").Select(a => a.RecordId).ToListAsync(Ct);
        Assert.Equal(blockHits.Order(), alerted.Order());
    }
}
