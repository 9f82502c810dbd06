using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

public sealed record SeizedItemRequest(string? Description, string? HsCode, decimal? Quantity, string? Unit, decimal? WeightKg, decimal? EstimatedValue, string? Currency, string? Category);

/// <summary>A seizure to record, built by name (two swapped texts cannot compile into a wrong record). Its photos and documents land with it or not at all.</summary>
public sealed record NewSeizure
{
    public Guid? CaseId { get; init; }
    public Guid? InspectionId { get; init; }
    public Guid? DeclarationId { get; init; }
    public string? Office { get; init; }
    public string? Place { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public DateTimeOffset? SeizedAt { get; init; }
    public string? RouteFrom { get; init; }
    public string? RouteTo { get; init; }
    public SeizedItemRequest[]? Items { get; init; }
    public string[]? SeizingOfficers { get; init; }
    public string[]? Witnesses { get; init; }
    public string? Owner { get; init; }
    public string? LegalBasis { get; init; }
    public string? ConcealmentMethod { get; init; }
    public string? DetectionMethod { get; init; }
    public string[]? SealNumbers { get; init; }
    public string? StorageLocation { get; init; }
    public bool Perishable { get; init; }
    public bool Hazardous { get; init; }
    public decimal? PaymentDue { get; init; }
    public int? AppealPeriodDays { get; init; }
    public string? Marking { get; init; }
    /// <summary>Photos and documents taken at the seizure (bytes as base64 in JSON); each is checked like a later attachment.</summary>
    public NewAttachment[]? Attachments { get; init; }
}

public sealed record AttachmentView(string Sha256, string? FileName, string ContentType, long Size, DateTimeOffset AddedAt, string? AddedBy);

public sealed record LegalStepView(int Sequence, string Action, string From, string To, DateTimeOffset At, string By, string Reason, string? AuthorisedBy, string? Details);

public sealed record LegalView(string State, int AppealPeriodDays, DateTimeOffset? NoticeIssuedAt, DateTimeOffset? NoticeDeliveredAt, string? NoticeDeliveryMethod,
    DateTimeOffset? AppealDeadline, DateTimeOffset? AppealFiledAt, string? AppealGrounds, DateTimeOffset? AppealDecidedAt, string? AppealDecision,
    decimal PaymentDue, DateTimeOffset? PaymentRecordedAt, string? PaymentReference, string? DisposalMethod, string[] NextActions);

/// <summary>
/// The JSON view of a seizure. Personal fields (PersonalFields.Seizure): owner, witnesses,
/// seizingOfficers, disposalWitnesses, createdBy, attachments.addedBy, custody.recordedBy/from/to, legalSteps.by/authorisedBy.
/// </summary>
public sealed record SeizureView(Guid Id, string Reference, Guid OwningAgencyId, string Marking, Guid? CaseId, Guid? InspectionId, Guid? DeclarationId,
    string Office, string? Place, double? Latitude, double? Longitude, DateTimeOffset SeizedAt, string? RouteFrom, string? RouteTo, IReadOnlyList<SeizedItem> Items,
    string[] SeizingOfficers, string[] Witnesses, string? Owner, string LegalBasis, string? ConcealmentMethod, string? DetectionMethod, string[] SealNumbers,
    string? StorageLocation, bool Perishable, bool Hazardous, string? Custodian, string[] ExpectedSeals, LegalView Legal, string[]? DisposalWitnesses, IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<CustodyEventView> Custody, IReadOnlyList<LegalStepView> LegalSteps, IReadOnlyList<PenaltyView> Penalties, IReadOnlyList<BondView> Bonds,
    DateTimeOffset CreatedAt, string? CreatedBy, int Version);

public sealed record LegalRequest(string? Reason, string? Authorisation, string? AppealDecision, string? Grounds, string? DeliveryMethod, string? PaymentReference,
    string? DisposalMethod, string[]? Witnesses, DateTimeOffset? At, int? Version);

/// <summary>Seizures: recorded with their first custody event, evidence attached by content hash, and the legal process.</summary>
public static class Seizures
{
    /// <summary>
    /// Records a seizure in four steps: whose it is (the actor's agency, else its case's or inspection's), what the request
    /// says (every field checked at once), the record with its alert and audit entry, and the custody chain's first link
    /// with the attachments. Nothing is stored unless every step succeeds.
    /// </summary>
    public static async Task<SeizureView> CreateAsync(CordonDb db, Actor actor, NewSeizure r, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var (agency, inspection) = await OwnerAsync(db, actor, r, errors, ct);
        var now = StoredValues.Ms(db.Clock.GetUtcNow());
        var checkedRequest = Check(actor, r, inspection, now, errors);
        errors.ThrowIfAny();

        var seizure = await NewRecordAsync(db, actor, r, agency, inspection, checkedRequest, now, ct);
        db.Seizures.Add(seizure);
        RaiseAlert(db, actor, seizure);
        AuditLog.Append(db, actor, "seizure.create", RecordTypes.Seizure, seizure.Id.ToString(), seizure.OwningAgencyId,
            new { seizure.Reference, items = seizure.Items.Count, seals = seizure.SealNumbers });
        await OpenChainAsync(db, actor, seizure, ct);
        foreach (var a in checkedRequest.Attachments.DistinctBy(a => a.Sha256))
        {
            await AddAttachmentAsync(db, actor, seizure, a, now, ct);
        }
        await CaseReferences.SaveNumberedAsync(db, "seizure", ct);
        return await ViewAsync(db, seizure, ct);
    }

    /// <summary>What a new seizure's request holds once checked.</summary>
    private sealed record CheckedSeizure(string? Office, DateTimeOffset SeizedAt, List<SeizedItem> Items, List<string> Officers, Tlp Marking, List<CheckedFile> Attachments);

    /// <summary>The owning agency: the actor's, else (the local operator) the agency of the case or inspection named; and that inspection.</summary>
    private static async Task<(Guid Agency, Inspection? Inspection)> OwnerAsync(CordonDb db, Actor actor, NewSeizure r, FieldErrors errors, CancellationToken ct)
    {
        var agency = actor.AgencyId;
        Inspection? inspection = null;
        if (r.InspectionId is { } iid)
        {
            inspection = await db.Inspections.AsNoTracking().FirstOrDefaultAsync(i => i.Id == iid, ct);
            if (inspection is null)
            {
                errors.Add("inspectionId", $"Inspection {iid} does not exist.");
            }
            else
            {
                agency ??= inspection.OwningAgencyId;
            }
        }
        if (r.CaseId is { } cid)
        {
            var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == cid, ct);
            if (c is null)
            {
                errors.Add("caseId", $"Case {cid} does not exist.");
            }
            else
            {
                agency ??= c.OwningAgencyId;
            }
        }
        if (agency is null)
        {
            throw ValidationFailed.Field("caseId", "A seizure by the local operator belongs to the agency of its case or inspection: name one.");
        }
        RecordOwnership.EnsureOwner(actor, agency.Value, "its seizures");
        if (r.CaseId is { } ccid && !await db.Cases.AnyAsync(c => c.Id == ccid && c.OwningAgencyId == agency, ct) && !errors.Any)
        {
            errors.Add("caseId", "The case is led by another agency: seizures are added by the lead agency.");
        }
        return (agency.Value, inspection);
    }

    /// <summary>Every field of the request, each refusal named by its field; the seizing officer defaults to the user recording it.</summary>
    private static CheckedSeizure Check(Actor actor, NewSeizure r, Inspection? inspection, DateTimeOffset now, FieldErrors errors)
    {
        var office = TextInput.Trim(r.Office) ?? inspection?.Office;
        if (office is null)
        {
            errors.Add("office", "Name the customs office.");
        }
        if (r.Latitude is < -90 or > 90)
        {
            errors.Add("latitude", "Between -90 and 90.");
        }
        if (r.Longitude is < -180 or > 180)
        {
            errors.Add("longitude", "Between -180 and 180.");
        }
        if (r.Latitude.HasValue != r.Longitude.HasValue)
        {
            errors.Add(r.Latitude.HasValue ? "longitude" : "latitude", "Coordinates need both latitude and longitude.");
        }
        var seizedAt = StoredValues.Ms(r.SeizedAt ?? now);
        if (seizedAt > now.AddMinutes(5))
        {
            errors.Add("seizedAt", "The seizure lies in the future.");
        }
        foreach (var (field, code) in new[] { ("routeFrom", r.RouteFrom), ("routeTo", r.RouteTo) })
        {
            if (TextInput.Trim(code) is { } cc && ReferenceData.Instance.Countries.ByAlpha2(cc.ToUpperInvariant()) is null)
            {
                errors.Add(field, $"'{cc}' is not an ISO 3166 country code.");
            }
        }
        var items = CheckItems(r.Items, errors);
        var officers = TextInput.Clean(r.SeizingOfficers);
        if (officers.Count == 0)
        {
            if (actor.Kind == ActorKind.User)
            {
                officers.Add(actor.Name);
            }
            else
            {
                errors.Add("seizingOfficers", "Name the seizing officers.");
            }
        }
        if (TextInput.Trim(r.LegalBasis) is null)
        {
            errors.Add("legalBasis", "State the legal basis of the seizure.");
        }
        if (r.AppealPeriodDays is < 1 or > 365)
        {
            errors.Add("appealPeriodDays", "Between 1 and 365 days.");
        }
        if (r.PaymentDue is < 0)
        {
            errors.Add("paymentDue", "Cannot be negative.");
        }
        var marking = Tlp.Amber;
        if (r.Marking is not null && !TlpText.TryParse(r.Marking, out marking))
        {
            errors.Add("marking", "A TLP marking: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
        }
        var attachments = AttachedFiles.CheckAll(errors, "attachments", r.Attachments);
        return new CheckedSeizure(office, seizedAt, items, officers, marking, attachments);
    }

    private static List<SeizedItem> CheckItems(SeizedItemRequest[]? requested, FieldErrors errors)
    {
        var items = new List<SeizedItem>();
        if (requested is not { Length: > 0 })
        {
            errors.Add("items", "List what was seized.");
        }
        foreach (var (it, i) in (requested ?? []).Select((it, i) => (it, i)))
        {
            var p = $"items[{i}]";
            if (TextInput.Trim(it.Description) is null)
            {
                errors.Add($"{p}.description", "Describe the goods.");
            }
            if (TextInput.Trim(it.Category) is null)
            {
                errors.Add($"{p}.category", "Name the commodity category (e.g. cocaine, cigarettes).");
            }
            if (it.Quantity is not > 0)
            {
                errors.Add($"{p}.quantity", "A quantity greater than zero.");
            }
            if (TextInput.Trim(it.Unit) is null)
            {
                errors.Add($"{p}.unit", "The unit of the quantity (kg, pieces, litres...).");
            }
            if (TextInput.Trim(it.HsCode) is { } hs && (hs.Length < 6 || !hs.All(char.IsAsciiDigit) || ReferenceData.Instance.Hs.Find(hs[..6]) is null))
            {
                errors.Add($"{p}.hsCode", $"'{hs}' is not an HS 2022 subheading.");
            }
            if (it.WeightKg is < 0)
            {
                errors.Add($"{p}.weightKg", "Cannot be negative.");
            }
            if (it.EstimatedValue is < 0)
            {
                errors.Add($"{p}.estimatedValue", "Cannot be negative.");
            }
            if (TextInput.Trim(it.Currency) is { } cur && ReferenceData.Instance.Currencies.Find(cur.ToUpperInvariant()) is null)
            {
                errors.Add($"{p}.currency", $"'{cur}' is not an ISO 4217 currency.");
            }
            items.Add(new SeizedItem(it.Description?.Trim() ?? "", TextInput.Trim(it.HsCode), it.Quantity ?? 0, it.Unit?.Trim() ?? "", it.WeightKg,
                it.EstimatedValue, TextInput.Trim(it.Currency)?.ToUpperInvariant(), it.Category?.Trim().ToLowerInvariant() ?? ""));
        }
        return items;
    }

    private static async Task<Seizure> NewRecordAsync(CordonDb db, Actor actor, NewSeizure r, Guid agency, Inspection? inspection, CheckedSeizure c,
        DateTimeOffset now, CancellationToken ct) => new()
    {
        Reference = await CaseReferences.NextAsync(db.Seizures.Select(s => s.Reference), "SZ", now, ct),
        OwningAgencyId = agency,
        Marking = c.Marking,
        CaseId = r.CaseId ?? inspection?.CaseId,
        InspectionId = r.InspectionId,
        DeclarationId = r.DeclarationId ?? inspection?.DeclarationId,
        Office = c.Office!,
        Place = TextInput.Trim(r.Place),
        Latitude = r.Latitude,
        Longitude = r.Longitude,
        SeizedAt = c.SeizedAt,
        RouteFrom = TextInput.Trim(r.RouteFrom)?.ToUpperInvariant(),
        RouteTo = TextInput.Trim(r.RouteTo)?.ToUpperInvariant(),
        Items = c.Items,
        SeizingOfficers = c.Officers,
        Witnesses = TextInput.Clean(r.Witnesses),
        Owner = TextInput.Trim(r.Owner),
        LegalBasis = r.LegalBasis!.Trim(),
        ConcealmentMethod = TextInput.Trim(r.ConcealmentMethod),
        DetectionMethod = TextInput.Trim(r.DetectionMethod),
        SealNumbers = TextInput.Clean(r.SealNumbers),
        StorageLocation = TextInput.Trim(r.StorageLocation),
        Perishable = r.Perishable,
        Hazardous = r.Hazardous,
        PaymentDue = r.PaymentDue ?? 0,
        AppealPeriodDays = r.AppealPeriodDays ?? 30,
        CreatedAt = now,
        CreatedBy = actor.Name,
    };

    /// <summary>Agencies subscribed to seizures (of this commodity, at this office) hear of it when it commits; no personal data in the alert.</summary>
    private static void RaiseAlert(CordonDb db, Actor actor, Seizure seizure)
    {
        var main = seizure.Items.OrderByDescending(i => i.EstimatedValue ?? 0).First();
        Alerting.Alerts.Raise(db, new Alerting.AlertDraft(Alerting.AlertKinds.Seizure,
            $"Seizure {seizure.Reference}: {main.Quantity:0.###} {main.Unit} {main.Category}", seizure.OwningAgencyId, seizure.Marking)
        {
            RecordType = RecordTypes.Seizure,
            RecordId = seizure.Id.ToString(),
            NamesNoOne = true, // the alert names no one: the seizure's other caveats are inherited, personal-data is not
            Summary = $"{string.Join("; ", seizure.Items.Select(i => $"{i.Quantity:0.###} {i.Unit} {i.Description} ({i.Category})"))} seized at {seizure.Office}"
                      + (seizure.ConcealmentMethod is { } how ? $", concealed: {how}" : "") + ".",
            Severity = Alerting.AlertSeverity.High,
            Office = seizure.Office,
            Commodity = main.Category,
            RaisedBy = actor.Name,
        });
    }

    /// <summary>
    /// The chain's first link: what was taken, by whom, under which seals. The first seizing officer holds the goods; when
    /// that is a user of the owning agency, only they record samples until they hand over.
    /// </summary>
    private static async Task OpenChainAsync(CordonDb db, Actor actor, Seizure seizure, CancellationToken ct)
    {
        var holderName = seizure.SeizingOfficers[0].ToLowerInvariant();
        var holder = await db.Users.AsNoTracking().Where(u => u.UserName == holderName && u.AgencyId == seizure.OwningAgencyId && !u.Disabled)
            .Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        await Custody.AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = "seized",
            At = StoredValues.Iso(seizure.SeizedAt),
            RecordedBy = actor.Name,
            To = seizure.SeizingOfficers[0],
            ToUser = holder,
            Place = seizure.Place ?? seizure.Office,
            Condition = "seized",
            SealsExpected = seizure.SealNumbers.ToArray(),
            Items = seizure.Items.ToArray(),
        }, ct);
    }

    /// <summary>
    /// Adds a photo or document: size and type checked (type against the leading bytes), stored once
    /// by SHA-256, and the hash written into the custody chain. Re-sending the same file is idempotent.
    /// </summary>
    public static async Task<AttachmentView> AttachAsync(CordonDb db, Actor actor, Guid seizureId, string? fileName, string? contentType, byte[] content, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        RecordOwnership.EnsureOwner(actor, seizure.OwningAgencyId, $"seizure {seizure.Reference}");
        var errors = new FieldErrors();
        var file = AttachedFiles.Check(errors, "", fileName, contentType, content);
        errors.ThrowIfAny();
        var existing = await db.SeizureAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.SeizureId == seizureId && a.Sha256 == file.Sha256, ct);
        if (existing is not null)
        {
            return ToView(existing);
        }
        var attachment = await AddAttachmentAsync(db, actor, seizure, file, StoredValues.Ms(db.Clock.GetUtcNow()), ct);
        await db.SaveChangesAsync(ct);
        return ToView(attachment);
    }

    /// <summary>Stores the file once by SHA-256 and writes its hash into the custody chain; the caller saves.</summary>
    private static async Task<SeizureAttachment> AddAttachmentAsync(CordonDb db, Actor actor, Seizure seizure, CheckedFile file, DateTimeOffset now, CancellationToken ct)
    {
        if (!db.EvidenceBlobs.Local.Any(b => b.Sha256 == file.Sha256) && !await db.EvidenceBlobs.AnyAsync(b => b.Sha256 == file.Sha256, ct))
        {
            db.EvidenceBlobs.Add(new EvidenceBlob { Sha256 = file.Sha256, Content = file.Content, Size = file.Content.LongLength });
        }
        var attachment = new SeizureAttachment
        {
            SeizureId = seizure.Id,
            Sha256 = file.Sha256,
            FileName = file.Name,
            ContentType = file.Type,
            Size = file.Content.LongLength,
            AddedAt = now,
            AddedBy = actor.Name,
        };
        db.SeizureAttachments.Add(attachment);
        await Custody.AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = "attachment",
            At = StoredValues.Iso(attachment.AddedAt),
            RecordedBy = actor.Name,
            Attachment = new CustodyAttachment(file.Sha256, file.Name, file.Type, file.Content.LongLength),
        }, ct);
        return attachment;
    }

    /// <summary>
    /// An attachment's bytes, after the policy allows reading the seizure; described as the reader's view of the seizure
    /// describes it (a file name withheld from the reader is not sent as the download's name either).
    /// </summary>
    public static async Task<(AttachmentView Attachment, byte[] Content)> AttachmentAsync(CordonDb db, AccessPolicy policy, Guid seizureId, string sha256, CancellationToken ct = default)
    {
        var (view, _) = await ReadViewAsync(db, policy, seizureId, ct);
        var a = view.Attachments.FirstOrDefault(x => string.Equals(x.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFound($"Seizure {seizureId} has no attachment {sha256}.");
        var blob = await db.EvidenceBlobs.AsNoTracking().FirstAsync(b => b.Sha256 == a.Sha256, ct);
        return (a, blob.Content);
    }

    /// <summary>
    /// Moves the legal process one step, under the guards of <see cref="LegalProcess"/>, recording who,
    /// when and why (and the supervisor's authorisation of an early disposal).
    /// </summary>
    public static async Task<SeizureView> ActAsync(CordonDb db, Actor actor, Guid seizureId, LegalAction action, LegalRequest r, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        RecordOwnership.EnsureOwner(actor, seizure.OwningAgencyId, $"the legal process of seizure {seizure.Reference}");
        if (r.Version is { } v && v != seizure.Version)
        {
            throw new Conflict($"Seizure {seizure.Reference} was changed by someone else (you saw version {v}, it is now {seizure.Version}): reload and try again.");
        }
        var now = StoredValues.Ms(db.Clock.GetUtcNow());
        var at = StoredValues.Ms(r.At ?? now);
        if (at > now.AddMinutes(5))
        {
            throw ValidationFailed.Field("at", "The step lies in the future.");
        }
        var command = new LegalCommand(action, r.Reason, r.Authorisation, TextInput.Trim(r.AppealDecision)?.ToLowerInvariant(), r.Grounds, r.DeliveryMethod,
            r.PaymentReference, r.DisposalMethod, r.Witnesses);
        var snapshot = LegalSnapshot.Of(seizure) with { BondCover = await Bonds.CoverAsync(db, seizureId, at, ct) };
        var verdict = LegalProcess.Decide(snapshot, command, actor, at);
        if (!verdict.Allowed)
        {
            throw new Conflict($"Seizure {seizure.Reference}: {verdict.Refusal}");
        }
        var from = seizure.LegalState;
        Apply(seizure, action, command, r, at);
        seizure.LegalState = verdict.To;
        seizure.Version++;
        if (verdict.To == LegalState.Forfeited)
        {
            await Bonds.SettleAsync(db, seizureId, BondStatus.Called, at, ct);
        }
        else if ((verdict.To == LegalState.Released && seizure.PaymentRecordedAt is not null) || verdict.To == LegalState.Destroyed)
        {
            await Bonds.SettleAsync(db, seizureId, BondStatus.Discharged, at, ct);
        }
        await AddStepAsync(db, actor, seizure, action, command, r, verdict, from, at, ct);
        AuditLog.Append(db, actor, "seizure.legal." + action.Kebab(), RecordTypes.Seizure, seizure.Id.ToString(), seizure.OwningAgencyId,
            new { seizure.Reference, from = from.Kebab(), to = verdict.To.Kebab(), reason = r.Reason, early = verdict.Early });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            throw new Conflict($"Seizure {seizure.Reference} was changed by someone else at the same moment: reload and try again.");
        }
        return await ViewAsync(db, seizure, ct);
    }

    /// <summary>What the step records on the seizure itself: when it happened, and its particulars.</summary>
    private static void Apply(Seizure seizure, LegalAction action, LegalCommand command, LegalRequest r, DateTimeOffset at)
    {
        switch (action)
        {
            case LegalAction.IssueNotice:
                seizure.NoticeIssuedAt = at;
                break;
            case LegalAction.RecordDelivery:
                seizure.NoticeDeliveredAt = at;
                seizure.NoticeDeliveryMethod = TextInput.Trim(r.DeliveryMethod) ?? "not stated";
                break;
            case LegalAction.FileAppeal:
                seizure.AppealFiledAt = at;
                seizure.AppealGrounds = r.Grounds!.Trim();
                break;
            case LegalAction.DecideAppeal:
                seizure.AppealDecidedAt = at;
                seizure.AppealDecision = command.AppealDecision;
                break;
            case LegalAction.RecordPayment:
                seizure.PaymentRecordedAt = at;
                seizure.PaymentReference = r.PaymentReference!.Trim();
                break;
            case LegalAction.Destroy:
                seizure.DisposalMethod = r.DisposalMethod!.Trim();
                seizure.DisposalWitnesses = TextInput.Clean(r.Witnesses);
                break;
        }
    }

    /// <summary>The step in the seizure's legal history, numbered after the last, with its particulars in one line.</summary>
    private static async Task AddStepAsync(CordonDb db, Actor actor, Seizure seizure, LegalAction action, LegalCommand command, LegalRequest r,
        LegalVerdict verdict, LegalState from, DateTimeOffset at, CancellationToken ct)
    {
        var sequence = await db.LegalSteps.Where(s => s.SeizureId == seizure.Id).CountAsync(ct) + 1;
        var details = action switch
        {
            LegalAction.FileAppeal => r.Grounds?.Trim(),
            LegalAction.DecideAppeal => command.AppealDecision,
            LegalAction.RecordDelivery => seizure.NoticeDeliveryMethod,
            LegalAction.RecordPayment => r.PaymentReference?.Trim(),
            LegalAction.Destroy => $"{seizure.DisposalMethod}; witnesses: {string.Join(", ", seizure.DisposalWitnesses)}",
            _ => null,
        };
        db.LegalSteps.Add(new LegalStep
        {
            SeizureId = seizure.Id,
            Sequence = sequence,
            Action = action.Kebab(),
            From = from,
            To = verdict.To,
            At = at,
            By = actor.Name,
            Reason = (verdict.Early ? $"{r.Reason!.Trim()} [early disposal authorised: {r.Authorisation!.Trim()}]" : r.Reason!.Trim()),
            AuthorisedBy = verdict.Early ? actor.Name : null,
            Details = details,
        });
    }

    public static async Task<JsonNode> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass = null, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFound($"Seizure {id} does not exist.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(seizure), breakGlass, ct);
        return SharedReads.View(await ViewAsync(db, seizure, ct), decision);
    }

    /// <summary>The typed view, redacted as the policy decides (audited like <see cref="ReadAsync"/>); for pages.</summary>
    public static async Task<(SeizureView View, AccessDecision Decision)> ReadViewAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFound($"Seizure {id} does not exist.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(seizure), null, ct);
        var view = await ViewAsync(db, seizure, ct);
        return (decision.RedactedFields.Count == 0 ? view : SharedReads.View(view, decision).Deserialize<SeizureView>(StoredValues.Json)!, decision);
    }

    public static RecordRef Ref(Seizure s) => new(RecordTypes.Seizure, s.OwningAgencyId, s.Marking, s.Caveats, s.Id.ToString());

    public sealed record SeizureRow(Guid Id, string Reference, string Agency, string Marking, DateTimeOffset SeizedAt, string Office, string Commodities,
        string? Route, string State, Guid? CaseId, string? Owner, bool Redacted);

    /// <summary>Seizures the actor may see (the policy's filter); other agencies' rows redacted as their agreement says.</summary>
    public static async Task<List<SeizureRow>> ListAsync(CordonDb db, AccessPolicy policy, Guid? caseId = null, CancellationToken ct = default)
    {
        var q = policy.Filter(db.Seizures.AsNoTracking(), RecordTypes.Seizure);
        if (caseId is { } c)
        {
            q = q.Where(s => s.CaseId == c);
        }
        var rows = await q.OrderByDescending(s => s.SeizedAt).Take(500).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        return rows.Select(s =>
        {
            var decision = policy.Decide(Ref(s));
            var hideOwner = decision.RedactedFields.Contains("owner");
            return new SeizureRow(s.Id, s.Reference, codes.GetValueOrDefault(s.OwningAgencyId) ?? "?", s.Marking.Label(), s.SeizedAt, s.Office,
                string.Join(", ", s.Items.Select(i => $"{i.Category} {i.Quantity:0.###} {i.Unit}")),
                s.RouteFrom is null && s.RouteTo is null ? null : $"{s.RouteFrom ?? "?"} → {s.RouteTo ?? "?"}", s.LegalState.Kebab(), s.CaseId,
                hideOwner ? null : s.Owner, decision.RedactedFields.Count > 0);
        }).ToList();
    }

    internal static async Task<SeizureView> ViewAsync(CordonDb db, Seizure s, CancellationToken ct) => (await ViewsAsync(db, [s], ct))[0];

    /// <summary>The views of many seizures with one query per child table (federation sends pages of them).</summary>
    internal static async Task<List<SeizureView>> ViewsAsync(CordonDb db, IReadOnlyList<Seizure> seizures, CancellationToken ct)
    {
        var ids = seizures.Select(s => s.Id).ToList();
        var events = (await db.CustodyEvents.AsNoTracking().Where(e => ids.Contains(e.SeizureId)).ToListAsync(ct)).ToLookup(e => e.SeizureId);
        var steps = (await db.LegalSteps.AsNoTracking().Where(x => ids.Contains(x.SeizureId)).ToListAsync(ct)).ToLookup(x => x.SeizureId);
        var attachments = (await db.SeizureAttachments.AsNoTracking().Where(a => ids.Contains(a.SeizureId)).ToListAsync(ct)).ToLookup(a => a.SeizureId);
        var penalties = (await db.Penalties.AsNoTracking().Where(p => ids.Contains(p.SeizureId)).ToListAsync(ct)).ToLookup(p => p.SeizureId);
        var bonds = (await db.SecurityBonds.AsNoTracking().Where(b => ids.Contains(b.SeizureId)).ToListAsync(ct)).ToLookup(b => b.SeizureId);
        var now = db.Clock.GetUtcNow();
        return seizures.Select(s =>
        {
            var chain = events[s.Id].OrderBy(e => e.Sequence).ToList();
            var state = Custody.Replay(chain.Select(Custody.Parse));
            var snapshot = LegalSnapshot.Of(s);
            var legal = new LegalView(s.LegalState.Kebab(), s.AppealPeriodDays, s.NoticeIssuedAt, s.NoticeDeliveredAt, s.NoticeDeliveryMethod, snapshot.AppealDeadline,
                s.AppealFiledAt, s.AppealGrounds, s.AppealDecidedAt, s.AppealDecision, s.PaymentDue, s.PaymentRecordedAt, s.PaymentReference, s.DisposalMethod,
                NextActions(s));
            return new SeizureView(s.Id, s.Reference, s.OwningAgencyId, s.Marking.Label(), s.CaseId, s.InspectionId, s.DeclarationId, s.Office, s.Place, s.Latitude,
                s.Longitude, s.SeizedAt, s.RouteFrom, s.RouteTo, s.Items, s.SeizingOfficers.ToArray(), s.Witnesses.ToArray(), s.Owner, s.LegalBasis, s.ConcealmentMethod,
                s.DetectionMethod, s.SealNumbers.ToArray(), s.StorageLocation, s.Perishable, s.Hazardous, state.Custodian, state.ExpectedSeals.ToArray(), legal, s.DisposalWitnesses.ToArray(),
                attachments[s.Id].OrderBy(a => a.Id).Select(ToView).ToList(), chain.Select(Custody.View).ToList(),
                steps[s.Id].OrderBy(x => x.Sequence).Select(x => new LegalStepView(x.Sequence, x.Action, x.From.Kebab(), x.To.Kebab(), x.At, x.By, x.Reason, x.AuthorisedBy, x.Details)).ToList(),
                penalties[s.Id].OrderBy(p => p.Id).Select(Bonds.View).ToList(), bonds[s.Id].OrderBy(b => b.Id).Select(b => Bonds.View(b, s.PaymentDue, now)).ToList(),
                s.CreatedAt, s.CreatedBy, s.Version);
        }).ToList();
    }

    /// <summary>The actions whose state precondition holds now (guards on time, payment and authorisation are checked when acting).</summary>
    public static string[] NextActions(Seizure s) => s.LegalState switch
    {
        LegalState.Seized => ["issue-notice", "release"],
        LegalState.NoticeIssued => ["record-delivery", "release"],
        LegalState.NoticeDelivered => ["file-appeal", "forfeit", "destroy", "release", "record-payment"],
        LegalState.AppealFiled => ["decide-appeal", "release", "record-payment"],
        LegalState.AppealDecided => s.AppealDecision == "allowed" ? ["release", "record-payment"] : ["forfeit", "destroy", "release", "record-payment"],
        LegalState.Forfeited => ["destroy"],
        _ => [],
    };

    private static AttachmentView ToView(SeizureAttachment a) => new(a.Sha256, a.FileName, a.ContentType, a.Size, a.AddedAt, a.AddedBy);
}
