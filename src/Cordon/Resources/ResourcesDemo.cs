using System.Text.Json;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>
/// The demo's register: the border police's boats, vans, drone, cameras, sensors, barrier and radio and customs' scanners,
/// some due for maintenance, a sensor that stopped reporting, the van reporting its position to the live map, a policy that has lapsed, a claim opened from a damaged camera, and a river patrol planned
/// with a skipper whose boat licence has lapsed (a capacity gap) (the joint-operations
/// demo's agreements share assets between the border police, customs and the partner abroad).
/// </summary>
public static class ResourcesDemo
{
    public const string DamagedCamera = "NBP-CAM-1";

    public const string RiverPatrol = "river patrol";

    /// <summary>A sensor whose detections stopped two days ago (flagged as possibly down).</summary>
    public const string SilentSensor = "NBP-SENSOR-2";

    /// <summary>The van's radio call sign, which its tracker's CoT events carry as their uid.</summary>
    public const string VanCallSign = "KEMPEN-VAN-1";

    private static ParsedMessage Report(string sensor, string uid, double lat, double lon, DateTimeOffset at)
        => new(0, SensorMessages.CotFormat, "demo", new DetectionMessage(sensor, uid, "a-f-G", "m-g", lat, lon, null, 10, null, at, at.AddMinutes(5)), []);

    /// <summary>North of Baarle-Nassau, inside the operation area.</summary>
    private const string RiverArea = """{"type":"Polygon","coordinates":[[[4.92,51.46],[4.97,51.46],[4.97,51.49],[4.92,51.49],[4.92,51.46]]]}""";

    public static async Task<int> SeedAsync(CordonDb db, TimeProvider time, CancellationToken ct = default)
    {
        if (await db.Assets.AnyAsync(a => a.Code == DamagedCamera, ct))
        {
            return 0;
        }
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
        var users = await db.Users.Where(u => u.UserName == "bp.officer" || u.UserName == "officer").ToDictionaryAsync(u => u.UserName, ct);
        if (!agencies.ContainsKey("NBP") || !agencies.ContainsKey("PCA") || users.Count < 2)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var today = AssetRegister.Today(now);
        Actor As(string name) => new(users[name].Id, users[name].AgencyId, users[name].Roles, name, ActorKind.User);
        var bp = As("bp.officer");
        var officer = As("officer");

        // The operations demo's assets gain their register facts; the rest are registered here.
        var existing = await db.Assets.Where(a => a.Code == "NBP-VAN-1" || a.Code == "NBP-BOAT-1" || a.Code == "NBP-DRONE-1" || a.Code == "NCA-SCAN-1").ToListAsync(ct);
        foreach (var a in existing)
        {
            a.CallSign = a.Code == "NBP-VAN-1" ? VanCallSign : a.CallSign;
            (a.SerialNumber, a.HomeBase, a.HomeLatitude, a.HomeLongitude, a.MaintenanceEveryDays, a.InServiceSince, a.UpdatedAt) = a.Code switch
            {
                "NBP-VAN-1" => ("WV2ZZZ7HZPH012345", "Baarle-Nassau post", 51.445, 4.93, (int?)180, today.AddDays(-400), now),
                "NBP-BOAT-1" => ("RIB-MAAS-0071", "Vlissingen harbour", 51.443, 3.573, 90, today.AddDays(-120), now), // 30 days overdue
                "NBP-DRONE-1" => ("DJI-M30T-88412", "Baarle-Nassau post", 51.445, 4.93, 60, today.AddDays(-50), now), // due in 10 days
                _ => ("NUC-XR-2019-004", "Port of Rotterdam, Maasvlakte", 51.955, 4.02, 365, today.AddDays(-200), now),
            };
            db.AssetChanges.Add(new AssetChange { AssetId = a.Id, At = now, By = "demo", Field = "registered", To = a.Status.ToString() });
        }
        await db.SaveChangesAsync(ct);
        await AssetRegister.RegisterAsync(db, bp, new AssetInput(DamagedCamera, "Border camera Zondereigen", "camera", "AXIS-Q1798-5521", SensorId: "cam.zondereigen",
            HomeBase: "Zondereigen mast", HomeLatitude: 51.462, HomeLongitude: 4.912, MaintenanceEveryDays: 365, InServiceSince: today.AddDays(-90)), now, ct);
        // The operations demo's radar feed names this sensor: its detections (minutes old) show on the register.
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-SENSOR-1", "Ground radar Kempen", "sensor", "SQUIRE-2231", SensorId: "nbp-radar-1",
            HomeBase: "Baarle corridor", HomeLatitude: 51.45, HomeLongitude: 4.935, MaintenanceEveryDays: 30, InServiceSince: today.AddDays(-33)), now, ct); // 3 days overdue
        // A seismic sensor registered three days ago that last reported two days ago: possibly down.
        await AssetRegister.RegisterAsync(db, bp, new AssetInput(SilentSensor, "Seismic sensor Weelde", "sensor", "GSS-4410", SensorId: "nbp-seismic-2",
            HomeBase: "Weelde heath", HomeLatitude: 51.41, HomeLongitude: 5.0), now.AddDays(-3), ct);
        var feed = new Actor(null, agencies["NBP"].Id, Roles.Officer, "demo sensor feed", ActorKind.ApiKey);
        await SensorIngest.IngestAsync(db, feed, [Report("nbp-seismic-2", "nbp-seismic-2.1", 51.41, 5.0, now.AddDays(-2))], CorrelationBounds.Default, now.AddDays(-2),
            new WatchedAreaCache(), ct: ct);
        // The van's tracker reports its position (its call sign as the CoT uid): the live map draws it there.
        await SensorIngest.IngestAsync(db, feed, [Report("gps", VanCallSign, 51.47, 4.88, now.AddMinutes(-3))], CorrelationBounds.Default, now.AddMinutes(-3),
            new WatchedAreaCache(), ct: ct);
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-BARRIER-1", "Road barrier N260", "barrier", "BAR-N260-01", HomeBase: "N260 crossing",
            HomeLatitude: 51.43, HomeLongitude: 4.96), now, ct);
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-RADIO-1", "Handheld radio set 1", "radio", "TETRA-77120", CallSign: "KEMPEN 1", Status: "deployed"), now, ct);
        await AssetRegister.RegisterAsync(db, officer, new AssetInput("NCA-SCAN-2", "Gantry scanner Antwerp road", "scanner", "NUC-XR-2021-017", HomeBase: "Hazeldonk",
            HomeLatitude: 51.49, HomeLongitude: 4.75, MaintenanceEveryDays: 180, InServiceSince: today.AddDays(-170)), now, ct);

        // A policy that lapsed ten days ago (the van and the boat are uncovered now) and one in force over the camera.
        await Insurance.AddPolicyAsync(db, bp, new PolicyInput("Noord Nederland Verzekeringen", "NNV-2025-4471", ["NBP-VAN-1", "NBP-BOAT-1"], ["damage", "theft", "third-party-liability"],
            180_000m, 1_000m, "EUR", today.AddDays(-375), today.AddDays(-10)), now, ct);
        await Insurance.AddPolicyAsync(db, bp, new PolicyInput("Rijn Verzekeringen", "RV-2026-0093", [DamagedCamera, "NBP-SENSOR-1"], ["damage", "loss", "theft"],
            95_000m, 500m, "EUR", today.AddDays(-60), today.AddDays(305)), now, ct);

        // The camera's mast was hit: the incident report opens the claim.
        await IncidentResponse.ReportAsync(db, bp, new IncidentInput("infrastructure-damage", "medium", "Camera mast at Zondereigen hit by a truck", 51.462, 4.912, now.AddDays(-2),
            null, null, null, "Mast bent, camera housing cracked; the site is covered by the ground radar meanwhile.", "TLP:GREEN", DamagedAsset: DamagedCamera), now, ct);
        var camera = await db.Assets.SingleAsync(a => a.Code == DamagedCamera, ct);
        await AssetRegister.SetStatusAsync(db, bp, camera.Id, "out-of-service", now, ct);

        // Skills against needs: every member of a river patrol needs a boat licence and first aid. The border police's
        // only skipper let his licence lapse, so the river watch is planned with a warning and the capacity view shows the gap.
        db.PatrolKinds.Add(new PatrolKind { Name = RiverPatrol, Needs = ["boat-licence", "first-aid"], OwningAgencyId = agencies["NBP"].Id, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        if (await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == OperationsDemo.OperationName, ct) is { } operation)
        {
            var policy = await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, now, ct);
            var start = new DateTimeOffset(today.AddDays(3).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);
            using var riverbank = JsonDocument.Parse(RiverArea);
            await OperationPlanning.PlanPatrolAsync(db, bp, policy, operation.Id, new PatrolInput("Maas river watch", riverbank.RootElement, start, start.AddHours(8),
                [new TeamMemberInput("bp.officer", "firearms")], ["NBP-VAN-1"], Kind: RiverPatrol), PlanningRules.Default, ct);
        }

        await db.SaveChangesAsync(ct);
        return 1;
    }
}
