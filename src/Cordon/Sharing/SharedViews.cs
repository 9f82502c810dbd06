using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Sharing;

/// <summary>A record as it would leave its owner: what the policy decides on, and its shared view (unredacted).</summary>
public sealed record SharedRecord(RecordRef Ref, object View);

/// <summary>
/// The one shared view of each record type: the type whose JSON (camelCase, dotted paths into nested
/// objects and collections) is what leaves the owner, and which the policy's redactions address by
/// field path. Every text field of a view is either personal (<see cref="PersonalFields"/>, removed by
/// "@personal" and by the personal-data caveat) or listed here as not personal, with the judgement
/// made once; a test fails when a view gains a text field that is neither.
/// </summary>
public static class SharedViews
{
    public static readonly IReadOnlyDictionary<string, Type> ByType = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [RecordTypes.Declaration] = typeof(Declarations.Declaration),
        [RecordTypes.Consignment] = typeof(Declarations.PreArrivalConsignment),
        [RecordTypes.Seizure] = typeof(Cases.SeizureView),
        [RecordTypes.Case] = typeof(Cases.CaseView),
        [RecordTypes.LaneDecision] = typeof(Risk.Lanes.LaneDecisionView),
        [RecordTypes.Incident] = typeof(Operations.IncidentView),
        [RecordTypes.Qualification] = typeof(Operations.QualificationView),
        [RecordTypes.Traveller] = typeof(Travellers.Traveller),
        [RecordTypes.ScreeningHit] = typeof(Screening.Hits.HitView),
        [RecordTypes.Procedure] = typeof(Procedures.ProcedureView),
        [RecordTypes.Asset] = typeof(Resources.AssetView),
        [RecordTypes.Message] = typeof(Messaging.MessageView),
        [RecordTypes.Measure] = typeof(Risk.Measures.MeasureView),
    };

    /// <summary>
    /// Builds one record's shared view by type and id (null when the record no longer exists or its type has no
    /// view), for text derived from a record elsewhere (an alert's title quoting a task) to be checked against what
    /// the reader may see of the record itself.
    /// </summary>
    public static async Task<SharedRecord?> LoadAsync(CordonDb db, string recordType, string recordId, DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(recordId, out var id))
        {
            return null;
        }
        switch (recordType)
        {
            case RecordTypes.Seizure:
                var seizure = await db.Seizures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
                return seizure is null ? null : new(Cases.Seizures.Ref(seizure), await Cases.Seizures.ViewAsync(db, seizure, ct));
            case RecordTypes.Case:
                var @case = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
                return @case is null ? null : new(Cases.EnforcementCases.Ref(@case), await Cases.EnforcementCases.ViewAsync(db, @case, ct));
            case RecordTypes.Incident:
                var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
                return incident is null ? null : new(Operations.IncidentResponse.Ref(incident), await Operations.IncidentResponse.ViewAsync(db, id, now, ct));
            case RecordTypes.Declaration:
                var declaration = await db.Declarations.AsNoTracking().Include(d => d.Items).FirstOrDefaultAsync(d => d.Id == id, ct);
                return declaration is null ? null : new(new(recordType, declaration.OwningAgencyId, declaration.Marking, declaration.Caveats, recordId), declaration);
            case RecordTypes.Consignment:
                var consignment = await db.Consignments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
                return consignment is null ? null : new(new(recordType, consignment.OwningAgencyId, consignment.Marking, consignment.Caveats, recordId), consignment);
            case RecordTypes.LaneDecision:
                var lane = await db.LaneDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
                return lane is null ? null : new(new(recordType, lane.OwningAgencyId, lane.Marking, lane.Caveats, recordId), Risk.Lanes.LaneDecisionView.Of(lane));
            case RecordTypes.Traveller:
                // A traveller's shared view is the traveller with its documents (TravellerQueries redacts the same object).
                var traveller = await db.Travellers.AsNoTracking().Include(t => t.Documents).FirstOrDefaultAsync(t => t.Id == id, ct);
                return traveller is null ? null : new(new(recordType, traveller.OwningAgencyId, traveller.Marking, traveller.Caveats, recordId), traveller);
            case RecordTypes.ScreeningHit:
                var hit = await db.ScreeningHits.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
                return hit is null ? null : new(Screening.Hits.HitReview.Ref(hit), Screening.Hits.HitView.Of(hit, ""));
            case RecordTypes.Procedure:
                var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
                return procedure is null ? null : new(Procedures.Procedures.Ref(procedure), await Procedures.Procedures.ViewAsync(db, procedure, null, now, ct));
            case RecordTypes.Measure:
                var measure = await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
                return measure is null ? null : new(Risk.Measures.Measures.Ref(measure), await Risk.Measures.Measures.ViewAsync(db, measure, null, now, ct));
            case RecordTypes.Asset:
                var asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
                return asset is null ? null : new(Resources.AssetRegister.Ref(asset), await Resources.AssetRegister.ViewAsync(db, asset, ct));
            default:
                return null;
        }
    }

    /// <summary>Text fields judged not to hold a natural person's name, identifier, address, contact or free text about one.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> NotPersonal = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [RecordTypes.Declaration] =
        [
            "office", "number", "conveyance", "importerCountry", "exporterCountry", "consigneeCountry", "originCountry", "exportCountry", "destinationCountry",
            "portOfLoading", "portOfDischarge", "currency", "items.hsCode", "items.description", "items.unit",
        ],
        [RecordTypes.Consignment] =
        [
            "office", "reference", "containers.containerNumber", "containers.seals", "consignorCountry", "consigneeCountry", "notifyCountry", "goodsDescription",
            "hsCode", "conveyance", "route", "portOfLoading", "portOfDischarge",
        ],
        [RecordTypes.Seizure] =
        [
            "reference", "marking", "office", "place", "routeFrom", "routeTo", "items.description", "items.hsCode", "items.unit", "items.currency", "items.category",
            "legalBasis", "concealmentMethod", "detectionMethod", "sealNumbers", "storageLocation", "expectedSeals",
            "legal.state", "legal.noticeDeliveryMethod", "legal.paymentReference", "legal.disposalMethod", "legal.nextActions",
            "attachments.sha256", "attachments.contentType",
            "custody.kind", "custody.place", "custody.purpose", "custody.condition", "custody.sealsChecked", "custody.newSeals", "custody.sampleLabel",
            "custody.samples.label", "custody.samples.description", "custody.samples.quantity", "custody.labResult",
            "custody.attachment.sha256", "custody.attachment.contentType", "custody.previousHash", "custody.hash",
            "legalSteps.action", "legalSteps.from", "legalSteps.to", "penalties.basis", "bonds.currency", "bonds.status",
        ],
        [RecordTypes.Case] =
        [
            "reference", "title", "leadAgency", "marking", "participants", "status", "tasks.title", "tasks.agency",
            "inspections.reference", "inspections.lane", "inspections.status", "inspections.decision", "inspections.declarationNumber",
            "seizures.reference", "seizures.office", "seizures.commodities", "seizures.state",
        ],
        [RecordTypes.LaneDecision] =
        [
            "declarationNumber", "office", "lane", "referrals", "explanation.lane", "explanation.reason", "explanation.modelAbsent", "explanation.referrals",
            "explanation.criteria.fired.name", "explanation.criteria.fired.referTo", "explanation.criteria.failures.name", "explanation.criteria.failures.reason",
            "explanation.model.topFeatures.name",
        ],
        [RecordTypes.Incident] =
        [
            "type", "severity", "confidence", "status", "title", "redacted", "units", "caseRefs", "agency", "marking", "responsePlan", "pattern",
            "checklist.title", "checklist.role", "checklist.ownerAgency", "checklist.escalateTo",
        ],
        [RecordTypes.Qualification] = ["kind"],
        // Nationality, gender and places of the journey stay for risk and statistics; names, birth details,
        // address, booking, seat and document numbers identify the person.
        [RecordTypes.ScreeningHit] = ["status", "band", "list", "entrySourceId", "partyRole", "partyCountry", "recordType", "explanation.feature", "owner", "marking", "statusNote"],
        // A procedure's text and scope are instructions to officers, not about anyone; who drafted and approved it is personal.
        [RecordTypes.Procedure] = ["reference", "title", "owner", "marking", "caveats", "scopeAgencies", "scopeRoles", "processes", "needs", "body", "versions.status", "versions.changeNote", "versions.body"],
        // A measure's objective, scope, links and reviews are about goods, places and targeting; the traders in scope may be sole traders, and who recorded or reviewed it is personal.
        [RecordTypes.Measure] =
        [
            "reference", "title", "objective", "owner", "marking", "caveats", "offices", "hsPrefixes", "origins", "routes", "criteria.name", "operations.name", "patrols.name",
            "expectedEffect", "expectedOutcome", "status", "reviews.kind", "reviews.decision", "reviews.text",
        ],
        // An asset's register facts name equipment, places and the agency; who changed it or serviced it is personal.
        [RecordTypes.Asset] =
        [
            "code", "name", "kind", "status", "serialNumber", "registration", "callSign", "sensorId", "homeBase", "owner", "marking",
            "history.field", "history.from", "history.to", "workOrders.work",
        ],
        // A Warning's what and where describe goods and places; the vehicle (a plate names its keeper), the text and the author are personal.
        [RecordTypes.Message] =
        [
            "template", "agency", "marking", "caveats", "redacted", "warning.what", "warning.where", "warning.confidence", "feedback.result",
            "seizureReport.reference", "seizureReport.office", "seizureReport.place", "seizureReport.routeFrom", "seizureReport.routeTo",
            "seizureReport.items.description", "seizureReport.items.category", "seizureReport.items.hsCode", "seizureReport.items.unit",
            "seizureReport.concealmentMethod", "seizureReport.detectionMethod", "attachments.contentType", "attachments.sha256",
            // The partner installation a message came from names an installation, not a person.
            "receivedFrom",
        ],
        [RecordTypes.Traveller] = ["carrier", "transport", "role", "gender", "nationality", "residenceCountry", "embarkation", "debarkation", "documents.type", "documents.issuingState", "action", "masked"],
    };
}
