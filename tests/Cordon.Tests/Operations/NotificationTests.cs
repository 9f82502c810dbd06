using System.Text.Json;
using Cordon.Alerting;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Identity;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

public sealed class NotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task DispatchAllAsync(CordonDb db)
    {
        while (await AlertFanOut.DispatchAsync(db, TestClock.Now, ct: Ct) > 0)
        {
        }
    }

    private static async Task<List<Guid>> SubscribersOfAsync(CordonDb db, Alert alert)
        => await db.AlertDeliveries.AsNoTracking().Where(d => d.AlertId == alert.Id).Select(d => d.SubscriptionId).ToListAsync(Ct);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Opening_an_incident_alerts_only_the_agencies_its_plan_names_and_a_late_step_alerts_its_owner(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct); // NBP's plan notifies NCA and PCA; both subscribe to incident alerts
        var subs = await db.AlertSubscriptions.AsNoTracking().Where(x => x.Name == "Border incidents").ToListAsync(Ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, Ct);
        var nca = subs.Single(x => x.AgencyId == agencies["NCA"]).Id;
        var pca = subs.Single(x => x.AgencyId == agencies["PCA"]).Id;
        // The owner (not on the plan's list) and an agency without agreement subscribe to everything.
        var nbp = (await AlertSubscriptions.CreateAsync(db, await s.ActorAsync("bp.admin"), new SubscriptionInput("All", [], null, null, "TLP:RED", "investigation", "ui", null, true), Ct)).Id;
        var nis = (await AlertSubscriptions.CreateAsync(db, await s.ActorAsync("nis.officer"), new SubscriptionInput("All", [], null, null, "TLP:RED", "investigation", "ui", null, false), Ct)).Id;
        await DispatchAllAsync(db); // what the demo raised

        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var officer = await s.ActorAsync("bp.officer");
        var incident = await IncidentResponse.ReportAsync(db, officer, new IncidentInput("illegal-crossing", "high", "Group crossing the Mark", 51.45, 4.93,
            clock.GetUtcNow().AddMinutes(-3), null, null, null, null), clock.GetUtcNow(), Ct);

        // Committed with the incident by its own SaveChanges: no further save was needed.
        await using (var fresh = s.Open())
        {
            var notify = await fresh.Alerts.AsNoTracking().SingleAsync(a => a.RecordId == incident.Id.ToString(), Ct);
            Assert.Equal((AlertKinds.IncidentNotify, AlertSeverity.High, agencies["NBP"]), (notify.Kind, notify.Severity, notify.OwningAgencyId));
            Assert.Equal(["NCA", "PCA"], JsonDocument.Parse(notify.Data).RootElement.GetProperty("notify").EnumerateArray().Select(e => e.GetString()!));
            await DispatchAllAsync(fresh);
            Assert.Equal(new[] { nca, pca }.Order(), (await SubscribersOfAsync(fresh, notify)).Order());
            Assert.DoesNotContain(nbp, await SubscribersOfAsync(fresh, notify));
            Assert.DoesNotContain(nis, await SubscribersOfAsync(fresh, notify));
        }

        // Step 1 (NBP duty officer, 5 min) runs late: one escalation alert, to NBP only (NCA's step is not late).
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct));
        Assert.Equal(0, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct));
        var escalation = await db.Alerts.AsNoTracking().SingleAsync(a => a.RecordId == incident.Id.ToString() && a.Kind == AlertKinds.IncidentEscalation, Ct);
        Assert.Contains("NBP shift commander", escalation.Title, StringComparison.Ordinal);
        await DispatchAllAsync(db);
        Assert.Equal([nbp], await SubscribersOfAsync(db, escalation));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Sensor_incident_commits_its_notification_in_the_ingest_transaction(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var feed = new Actor(null, (await s.ActorAsync("bp.officer")).AgencyId, Roles.Officer, "radar", ActorKind.ApiKey);
        var t0 = TestClock.NowInWholeSeconds.AddMinutes(-30);
        ParsedMessage Msg(int i, double lat) => new(i, "cot", "raw", new DetectionMessage("radar", "radar.n1", "a-u-G", "m-r", lat, 4.935, null, null, null, t0.AddMinutes(i), null), []);
        var result = await SensorIngest.IngestAsync(db, feed, [Msg(0, 51.430), Msg(1, 51.445)], CorrelationBounds.Default, t0.AddMinutes(2), new WatchedAreaCache(), ct: Ct);
        var incidentId = Assert.Single(result.IncidentsRaised);
        await using var fresh = s.Open();
        var alert = await fresh.Alerts.AsNoTracking().SingleAsync(a => a.RecordId == incidentId.ToString(), Ct);
        Assert.Equal(AlertKinds.IncidentNotify, alert.Kind);
        Assert.Contains("Track entered Baarle crossing corridor", alert.Title, StringComparison.Ordinal);
    }
}
