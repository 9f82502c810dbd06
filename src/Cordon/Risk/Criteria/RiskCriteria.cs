using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Language;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Criteria;

/// <summary>What an analyst sends to create or change a criterion. Null fields keep their current value on an update.</summary>
public sealed record CriterionRequest(
    string? Name = null,
    string? Expression = null,
    string? Description = null,
    double? Weight = null,
    string? Lane = null,
    string? ReferTo = null,
    DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null,
    string? Status = null,
    string? Marking = null,
    // Owning agency code: needed only when the actor has no agency (the CLI) or an operator acts for one.
    string? Agency = null,
    // The version the change is based on; a stale one is refused (someone else changed it meanwhile).
    int? ExpectedVersion = null,
    string? Note = null,
    // On an update: remove these actions ("weight", "lane", "referTo") and validity bounds ("validFrom", "validTo").
    string[]? Clear = null,
    // What it judges: "declaration" (the default) or "traveller"; set at creation only.
    string? Subject = null);

public sealed record StatusRequest(string? Status, int? ExpectedVersion, string? Note);

public sealed record CriterionVersionView(
    int Version, string Name, string Description, string Expression, bool ItemLevel, double? Weight, string? Lane, string? ReferTo,
    DateOnly? ValidFrom, DateOnly? ValidTo, CriterionStatus Status, string Marking, string AuthorName, Guid? AuthorUserId,
    string? Note, DateTimeOffset CreatedAt)
{
    public static CriterionVersionView Of(RiskCriterionVersion v) => new(v.Version, v.Name, v.Description, v.Expression, v.ItemLevel, v.Weight,
        v.Lane?.Name(), v.ReferTo, v.ValidFrom, v.ValidTo, v.Status, v.Marking.Label(), v.AuthorName, v.AuthorUserId, v.Note, v.CreatedAt);
}

public sealed record CriterionView(
    Guid Id, string Name, string Description, string Expression, bool ItemLevel, double? Weight, string? Lane, string? ReferTo,
    DateOnly? ValidFrom, DateOnly? ValidTo, CriterionStatus Status, int Version, Guid OwningAgencyId, string Marking,
    string UpdatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<CriterionVersionView>? Versions = null)
{
    /// <summary>"declaration" or "traveller": what the criterion judges.</summary>
    public string Subject { get; init; } = CriterionRules.SubjectName(CriterionSubject.Declaration);

    public static CriterionView Of(RiskCriterion c, IReadOnlyList<CriterionVersionView>? versions = null) => new(c.Id, c.Name, c.Description,
        c.Expression, c.ItemLevel, c.Weight, c.Lane?.Name(), c.ReferTo, c.ValidFrom, c.ValidTo, c.Status, c.Version, c.OwningAgencyId,
        c.Marking.Label(), c.AuthorName, c.CreatedAt, c.UpdatedAt, versions) { Subject = CriterionRules.SubjectName(c.Subject) };

    /// <summary>The actions as one line: "score +20, lane red, refer NBP"; on travellers "secondary inspection" or "refer NIS".</summary>
    public string ActionsText => Subject == CriterionRules.SubjectName(CriterionSubject.Traveller) && ReferTo is null
        ? "secondary inspection" : CriterionRules.Describe(Weight, Lane, ReferTo);
}

public static class CriterionRules
{
    public static string SubjectName(CriterionSubject subject) => subject == CriterionSubject.Traveller ? "traveller" : "declaration";

    public static bool TryParseSubject(string? text, out CriterionSubject subject)
    {
        subject = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "declaration" or "declarations" => CriterionSubject.Declaration,
            "traveller" or "travellers" or "traveler" or "travelers" => CriterionSubject.Traveller,
            _ => (CriterionSubject)(-1),
        };
        return Enum.IsDefined(subject);
    }

    /// <summary>The schema a criterion's expression is written against.</summary>
    public static RiskSchema Schema(CriterionSubject subject) => subject == CriterionSubject.Traveller ? RiskSchema.Travellers : RiskSchema.Declarations;

    public const int MaxName = 120;
    public const int MaxDescription = 2_000;
    public const int MaxNote = 500;
    public const double MaxWeight = 1_000;

    /// <summary>Writers: analysts and supervisors of the owning agency, and operators.</summary>
    public const Roles Writers = Roles.Analyst | Roles.Supervisor | Roles.Operator;

    /// <summary>Which status may follow which. Retired is final: a retired criterion is copied into a new one, not revived.</summary>
    public static bool CanMove(CriterionStatus from, CriterionStatus to) => (from, to) switch
    {
        _ when from == to => true,
        (CriterionStatus.Draft, _) => true,
        (CriterionStatus.Shadow, _) => true,
        (CriterionStatus.Active, CriterionStatus.Shadow or CriterionStatus.Retired) => true,
        _ => false,
    };

    public static string Describe(double? weight, string? lane, string? referTo)
    {
        var parts = new List<string>();
        if (weight is { } w)
        {
            parts.Add($"score {(w >= 0 ? "+" : "")}{w.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}");
        }
        if (lane is not null)
        {
            parts.Add($"lane {lane}");
        }
        if (referTo is not null)
        {
            parts.Add($"refer {referTo}");
        }
        return string.Join(", ", parts);
    }

    public static bool TryParseStatus(string? text, out CriterionStatus status)
    {
        status = CriterionStatus.Draft;
        return EnumText.TryParse(text, out status);
    }

}

/// <summary>
/// Risk criteria as stored, versioned records. Every change — content or status — writes a new
/// immutable version with its author and time and updates the head record; nothing is overwritten.
/// Saving refuses an expression that does not parse or type-check, with the position.
/// </summary>
public static class RiskCriteria
{
    /// <summary>Criteria the actor may see: the own agency's; an operator sees all.</summary>
    public static IQueryable<RiskCriterion> Visible(CordonDb db, Actor actor)
        => actor.IsOperator ? db.RiskCriteria : db.RiskCriteria.Where(c => c.OwningAgencyId == actor.AgencyId);

    public static async Task<List<CriterionView>> ListAsync(CordonDb db, Actor actor, CriterionStatus? status = null, string? agency = null, CancellationToken ct = default)
    {
        var query = Visible(db, actor).AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var agencyId = await AgencyIdAsync(db, agency, "agency", ct);
            query = query.Where(c => c.OwningAgencyId == agencyId);
        }
        return (await query.ToListAsync(ct)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => CriterionView.Of(c)).ToList();
    }

    public static async Task<CriterionView> GetAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var criterion = await FindAsync(db, actor, id, ct);
        var versions = await db.RiskCriterionVersions.AsNoTracking().Where(v => v.CriterionId == id).ToListAsync(ct);
        return CriterionView.Of(criterion, versions.OrderByDescending(v => v.Version).Select(CriterionVersionView.Of).ToList());
    }

    /// <summary>Finds by id, or by name within the actor's agency (or <paramref name="agency"/>).</summary>
    public static async Task<CriterionView> GetAsync(CordonDb db, Actor actor, string idOrName, string? agency = null, CancellationToken ct = default)
        => await GetAsync(db, actor, await ResolveAsync(db, actor, idOrName, agency, ct), ct);

    public static async Task<Guid> ResolveAsync(CordonDb db, Actor actor, string idOrName, string? agency, CancellationToken ct)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return id;
        }
        var query = Visible(db, actor).AsNoTracking().Where(c => c.Name == idOrName);
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var agencyId = await AgencyIdAsync(db, agency, "agency", ct);
            query = query.Where(c => c.OwningAgencyId == agencyId);
        }
        var ids = await query.Select(c => c.Id).ToListAsync(ct);
        return ids.Count switch
        {
            1 => ids[0],
            0 => throw new NotFound($"No risk criterion named '{idOrName}' that you may see."),
            _ => throw new Conflict($"Several agencies have a criterion named '{idOrName}': name the agency."),
        };
    }

    public static async Task<CriterionVersionView> GetVersionAsync(CordonDb db, Actor actor, Guid id, int version, CancellationToken ct = default)
    {
        await FindAsync(db, actor, id, ct);
        var v = await db.RiskCriterionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.CriterionId == id && v.Version == version, ct)
                ?? throw new NotFound($"Risk criterion {id} has no version {version}.");
        return CriterionVersionView.Of(v);
    }

    public static async Task<CriterionView> CreateAsync(CordonDb db, Actor actor, CriterionRequest request, CancellationToken ct = default)
    {
        RequireWriter(actor);
        var errors = new FieldErrors();
        Guid agencyId;
        if (!string.IsNullOrWhiteSpace(request.Agency))
        {
            agencyId = await AgencyIdAsync(db, request.Agency, "agency", ct);
            if (!actor.IsOperator && agencyId != actor.AgencyId)
            {
                throw new Forbidden("You may only write criteria owned by your own agency.");
            }
        }
        else if (actor.AgencyId is { } own)
        {
            agencyId = own;
        }
        else
        {
            throw ValidationFailed.Field("agency", "Name the agency that owns the criterion (its code).");
        }
        var status = CriterionStatus.Draft;
        if (request.Status is not null && !CriterionRules.TryParseStatus(request.Status, out status))
        {
            errors.Add("status", $"Unknown status '{request.Status}': draft, shadow, active or retired.");
        }
        else if (status == CriterionStatus.Retired)
        {
            errors.Add("status", "A new criterion cannot start retired.");
        }
        if (!CriterionRules.TryParseSubject(request.Subject, out var subject))
        {
            // The rest is judged against the subject's schema: nothing more can be said without one.
            throw ValidationFailed.Field("subject", $"Unknown subject '{request.Subject}': declaration or traveller.");
        }
        var criterion = new RiskCriterion
        {
            CreatedAt = db.Clock.GetUtcNow(), UpdatedAt = db.Clock.GetUtcNow(),
            OwningAgencyId = agencyId,
            Name = request.Name?.Trim() ?? "",
            Expression = request.Expression ?? "",
            Subject = subject,
            Description = request.Description?.Trim() ?? "",
            Weight = request.Weight,
            ReferTo = request.ReferTo,
            ValidFrom = request.ValidFrom,
            ValidTo = request.ValidTo,
            Status = status,
            AuthorUserId = actor.UserId,
            AuthorName = actor.Name,
            Note = string.IsNullOrWhiteSpace(request.Note) ? "Created." : request.Note.Trim(),
        };
        ApplyLaneAndMarking(criterion, request, errors);
        await ValidateAsync(db, criterion, errors, ct);
        errors.ThrowIfAny();
        db.RiskCriteria.Add(criterion);
        db.RiskCriterionVersions.Add(Snapshot(criterion));
        await SaveAsync(db, ct);
        Scoring.RiskScoring.Invalidate(criterion.OwningAgencyId);
        return await GetAsync(db, actor, criterion.Id, ct);
    }

    /// <summary>Writes a new version with the given changes. Saving the same content again changes nothing (idempotent).</summary>
    public static async Task<CriterionView> UpdateAsync(CordonDb db, Actor actor, Guid id, CriterionRequest request, CancellationToken ct = default)
    {
        RequireWriter(actor);
        var criterion = await FindAsync(db, actor, id, ct, tracking: true);
        RequireOwnAgency(actor, criterion);
        CheckExpectedVersion(criterion, request.ExpectedVersion);
        if (criterion.Status == CriterionStatus.Retired)
        {
            throw new Conflict($"Risk criterion '{criterion.Name}' is retired and cannot be changed; create a new one instead.");
        }
        if (!string.IsNullOrWhiteSpace(request.Agency) && await AgencyIdAsync(db, request.Agency, "agency", ct) != criterion.OwningAgencyId)
        {
            throw ValidationFailed.Field("agency", "The owning agency of a criterion cannot be changed.");
        }
        var errors = new FieldErrors();
        if (request.Subject is not null && (!CriterionRules.TryParseSubject(request.Subject, out var subject) || subject != criterion.Subject))
        {
            errors.Add("subject", $"What a criterion judges (declarations or travellers) is fixed when it is created: write a new criterion instead of changing '{criterion.Name}'.");
        }
        var next = new RiskCriterion { CreatedAt = db.Clock.GetUtcNow(), UpdatedAt = db.Clock.GetUtcNow(), Name = criterion.Name, Expression = criterion.Expression, AuthorName = actor.Name };
        next.CopyContentFrom(criterion);
        var clear = (request.Clear ?? []).Select(c => c.Trim().ToLowerInvariant()).ToHashSet();
        foreach (var unknown in clear.Except(["weight", "lane", "referto", "validfrom", "validto"]))
        {
            errors.Add("clear", $"Cannot clear '{unknown}': only weight, lane, referTo, validFrom, validTo.");
        }
        next.Name = request.Name?.Trim() ?? next.Name;
        next.Expression = request.Expression ?? next.Expression;
        next.Description = request.Description?.Trim() ?? next.Description;
        next.Weight = clear.Contains("weight") ? null : request.Weight ?? next.Weight;
        next.ReferTo = clear.Contains("referto") ? null : request.ReferTo ?? next.ReferTo;
        next.ValidFrom = clear.Contains("validfrom") ? null : request.ValidFrom ?? next.ValidFrom;
        next.ValidTo = clear.Contains("validto") ? null : request.ValidTo ?? next.ValidTo;
        if (clear.Contains("lane"))
        {
            next.Lane = null;
        }
        ApplyLaneAndMarking(next, request, errors);
        if (request.Status is not null)
        {
            if (!CriterionRules.TryParseStatus(request.Status, out var status))
            {
                errors.Add("status", $"Unknown status '{request.Status}': draft, shadow, active or retired.");
            }
            else if (!CriterionRules.CanMove(criterion.Status, status))
            {
                errors.Add("status", $"{(criterion.Status == CriterionStatus.Active ? "An" : "A")} {criterion.Status.ToString().ToLowerInvariant()} criterion cannot become {status.ToString().ToLowerInvariant()}.");
            }
            else
            {
                next.Status = status;
            }
        }
        await ValidateAsync(db, next, errors, ct, criterion.Id);
        errors.ThrowIfAny();
        if (next.SameContentAs(criterion))
        {
            return await GetAsync(db, actor, id, ct);
        }
        next.Version = criterion.Version + 1;
        next.AuthorUserId = actor.UserId;
        next.AuthorName = actor.Name;
        next.Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        criterion.CopyContentFrom(next);
        criterion.UpdatedAt = db.Clock.GetUtcNow();
        db.RiskCriterionVersions.Add(Snapshot(criterion));
        await SaveAsync(db, ct);
        Scoring.RiskScoring.Invalidate(criterion.OwningAgencyId);
        return await GetAsync(db, actor, id, ct);
    }

    public static Task<CriterionView> SetStatusAsync(CordonDb db, Actor actor, Guid id, StatusRequest request, CancellationToken ct = default)
    {
        if (request.Status is null)
        {
            throw ValidationFailed.Field("status", "Status is required: draft, shadow, active or retired.");
        }
        return UpdateAsync(db, actor, id, new CriterionRequest(Status: request.Status, ExpectedVersion: request.ExpectedVersion, Note: request.Note), ct);
    }

    /// <summary>The criteria of an agency that run on live declarations (active and shadow), compiled.</summary>
    public static Task<CriteriaSet> LiveSetAsync(CordonDb db, Guid agencyId, CancellationToken ct = default)
        => LiveSetAsync(db, agencyId, CriterionSubject.Declaration, ct);

    /// <summary>The criteria of an agency that run on live declarations or travellers (active and shadow), compiled.</summary>
    public static async Task<CriteriaSet> LiveSetAsync(CordonDb db, Guid agencyId, CriterionSubject subject, CancellationToken ct = default)
    {
        var criteria = await db.RiskCriteria.AsNoTracking()
            .Where(c => c.OwningAgencyId == agencyId && c.Subject == subject && (c.Status == CriterionStatus.Active || c.Status == CriterionStatus.Shadow))
            .ToListAsync(ct);
        return CriteriaSet.Compile(criteria.Select(c => c.ToDefinition(c.Id)), CriterionRules.Schema(subject));
    }

    private static async Task ValidateAsync(CordonDb db, CriterionContent c, FieldErrors errors, CancellationToken ct, Guid? self = null)
    {
        if (c.Name.Length is 0 or > CriterionRules.MaxName)
        {
            errors.Add("name", $"Name is required, at most {CriterionRules.MaxName} characters.");
        }
        else if (await db.RiskCriteria.AnyAsync(x => x.OwningAgencyId == c.OwningAgencyId && x.Name == c.Name && x.Id != self, ct))
        {
            errors.Add("name", $"Your agency already has a criterion named '{c.Name}'.");
        }
        if (c.Description.Length > CriterionRules.MaxDescription)
        {
            errors.Add("description", $"Description must be at most {CriterionRules.MaxDescription:N0} characters.");
        }
        if (c.Note?.Length > CriterionRules.MaxNote)
        {
            errors.Add("note", $"Note must be at most {CriterionRules.MaxNote} characters.");
        }
        if (string.IsNullOrWhiteSpace(c.Expression))
        {
            errors.Add("expression", "Expression is required.");
        }
        else
        {
            var check = RiskExpression.Check(c.Expression, CriterionRules.Schema(c.Subject));
            foreach (var e in check.Errors)
            {
                errors.Add("expression", e.ToString());
            }
            c.ItemLevel = check.ItemLevel;
        }
        if (c.Weight is { } w && (!double.IsFinite(w) || Math.Abs(w) > CriterionRules.MaxWeight))
        {
            errors.Add("weight", $"Weight must be a number between -{CriterionRules.MaxWeight:N0} and {CriterionRules.MaxWeight:N0}.");
        }
        if (c.ReferTo is not null)
        {
            c.ReferTo = c.ReferTo.Trim().ToUpperInvariant();
            if (!await db.Agencies.AnyAsync(a => a.Code == c.ReferTo, ct))
            {
                errors.Add("referTo", $"There is no agency with code '{c.ReferTo}' to refer to.");
            }
        }
        if (c.Subject == CriterionSubject.Traveller)
        {
            // A traveller gets no score or lane: a criterion that fires sends them to secondary inspection, or alerts the agency it refers to.
            if (c.Weight is not null)
            {
                errors.Add("weight", "A criterion on travellers has no score weight: it sends the traveller to secondary inspection, or refers them to an agency.");
            }
            if (c.Lane is not null)
            {
                errors.Add("lane", "A criterion on travellers has no lane: it sends the traveller to secondary inspection, or refers them to an agency.");
            }
        }
        else if (c.Weight is null && c.Lane is null && c.ReferTo is null)
        {
            errors.Add("actions", "A criterion needs at least one action: a score weight, a lane, or an agency to refer to.");
        }
        if (c.ValidFrom is { } from && c.ValidTo is { } to && to < from)
        {
            errors.Add("validTo", $"Valid-to ({to:yyyy-MM-dd}) is before valid-from ({from:yyyy-MM-dd}).");
        }
    }

    private static void ApplyLaneAndMarking(CriterionContent c, CriterionRequest request, FieldErrors errors)
    {
        if (request.Lane is not null)
        {
            if (LaneText.TryParse(request.Lane, out var lane))
            {
                c.Lane = lane;
            }
            else
            {
                errors.Add("lane", $"Unknown lane '{request.Lane}': green, yellow, red or blue.");
            }
        }
        if (request.Marking is not null)
        {
            if (TlpText.TryParse(request.Marking, out var marking))
            {
                c.Marking = marking;
            }
            else
            {
                errors.Add("marking", $"Unknown marking '{request.Marking}': TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
            }
        }
    }

    private static RiskCriterionVersion Snapshot(RiskCriterion c)
    {
        var v = new RiskCriterionVersion { CriterionId = c.Id, Name = c.Name, Expression = c.Expression, AuthorName = c.AuthorName, CreatedAt = c.UpdatedAt };
        v.CopyContentFrom(c);
        return v;
    }

    private static async Task<RiskCriterion> FindAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct, bool tracking = false)
    {
        var query = Visible(db, actor);
        if (!tracking)
        {
            query = query.AsNoTracking();
        }
        return await query.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFound($"No risk criterion {id} that you may see.");
    }

    private static void CheckExpectedVersion(RiskCriterion c, int? expected)
    {
        if (expected is { } v && v != c.Version)
        {
            throw new Conflict($"Risk criterion '{c.Name}' is at version {c.Version}, not {v}: someone changed it meanwhile. Reload and apply your change again.");
        }
    }

    private static void RequireWriter(Actor actor)
    {
        if ((actor.Roles & CriterionRules.Writers) == 0)
        {
            throw new Forbidden("Only analysts, supervisors and operators may write risk criteria.");
        }
    }

    private static void RequireOwnAgency(Actor actor, RiskCriterion c)
    {
        if (!actor.IsOperator && c.OwningAgencyId != actor.AgencyId)
        {
            throw new Forbidden("You may only change criteria owned by your own agency.");
        }
    }

    private static async Task<Guid> AgencyIdAsync(CordonDb db, string code, string field, CancellationToken ct)
    {
        var normalised = code.Trim().ToUpperInvariant();
        return await db.Agencies.Where(a => a.Code == normalised).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
               ?? throw ValidationFailed.Field(field, $"There is no agency with code '{code}'.");
    }

    private static async Task SaveAsync(CordonDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            // The unique (criterion, version) or (agency, name) index: another writer got there first.
            throw new Conflict("The criterion was changed or created by someone else at the same time. Reload and try again.");
        }
    }
}
