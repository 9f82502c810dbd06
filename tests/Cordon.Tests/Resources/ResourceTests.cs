using System.Text;
using Cordon.Common;
using Cordon.Operations;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Resources;

public sealed class ResourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A fixed instant: nothing here depends on today's date.
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static AssetInput Boat(string code, string serial) => new(code, $"Patrol boat {code}", "vessel", serial, Registration: "NL-" + serial, CallSign: "MAAS " + code[^1],
        HomeBase: "Vlissingen", HomeLatitude: 51.44, HomeLongitude: 3.57);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Maintenance_falls_due_on_its_day_and_raises_one_alert_until_the_work_is_done(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        var boat = await AssetRegister.RegisterAsync(db, bp, Boat("NBP-RIB-7", "SN-7001") with { MaintenanceEveryDays = 90, InServiceSince = Today.AddDays(-80) }, Now, Ct);
        Assert.Equal(Today.AddDays(10), boat.MaintenanceDueOn);

        // Not due yet: nothing listed, nothing raised.
        Assert.Empty(await Maintenance.DueAsync(db, bp.AgencyId, Today, Today, Ct));
        Assert.Equal(0, await ResourceAlerts.SweepAsync(db, Now, 30, Ct));

        // Ten days on it falls due; twelve days on it is two days overdue and still alerted once only.
        Assert.Equal(1, await ResourceAlerts.SweepAsync(db, Now.AddDays(10), 30, Ct));
        Assert.Equal(0, await ResourceAlerts.SweepAsync(db, Now.AddDays(12), 30, Ct));
        var due = Assert.Single(await Maintenance.DueAsync(db, bp.AgencyId, Today.AddDays(12), Today.AddDays(12), Ct));
        Assert.Equal(("NBP-RIB-7", Today.AddDays(10), 2), (due.Code, due.DueOn, due.DaysOverdue));
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == ResourceAlerts.MaintenanceDue, Ct);
        Assert.Equal((RecordTypes.Asset, boat.Id.ToString(), bp.AgencyId), (alert.RecordType, alert.RecordId, (Guid?)alert.OwningAgencyId));
        Assert.Contains("NBP-RIB-7", alert.Title, StringComparison.Ordinal);

        // The work order restarts the interval: no longer due, and the next due day is 90 days after the work.
        var work = await Maintenance.RecordWorkAsync(db, bp, boat.Id, new WorkOrderInput("Engine service, hull check", "Werf de Schelde", Today.AddDays(11), Today.AddDays(12)),
            Now.AddDays(12), Ct);
        Assert.Equal(Today.AddDays(12), work.CompletedOn);
        var policy = await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, Now.AddDays(12), Ct);
        var after = await AssetRegister.ReadAsync(db, policy, boat.Id, Ct);
        Assert.Equal(Today.AddDays(102), after.MaintenanceDueOn);
        Assert.Contains(after.History!, h => h.Field == "lastServicedOn" && h.To == "2026-03-14" && h.By == "bp.officer");
        Assert.Empty(await Maintenance.DueAsync(db, bp.AgencyId, Today.AddDays(12), Today.AddDays(12), Ct));
        Assert.Equal(0, await ResourceAlerts.SweepAsync(db, Now.AddDays(13), 30, Ct));
        // When the new due day comes, it alerts again (a new key: asset and due day).
        Assert.Equal(1, await ResourceAlerts.SweepAsync(db, Now.AddDays(102), 30, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_lapsing_policy_alerts_and_once_lapsed_its_asset_is_listed_as_uncovered(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        await AssetRegister.RegisterAsync(db, bp, Boat("NBP-RIB-8", "SN-8001"), Now, Ct);
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-CAM-8", "Quay camera 8", "camera", "CAM-8"), Now, Ct);
        var agency = bp.AgencyId!.Value;
        Assert.Equal(["NBP-CAM-8", "NBP-RIB-8"], (await Insurance.UncoveredAsync(db, agency, Today, Ct)).Select(u => u.Code).Where(c => c.EndsWith('8')).ToArray());

        var policy = await Insurance.AddPolicyAsync(db, bp, new PolicyInput("Zeeland Marine Mutual", "ZMM-2026-118", ["NBP-RIB-8"], ["damage", "theft"], 250_000m, 2_500m, "EUR",
            Today.AddDays(-340), Today.AddDays(25)), Now, Ct);
        Assert.Equal(("in-force", 25), (policy.State, policy.DaysLeft));
        Assert.Equal(["NBP-CAM-8"], (await Insurance.UncoveredAsync(db, agency, Today, Ct)).Select(u => u.Code).Where(c => c.EndsWith('8')).ToArray());

        // 20 days ahead of the alert window (30 days): nothing; inside it, one alert, once.
        Assert.Equal(0, await ResourceAlerts.SweepAsync(db, Now, 20, Ct));
        Assert.Equal(1, await ResourceAlerts.SweepAsync(db, Now, 30, Ct));
        Assert.Equal(0, await ResourceAlerts.SweepAsync(db, Now.AddDays(5), 30, Ct));
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == ResourceAlerts.PolicyLapsing, Ct);
        Assert.Contains("ZMM-2026-118", alert.Title, StringComparison.Ordinal);
        Assert.Contains("in 25 day(s)", alert.Summary, StringComparison.Ordinal);
        Assert.Equal(agency, alert.OwningAgencyId);

        // The day after its last day the boat is uncovered.
        Assert.Equal(["NBP-CAM-8", "NBP-RIB-8"], (await Insurance.UncoveredAsync(db, agency, Today.AddDays(26), Ct)).Select(u => u.Code).Where(c => c.EndsWith('8')).ToArray());
        Assert.Equal("lapsed", (await Insurance.ListAsync(db, bp, Now.AddDays(26), Ct)).Single(p => p.PolicyNumber == "ZMM-2026-118").State);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_infrastructure_damage_incident_opens_a_claim_linked_to_the_damaged_asset_under_its_policy(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        var camera = await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-CAM-9", "Border camera 9", "camera", "CAM-9001", SensorId: "cam.9"), Now, Ct);
        await Insurance.AddPolicyAsync(db, bp, new PolicyInput("Rijn Verzekeringen", "RV-77", ["NBP-CAM-9"], ["damage"], 40_000m, 500m, "EUR", Today.AddDays(-30), Today.AddDays(300)), Now, Ct);

        var incident = await IncidentResponse.ReportAsync(db, bp, new IncidentInput("infrastructure-damage", "medium", "Camera mast hit by a truck", 51.44, 4.93, Now.AddHours(-2),
            null, null, null, "The mast is bent", DamagedAsset: "nbp-cam-9"), Now, Ct);

        var claim = Assert.Single(await Claims.ListAsync(db, bp, camera.Id, Ct));
        Assert.Equal((incident.Id, "NBP-CAM-9", "damage", "notified", "RV-77"), (claim.IncidentId, claim.Asset, claim.Cause, claim.Status, claim.Policy));
        Assert.Equal(Today, claim.OccurredOn);

        // Assessed, then settled with the amount paid.
        var assessed = await Claims.ChangeAsync(db, bp, claim.Id, new ClaimChange("assessed", null), Now.AddDays(3), Ct);
        Assert.Equal("assessed", assessed.Status);
        var settled = await Claims.ChangeAsync(db, bp, claim.Id, new ClaimChange("settled", 11_500m), Now.AddDays(20), Ct);
        Assert.Equal(("settled", 11_500m), (settled.Status, settled.AmountPaid));
        await Assert.ThrowsAsync<Conflict>(() => Claims.ChangeAsync(db, bp, claim.Id, new ClaimChange("refused", null), Now.AddDays(21), Ct));

        // Another incident type opens no claim: the asset is refused by name.
        var crossing = await IncidentResponse.ReportAsync(db, bp, new IncidentInput("illegal-crossing", null, null, 51.4, 4.9, Now, null, null, null, null), Now, Ct);
        var wrong = await Assert.ThrowsAsync<ValidationFailed>(() => Claims.OpenAsync(db, bp, new ClaimInput("NBP-CAM-9", "damage", 100m, "x", Today, IncidentId: crossing.Id), Now, Ct));
        Assert.Contains("incidentId", wrong.Errors.Keys);
        // An unknown asset in the report is refused naming the field, and no incident is stored.
        var count = await db.Incidents.CountAsync(Ct);
        var unknown = await Assert.ThrowsAsync<ValidationFailed>(() => IncidentResponse.ReportAsync(db, bp,
            new IncidentInput("infrastructure-damage", null, "Fence cut", 51.4, 4.9, Now, null, null, null, null, DamagedAsset: "NBP-NOPE"), Now, Ct));
        Assert.Contains("damagedAsset", unknown.Errors.Keys);
        db.ChangeTracker.Clear();
        Assert.Equal(count, await db.Incidents.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_abroad_sees_only_the_assets_an_agreement_covers_without_who_changed_them(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        var officer = await s.ActorAsync("officer");
        var pca = await s.ActorAsync("pca.officer");
        var shared = await AssetRegister.RegisterAsync(db, bp, Boat("NBP-RIB-10", "SN-10") with { Marking = "TLP:GREEN" }, Now, Ct);
        var red = await AssetRegister.RegisterAsync(db, bp, Boat("NBP-RIB-11", "SN-11") with { Marking = "TLP:RED" }, Now, Ct);
        var customs = await AssetRegister.RegisterAsync(db, officer, new AssetInput("NCA-SCAN-9", "Container scanner 9", "scanner", "XR-9"), Now, Ct);
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Boats for the joint Scheldt patrols", ProviderAgencyId = bp.AgencyId!.Value, RecipientAgencyId = pca.AgencyId!.Value, RecordTypes = [RecordTypes.Asset],
            MaxMarking = Tlp.Amber, Purposes = [Purpose.Investigation], PersonalData = false, ValidFrom = Now.AddDays(-10), ValidUntil = Now.AddDays(100),
            Status = AgreementStatus.Active, ProviderApprovedAt = Now.AddDays(-10), RecipientApprovedAt = Now.AddDays(-10),
        });
        await db.SaveChangesAsync(Ct);

        var partner = await AccessPolicy.ForAsync(db, pca, Purpose.Investigation, Now, Ct);
        var seen = await AssetRegister.ListAsync(db, partner, new AssetFilter(), Now, Ct);
        Assert.Equal(["NBP-RIB-10"], seen.Select(a => a.Code).ToArray());
        var boat = await AssetRegister.ReadAsync(db, partner, shared.Id, Ct);
        Assert.Equal(("NBP", "available", "SN-10"), (boat.Owner, boat.Status, boat.SerialNumber));
        // Who registered it is personal and the agreement does not cover personal data abroad.
        Assert.All(boat.History!, h => Assert.Null(h.By));
        Assert.Contains("TLP:AMBER", (await Assert.ThrowsAsync<Forbidden>(() => AssetRegister.ReadAsync(db, partner, red.Id, Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("No sharing agreement", (await Assert.ThrowsAsync<Forbidden>(() => AssetRegister.ReadAsync(db, partner, customs.Id, Ct))).Message, StringComparison.Ordinal);
        // Another purpose than the agreement's: nothing.
        Assert.Empty(await AssetRegister.ListAsync(db, await AccessPolicy.ForAsync(db, pca, Purpose.Statistics, Now, Ct), new AssetFilter(), Now, Ct));
        // The owner sees its own with the names.
        var own = await AssetRegister.ReadAsync(db, await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, Now, Ct), shared.Id, Ct);
        Assert.Equal("bp.officer", own.History!.Single().By);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_inventory_import_lands_the_good_rows_names_the_row_and_field_of_each_bad_one_and_is_idempotent(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        const string csv = """
            code,name,kind,serialNumber,homeBase,latitude,longitude,maintenanceEveryDays,status
            NBP-IMP-1,Radio mast Hulst,building,BLD-1,Hulst,51.28,4.05,365,available
            NBP-IMP-2,Handheld radio,radio,RAD-2,,,,,deployed
            NBP-IMP-3,Thermal camera,telescope,CAM-3,,,,,
            NBP-IMP-4,Barrier Zandvliet,barrier,BAR-4,,91.5,4.3,,
            NBP-IMP-5,Drone 5,drone,DRN-5,,,,every month,
            """;
        var first = await AssetImport.ImportAsync(db, bp, new MemoryStream(Encoding.UTF8.GetBytes(csv)), Now, Ct);
        Assert.Equal((5, 2, 0, 0), (first.Rows, first.Added, first.Changed, first.Unchanged));
        Assert.Equal([(4L, "kind"), (5L, "homeLatitude"), (6L, "maintenanceEveryDays")], first.Errors.Select(e => (e.Row, e.Field)).ToArray());
        Assert.Contains("telescope", first.Errors[0].Message, StringComparison.Ordinal);

        var again = await AssetImport.ImportAsync(db, bp, new MemoryStream(Encoding.UTF8.GetBytes(csv)), Now.AddHours(1), Ct);
        Assert.Equal((0, 0, 2), (again.Added, again.Changed, again.Unchanged));
        Assert.Equal(2, await db.Assets.CountAsync(a => a.Code.StartsWith("NBP-IMP-"), Ct));

        // A corrected file, matched by serial: the radio's status changes and lands in its history.
        var corrected = await AssetImport.ImportAsync(db, bp, new MemoryStream(Encoding.UTF8.GetBytes("code,name,kind,serialNumber,status\nNBP-IMP-2,Handheld radio,radio,RAD-2,lost\n")), Now.AddHours(2), Ct);
        Assert.Equal((0, 1), (corrected.Added, corrected.Changed));
        var radio = await db.Assets.AsNoTracking().SingleAsync(a => a.Code == "NBP-IMP-2", Ct);
        Assert.Equal(AssetStatus.Lost, radio.Status);
        Assert.Contains(await db.AssetChanges.AsNoTracking().Where(c => c.AssetId == radio.Id).ToListAsync(Ct), c => c.Field == "status" && c.From == "deployed" && c.To == "lost");
    }
}
