using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Resources;

public sealed class SensorAndPositionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A fixed instant, whole seconds (PostgreSQL keeps microseconds); positions far out at sea, away from the demo's watched corridor.
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Silence = TimeSpan.FromHours(6);

    private static ParsedMessage Fix(string sensor, string uid, double lat, double lon, DateTimeOffset at)
        => new(0, SensorMessages.CotFormat, "test", new DetectionMessage(sensor, uid, "a-f-S", "m-g", lat, lon, null, 10, null, at, at.AddMinutes(5)), []);

    private static Actor Feed(Actor member) => new(null, member.AgencyId, Roles.Officer, "test feed", ActorKind.ApiKey);

    private static Task<IngestResult> IngestAsync(CordonDb db, Actor feed, DateTimeOffset receivedAt, params ParsedMessage[] messages)
        => SensorIngest.IngestAsync(db, feed, messages, CorrelationBounds.Default, receivedAt, new WatchedAreaCache(), tracks: new TrackCache(), ct: Ct);

    private static Task<List<Cordon.Alerting.Alert>> SilenceAlertsAsync(CordonDb db, Guid asset)
        => db.Alerts.AsNoTracking().Where(a => a.Kind == ResourceAlerts.SensorSilent && a.RecordId == asset.ToString()).OrderBy(a => a.Key).ToListAsync(Ct);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_sensor_whose_detections_stop_is_flagged_and_alerted_once_per_silence(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        var agency = bp.AgencyId!.Value;
        var camera = await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-CAM-21", "Quay camera 21", "camera", "CAM-21", SensorId: "cam.t21", Marking: "TLP:AMBER"),
            Now.AddHours(-10), Ct);
        // Registered an hour ago and never heard from: it has the period to report before it is flagged.
        var radar = await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-SENSOR-22", "Ground radar 22", "sensor", "RAD-22", SensorId: "radar.t22"), Now.AddHours(-1), Ct);
        // The camera's feed names the sensor; its last detection is nine hours old.
        await IngestAsync(db, Feed(bp), Now.AddHours(-9), Fix("cam.t21", "cam.t21.1", 52.0, 3.0, Now.AddHours(-9)));

        var states = (await SensorHealth.ForAsync(db, agency, Now, Silence, Ct)).ToDictionary(x => x.Code);
        Assert.Equal((Now.AddHours(-9), true), (states["NBP-CAM-21"].LastDetection, states["NBP-CAM-21"].PossiblyDown));
        Assert.Equal(((DateTimeOffset?)null, Now.AddHours(-1), false), (states["NBP-SENSOR-22"].LastDetection, states["NBP-SENSOR-22"].SilentSince, states["NBP-SENSOR-22"].PossiblyDown));

        // The sweep raises one alert for the camera's silence, owned and marked like the camera; the next passes none.
        await ResourceAlerts.SweepAsync(db, Now, 30, Ct, Silence);
        await ResourceAlerts.SweepAsync(db, Now.AddHours(1), 30, Ct, Silence);
        var first = Assert.Single(await SilenceAlertsAsync(db, camera.Id));
        Assert.Equal((agency, Tlp.Amber, RecordTypes.Asset), (first.OwningAgencyId, first.Marking, first.RecordType));
        Assert.Contains("NBP-CAM-21", first.Title, StringComparison.Ordinal);
        Assert.Contains("since 2026-03-02 00:00 UTC", first.Summary, StringComparison.Ordinal);
        Assert.Empty(await SilenceAlertsAsync(db, radar.Id));

        // It reports again, this time under the feed's default sensor with its id as the uid's prefix: no longer down.
        await IngestAsync(db, Feed(bp), Now.AddHours(1), Fix("api", "cam.t21.2", 52.0, 3.001, Now.AddHours(1)));
        Assert.False((await SensorHealth.ForAsync(db, agency, Now.AddHours(2), Silence, Ct)).Single(x => x.Code == "NBP-CAM-21").PossiblyDown);
        await ResourceAlerts.SweepAsync(db, Now.AddHours(2), 30, Ct, Silence);
        Assert.Single(await SilenceAlertsAsync(db, camera.Id));

        // Silent again for more than the period: a new silence, a second alert. The radar, silent since its registration, now alerts too.
        await ResourceAlerts.SweepAsync(db, Now.AddHours(8), 30, Ct, Silence);
        await ResourceAlerts.SweepAsync(db, Now.AddHours(9), 30, Ct, Silence);
        Assert.Equal(2, (await SilenceAlertsAsync(db, camera.Id)).Count);
        Assert.Contains("nor since it was entered in the register", Assert.Single(await SilenceAlertsAsync(db, radar.Id)).Summary, StringComparison.Ordinal);

        // Days later the old detections fall out of the lookback: still the same silence, no third alert.
        await ResourceAlerts.SweepAsync(db, Now.AddDays(SensorHealth.LookbackDays + 2), 30, Ct, Silence);
        Assert.Equal(2, (await SilenceAlertsAsync(db, camera.Id)).Count);

        // A camera taken out of service is known to be down: not flagged.
        await AssetRegister.SetStatusAsync(db, bp, camera.Id, "out-of-service", Now.AddHours(10), Ct);
        Assert.False((await SensorHealth.ForAsync(db, agency, Now.AddHours(20), Silence, Ct)).Single(x => x.Code == "NBP-CAM-21").PossiblyDown);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_live_map_shows_assets_where_they_last_reported_and_a_partner_only_the_shared_ones(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        var officer = await s.ActorAsync("officer");
        var pca = await s.ActorAsync("pca.officer");
        var boat = await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-RIB-31", "Patrol boat <b>31</b>", "vessel", "RIB-31", CallSign: "MAAS31", Status: "deployed",
            Marking: "TLP:GREEN"), Now.AddDays(-1), Ct);
        var secret = await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-RIB-32", "Patrol boat 32", "vessel", "RIB-32", SensorId: "rib32", Marking: "TLP:RED"), Now.AddDays(-1), Ct);
        await AssetRegister.RegisterAsync(db, officer, new AssetInput("NCA-VAN-33", "Mobile scanner van 33", "vehicle", "VAN-33", CallSign: "VAN33"), Now.AddDays(-1), Ct);
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Boats for the joint Scheldt patrols", ProviderAgencyId = bp.AgencyId!.Value, RecipientAgencyId = pca.AgencyId!.Value, RecordTypes = [RecordTypes.Asset],
            MaxMarking = Tlp.Amber, Purposes = [Purpose.Investigation], PersonalData = false, ValidFrom = Now.AddDays(-10), ValidUntil = Now.AddDays(100),
            Status = AgreementStatus.Active, ProviderApprovedAt = Now.AddDays(-10), RecipientApprovedAt = Now.AddDays(-10),
        });
        await db.SaveChangesAsync(Ct);

        // The boat's tracker reports twice (the later fix counts, even when it arrives first); the other agencies' feeds report too:
        // the partner's with the border police boat's call sign as uid, which must not move the boat.
        await IngestAsync(db, Feed(bp), Now.AddMinutes(-4), Fix("ais", "MAAS31", 51.60, 3.40, Now.AddMinutes(-5)), Fix("ais", "rib32", 51.70, 3.30, Now.AddMinutes(-5)));
        await IngestAsync(db, Feed(bp), Now.AddMinutes(-3), Fix("ais", "MAAS31", 51.55, 3.45, Now.AddMinutes(-10)));
        await IngestAsync(db, Feed(officer), Now.AddMinutes(-3), Fix("gps", "VAN33", 51.90, 4.10, Now.AddMinutes(-6)));
        await IngestAsync(db, Feed(pca), Now.AddMinutes(-2), Fix("gps", "MAAS31", 51.00, 2.00, Now.AddMinutes(-1)));

        var own = await LiveMap.SnapshotAsync(db, await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, Now, Ct), Now, null, Ct);
        var mine = own.Assets.Where(a => a.Code!.StartsWith("NBP-RIB-3", StringComparison.Ordinal)).ToDictionary(a => a.Code!);
        Assert.Equal((51.60, 3.40, Now.AddMinutes(-5), "Patrol boat <b>31</b>", "deployed"),
            (mine["NBP-RIB-31"].Latitude, mine["NBP-RIB-31"].Longitude, mine["NBP-RIB-31"].At, mine["NBP-RIB-31"].Name, mine["NBP-RIB-31"].Status));
        Assert.Equal((51.70, 3.30), (mine["NBP-RIB-32"].Latitude, mine["NBP-RIB-32"].Longitude));
        Assert.DoesNotContain(own.Assets, a => a.Code == "NCA-VAN-33");

        var partnerPolicy = await AccessPolicy.ForAsync(db, pca, Purpose.Investigation, Now, Ct);
        var partner = await LiveMap.SnapshotAsync(db, partnerPolicy, Now, null, Ct);
        var seen = Assert.Single(partner.Assets, a => a.Code!.StartsWith("NBP-", StringComparison.Ordinal) || a.Code.StartsWith("NCA-", StringComparison.Ordinal));
        Assert.Equal(("NBP-RIB-31", "NBP", 51.60, 3.40), (seen.Code, seen.Owner, seen.Latitude, seen.Longitude));

        // Live: a batch carrying the boats' uids makes one event per boat, under the asset's record, which the stream's policy decides.
        var events = await AssetPositions.EventsAsync(db, bp.AgencyId!.Value, [Fix("ais", "MAAS31", 51.61, 3.41, Now).Detection!, Fix("ais", "MAAS31", 51.62, 3.42, Now.AddSeconds(30)).Detection!,
            Fix("ais", "rib32", 51.71, 3.31, Now).Detection!, Fix("ais", "unknown-boat", 51.8, 3.5, Now).Detection!], Ct);
        Assert.Equal(new[] { boat.Id.ToString(), secret.Id.ToString() }.Order(StringComparer.Ordinal), events.Select(e => e.Record.RecordId).Order(StringComparer.Ordinal));
        var moved = (AssetPositionRow)events.Single(e => e.Record.RecordId == boat.Id.ToString()).Payload;
        Assert.Equal(("asset", 51.62, 3.42), (events[0].Kind, moved.Latitude, moved.Longitude));
        Assert.True(partnerPolicy.Decide(events.Single(e => e.Record.RecordId == boat.Id.ToString()).Record).Allowed);
        Assert.False(partnerPolicy.Decide(events.Single(e => e.Record.RecordId == secret.Id.ToString()).Record).Allowed);
    }
}
