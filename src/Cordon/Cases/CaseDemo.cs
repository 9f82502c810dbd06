using Cordon.Identity;
using Cordon.Risk;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>
/// The case side of the demo, written through the real operations as the demo users: a red-lane
/// inspection that finds cocaine, the seizure with its custody chain (storage, then laboratory), the
/// notice, an appeal filed and dismissed, forfeiture; a sharing agreement NCA → PCA for seizures with
/// personal data removed; an agreement NCA → NSO (the statistics office) for figures, where the
/// law-enforcement-only and personal-data caveats show; a second, TLP:AMBER+STRICT seizure that the agreement does not reach; a few
/// more seizures for the statistics; and one red-lane inspection still open for an officer to work.
/// Idempotent: does nothing once the demo case exists or when there are no NCA declarations.
/// </summary>
public static class CaseDemo
{
    public const string Title = "Operation Harbour Light: cocaine in banana containers";
    public const string AgreementTitle = "NCA seizures for PCA (risk analysis, investigation)";
    public const string StatisticsAgreementTitle = "NCA figures for NSO (statistics)";

    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        await SeedAsync(db, now, ct);
    }

    public static async Task SeedAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await db.Cases.AnyAsync(c => c.Title == Title, ct))
        {
            return;
        }
        var nca = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == "NCA", ct);
        if (nca is null)
        {
            return;
        }
        var declarations = await db.Declarations.AsNoTracking().Where(d => d.OwningAgencyId == nca.Id && d.ItemCount > 0)
            .OrderBy(d => d.Number).Select(d => d.Id).Take(2).ToListAsync(ct);
        if (declarations.Count < 2)
        {
            return;
        }
        var officer = await ActorAsync(db, "officer", ct);
        var supervisor = await ActorAsync(db, "supervisor", ct);
        var admin = await ActorAsync(db, "admin", ct);
        var pcaAdmin = await ActorAsync(db, "pca.admin", ct);
        now = StoredValues.Ms(now);

        await ShareSeizuresWithPartnerAsync(db, admin, pcaAdmin, now, ct);
        await ShareFiguresWithStatisticsOfficeAsync(db, admin, await ActorAsync(db, "nso.analyst", ct), now, ct);

        var c = await EnforcementCases.CreateAsync(db, officer, new NewCase(Title,
            "Red-lane container of bananas from Ecuador; cocaine found behind the cooling unit. Joint investigation with the border police and immigration.",
            ["NBP", "NIS"], "TLP:AMBER"), ct);
        await EnforcementCases.AddPersonAsync(db, officer, c.Id, new NewPerson("importer", "Fresh Fruit Import B.V.", "NL812345678", "NL", true), ct);
        await EnforcementCases.AddPersonAsync(db, officer, c.Id, new NewPerson("driver", "Jan de Groot", "NLD-DL-4471920", "NL", false), ct);

        var inspection = await Inspections.OpenForLaneAsync(db, officer, declarations[0], Lane.Red, "Risk profile: bananas from Ecuador, new importer, reefer container.", ct);
        await Inspections.AttachToCaseAsync(db, officer, inspection.Id, c.Id, ct);
        await Inspections.AssignAsync(db, officer, inspection.Id, ["officer", "supervisor"], null, ct);
        await Inspections.StartAsync(db, officer, inspection.Id, ct);
        await Inspections.RecordOutcomeAsync(db, officer, inspection.Id, new OutcomeRequest(now.AddDays(-3).AddHours(-2), now.AddDays(-3),
            "Scanner image showed anomalies behind the cooling unit; 36 bricks found, field test positive for cocaine.", true, ["narcotics"], 0,
            [new AdjustmentRequest("items[1].hsCode", "293972")], "seize", null), ct);

        var seizure = await Seizures.CreateAsync(db, officer, new NewSeizure
        {
            CaseId = c.Id,
            InspectionId = inspection.Id,
            Place = "Maasvlakte container terminal, scanner bay 3",
            Latitude = 51.9536,
            Longitude = 4.0436,
            SeizedAt = now.AddDays(-3),
            RouteFrom = "EC",
            RouteTo = "NL",
            Items = [new SeizedItemRequest("36 bricks of white powder, field test positive for cocaine", "293972", 42, "kg", 42.3m, 2_100_000m, "EUR", "cocaine")],
            SeizingOfficers = ["officer", "supervisor"],
            Witnesses = ["Mira Jansen (terminal security)"],
            Owner = "Fresh Fruit Import B.V.",
            LegalBasis = "Opium Act art. 2; Customs Act art. 1:33",
            ConcealmentMethod = "behind the cooling unit of a reefer container",
            DetectionMethod = "X-ray scanner, then physical search",
            SealNumbers = ["NL-C-0041871", "NL-C-0041872"],
            PaymentDue = 0,
            AppealPeriodDays = 30,
            Marking = "TLP:AMBER",
        }, ct);
        await Seizures.AttachAsync(db, officer, seizure.Id, "field-test-report.txt", "text/plain",
            "Field test report\nSeizure at Maasvlakte scanner bay 3\n36 bricks, reagent test: positive (cocaine)\n"u8.ToArray(), ct);

        // Custody goes from user to user, each answering for themselves: the supervisor keeps the goods in the
        // evidence store and takes the sample; the seizing officer carries it to the laboratory and records the result.
        await Custody.HandoverAsync(db, officer, seizure.Id, new HandoverRequest("supervisor", "NCA evidence store Rotterdam",
            "storage", "36 bricks, sealed bags intact", ["NL-C-0041871", "NL-C-0041872"], null), ct);
        await Custody.AnswerAsync(db, supervisor, seizure.Id, new AnswerRequest(true, null, ["NL-C-0041871", "NL-C-0041872"], "as described"), ct);
        await Custody.SampleAsync(db, supervisor, seizure.Id, new SampleRequest([new CustodySample("S1", "one brick, 1.17 kg", "1.17 kg")], ["NL-C-0041873"], "sample for the laboratory"), ct);
        await Custody.HandoverAsync(db, supervisor, seizure.Id, new HandoverRequest("officer", "Customs Laboratory Amsterdam",
            "laboratory", "sample S1 in sealed bag", ["NL-C-0041873"], null), ct);
        await Custody.AnswerAsync(db, officer, seizure.Id, new AnswerRequest(true, null, ["NL-C-0041873"], "seal intact"), ct);
        await Custody.LabResultAsync(db, officer, seizure.Id, new LabResultRequest("S1", "Cocaine hydrochloride, purity 87 %"), ct);

        var steps = new (LegalAction Action, LegalRequest Request)[]
        {
            (LegalAction.IssueNotice, new("Seizure notice to the importer", null, null, null, null, null, null, null, now.AddDays(-3).AddHours(4), null)),
            (LegalAction.RecordDelivery, new("Delivered by registered mail", null, null, null, "registered mail, receipt 3SKX0012", null, null, null, now.AddDays(-2), null)),
            (LegalAction.FileAppeal, new("Appeal received", null, null, "The importer claims it did not know of the drugs.", null, null, null, null, now.AddDays(-1), null)),
            (LegalAction.DecideAppeal, new("Knowledge is not required for forfeiture of narcotics", null, "dismissed", null, null, null, null, null, now.AddHours(-2), null)),
            (LegalAction.Forfeit, new("Appeal dismissed: narcotics forfeited to the State", null, null, null, null, null, null, null, null, null)),
        };
        foreach (var (action, request) in steps)
        {
            await Seizures.ActAsync(db, supervisor, seizure.Id, action, request, ct);
        }
        await EnforcementCases.AddTaskAsync(db, officer, c.Id, new NewTask("Check the driver's travel history", "NBP", "bp.officer", DateOnly.FromDateTime(now.UtcDateTime.AddDays(5))), ct);
        await EnforcementCases.AddTaskAsync(db, officer, c.Id, new NewTask("Request the importer's bank records", "NCA", "officer", DateOnly.FromDateTime(now.UtcDateTime.AddDays(-1))), ct);
        await EnforcementCases.AddNoteAsync(db, officer, c.Id, new NewNote("Container loaded at Guayaquil; same importer had two green-lane releases last month."), ct);

        // Not shared: TLP:AMBER+STRICT is above the agreement's TLP:AMBER.
        await Seizures.CreateAsync(db, officer, new NewSeizure
        {
            CaseId = c.Id,
            DeclarationId = declarations[0],
            Office = "NL000396",
            Place = "Maasvlakte, container yard",
            Latitude = 51.95,
            Longitude = 4.04,
            SeizedAt = now.AddDays(-2),
            RouteFrom = "EC",
            RouteTo = "NL",
            Items = [new SeizedItemRequest("Encrypted phone found in the cabin", null, 1, "pieces", 0.2m, 800m, "EUR", "communication devices")],
            SeizingOfficers = ["supervisor"],
            Witnesses = [],
            Owner = "Jan de Groot",
            LegalBasis = "Code of Criminal Procedure art. 94",
            ConcealmentMethod = "driver's cabin",
            DetectionMethod = "search of the cabin",
            SealNumbers = ["NL-C-0041880"],
            PaymentDue = 0,
            AppealPeriodDays = 30,
            Marking = "TLP:AMBER+STRICT",
        }, ct);

        // More seizures for the statistics.
        var more = new (int DaysAgo, string Office, string From, string Category, string Unit, decimal Quantity, decimal Kg, string Concealment, string Detection)[]
        {
            (75, "NL000396", "CN", "cigarettes", "pieces", 240_000, 310, "declared as furniture", "documentary check"),
            (60, "NL000854", "TR", "counterfeit goods", "pieces", 1_800, 540, "mixed with genuine goods", "risk profile"),
            (45, "NL000396", "BR", "cocaine", "kg", 12, 12.4m, "false bottom of a container", "detector dog"),
            (20, "NL000854", "ZA", "protected wildlife", "pieces", 14, 36, "in suitcases", "X-ray scanner"),
        };
        foreach (var m in more)
        {
            await Seizures.CreateAsync(db, officer, new NewSeizure
            {
                Office = m.Office,
                SeizedAt = now.AddDays(-m.DaysAgo),
                RouteFrom = m.From,
                RouteTo = "NL",
                Items = [new SeizedItemRequest(m.Category, null, m.Quantity, m.Unit, m.Kg, null, null, m.Category)],
                SeizingOfficers = ["officer"],
                LegalBasis = "Customs Act art. 1:33",
                ConcealmentMethod = m.Concealment,
                DetectionMethod = m.Detection,
                StorageLocation = "NCA evidence store",
                PaymentDue = 0,
                AppealPeriodDays = 30,
                Marking = "TLP:GREEN",
            }, ct);
        }

        // One red-lane inspection still waiting for an officer.
        await Inspections.OpenForLaneAsync(db, officer, declarations[1], Lane.Red, "Risk profile: under-valuation of electronics from a first-time exporter.", ct);
    }

    private static async Task ShareSeizuresWithPartnerAsync(CordonDb db, Actor admin, Actor pcaAdmin, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.SharingAgreements.AnyAsync(a => a.Title == AgreementTitle, ct))
        {
            return;
        }
        var proposed = await Sharing.Agreements.ProposeAsync(db, admin, new AgreementTerms(AgreementTitle, "NCA", "PCA", [RecordTypes.Seizure], "TLP:AMBER",
            ["risk-analysis", "investigation"], [new RedactionRule([RedactionRule.PersonalData])], OnwardSharing: true, now.AddDays(-1), now.AddYears(1)), now, ct);
        await Sharing.Agreements.ApproveAsync(db, pcaAdmin, proposed.Id, now, ct);
    }

    /// <summary>
    /// The statistics office reads NCA's declarations, seizures and cases for statistics: cases are marked
    /// law-enforcement-only by default, so it never reads them; personal data is not in the agreement, so
    /// names and identifiers are withheld from what it does read.
    /// </summary>
    private static async Task ShareFiguresWithStatisticsOfficeAsync(CordonDb db, Actor admin, Actor nsoAdmin, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.SharingAgreements.AnyAsync(a => a.Title == StatisticsAgreementTitle, ct))
        {
            return;
        }
        var proposed = await Sharing.Agreements.ProposeAsync(db, admin, new AgreementTerms(StatisticsAgreementTitle, "NCA", "NSO",
            [RecordTypes.Declaration, RecordTypes.Seizure, RecordTypes.Case], "TLP:AMBER", ["statistics"], [], false,
            now.AddDays(-1), now.AddYears(1)), now, ct);
        await Sharing.Agreements.ApproveAsync(db, nsoAdmin, proposed.Id, now, ct);
    }

    private static async Task<Actor> ActorAsync(CordonDb db, string userName, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.UserName == userName, ct);
        return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
    }
}
