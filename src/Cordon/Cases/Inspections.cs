using System.Globalization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

public sealed record NewInspection(Guid? DeclarationId, string? Lane, string? Origin, string? ReferringAgency, string? Reason,
    string[]? Types, string[]? Officers, Guid? CaseId);

public sealed record AdjustmentRequest(string? Field, string? Adjusted);

public sealed record OutcomeRequest(DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Findings, bool Irregular, string[]? Kinds,
    decimal? RevenueRaised, AdjustmentRequest[]? Adjustments, string? Decision, int? Version);

public sealed record InspectionOutcomeView(bool Irregular, string[] Kinds, decimal? RevenueRaised, IReadOnlyList<AdjustedValue> Adjustments,
    string Decision, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>The JSON view of an inspection. Personal fields: officers, outcome.recordedBy (see PersonalFields).</summary>
public sealed record InspectionView(Guid Id, string Reference, Guid DeclarationId, string DeclarationNumber, string Office, string Lane, string Origin,
    string Reason, string[] Types, string[] Officers, string Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Findings,
    InspectionOutcomeView? Outcome, Guid? CaseId, Guid OwningAgencyId, string Marking, int Version, bool Released);

public sealed record ReleaseRequest(string? PaymentReference);

public sealed record ReleaseView(Guid DeclarationId, DateTimeOffset ReleasedAt, string ReleasedBy, string? PaymentReference);

/// <summary>Inspections: opened from a lane, by hand or on referral; worked; closed with a mandatory outcome.</summary>
public static class Inspections
{
    /// <summary>
    /// Opens an inspection for a declaration that a red or yellow lane selected (the lane decision calls
    /// this). Idempotent: a declaration with an inspection still without outcome gets that one back.
    /// Red means physical, yellow documentary.
    /// </summary>
    public static async Task<InspectionView> OpenForLaneAsync(CordonDb db, Actor actor, Guid declarationId, Lane lane, string reason, CancellationToken ct = default)
    {
        if (lane is not (Lane.Red or Lane.Yellow))
        {
            throw ValidationFailed.Field("lane", $"Only red and yellow lanes open an inspection; {lane.Name()} does not.");
        }
        var existing = await db.Inspections.FirstOrDefaultAsync(i => i.DeclarationId == declarationId && i.OutcomeRecordedAt == null, ct);
        if (existing is not null)
        {
            return await ViewAsync(db, existing, ct);
        }
        var declaration = await db.Declarations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == declarationId, ct)
            ?? throw new NotFound($"Declaration {declarationId} does not exist.");
        var type = lane == Lane.Red ? InspectionType.Physical : InspectionType.Documentary;
        return await CreateAsync(db, actor, declaration, lane, InspectionOrigin.Lane, null, reason, [type.Kebab()], [], null, checkOwner: false, ct);
    }

    /// <summary>An inspection an officer opens by hand, or on another agency's referral.</summary>
    public static async Task<InspectionView> OpenAsync(CordonDb db, Actor actor, NewInspection request, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var declaration = request.DeclarationId is { } id ? await db.Declarations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) : null;
        if (declaration is null)
        {
            if (request.DeclarationId is null)
            {
                errors.Add("declarationId", "Name the declaration to inspect.");
            }
            else
            {
                errors.Add("declarationId", $"Declaration {request.DeclarationId} does not exist.");
            }
        }
        var origin = InspectionOrigin.Manual;
        if (request.Origin is not null && !EnumText.TryParse(request.Origin, out origin))
        {
            errors.Add("origin", $"'{request.Origin}' is not an origin; use one of: {EnumText.Choices<InspectionOrigin>()}.");
        }
        var lane = Lane.Red;
        if (request.Lane is not null && !LaneText.TryParse(request.Lane, out lane))
        {
            errors.Add("lane", $"'{request.Lane}' is not a lane; use green, blue, yellow or red.");
        }
        Guid? referring = null;
        if (origin == InspectionOrigin.Referral)
        {
            var code = TextInput.Trim(request.ReferringAgency);
            referring = await AgencyCodes.IdOfAsync(db, code, ct);
            if (referring is null)
            {
                if (code is null)
                {
                    errors.Add("referringAgency", "A referral names the referring agency.");
                }
                else
                {
                    errors.Add("referringAgency", $"Agency '{code}' does not exist.");
                }
            }
        }
        errors.ThrowIfAny();
        return await CreateAsync(db, actor, declaration!, lane, origin, referring, request.Reason ?? "", request.Types ?? [], request.Officers ?? [], request.CaseId, checkOwner: true, ct);
    }

    private static async Task<InspectionView> CreateAsync(CordonDb db, Actor actor, Declaration declaration, Lane lane, InspectionOrigin origin, Guid? referring,
        string reason, string[] types, string[] officers, Guid? caseId, bool checkOwner, CancellationToken ct)
    {
        if (checkOwner)
        {
            RecordOwnership.EnsureOwner(actor, declaration.OwningAgencyId, $"inspections of declaration {declaration.Number}");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", "State why the declaration is inspected.");
        }
        else if (reason.Length > 1000)
        {
            errors.Add("reason", "At most 1000 characters.");
        }
        var typeNames = ParseTypes(types, errors);
        var officerNames = await CheckOfficersAsync(db, declaration.OwningAgencyId, officers, errors, ct);
        if (caseId is { } c && !await db.Cases.AnyAsync(x => x.Id == c && x.OwningAgencyId == declaration.OwningAgencyId, ct))
        {
            errors.Add("caseId", $"Case {c} does not exist in the declaration's agency.");
        }
        errors.ThrowIfAny();
        var now = StoredValues.Ms(db.Clock.GetUtcNow());
        var inspection = new Inspection
        {
            Reference = await CaseReferences.NextAsync(db.Inspections.Select(i => i.Reference), "INS", now, ct),
            OwningAgencyId = declaration.OwningAgencyId,
            Marking = Tlp.Amber,
            DeclarationId = declaration.Id,
            DeclarationNumber = declaration.Number,
            Office = declaration.Office,
            Lane = lane,
            Origin = origin,
            ReferringAgencyId = referring,
            Reason = reason.Trim(),
            Types = typeNames,
            Officers = officerNames,
            Status = InspectionStatus.Open,
            CaseId = caseId,
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        db.Inspections.Add(inspection);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "inspection.open")
        {
            RecordType = RecordTypes.Inspection,
            RecordId = inspection.Id.ToString(),
            RecordAgencyId = inspection.OwningAgencyId,
            Details = new { inspection.Reference, declaration = declaration.Number, lane = lane.Name(), origin = origin.Kebab(), reason = inspection.Reason },
        });
        await CaseReferences.SaveNumberedAsync(db, "inspection", ct);
        return await ViewAsync(db, inspection, ct);
    }

    private static List<string> ParseTypes(IEnumerable<string> types, FieldErrors errors)
    {
        var result = new List<string>();
        var i = 0;
        foreach (var t in types)
        {
            if (EnumText.TryParse<InspectionType>(t, out var type))
            {
                result.Add(type.Kebab());
            }
            else
            {
                errors.Add($"types[{i}]", $"'{t}' is not an inspection type; use one of: {EnumText.Choices<InspectionType>()}.");
            }
            i++;
        }
        if (result.Count == 0 && !errors.Any)
        {
            errors.Add("types", $"Name at least one inspection type: {EnumText.Choices<InspectionType>()}.");
        }
        return result.Distinct().ToList();
    }

    private static async Task<List<string>> CheckOfficersAsync(CordonDb db, Guid agency, IEnumerable<string> officers, FieldErrors errors, CancellationToken ct)
    {
        var names = TextInput.Clean(officers);
        var known = await db.Users.Where(u => u.AgencyId == agency && names.Contains(u.UserName)).Select(u => u.UserName).ToListAsync(ct);
        foreach (var (name, i) in names.Select((n, i) => (n, i)).Where(x => !known.Contains(x.n)))
        {
            errors.Add($"officers[{i}]", $"'{name}' is not a user of the inspecting agency.");
        }
        return names;
    }

    public static async Task<InspectionView> AssignAsync(CordonDb db, Actor actor, Guid id, string[] officers, int? version, CancellationToken ct = default)
    {
        var inspection = await LoadForChangeAsync(db, actor, id, version, ct);
        var errors = new FieldErrors();
        var names = await CheckOfficersAsync(db, inspection.OwningAgencyId, officers, errors, ct);
        errors.ThrowIfAny();
        inspection.Officers = names;
        inspection.Version++;
        AuditLog.Append(db, actor, "inspection.assign", RecordTypes.Inspection, inspection.Id.ToString(), inspection.OwningAgencyId, new { officers = names });
        await SaveAsync(db, ct);
        return await ViewAsync(db, inspection, ct);
    }

    /// <summary>Puts an inspection into a case of the same agency.</summary>
    public static async Task<InspectionView> AttachToCaseAsync(CordonDb db, Actor actor, Guid id, Guid caseId, CancellationToken ct = default)
    {
        var inspection = await LoadForChangeAsync(db, actor, id, null, ct);
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OwningAgencyId == inspection.OwningAgencyId, ct))
        {
            throw ValidationFailed.Field("caseId", $"Case {caseId} does not exist in the inspecting agency.");
        }
        inspection.CaseId = caseId;
        inspection.Version++;
        AuditLog.Append(db, actor, "inspection.case", RecordTypes.Inspection, inspection.Id.ToString(), inspection.OwningAgencyId, new { caseId });
        await SaveAsync(db, ct);
        return await ViewAsync(db, inspection, ct);
    }

    public static async Task<InspectionView> StartAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var inspection = await LoadForChangeAsync(db, actor, id, null, ct);
        if (inspection.Status != InspectionStatus.Open)
        {
            throw new Conflict($"Inspection {inspection.Reference} is already {inspection.Status.Kebab()}.");
        }
        inspection.Status = InspectionStatus.InProgress;
        inspection.StartedAt = StoredValues.Ms(db.Clock.GetUtcNow());
        if (actor.Kind == ActorKind.User && !inspection.Officers.Contains(actor.Name))
        {
            inspection.Officers.Add(actor.Name);
        }
        inspection.Version++;
        AuditLog.Append(db, actor, "inspection.start", RecordTypes.Inspection, inspection.Id.ToString(), inspection.OwningAgencyId);
        await SaveAsync(db, ct);
        return await ViewAsync(db, inspection, ct);
    }

    /// <summary>
    /// Records the outcome (once). Adjusted values are taken beside the declared ones read from the
    /// declaration; the declaration itself is not changed. The outcome also becomes the declaration's
    /// <see cref="InspectionOutcome"/> (source "inspection"), the risk model's training label.
    /// </summary>
    public static async Task<InspectionView> RecordOutcomeAsync(CordonDb db, Actor actor, Guid id, OutcomeRequest request, CancellationToken ct = default)
    {
        var inspection = await LoadForChangeAsync(db, actor, id, request.Version, ct);
        if (inspection.HasOutcome)
        {
            throw new Conflict($"Inspection {inspection.Reference} already has its outcome (recorded {StoredValues.Iso(inspection.OutcomeRecordedAt!.Value)}).");
        }
        var declaration = await db.Declarations.AsNoTracking().Include(d => d.Items).FirstAsync(d => d.Id == inspection.DeclarationId, ct);
        var errors = new FieldErrors();
        var now = StoredValues.Ms(db.Clock.GetUtcNow());
        var (started, ended) = Period(request, inspection, now, errors);
        var kinds = IrregularityKinds(request, errors);
        if (request.RevenueRaised is < 0)
        {
            errors.Add("revenueRaised", "Revenue raised cannot be negative.");
        }
        var decision = Decision(request, errors);
        var adjustments = Adjustments(request, declaration, errors);
        if (request.Findings is { Length: > 4000 })
        {
            errors.Add("findings", "At most 4000 characters.");
        }
        errors.ThrowIfAny();

        inspection.StartedAt = started;
        inspection.EndedAt = ended;
        inspection.Status = InspectionStatus.Completed;
        inspection.Findings = TextInput.Trim(request.Findings);
        inspection.Irregular = request.Irregular;
        inspection.IrregularityKinds = kinds.Distinct().ToList();
        inspection.RevenueRaised = request.RevenueRaised ?? 0;
        inspection.Adjustments = adjustments;
        inspection.Decision = decision;
        inspection.OutcomeRecordedAt = now;
        inspection.OutcomeRecordedBy = actor.Name;
        inspection.Version++;
        await LabelAsync(db, inspection, request.Irregular, now, ct);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "inspection.outcome")
        {
            RecordType = RecordTypes.Inspection,
            RecordId = inspection.Id.ToString(),
            RecordAgencyId = inspection.OwningAgencyId,
            Details = new { inspection.Reference, irregular = request.Irregular, kinds, revenue = inspection.RevenueRaised, decision = decision.Kebab(), adjustments },
        });
        // The declarant of a CUSDEC learns the outcome in the same commit.
        await TradeMessages.ClearanceAnswers.StageAsync(db, inspection.OwningAgencyId, [(inspection.DeclarationId, TradeMessages.ClearanceStatus.ForDecision(decision))], now, ct);
        await SaveAsync(db, ct);
        return await ViewAsync(db, inspection, ct);
    }

    /// <summary>When the inspection ran: given, or from its start (else now) to now; not ending before it started, nor in the future.</summary>
    private static (DateTimeOffset Started, DateTimeOffset Ended) Period(OutcomeRequest request, Inspection inspection, DateTimeOffset now, FieldErrors errors)
    {
        var started = request.StartedAt is { } s ? StoredValues.Ms(s) : inspection.StartedAt ?? now;
        var ended = request.EndedAt is { } e ? StoredValues.Ms(e) : now;
        if (ended < started)
        {
            errors.Add("endedAt", "The inspection cannot end before it started.");
        }
        if (ended > now.AddMinutes(5))
        {
            errors.Add("endedAt", "The end lies in the future.");
        }
        return (started, ended);
    }

    /// <summary>The irregularity's kinds (kebab names): at least one when irregular, none when not.</summary>
    private static List<string> IrregularityKinds(OutcomeRequest request, FieldErrors errors)
    {
        var kinds = new List<string>();
        foreach (var (k, i) in (request.Kinds ?? []).Select((k, i) => (k, i)))
        {
            if (EnumText.TryParse<IrregularityKind>(k, out var kind))
            {
                kinds.Add(kind.Kebab());
            }
            else
            {
                errors.Add($"kinds[{i}]", $"'{k}' is not an irregularity kind; use one of: {EnumText.Choices<IrregularityKind>()}.");
            }
        }
        if (request.Irregular && kinds.Count == 0 && request.Kinds is not { Length: > 0 })
        {
            errors.Add("kinds", "An irregularity names its kind.");
        }
        if (!request.Irregular && kinds.Count > 0)
        {
            errors.Add("kinds", "No irregularity was found, so no kind applies.");
        }
        return kinds;
    }

    /// <summary>The decision on the goods: seizing or detaining needs an irregularity, release after payment the revenue raised.</summary>
    private static InspectionDecision Decision(OutcomeRequest request, FieldErrors errors)
    {
        if (!EnumText.TryParse(request.Decision, out InspectionDecision decision))
        {
            if (request.Decision is null)
            {
                errors.Add("decision", $"Record the decision: {EnumText.Choices<InspectionDecision>()}.");
            }
            else
            {
                errors.Add("decision", $"'{request.Decision}' is not a decision; use one of: {EnumText.Choices<InspectionDecision>()}.");
            }
        }
        else if (decision is InspectionDecision.Seize or InspectionDecision.Detain && !request.Irregular)
        {
            errors.Add("decision", decision == InspectionDecision.Seize ? "Goods are not seized without an irregularity." : "Goods are not detained without an irregularity.");
        }
        else if (decision == InspectionDecision.ReleaseAfterPayment && request.RevenueRaised is not > 0)
        {
            errors.Add("revenueRaised", "Release after payment needs the revenue raised.");
        }
        return decision;
    }

    /// <summary>Each adjusted value beside the declared one it replaces, read from the declaration.</summary>
    private static List<AdjustedValue> Adjustments(OutcomeRequest request, Declaration declaration, FieldErrors errors)
    {
        var adjustments = new List<AdjustedValue>();
        foreach (var (a, i) in (request.Adjustments ?? []).Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(a.Adjusted))
            {
                errors.Add($"adjustments[{i}].adjusted", "State the adjusted value.");
                continue;
            }
            if (!TryDeclared(declaration, a.Field, out var declared, out var problem))
            {
                errors.Add($"adjustments[{i}].field", problem);
                continue;
            }
            adjustments.Add(new AdjustedValue(a.Field!.Trim(), declared, a.Adjusted.Trim()));
        }
        return adjustments;
    }

    /// <summary>Closing the loop: the outcome is the risk model's label for the declaration.</summary>
    private static async Task LabelAsync(CordonDb db, Inspection inspection, bool illicit, DateTimeOffset now, CancellationToken ct)
    {
        var label = await db.InspectionOutcomes.FirstOrDefaultAsync(o => o.DeclarationId == inspection.DeclarationId, ct);
        if (label is null)
        {
            label = new InspectionOutcome { DeclarationId = inspection.DeclarationId, OwningAgencyId = inspection.OwningAgencyId, Source = "inspection" };
            db.InspectionOutcomes.Add(label);
        }
        label.Illicit = illicit;
        label.Revenue = inspection.RevenueRaised ?? 0;
        label.RecordedAt = now;
        label.Source = "inspection";
    }

    /// <summary>The declared value of an adjustable field: totalFob, totalCif, originCountry, items[N].hsCode|cif|fob|netKg|grossKg|quantity.</summary>
    private static bool TryDeclared(Declaration d, string? field, out string? declared, out string problem)
    {
        declared = null;
        problem = "";
        var f = field?.Trim() ?? "";
        string? Num(decimal? v) => v?.ToString("0.###", CultureInfo.InvariantCulture);
        switch (f)
        {
            case "totalFob": declared = Num(d.TotalFob); return true;
            case "totalCif": declared = Num(d.TotalCif); return true;
            case "originCountry": declared = d.OriginCountry; return true;
        }
        var m = System.Text.RegularExpressions.Regex.Match(f, @"^items\[(\d+)\]\.(hsCode|cif|fob|netKg|grossKg|quantity)$");
        if (!m.Success)
        {
            problem = $"'{f}' is not an adjustable field; use totalFob, totalCif, originCountry or items[N].hsCode|cif|fob|netKg|grossKg|quantity.";
            return false;
        }
        var line = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var item = d.Items.FirstOrDefault(i => i.Line == line);
        if (item is null)
        {
            problem = $"The declaration has no item {line}.";
            return false;
        }
        declared = m.Groups[2].Value switch
        {
            "hsCode" => item.HsCode,
            "cif" => Num(item.Cif),
            "fob" => Num(item.Fob),
            "netKg" => Num(item.NetKg),
            "grossKg" => Num(item.GrossKg),
            _ => Num(item.Quantity),
        };
        return true;
    }

    /// <summary>
    /// Releases a declaration's goods. The release gate: a declaration with a red or yellow lane
    /// inspection without outcome is not released; nor goods detained or seized; release after payment
    /// needs the payment's reference. Idempotent: a released declaration stays released.
    /// </summary>
    public static async Task<ReleaseView> ReleaseAsync(CordonDb db, Actor actor, Guid declarationId, ReleaseRequest request, CancellationToken ct = default)
    {
        var declaration = await db.Declarations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == declarationId, ct)
            ?? throw new NotFound($"Declaration {declarationId} does not exist.");
        RecordOwnership.EnsureOwner(actor, declaration.OwningAgencyId, $"the release of declaration {declaration.Number}");
        var released = await db.DeclarationReleases.AsNoTracking().FirstOrDefaultAsync(r => r.DeclarationId == declarationId, ct);
        if (released is not null)
        {
            return new ReleaseView(released.DeclarationId, released.ReleasedAt, released.ReleasedBy, released.PaymentReference);
        }
        var inspections = await db.Inspections.AsNoTracking().Where(i => i.DeclarationId == declarationId).ToListAsync(ct);
        var pending = inspections.FirstOrDefault(i => !i.HasOutcome && i.Lane is Lane.Red or Lane.Yellow);
        if (pending is not null)
        {
            throw new Conflict($"Declaration {declaration.Number} is in the {pending.Lane.Name()} lane and inspection {pending.Reference} has no recorded outcome: it cannot be released yet.");
        }
        var stop = inspections.FirstOrDefault(i => i.Decision is InspectionDecision.Detain or InspectionDecision.Seize);
        if (stop is not null)
        {
            throw new Conflict($"Inspection {stop.Reference} decided to {stop.Decision!.Value.Kebab()} the goods of declaration {declaration.Number}: they are not released.");
        }
        var payment = TextInput.Trim(request.PaymentReference);
        if (inspections.Any(i => i.Decision == InspectionDecision.ReleaseAfterPayment) && payment is null)
        {
            throw ValidationFailed.Field("paymentReference", $"Declaration {declaration.Number} is released after payment: give the payment's reference.");
        }
        var release = new DeclarationRelease
        {
            DeclarationId = declarationId,
            OwningAgencyId = declaration.OwningAgencyId,
            ReleasedAt = StoredValues.Ms(db.Clock.GetUtcNow()),
            ReleasedBy = actor.Name,
            PaymentReference = payment,
        };
        db.DeclarationReleases.Add(release);
        AuditLog.Append(db, actor, "declaration.release", RecordTypes.Declaration, declarationId.ToString(), declaration.OwningAgencyId, new { declaration.Number, payment });
        // "Released" once: a green lane or an inspection's release already said it, and then this adds nothing.
        await TradeMessages.ClearanceAnswers.StageAsync(db, declaration.OwningAgencyId, [(declarationId, TradeMessages.ClearanceStatus.Released)], release.ReleasedAt, ct);
        await db.SaveChangesAsync(ct);
        return new ReleaseView(release.DeclarationId, release.ReleasedAt, release.ReleasedBy, release.PaymentReference);
    }

    private static async Task<Inspection> LoadForChangeAsync(CordonDb db, Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var inspection = await db.Inspections.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFound($"Inspection {id} does not exist.");
        RecordOwnership.EnsureOwner(actor, inspection.OwningAgencyId, $"inspection {inspection.Reference}");
        if (version is { } v && v != inspection.Version)
        {
            throw new Conflict($"Inspection {inspection.Reference} was changed by someone else (you edited version {v}, it is now version {inspection.Version}): reload and try again.");
        }
        return inspection;
    }

    private static async Task SaveAsync(CordonDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Conflict("The record was changed by someone else at the same moment: reload and try again.");
        }
    }

    /// <summary>One inspection through the access policy (audited), redacted as the agreement requires.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass = null, CancellationToken ct = default)
    {
        var inspection = await db.Inspections.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFound($"Inspection {id} does not exist.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, new RecordRef(RecordTypes.Inspection, inspection.OwningAgencyId, inspection.Marking, inspection.Caveats, id.ToString()), breakGlass, ct);
        return SharedReads.View(await ViewAsync(db, inspection, ct), decision);
    }

    /// <summary>Inspections the actor may see (the policy's filter), newest first.</summary>
    public static async Task<List<InspectionView>> ListAsync(CordonDb db, AccessPolicy policy, Guid? declarationId, string? status, CancellationToken ct = default)
    {
        var q = policy.Filter(db.Inspections.AsNoTracking(), RecordTypes.Inspection);
        if (declarationId is { } d)
        {
            q = q.Where(i => i.DeclarationId == d);
        }
        if (status is not null)
        {
            if (!EnumText.TryParse<InspectionStatus>(status, out var s))
            {
                throw ValidationFailed.Field("status", $"Use one of: {EnumText.Choices<InspectionStatus>()}.");
            }
            q = q.Where(i => i.Status == s);
        }
        var rows = await q.OrderByDescending(i => i.CreatedAt).Take(500).ToListAsync(ct);
        var released = await ReleasedAsync(db, rows.Select(r => r.DeclarationId), ct);
        return rows.Select(r => Redacted(policy, r, released.Contains(r.DeclarationId))).ToList();
    }

    private static InspectionView Redacted(AccessPolicy policy, Inspection i, bool released)
    {
        var view = ToView(i, released);
        if (i.OwningAgencyId == policy.Actor.AgencyId)
        {
            return view;
        }
        var decision = policy.Decide(new RecordRef(RecordTypes.Inspection, i.OwningAgencyId, i.Marking, i.Caveats, i.Id.ToString()));
        return decision.RedactedFields.Count == 0 ? view : System.Text.Json.JsonSerializer.Deserialize<InspectionView>(SharedReads.View(view, decision), StoredValues.Json)!;
    }

    private static async Task<HashSet<Guid>> ReleasedAsync(CordonDb db, IEnumerable<Guid> declarations, CancellationToken ct)
    {
        var ids = declarations.Distinct().ToList();
        return (await db.DeclarationReleases.AsNoTracking().Where(r => ids.Contains(r.DeclarationId)).Select(r => r.DeclarationId).ToListAsync(ct)).ToHashSet();
    }

    internal static async Task<InspectionView> ViewAsync(CordonDb db, Inspection i, CancellationToken ct)
        => ToView(i, await db.DeclarationReleases.AsNoTracking().AnyAsync(r => r.DeclarationId == i.DeclarationId, ct));

    internal static InspectionView ToView(Inspection i, bool released) => new(
        i.Id, i.Reference, i.DeclarationId, i.DeclarationNumber, i.Office, i.Lane.Name(), i.Origin.Kebab(), i.Reason, i.Types.ToArray(), i.Officers.ToArray(),
        i.Status.Kebab(), i.StartedAt, i.EndedAt, i.Findings,
        i.HasOutcome ? new InspectionOutcomeView(i.Irregular ?? false, i.IrregularityKinds.ToArray(), i.RevenueRaised, i.Adjustments, i.Decision!.Value.Kebab(), i.OutcomeRecordedAt!.Value, i.OutcomeRecordedBy) : null,
        i.CaseId, i.OwningAgencyId, i.Marking.Label(), i.Version, released);
}
