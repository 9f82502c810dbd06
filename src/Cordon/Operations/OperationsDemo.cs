using System.Text.Json;
using Cordon.Alerting;
using Cordon.Identity;
using Cordon.Operations.Detections;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations;

/// <summary>
/// Demo: a joint operation of the border police (lead), customs and the partner administration abroad
/// on the NL–BE border near Baarle, with a cross-border joint patrol, a watched crossing corridor, a
/// sensor track entering it, and the incident's response plan started. Idempotent.
/// </summary>
public static class OperationsDemo
{
    public const string OperationName = "Joint Operation Kempen";

    /// <summary>Straddles the NL–BE border at Baarle-Nassau / Baarle-Hertog.</summary>
    public const string OperationArea = """{"type":"Polygon","coordinates":[[[4.85,51.40],[5.00,51.40],[5.00,51.50],[4.85,51.50],[4.85,51.40]]]}""";

    public const string CorridorArea = """{"type":"Polygon","coordinates":[[[4.92,51.44],[4.95,51.44],[4.95,51.46],[4.92,51.46],[4.92,51.44]]]}""";

    // Assets too: a joint operation plans patrols with the partners' boats and vans. Alerts too: the response plan's notifications to the partners are alerts about these records.
    public const string RiverUnit = "Maas river unit";
    public const string GreenBorderUnit = "Kempen green-border unit";

    public static readonly string[] OperationRecordTypes = [RecordTypes.Operation, RecordTypes.Patrol, RecordTypes.Incident, RecordTypes.SensorTrack, RecordTypes.Alert, RecordTypes.Asset];

    public static async Task<int> SeedAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await db.Operations.AnyAsync(o => o.Name == OperationName, ct))
        {
            return 0;
        }
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
        if (!agencies.ContainsKey("NBP") || !agencies.ContainsKey("NCA") || !agencies.ContainsKey("PCA"))
        {
            return 0;
        }
        var users = await db.Users.ToDictionaryAsync(u => u.UserName, ct);
        var nbp = agencies["NBP"].Id;
        // The border police work in two units, so the capacity view has a per-unit gap to show (the river watch, resources demo).
        users["bp.officer"].Unit = RiverUnit;
        if (users.TryGetValue("bp.admin", out var bpAdmin))
        {
            bpAdmin.Unit = GreenBorderUnit;
        }

        // Agreements: border police and customs share operations records both ways; the partner too.
        SharingAgreement Agreement(string title, string from, string to) => new()
        {
            Title = title, ProviderAgencyId = agencies[from].Id, RecipientAgencyId = agencies[to].Id, RecordTypes = OperationRecordTypes,
            MaxMarking = Tlp.Amber, Purposes = [Purpose.RiskAnalysis, Purpose.Investigation], ValidFrom = now.AddDays(-30), ValidUntil = now.AddYears(1),
            Status = AgreementStatus.Active, ProviderApprovedAt = now.AddDays(-30), RecipientApprovedAt = now.AddDays(-30), CreatedAt = now, UpdatedAt = now,
        };
        var legalBasis = Agreement("Benelux police cooperation: joint border patrols", "NBP", "PCA");
        db.SharingAgreements.AddRange(legalBasis, Agreement("Joint border operations (border police to customs)", "NBP", "NCA"),
            Agreement("Joint border operations (customs to border police)", "NCA", "NBP"), Agreement("Joint border operations (partner to border police)", "PCA", "NBP"));

        db.Qualifications.AddRange(
            new Qualification { UserId = users["bp.officer"].Id, Kind = QualificationKind.Firearms, ValidUntil = now.AddYears(1), Evidence = "NBP-FA-2291", OwningAgencyId = nbp },
            new Qualification { UserId = users["bp.officer"].Id, Kind = QualificationKind.BoatLicence, ValidUntil = now.AddDays(-10), Evidence = "VAR-55102", OwningAgencyId = nbp },
            new Qualification { UserId = users["bp.officer"].Id, Kind = QualificationKind.FirstAid, ValidUntil = now.AddDays(20), Evidence = "EHBO-8812", OwningAgencyId = nbp },
            new Qualification { UserId = users["officer"].Id, Kind = QualificationKind.ScannerOperator, ValidUntil = now.AddYears(2), Evidence = "NCA-XR-104", OwningAgencyId = agencies["NCA"].Id },
            new Qualification { UserId = users["pca.officer"].Id, Kind = QualificationKind.FirstAid, ValidUntil = now.AddYears(1), Evidence = "BE-EHBO-3", OwningAgencyId = agencies["PCA"].Id });
        db.Assets.AddRange(
            new Asset { Code = "NBP-VAN-1", Name = "Patrol van 1", Kind = AssetKind.Vehicle, OwningAgencyId = nbp },
            new Asset { Code = "NBP-BOAT-1", Name = "RIB Maas 1", Kind = AssetKind.Vessel, OwningAgencyId = nbp },
            new Asset { Code = "NBP-DRONE-1", Name = "Surveillance drone 1", Kind = AssetKind.Drone, OwningAgencyId = nbp },
            new Asset { Code = "NCA-SCAN-1", Name = "Mobile X-ray scanner", Kind = AssetKind.Scanner, OwningAgencyId = agencies["NCA"].Id });
        db.ResponsePlans.Add(new ResponsePlan
        {
            Name = "Illegal crossing at the green border", IncidentType = IncidentType.IllegalCrossing, OwningAgencyId = nbp, NotifyAgencies = ["NCA", "PCA"],
            Steps =
            [
                new PlanStep("Dispatch the nearest patrol to the crossing point", "duty officer", "NBP", 5, "NBP shift commander"),
                new PlanStep("Inform the partner's liaison officer", "liaison officer", "NBP", 10, "NBP shift commander"),
                new PlanStep("Customs check of goods and vehicles found", "customs officer", "NCA", 30, "NCA supervisor"),
                new PlanStep("Report to the operation commander", "duty officer", "NBP", 60, "NBP head of operations"),
            ],
        });
        await db.SaveChangesAsync(ct);
        // Customs and the partner hear of incidents the plan tells them of, in their alert inbox.
        foreach (var admin in new[] { "admin", "pca.admin" })
        {
            var u = users[admin];
            await AlertSubscriptions.CreateAsync(db, new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User),
                new SubscriptionInput("Border incidents", [AlertKinds.IncidentNotify, AlertKinds.IncidentEscalation], null, null, "TLP:AMBER", "investigation", "ui", null, AgencyWide: true), ct);
        }

        var lead = new Actor(users["bp.officer"].Id, nbp, users["bp.officer"].Roles, "bp.officer", ActorKind.User);
        using var area = JsonDocument.Parse(OperationArea);
        var operation = await OperationPlanning.CreateAsync(db, lead, new OperationInput(OperationName, ["NCA", "PCA"],
            ["Detect and stop illegal crossings and smuggling on the green border", "Joint customs checks of vehicles leaving the border zone"],
            area.RootElement, now.AddDays(-1), now.AddDays(14), legalBasis.Id,
            [new CommsChannel("C2000 talkgroup KEMPEN-1", "NBP operations room +31 88 000 1000"), new CommsChannel("ASTRID liaison channel", "PCA duty desk +32 2 000 2000")],
            "amber", "active"), now, ct);
        var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, now, ct);
        var shiftStart = new DateTimeOffset(now.Year, now.Month, now.Day, 6, 0, 0, TimeSpan.Zero);
        await OperationPlanning.PlanPatrolAsync(db, lead, policy, operation.Id, new PatrolInput("Kempen joint patrol (day)", area.RootElement, shiftStart, shiftStart.AddHours(8),
            [new TeamMemberInput("bp.officer", "firearms"), new TeamMemberInput("officer", "scanner-operator"), new TeamMemberInput("pca.officer", "first-aid")],
            ["NBP-VAN-1", "NCA-SCAN-1"], Unit: GreenBorderUnit), PlanningRules.Default, ct);
        using var corridor = JsonDocument.Parse(CorridorArea);
        await WatchedAreas.CreateAsync(db, lead, new WatchedAreaInput("Baarle crossing corridor", corridor.RootElement, operation.Id, "illegal-crossing", "high", "amber"), ct);

        // A radar track walking north from the Belgian side into the corridor.
        var sensorFeed = new Actor(null, nbp, Roles.Officer, "demo radar feed", ActorKind.ApiKey);
        var messages = Enumerable.Range(0, 8).Select(i => new ParsedMessage(i, SensorMessages.CotFormat, "demo",
            new DetectionMessage("nbp-radar-1", "nbp-radar-1.t1", "a-u-G", "m-r", 51.425 + i * 0.0025, 4.935, null, 20, null, now.AddMinutes(-12 + i), now.AddMinutes(-7 + i)), [])).ToList();
        var result = await SensorIngest.IngestAsync(db, sensorFeed, messages, CorrelationBounds.Default, now.AddMinutes(-4), new WatchedAreaCache(), ct: ct);
        if (result.IncidentsRaised.FirstOrDefault() is { } incidentId && incidentId != Guid.Empty)
        {
            var first = await db.IncidentTasks.Where(t => t.IncidentId == incidentId && t.Order == 1).FirstAsync(ct);
            await IncidentResponse.CompleteStepAsync(db, lead, policy, incidentId, first.Id, now.AddMinutes(-2), ct);
        }
        await SeedSectionsAsync(db, users["analyst"], now, ct);
        return 1;
    }

    /// <summary>
    /// Three sections of the border in the operation area, named by the customs analyst (shared with the border police,
    /// not with the partner): west medium (the day patrol covers it), centre critical (24 h a day: short), east at its default.
    /// </summary>
    private static async Task SeedSectionsAsync(CordonDb db, User analystUser, DateTimeOffset now, CancellationToken ct)
    {
        var analyst = new Actor(analystUser.Id, analystUser.AgencyId, analystUser.Roles, analystUser.UserName, ActorKind.User);
        foreach (var (name, west, east, level, reason, evidence) in new[]
        {
            ("Baarle west", 4.85, 4.90, "medium", "Regular small-scale tobacco runs reported by the partner.", new[] { "intelligence note PCA-2026-031" }),
            ("Baarle centre", 4.90, 4.95, "critical", "Radar tracks crossing into the Baarle corridor at night; a group crossing is expected this fortnight.",
                new[] { "incident: radar track into the Baarle crossing corridor", "detections nbp-radar-1.t1", "intelligence note NCA-INT-2026-114" }),
            ("Baarle east", 4.95, 5.00, null, null, Array.Empty<string>()),
        })
        {
            using var box = JsonDocument.Parse(FormattableString.Invariant(
                $$"""{"type":"Polygon","coordinates":[[[{{west}},51.40],[{{east}},51.40],[{{east}},51.50],[{{west}},51.50],[{{west}},51.40]]]}"""));
            var section = await BorderSections.CreateAsync(db, analyst, new BorderSectionInput(name, box.RootElement, "amber"), ImpactRules.Default, ct);
            if (level is not null)
            {
                await BorderSections.SetLevelAsync(db, analyst, section.Id, new ImpactLevelInput(level, reason, evidence, now.AddDays(-1), now.AddDays(14)), ImpactRules.Default, ct);
            }
        }
    }
}
