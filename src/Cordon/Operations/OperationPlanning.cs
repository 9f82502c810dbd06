using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations;

public sealed record QualificationInput(string? User, string? Kind, DateTimeOffset? ValidUntil, string? Evidence);

public sealed record OperationInput(
    string? Name, string[]? Participants, string[]? Objectives, JsonElement? Area, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    Guid? LegalBasisAgreementId, List<CommsChannel>? CommsPlan, string? Marking = null, string? Status = null);

public sealed record OperationView(
    Guid Id, string Name, string LeadAgency, string[] Participants, string[] Objectives, JsonElement Area, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Guid? LegalBasisAgreementId, string? LegalBasis, List<CommsChannel> CommsPlan, OperationStatus Status, string Marking)
{
    /// <summary>Qualifications every member of a patrol in the operation needs (kebab names).</summary>
    public string[] Needs { get; init; } = [];

    /// <summary>Whether a member lacking one refuses the plan (else a warning).</summary>
    public bool NeedsRefuse { get; init; }
}

public sealed record TeamMemberInput(string? User, string? Duty);

public sealed record PatrolInput(string? Name, JsonElement? Area, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, List<TeamMemberInput>? Team, string[]? Assets, string? Marking = null, string? Kind = null, string? Unit = null)
{
    /// <summary>The unit of the planning agency that runs the patrol: null for the planner's own unit, blank for none.</summary>
    public string? Unit { get; init; } = Unit;
}

public sealed record TeamMemberView(string User, string Agency, string? Duty);

public sealed record PatrolView(Guid Id, Guid OperationId, string Name, JsonElement Area, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Countries, List<TeamMemberView>? Team, List<string> Assets, string Agency, string Marking)
{
    /// <summary>"area" (polygons) or "route" (lines along which the patrol runs).</summary>
    public string Shape { get; init; } = "area";

    /// <summary>Fields an agreement removed from this other agency's patrol (the team is personal data).</summary>
    public string[] Redacted { get; init; } = [];

    /// <summary>The planning agency's patrol kind, whose needed qualifications every member was checked against.</summary>
    public string? Kind { get; init; }

    /// <summary>The unit of the planning agency that runs the patrol, if any.</summary>
    public string? Unit { get; init; }

    /// <summary>On planning: members lacking a qualification the patrol needs (by its kind, operation or a procedure), where that source warns rather than refuses (by field, English).</summary>
    public IReadOnlyDictionary<string, string[]> Warnings => WarningWordings.ToDictionary(w => w.Key, w => w.Value.Select(m => m.ToString()).ToArray(), StringComparer.Ordinal);

    /// <summary>The warnings as templates and arguments, for the plan page to say in the reader's language.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Wording[]> WarningWordings { get; init; } = new Dictionary<string, Wording[]>();
}

/// <summary>The shared view of a qualification: <c>user</c> and <c>evidence</c> name and identify an officer (personal fields).</summary>
public sealed record QualificationView(Guid Id, string? User, string Kind, DateTimeOffset ValidUntil, string? Evidence, bool Expired, bool ExpiresSoon);

/// <summary>
/// Limits the planning checks enforce (configurable: Operations:MinimumRestHours), and how far either side
/// of a patrol route counts as patrolled in border coverage (Operations:RouteCoverageKm).
/// </summary>
public sealed record PlanningRules(TimeSpan MinimumRest, double RouteCoverMetres = BorderCoverage.DefaultRouteCoverMetres)
{
    public static readonly PlanningRules Default = new(TimeSpan.FromHours(11));
}

/// <summary>
/// Planning joint operations and their patrols. A patrol is refused, with every reason at once and the
/// field it concerns, when an officer lacks (or has let expire) the qualification their duty needs, an
/// asset has nobody qualified to run it, a person or asset is booked twice, rest between shifts falls
/// below the minimum, or the area enters another country without an agreement in force that allows it.
/// </summary>
public static class OperationPlanning
{
    public const string ToolName = "operations";

    public static async Task<OperationView> CreateAsync(CordonDb db, Actor actor, OperationInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var lead = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can lead an operation.");
        if (!actor.Has(Roles.Officer) && !actor.Has(Roles.Supervisor))
        {
            throw new Forbidden("Planning operations needs the officer or supervisor role.");
        }
        var errors = new FieldErrors();
        var fields = await OperationLifecycle.ReadAsync(db, lead, input, errors, ct);
        var status = OperationStatus.Planned;
        if (input.Status is not null && !EnumText.TryParse(input.Status, out status))
        {
            errors.Add("status", "is one of planned, active, closed.");
        }
        if (status == OperationStatus.Active && fields is not null)
        {
            // Created active: the same rules as activating a planned one.
            await OperationLifecycle.CheckActivationAsync(db, lead, fields.Participants, fields.Basis, fields.EndsAt, now, errors, ct);
        }
        if (status == OperationStatus.Closed)
        {
            errors.Add("status", "a new operation is planned or active, not closed.");
        }
        errors.ThrowIfAny();
        var participants = fields!.Participants;
        var basis = fields.Basis;
        var marking = fields.Marking;

        var operation = new Operation
        {
            CreatedAt = now,
            Name = input.Name!.Trim(),
            OwningAgencyId = lead,
            Marking = marking,
            Participants = participants,
            Objectives = fields.Objectives,
            AreaGeoJson = fields.AreaGeoJson,
            StartsAt = fields.StartsAt,
            EndsAt = fields.EndsAt,
            LegalBasisAgreementId = basis?.Id,
            CommsPlan = fields.CommsPlan,
            Status = status,
            CreatedBy = actor.UserId,
        };
        db.Operations.Add(operation);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "operation.create")
        {
            RecordType = RecordTypes.Operation,
            RecordId = operation.Id.ToString(),
            RecordAgencyId = lead,
            Details = new { operation.Name, participants, operation.StartsAt, operation.EndsAt, legalBasis = basis?.Id },
        });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, operation, ct);
    }

    public static async Task<OperationView> ViewAsync(CordonDb db, Operation o, CancellationToken ct)
    {
        var lead = await db.Agencies.Where(a => a.Id == o.OwningAgencyId).Select(a => a.Code).FirstAsync(ct);
        var basis = o.LegalBasisAgreementId is { } id ? await db.SharingAgreements.Where(a => a.Id == id).Select(a => a.Title).FirstOrDefaultAsync(ct) : null;
        using var area = JsonDocument.Parse(o.AreaGeoJson);
        return new OperationView(o.Id, o.Name, lead, o.Participants, o.Objectives, area.RootElement.Clone(), o.StartsAt, o.EndsAt,
            o.LegalBasisAgreementId, basis, o.CommsPlan, o.Status, o.Marking.Label()) { Needs = o.Needs, NeedsRefuse = o.NeedsRefuse };
    }

    /// <summary>The operation if the policy lets the actor read it (its lead or participants via an agreement).</summary>
    public static async Task<Operation> ReadableAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct)
    {
        var operation = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFound($"No operation {id}.");
        await SharedReads.AuthorizeAsync(db, policy, new RecordRef(RecordTypes.Operation, operation.OwningAgencyId, operation.Marking, Caveats.None, id.ToString()), ct: ct);
        return operation;
    }

    /// <summary>
    /// Plans a patrol of an operation the actor's agency takes part in, in steps: the period and the territory, the team
    /// (who, duties valid through the shift, no clash or short rest), the qualifications its kind, operation and procedures
    /// need, the assets (shared, in service, run by someone on duty, not booked elsewhere), then the patrol with its
    /// assignments, bookings and audit entry. Every refusal of every step is reported at once; nothing is stored unless all pass.
    /// </summary>
    public static async Task<PatrolView> PlanPatrolAsync(CordonDb db, Actor actor, AccessPolicy policy, Guid operationId, PatrolInput input, PlanningRules rules, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can plan patrols.");
        var operation = await ReadableAsync(db, policy, operationId, ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        if (!operation.Participants.Contains(agencies[agency].Code))
        {
            throw new Forbidden($"{agencies[agency].Code} does not take part in operation '{operation.Name}'.");
        }
        if (operation.Status == OperationStatus.Closed)
        {
            throw new Conflict($"Operation '{operation.Name}' is closed.");
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required.");
        }
        if (input.StartsAt is not { } start || input.EndsAt is not { } end || end <= start)
        {
            errors.Add("endsAt", "startsAt and endsAt are required, endsAt after startsAt.");
            errors.ThrowIfAny();
            return null!;
        }
        if (start < operation.StartsAt || end > operation.EndsAt)
        {
            errors.Add("startsAt", $"the patrol must lie within the operation's period {operation.StartsAt:yyyy-MM-dd HH:mm} – {operation.EndsAt:yyyy-MM-dd HH:mm} UTC.");
        }
        var areaJson = input.Area is { ValueKind: JsonValueKind.Object } a ? a.GetRawText() : operation.AreaGeoJson;
        // An area, or a route (a line along the border): either is checked against the territories it enters.
        var area = GeoArea.ParseAreaOrRoute(areaJson);
        var countries = PatrolCountries(area);
        await CheckTerritoryAsync(db, operation, agencies[agency].Country, countries, start, end, agencies, errors, ct, area.IsRoute ? area : null);

        var (users, duties, qualifications) = await CheckTeamAsync(db, operation, agencies, input.Team ?? [], start, end, rules, errors, ct);
        var warnings = new FieldErrors();
        var (patrolKind, unit) = await CheckNeedsAsync(db, actor, operation, agencies, agency, input, users, qualifications, start, end, errors, warnings, ct);
        var assets = await CheckAssetsAsync(db, policy, operation, agencies, agency, input.Assets ?? [], duties, start, end, errors, ct);
        var marking = ParseMarking(input.Marking, operation.Marking, errors);
        errors.ThrowIfAny();

        var patrol = new Patrol
        {
            CreatedAt = db.Clock.GetUtcNow(),
            OperationId = operation.Id,
            Name = input.Name!.Trim(),
            AreaGeoJson = areaJson,
            StartsAt = start,
            EndsAt = end,
            Countries = countries,
            OwningAgencyId = agency,
            Marking = marking,
            CreatedBy = actor.UserId,
            Kind = patrolKind?.Name,
            Unit = unit,
        };
        db.Patrols.Add(patrol);
        foreach (var (user, duty) in duties)
        {
            db.PatrolAssignments.Add(new PatrolAssignment { PatrolId = patrol.Id, UserId = user.Id, UserAgencyId = user.AgencyId, Duty = duty, StartsAt = start, EndsAt = end });
        }
        foreach (var asset in assets.Values)
        {
            db.PatrolAssetBookings.Add(new PatrolAssetBooking { PatrolId = patrol.Id, AssetId = asset.Id, StartsAt = start, EndsAt = end });
            // The asset's history shows where it was planned, beside its status changes.
            var planned = $"{patrol.Name} ({operation.Name}) {start:yyyy-MM-dd HH:mm}–{end:yyyy-MM-dd HH:mm} UTC";
            db.AssetChanges.Add(new AssetChange { AssetId = asset.Id, At = patrol.CreatedAt, By = actor.Name, Field = "patrol", To = planned.Length > 300 ? planned[..300] : planned });
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "patrol.plan")
        {
            RecordType = RecordTypes.Patrol,
            RecordId = patrol.Id.ToString(),
            RecordAgencyId = agency,
            Details = new { operation = operation.Id, patrol.Name, start, end, team = duties.Select(d => d.User.UserName), assets = assets.Keys, countries, unit },
        });
        await db.SaveChangesAsync(ct);
        return (await PatrolsAsync(db, policy, operation.Id, patrol.Id, ct)).Single() with { WarningWordings = warnings.Wordings };
    }

    /// <summary>Team: who they are, that their duty's qualification is valid for the whole shift, and no clash or short rest.</summary>
    private static async Task<(Dictionary<string, User> Users, List<(User User, QualificationKind? Duty)> Duties, List<Qualification> Qualifications)> CheckTeamAsync(
        CordonDb db, Operation operation, Dictionary<Guid, Agency> agencies, List<TeamMemberInput> team, DateTimeOffset start, DateTimeOffset end,
        PlanningRules rules, FieldErrors errors, CancellationToken ct)
    {
        if (team.Count == 0)
        {
            errors.Add("team", "a patrol needs at least one officer.");
        }
        var userNames = team.Select(t => (t.User ?? "").Trim()).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userNames.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, ct);
        var userIds = users.Values.Select(u => u.Id).ToList();
        // Checking a partner's officer's qualifications and shifts is part of planning the joint patrol:
        // only the refusal reason leaves this method, never the records themselves.
        var qualifications = await db.Qualifications.AsNoTracking().Where(q => userIds.Contains(q.UserId)).ToListAsync(ct);
        var window = start - rules.MinimumRest;
        var windowEnd = end + rules.MinimumRest;
        var shifts = await db.PatrolAssignments.AsNoTracking()
            .Where(s => userIds.Contains(s.UserId) && s.StartsAt < windowEnd && s.EndsAt > window)
            .Join(db.Patrols, s => s.PatrolId, p => p.Id, (s, p) => new { s.UserId, s.StartsAt, s.EndsAt, p.Name })
            .ToListAsync(ct);
        var duties = new List<(User User, QualificationKind? Duty)>();
        for (var i = 0; i < team.Count; i++)
        {
            var field = $"team[{i}]";
            if (!users.TryGetValue(userNames[i], out var user))
            {
                errors.Add($"{field}.user", $"'{userNames[i]}' is not a known user.");
                continue;
            }
            if (!operation.Participants.Contains(agencies[user.AgencyId].Code))
            {
                errors.Add($"{field}.user", $"{user.UserName} belongs to {agencies[user.AgencyId].Code}, which does not take part in the operation.");
            }
            if (duties.Any(d => d.User.Id == user.Id))
            {
                errors.Add($"{field}.user", $"{user.UserName} is on the team twice.");
            }
            QualificationKind? duty = null;
            if (!string.IsNullOrWhiteSpace(team[i].Duty))
            {
                if (!EnumText.TryParse<QualificationKind>(team[i].Duty, out var kind))
                {
                    errors.Add($"{field}.duty", $"'{team[i].Duty}' is not a duty; use one of {string.Join(", ", Enum.GetValues<QualificationKind>().Select(k => k.Kebab()))}.");
                }
                else
                {
                    duty = kind;
                    RequireValidThrough(qualifications, user, kind, start, end, $"{field}.duty", errors);
                }
            }
            duties.Add((user, duty));
            foreach (var other in shifts.Where(s => s.UserId == user.Id))
            {
                if (other.StartsAt < end && other.EndsAt > start)
                {
                    errors.Add($"{field}.user", $"{user.UserName} is already booked on patrol '{other.Name}' {other.StartsAt:yyyy-MM-dd HH:mm}–{other.EndsAt:HH:mm} UTC.");
                }
                else
                {
                    var rest = other.EndsAt <= start ? start - other.EndsAt : other.StartsAt - end;
                    errors.Add($"{field}.user", $"{user.UserName} would rest only {rest.TotalHours:0.#} h between this patrol and '{other.Name}' ({other.StartsAt:yyyy-MM-dd HH:mm}–{other.EndsAt:HH:mm} UTC); the minimum is {rules.MinimumRest.TotalHours:0.#} h.");
                }
            }
        }

        return (users, duties, qualifications);
    }

    /// <summary>
    /// Skills against needs: every member against each qualification the patrol's kind, its operation and the procedures governing
    /// its agency's patrols need, by the duty's rule; each source says whether a gap refuses the plan or warns. Also the patrol's kind and unit.
    /// </summary>
    private static async Task<(PatrolKind? Kind, string? Unit)> CheckNeedsAsync(CordonDb db, Actor actor, Operation operation, Dictionary<Guid, Agency> agencies,
        Guid agency, PatrolInput input, Dictionary<string, User> users, List<Qualification> qualifications, DateTimeOffset start, DateTimeOffset end,
        FieldErrors errors, FieldErrors warnings, CancellationToken ct)
    {
        var team = input.Team ?? [];
        var userNames = team.Select(t => (t.User ?? "").Trim()).ToList();
        PatrolKind? patrolKind = null;
        if (!string.IsNullOrWhiteSpace(input.Kind))
        {
            var kindName = input.Kind.Trim();
            patrolKind = await db.PatrolKinds.AsNoTracking().SingleOrDefaultAsync(k => k.OwningAgencyId == agency && k.Name == kindName, ct);
            if (patrolKind is null)
            {
                errors.Add("kind", $"'{kindName}' is not a patrol kind of {agencies[agency].Code}.");
            }
        }
        // No unit given: the planner's own; a blank one: none.
        var unit = input.Unit is null
            ? await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Unit).FirstOrDefaultAsync(ct)
            : await Units.SpelledAsAsync(db, agency, Units.Tidy(input.Unit), ct);
        if (unit is { Length: > Units.MaxLength })
        {
            errors.Add("unit", $"The unit of patrol '{input.Name?.Trim()}' must be at most {Units.MaxLength} characters, not {unit.Length}.");
        }
        var needs = await QualificationNeeds.OfPatrolAsync(db, operation, agencies[agency].Code, patrolKind, ct);
        for (var i = 0; i < team.Count; i++)
        {
            if (users.TryGetValue(userNames[i], out var member) && userNames.IndexOf(userNames[i]) == i)
            {
                foreach (var need in needs)
                {
                    RequireValidThrough(qualifications, member, need.Kind, start, end, $"team[{i}].qualifications", need.Refuse ? errors : warnings, need);
                }
            }
        }

        return (patrolKind, unit);
    }

    /// <summary>Assets: exist, the agency's own or shared with it under an agreement, in service, someone on duty to run them, not booked elsewhere.</summary>
    private static async Task<Dictionary<string, Asset>> CheckAssetsAsync(CordonDb db, AccessPolicy policy, Operation operation, Dictionary<Guid, Agency> agencies,
        Guid agency, string[] codes, List<(User User, QualificationKind? Duty)> duties, DateTimeOffset start, DateTimeOffset end, FieldErrors errors,
        CancellationToken ct)
    {
        var assetCodes = codes.Select(c => c.Trim()).ToList();
        var assets = await db.Assets.AsNoTracking().Where(x => assetCodes.Contains(x.Code)).ToDictionaryAsync(x => x.Code, ct);
        var assetIds = assets.Values.Select(x => x.Id).ToList();
        var bookings = await db.PatrolAssetBookings.AsNoTracking()
            .Where(b => assetIds.Contains(b.AssetId) && b.StartsAt < end && b.EndsAt > start)
            .Join(db.Patrols, b => b.PatrolId, p => p.Id, (b, p) => new { b.AssetId, b.StartsAt, b.EndsAt, p.Name })
            .ToListAsync(ct);
        for (var j = 0; j < assetCodes.Count; j++)
        {
            var field = $"assets[{j}]";
            // An asset of another agency that no agreement shares reads as unknown: its existence is not the planner's to learn.
            if (!assets.TryGetValue(assetCodes[j], out var asset) || (asset.OwningAgencyId != agency && !policy.Decide(AssetRegister.Ref(asset)).Allowed))
            {
                errors.Add(field, $"'{assetCodes[j]}' is not an asset of {agencies[agency].Code} nor one an agreement shares with it.");
                continue;
            }
            // Deployed is where it is now; whether that clashes with this patrol's window is the bookings' question below.
            if (asset.Status is not (AssetStatus.Available or AssetStatus.Deployed))
            {
                errors.Add(field, $"{asset.Code} is {asset.Status.Kebab()} and cannot be planned on a patrol.");
            }
            if (!operation.Participants.Contains(agencies[asset.OwningAgencyId].Code))
            {
                errors.Add(field, $"{asset.Code} belongs to {agencies[asset.OwningAgencyId].Code}, which does not take part in the operation.");
            }
            if (Asset.RequiredQualification(asset.Kind) is { } needed && !duties.Any(d => d.Duty == needed))
            {
                errors.Add(field, $"{asset.Kind.Kebab()} {asset.Code} needs a team member on duty as {needed.Kebab()}.");
            }
            foreach (var other in bookings.Where(b => b.AssetId == asset.Id))
            {
                errors.Add(field, $"{asset.Code} is already booked on patrol '{other.Name}' {other.StartsAt:yyyy-MM-dd HH:mm}–{other.EndsAt:HH:mm} UTC.");
            }
        }
        return assets;
    }

    /// <summary>
    /// The one rule for a qualification on a patrol, a duty's or one its kind, operation or a procedure needs: the holder's
    /// latest of that kind must be valid through the whole patrol, not only at its start. A need's refusal names its source.
    /// </summary>
    private static void RequireValidThrough(List<Qualification> qualifications, User user, QualificationKind kind, DateTimeOffset start, DateTimeOffset end,
        string field, FieldErrors errors, QualificationNeed? need = null)
    {
        var held = qualifications.Where(q => q.UserId == user.Id && q.Kind == kind).OrderByDescending(q => q.ValidUntil).FirstOrDefault();
        if (held is not null && held.ValidUntil >= end)
        {
            return;
        }
        var (who, what, by) = (user.UserName, kind.Kebab(), need?.By);
        if (held is null)
        {
            switch (need?.Source)
            {
                case null:
                    errors.Add(field, $"{who} is not qualified as {what}.");
                    break;
                case NeedSource.PatrolKind:
                    errors.Add(field, $"{who} is not qualified as {what}, which a '{by}' patrol needs.");
                    break;
                case NeedSource.Operation:
                    errors.Add(field, $"{who} is not qualified as {what}, which operation '{by}' needs.");
                    break;
                case NeedSource.Procedure:
                    errors.Add(field, $"{who} is not qualified as {what}, which procedure {by} needs.");
                    break;
            }
            return;
        }
        var until = held.ValidUntil;
        var expired = until <= start;
        switch (need?.Source)
        {
            case null:
                if (expired)
                {
                    errors.Add(field, $"{who}'s {what} qualification expired on {until:yyyy-MM-dd}.");
                }
                else
                {
                    errors.Add(field, $"{who}'s {what} qualification expires on {until:yyyy-MM-dd HH:mm}, before the patrol ends.");
                }
                break;
            case NeedSource.PatrolKind:
                if (expired)
                {
                    errors.Add(field, $"{who}'s {what} qualification, which a '{by}' patrol needs, expired on {until:yyyy-MM-dd}.");
                }
                else
                {
                    errors.Add(field, $"{who}'s {what} qualification, which a '{by}' patrol needs, expires on {until:yyyy-MM-dd HH:mm}, before the patrol ends.");
                }
                break;
            case NeedSource.Operation:
                if (expired)
                {
                    errors.Add(field, $"{who}'s {what} qualification, which operation '{by}' needs, expired on {until:yyyy-MM-dd}.");
                }
                else
                {
                    errors.Add(field, $"{who}'s {what} qualification, which operation '{by}' needs, expires on {until:yyyy-MM-dd HH:mm}, before the patrol ends.");
                }
                break;
            case NeedSource.Procedure:
                if (expired)
                {
                    errors.Add(field, $"{who}'s {what} qualification, which procedure {by} needs, expired on {until:yyyy-MM-dd}.");
                }
                else
                {
                    errors.Add(field, $"{who}'s {what} qualification, which procedure {by} needs, expires on {until:yyyy-MM-dd HH:mm}, before the patrol ends.");
                }
                break;
        }
    }

    /// <summary>
    /// The countries a patrol enters: those its area overlaps, or for a route those it runs inside of —
    /// a route touching or following a border line stays on its side; any stretch beyond it enters.
    /// </summary>
    public static string[] PatrolCountries(GeoArea shape)
    {
        var overlapping = Territory.Instance.CountriesOverlapping(shape);
        if (shape.IsRoute)
        {
            overlapping = overlapping.Where(c => Territory.Instance.Area(c) is { } land && shape.RouteMetresInside(land) > RouteToleranceMetres).ToList();
        }
        return overlapping.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Below this, a route's stretch inside a country is rounding at the border line, not a crossing.</summary>
    private const double RouteToleranceMetres = 1;

    private static async Task CheckTerritoryAsync(CordonDb db, Operation operation, string ownCountry, string[] countries, DateTimeOffset start, DateTimeOffset end,
        Dictionary<Guid, Agency> agencies, FieldErrors errors, CancellationToken ct, GeoArea? route = null)
    {
        var foreign = countries.Where(c => c != ownCountry).ToList();
        if (foreign.Count == 0)
        {
            return;
        }
        var basis = operation.LegalBasisAgreementId is { } id ? await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        foreach (var country in foreign)
        {
            var name = $"{country} ({Territory.Instance.Name(country)})";
            // A route says how far it runs across the border line, so the planner sees where to redraw it.
            var enters = route is null
                ? $"the patrol enters {name} territory"
                : $"the patrol route crosses the border into {name} territory ({route.RouteMetresInside(Territory.Instance.Area(country)!) / 1000:0.##} km of the route)";
            if (basis is null)
            {
                errors.Add("area", $"{enters} and the operation has no legal basis agreement allowing it.");
                continue;
            }
            var parties = new[] { basis.ProviderAgencyId, basis.RecipientAgencyId }.Select(p => agencies[p].Country);
            if (!parties.Contains(country))
            {
                errors.Add("area", $"{enters}; the legal basis agreement '{basis.Title}' has no party from {country}.");
            }
            else if (!basis.InForce(start) || !basis.InForce(end.AddTicks(-1)))
            {
                errors.Add("area", $"{enters}; the legal basis agreement '{basis.Title}' is not in force for the whole shift ({basis.Status.ToString().ToLowerInvariant()}, {basis.ValidFrom:yyyy-MM-dd}–{basis.ValidUntil:yyyy-MM-dd}).");
            }
        }
    }

    public static async Task<List<PatrolView>> PatrolsAsync(CordonDb db, AccessPolicy policy, Guid operationId, Guid? only = null, CancellationToken ct = default)
    {
        var patrols = await policy.Filter(db.Patrols.AsNoTracking(), RecordTypes.Patrol)
            .Where(p => p.OperationId == operationId && (only == null || p.Id == only)).OrderBy(p => p.StartsAt).ToListAsync(ct);
        var ids = patrols.Select(p => p.Id).ToList();
        var team = await db.PatrolAssignments.AsNoTracking().Where(a => ids.Contains(a.PatrolId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.PatrolId, u.UserName, a.UserAgencyId, a.Duty }).ToListAsync(ct);
        var assets = await db.PatrolAssetBookings.AsNoTracking().Where(b => ids.Contains(b.PatrolId))
            .Join(db.Assets, b => b.AssetId, x => x.Id, (b, x) => new { b.PatrolId, x.Code }).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        return patrols.Select(p =>
        {
            using var area = JsonDocument.Parse(p.AreaGeoJson);
            // Rows of other agencies get the same redaction a single read would.
            var redacted = policy.Decide(new RecordRef(RecordTypes.Patrol, p.OwningAgencyId, p.Marking, Caveats.None, p.Id.ToString())).RedactedFields;
            return new PatrolView(p.Id, p.OperationId, p.Name, area.RootElement.Clone(), p.StartsAt, p.EndsAt, p.Countries,
                redacted.Contains("team") ? null : team.Where(t => t.PatrolId == p.Id).Select(t => new TeamMemberView(t.UserName, codes[t.UserAgencyId], t.Duty?.Kebab())).ToList(),
                assets.Where(x => x.PatrolId == p.Id).Select(x => x.Code).ToList(), codes[p.OwningAgencyId], p.Marking.Label())
            {
                Redacted = redacted.Order(StringComparer.Ordinal).ToArray(),
                Shape = IsRoute(area.RootElement) ? "route" : "area",
                Kind = p.Kind,
                Unit = p.Unit,
            };
        }).ToList();
    }

    /// <summary>Whether stored patrol GeoJSON is a route (its geometry or its first feature's is a line).</summary>
    internal static bool IsRoute(JsonElement json)
    {
        while (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var type))
        {
            switch (type.GetString())
            {
                case "LineString" or "MultiLineString":
                    return true;
                case "Feature" when json.TryGetProperty("geometry", out var g):
                    json = g;
                    continue;
                case "FeatureCollection" when json.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array && f.GetArrayLength() > 0:
                    json = f[0];
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>Qualifications the actor may see (own agency's, or shared), flagged when expired or expiring within 30 days.</summary>
    public static async Task<List<QualificationView>> QualificationsAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        var rows = await policy.Filter(db.Qualifications.AsNoTracking(), RecordTypes.Qualification)
            .Join(db.Users, q => q.UserId, u => u.Id, (q, u) => new { q, u.UserName }).ToListAsync(ct);
        return await SharedReads.ViewsAsync(db, policy, rows.OrderBy(r => r.q.ValidUntil),
            r => new RecordRef(RecordTypes.Qualification, r.q.OwningAgencyId, r.q.Marking, Caveats.None, r.q.Id.ToString()),
            r => new QualificationView(r.q.Id, r.UserName, r.q.Kind.Kebab(), r.q.ValidUntil, r.q.Evidence, r.q.ValidUntil < now, r.q.ValidUntil >= now && r.q.ValidUntil < now.AddDays(30)),
            "list", ct);
    }

    /// <summary>A qualification valid "until" a day is valid through the whole of that day (UTC).</summary>
    public static DateTimeOffset ValidThrough(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).AddTicks(-1);

    /// <summary>Who records qualifications (the page asks this too).</summary>
    public static bool MayRecordQualifications(Actor actor) => actor.Has(Roles.Supervisor) || actor.Has(Roles.AgencyAdmin) || actor.IsOperator;

    /// <summary>Who records training sessions (the page asks this too).</summary>
    public static bool MayRecordTraining(Actor actor) => actor.Has(Roles.Supervisor) || actor.Has(Roles.AgencyAdmin);

    public static async Task<QualificationView> GrantQualificationAsync(CordonDb db, Actor actor, string userName, string kind, DateTimeOffset validUntil, string? evidence, CancellationToken ct = default)
    {
        if (!MayRecordQualifications(actor))
        {
            throw new Forbidden("Recording qualifications needs the supervisor or agency-admin role.");
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct) ?? throw ValidationFailed.Field("user", $"'{userName}' is not a known user.");
        if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != user.AgencyId)
        {
            throw new Forbidden("Qualifications are recorded by the officer's own agency.");
        }
        if (!EnumText.TryParse<QualificationKind>(kind, out var k))
        {
            throw ValidationFailed.Field("kind", $"'{kind}' is not a qualification; use one of {string.Join(", ", Enum.GetValues<QualificationKind>().Select(x => x.Kebab()))}.");
        }
        var q = new Qualification { UserId = user.Id, Kind = k, ValidUntil = validUntil, Evidence = evidence, OwningAgencyId = user.AgencyId };
        db.Qualifications.Add(q);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "qualification.grant")
        {
            RecordType = RecordTypes.Qualification,
            RecordId = q.Id.ToString(),
            RecordAgencyId = user.AgencyId,
            Details = new { user = user.UserName, kind = k.Kebab(), validUntil, evidence },
        });
        await db.SaveChangesAsync(ct);
        return new QualificationView(q.Id, user.UserName, k.Kebab(), validUntil, evidence, false, false);
    }

    public sealed record TrainingInput(string? Title, DateTimeOffset? HeldAt, string? Trains, int? ValidForMonths, string[]? Participants, Guid? OperationId);

    /// <summary>
    /// Records a joint training session; when it trains a qualification, each participant gets it (or has it
    /// renewed) until held date + validity, with the session as evidence. Participants may be of any agency:
    /// the organising agency certifies what was trained.
    /// </summary>
    public static async Task<TrainingSession> RecordTrainingAsync(CordonDb db, Actor actor, TrainingInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency records training.");
        if (!MayRecordTraining(actor))
        {
            throw new Forbidden("Recording training needs the supervisor or agency-admin role.");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "is required.");
        }
        QualificationKind? trains = null;
        if (!string.IsNullOrWhiteSpace(input.Trains))
        {
            if (EnumText.TryParse<QualificationKind>(input.Trains, out var k))
            {
                trains = k;
            }
            else
            {
                errors.Add("trains", $"'{input.Trains}' is not a qualification; use one of {string.Join(", ", Enum.GetValues<QualificationKind>().Select(x => x.Kebab()))}.");
            }
        }
        if (trains is not null && input.ValidForMonths is not (> 0 and <= 120))
        {
            errors.Add("validForMonths", "is required for a qualifying session: 1 to 120 months.");
        }
        var names = (input.Participants ?? []).Select(p => p.Trim()).Distinct().ToList();
        var users = await db.Users.Where(u => names.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, ct);
        if (names.Count == 0)
        {
            errors.Add("participants", "at least one participant.");
        }
        for (var i = 0; i < names.Count; i++)
        {
            if (!users.ContainsKey(names[i]))
            {
                errors.Add($"participants[{i}]", $"'{names[i]}' is not a known user.");
            }
        }
        errors.ThrowIfAny();
        var held = input.HeldAt ?? now;
        var session = new TrainingSession
        {
            Title = input.Title!.Trim(), HeldAt = held, Trains = trains, ValidForMonths = input.ValidForMonths ?? 0, Participants = names.ToArray(),
            OperationId = input.OperationId, OwningAgencyId = agency,
        };
        db.TrainingSessions.Add(session);
        if (trains is { } kind)
        {
            foreach (var user in users.Values)
            {
                db.Qualifications.Add(new Qualification
                {
                    UserId = user.Id, Kind = kind, ValidUntil = held.AddMonths(session.ValidForMonths), OwningAgencyId = user.AgencyId,
                    Evidence = $"training '{session.Title}' {held:yyyy-MM-dd}",
                });
            }
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "training.record")
        {
            RecordType = RecordTypes.Qualification, RecordId = session.Id.ToString(), RecordAgencyId = agency,
            Details = new { session.Title, held, trains = trains?.Kebab(), participants = names },
        });
        await db.SaveChangesAsync(ct);
        return session;
    }

    internal static Tlp ParseMarking(string? text, Tlp fallback, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (TlpText.TryParse(text, out var tlp))
        {
            return tlp;
        }
        errors.Add("marking", $"'{text}' is not a TLP marking (clear, green, amber, amber+strict, red).");
        return fallback;
    }

    /// <summary>Training sessions the reader may see (shared like qualifications), latest first.</summary>
    public static Task<List<TrainingSession>> TrainingsAsync(CordonDb db, AccessPolicy policy, CancellationToken ct)
        => policy.Filter(db.TrainingSessions.AsNoTracking(), RecordTypes.Qualification).OrderByDescending(t => t.HeldAt).Take(500).ToListAsync(ct);
}
