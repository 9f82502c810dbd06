using System.Linq.Expressions;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Sharing;

/// <summary>What is known of a record when deciding access to it.</summary>
public sealed record RecordRef(string RecordType, Guid OwningAgencyId, Tlp Marking, Caveats Caveats = Caveats.None, string? RecordId = null,
    IReadOnlyCollection<Guid>? Participants = null);

/// <summary>
/// A record several agencies work on together (a joint case): besides its owner, the agencies it lists
/// as participants read it in full, for any purpose, without an agreement — taking part is itself the
/// owner's written decision to share it. <see cref="AccessPolicy.Decide"/> and
/// <see cref="AccessPolicy.Filter{T}"/> both apply this rule.
/// </summary>
public interface IJointRecord : IOwnedRecord
{
    List<Guid> ParticipantAgencyIds { get; }
}

public enum AccessKind
{
    Allow,
    /// <summary>Allowed with the named fields removed.</summary>
    Redact,
    Deny,
}

public sealed record AccessDecision(AccessKind Kind, IReadOnlySet<string> RedactedFields, Guid? AgreementId, string Reason, bool BreakGlass = false)
{
    private static readonly IReadOnlySet<string> NoFields = new HashSet<string>();

    public bool Allowed => Kind != AccessKind.Deny;

    public static AccessDecision Allow(string reason, Guid? agreement = null) => new(AccessKind.Allow, NoFields, agreement, reason);

    public static AccessDecision Deny(string reason, Guid? agreement = null) => new(AccessKind.Deny, NoFields, agreement, reason);
}

/// <summary>
/// The one access policy: for (user, purpose, record) it decides allow, allow with fields redacted,
/// or deny with the reason. <see cref="Filter{T}"/> expresses the same rules as a query filter, so a
/// list, search, count or export can never show a record that <see cref="Decide"/> would deny.
/// A policy is a snapshot for one actor, purpose and instant: build one per request.
/// </summary>
public sealed class AccessPolicy
{
    private readonly List<SharingAgreement> _agreements;
    private readonly Dictionary<Guid, AgencyFacts> _agencies;

    /// <summary>What the policy needs to know of an agency: its code (for reasons), kind and country (for caveats).</summary>
    public sealed record AgencyFacts(string Code, AgencyKind Kind, string Country);

    public Actor Actor { get; }
    public Purpose Purpose { get; }
    public DateTimeOffset Now { get; }

    private AccessPolicy(Actor actor, Purpose purpose, DateTimeOffset now, List<SharingAgreement> agreements, Dictionary<Guid, AgencyFacts> agencies)
    {
        Actor = actor;
        Purpose = purpose;
        Now = now;
        _agreements = agreements;
        _agencies = agencies;
    }

    public static async Task<AccessPolicy> ForAsync(CordonDb db, Actor actor, Purpose purpose, DateTimeOffset? now = null, CancellationToken ct = default)
    {
        var agency = actor.AgencyId;
        var agreements = agency is null
            ? []
            : await db.SharingAgreements.AsNoTracking().Where(a => a.RecipientAgencyId == agency).ToListAsync(ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => new AgencyFacts(a.Code, a.Kind, a.Country), ct);
        return new AccessPolicy(actor, purpose, now ?? db.Clock.GetUtcNow(), agreements, agencies);
    }

    /// <summary>For tests and callers that already hold the agreements (agencies known by code only count as domestic law enforcement).</summary>
    public static AccessPolicy Of(Actor actor, Purpose purpose, DateTimeOffset now, IEnumerable<SharingAgreement> agreements, IReadOnlyDictionary<Guid, string> agencyCodes)
        => Of(actor, purpose, now, agreements, agencyCodes.ToDictionary(kv => kv.Key, kv => new AgencyFacts(kv.Value, AgencyKind.Customs, "")));

    public static AccessPolicy Of(Actor actor, Purpose purpose, DateTimeOffset now, IEnumerable<SharingAgreement> agreements, IReadOnlyDictionary<Guid, AgencyFacts> agencies)
        => new(actor, purpose, now, agreements.Where(a => a.RecipientAgencyId == actor.AgencyId).ToList(), agencies.ToDictionary());

    /// <summary>
    /// The policy of a delivery to the recipient itself (the federation outbox sending an agreement's records to
    /// the recipient's installation): the record leaves this installation (caveats read it as onward), but
    /// it is the agreement's own share, not the recipient passing it on, so the agreement's onward-sharing
    /// term does not apply.
    /// </summary>
    public static AccessPolicy ForDelivery(Actor actor, Purpose purpose, DateTimeOffset now, IEnumerable<SharingAgreement> agreements, IReadOnlyDictionary<Guid, AgencyFacts> agencies)
        => new(actor, purpose, now, agreements.Where(a => a.RecipientAgencyId == actor.AgencyId).ToList(), agencies.ToDictionary()) { Delivery = true };

    /// <summary>The cells of joint exercises (agencies of kind exercise-cell).</summary>
    private IReadOnlySet<Guid> ExerciseCells => _exerciseCells ??= _agencies.Where(a => a.Value.Kind == AgencyKind.ExerciseCell).Select(a => a.Key).ToHashSet();

    private HashSet<Guid>? _exerciseCells;

    /// <summary>See <see cref="ForDelivery"/>.</summary>
    private bool Delivery { get; init; }

    /// <summary>An onward read under <paramref name="a"/> passes the record on, which the agreement may forbid.</summary>
    private bool PassesOn(SharingAgreement a, bool onward) => onward && !Delivery && !a.OnwardSharing;

    /// <summary>The reading agency is not a law-enforcement agency: records marked law-enforcement-only are not for it.</summary>
    public bool ReaderOutsideLawEnforcement
        => Actor.Kind != ActorKind.LocalOperator && (Actor.AgencyId is not { } a || _agencies.GetValueOrDefault(a) is not { } facts || !facts.Kind.IsLawEnforcement());

    /// <summary>
    /// The reading agency is abroad as seen from the owner: a partner customs administration abroad, or an
    /// agency of another country. Personal data goes abroad only under an agreement that covers it.
    /// </summary>
    public bool ReaderAbroadFrom(Guid owner)
    {
        if (Actor.AgencyId is not { } a || _agencies.GetValueOrDefault(a) is not { } reader)
        {
            return true;
        }
        var from = _agencies.GetValueOrDefault(owner);
        return reader.Kind == AgencyKind.PartnerCustomsAbroad
               || (from is not null && reader.Country.Length > 0 && from.Country.Length > 0 && !reader.Country.Equals(from.Country, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Decides one record. <paramref name="onward"/>: the read passes the record on beyond the reading
    /// installation (an export to a file or a feed), which a record marked no-onward-sharing forbids.
    /// </summary>
    public AccessDecision Decide(RecordRef record, bool onward = false)
    {
        if (Actor.Kind == ActorKind.LocalOperator)
        {
            return Purpose == Purpose.Statistics && ExerciseCells.Contains(record.OwningAgencyId)
                ? AccessDecision.Deny("a record played in a joint exercise never counts in statistics")
                : AccessDecision.Allow("local operator with direct access to the store");
        }
        // Caveats a record type always carries (its views name people) bind even where no column stores them.
        record = record with { Caveats = record.Caveats | InherentCaveats.Of(record.RecordType) };
        if (Actor.AgencyId == record.OwningAgencyId)
        {
            return AccessDecision.Allow("record of the own agency");
        }
        if (Actor.AgencyId is { } participant && record.Participants?.Contains(participant) == true)
        {
            return AccessDecision.Allow("participating agency of a joint record");
        }
        var owner = Code(record.OwningAgencyId);
        var reader = Actor.AgencyId is { } a ? Code(a) : "(no agency)";
        // Caveats bind whatever an agreement says: the owner marked this record, not a class of records.
        if (record.Caveats.HasFlag(Caveats.LawEnforcementOnly) && ReaderOutsideLawEnforcement)
        {
            var kind = Actor.AgencyId is { } r && _agencies.GetValueOrDefault(r) is { } facts ? facts.Kind.ToString() : "no agency";
            return AccessDecision.Deny($"{owner}'s record is marked {Caveats.LawEnforcementOnly.Label()}: {reader} ({kind}) is not a law-enforcement agency.");
        }
        if (onward && record.Caveats.HasFlag(Caveats.NoOnwardSharing))
        {
            return AccessDecision.Deny($"{owner}'s record is marked {Caveats.NoOnwardSharing.Label()}: {reader} may read it here but not pass it on in an export or feed.");
        }
        var between = _agreements.Where(a => a.ProviderAgencyId == record.OwningAgencyId).ToList();
        if (between.Count == 0)
        {
            return AccessDecision.Deny($"No sharing agreement lets {reader} read {owner}'s records.");
        }

        var usable = between.Where(a => Covers(a, record) && !PassesOn(a, onward)).ToList();
        if (usable.Count > 0)
        {
            // Several agreements may cover the record: the one that removes least applies.
            var best = usable.Select(a => (Agreement: a, Fields: RedactedFields(a, record))).OrderBy(x => x.Fields.Count).First();
            return best.Fields.Count == 0
                ? AccessDecision.Allow($"shared by {owner} under agreement '{best.Agreement.Title}' v{best.Agreement.Version}", best.Agreement.Id)
                : new AccessDecision(AccessKind.Redact, best.Fields, best.Agreement.Id,
                    $"shared by {owner} under agreement '{best.Agreement.Title}' v{best.Agreement.Version}, with {string.Join(", ", best.Fields.Order())} removed");
        }

        // Name the condition that fails, from the agreement that comes closest.
        var closest = between.OrderByDescending(a => Score(a, record)).First();
        if (Covers(closest, record) && PassesOn(closest, onward))
        {
            return AccessDecision.Deny($"Agreement '{closest.Title}' v{closest.Version} ({owner} to {reader}) does not allow onward sharing: {reader} may read the record here but not pass it on in an export, feed or federation.", closest.Id);
        }
        return AccessDecision.Deny(WhyNot(closest, record, owner, reader), closest.Id);
    }

    /// <summary>
    /// A supervisor's emergency access where the policy denies: allowed only with a justification, and
    /// flagged so the caller records it for the owning agency's review.
    /// </summary>
    public AccessDecision BreakGlass(RecordRef record, string? justification)
    {
        var normal = Decide(record);
        if (normal.Allowed)
        {
            return normal;
        }
        if (Actor.Kind != ActorKind.User)
        {
            // An emergency is a person's judgement: a machine's key never breaks the glass.
            return AccessDecision.Deny($"{normal.Reason} Break-glass access is for a signed-in supervisor, never an API key.");
        }
        if (!Actor.Has(Roles.Supervisor))
        {
            return AccessDecision.Deny($"{normal.Reason} Break-glass access needs the supervisor role.");
        }
        if (record.Caveats.HasFlag(Caveats.LawEnforcementOnly) && ReaderOutsideLawEnforcement)
        {
            // The owner's caveat binds whatever the emergency: no justification turns a statistics office into police.
            return AccessDecision.Deny($"{normal.Reason} Break-glass access cannot override law-enforcement-only.");
        }
        if (string.IsNullOrWhiteSpace(justification) || justification.Trim().Length < 20)
        {
            return AccessDecision.Deny($"{normal.Reason} Break-glass access needs a justification of at least 20 characters.");
        }
        return new AccessDecision(AccessKind.Allow, new HashSet<string>(), null,
            $"BREAK-GLASS by {Actor.Name}: {justification.Trim()} (normally denied: {normal.Reason})", BreakGlass: true);
    }

    /// <summary>
    /// The same rules as <see cref="Decide"/> for every row of a query: own agency's records, plus for
    /// each providing agency with an agreement in force covering this record type and purpose, its
    /// records up to the highest marking those agreements cover.
    /// </summary>
    public IQueryable<T> Filter<T>(IQueryable<T> source, string recordType, bool onward = false) where T : IOwnedRecord
    {
        if (Actor.Kind == ActorKind.LocalOperator)
        {
            // Everyone else meets exercise cells' records only under the exercise's own agreements; the operator,
            // who reads everything, still never counts them.
            if (Purpose == Purpose.Statistics && ExerciseCells.Count > 0)
            {
                var cells = ExerciseCells.ToList();
                return source.Where(r => !cells.Contains(r.OwningAgencyId));
            }
            return source;
        }
        var row = Expression.Parameter(typeof(T), "r");
        var owner = Expression.Property(row, nameof(IOwnedRecord.OwningAgencyId));
        var marking = Expression.Property(row, nameof(IOwnedRecord.Marking));
        Expression allowed = Actor.AgencyId is { } own
            ? Expression.Equal(owner, Expression.Constant(own))
            : Expression.Constant(false);
        if (Actor.AgencyId is { } me && typeof(IJointRecord).IsAssignableFrom(typeof(T)))
        {
            // Same rule as Decide: a participating agency reads the joint record (EF translates the
            // list's Contains to json_each on SQLite and an array test on PostgreSQL).
            var participants = Expression.Property(row, nameof(IJointRecord.ParticipantAgencyIds));
            var contains = typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(Guid));
            allowed = Expression.OrElse(allowed, Expression.Call(contains, participants, Expression.Constant(me)));
        }
        Expression? shared = null;
        foreach (var (provider, max) in ReadableProviders(recordType, onward))
        {
            // Markings as equalities rather than "ordinal <= max": correct whether a table stores the
            // marking as its ordinal or as its name, and each test can use the owner index.
            var markingCovered = Enum.GetValues<Tlp>().Where(t => t <= max)
                .Select(t => (Expression)Expression.Equal(marking, Expression.Constant(t)))
                .Aggregate(Expression.OrElse);
            var one = Expression.AndAlso(Expression.Equal(owner, Expression.Constant(provider)), markingCovered);
            shared = shared is null ? one : Expression.OrElse(shared, one);
        }
        if (shared is not null)
        {
            // Same caveat rules as Decide, on the stored flag bits: (caveats & bit) = 0.
            var excluded = (ReaderOutsideLawEnforcement ? Caveats.LawEnforcementOnly : Caveats.None) | (onward ? Caveats.NoOnwardSharing : Caveats.None);
            if (excluded != Caveats.None)
            {
                if (typeof(ICaveatedRecord).IsAssignableFrom(typeof(T)))
                {
                    var bits = Expression.Convert(Expression.Property(row, nameof(ICaveatedRecord.Caveats)), typeof(int));
                    shared = Expression.AndAlso(shared, Expression.Equal(Expression.And(bits, Expression.Constant((int)excluded)), Expression.Constant(0)));
                }
            }
            allowed = Expression.OrElse(allowed, shared);
        }
        return source.Where(Expression.Lambda<Func<T, bool>>(allowed, row));
    }

    /// <summary>
    /// A filter, sort or search on <paramref name="field"/> of the shared view: applied only to the rows
    /// whose field the reader sees (own rows, joint rows it takes part in, and shared rows whose decision
    /// does not withhold the field or a path above it), so that a withheld value answers exactly as a
    /// random one would, and counts agree with what the reader can see.
    /// </summary>
    public IQueryable<T> WhereSeen<T>(IQueryable<T> source, string recordType, string field, Expression<Func<T, bool>> predicate) where T : IOwnedRecord
        => source.Where(predicate).Where(Sees<T>(recordType, field));

    /// <summary>The rows whose <paramref name="field"/> the reader sees, decided by <see cref="Decide"/> for every owner, marking and caveat set it could meet.</summary>
    public Expression<Func<T, bool>> Sees<T>(string recordType, string field) where T : IOwnedRecord
    {
        if (Actor.Kind == ActorKind.LocalOperator)
        {
            return _ => true;
        }
        var row = Expression.Parameter(typeof(T), "r");
        var owner = Expression.Property(row, nameof(IOwnedRecord.OwningAgencyId));
        var marking = Expression.Property(row, nameof(IOwnedRecord.Marking));
        Expression seen = Actor.AgencyId is { } own ? Expression.Equal(owner, Expression.Constant(own)) : Expression.Constant(false);
        if (Actor.AgencyId is { } me && typeof(IJointRecord).IsAssignableFrom(typeof(T)))
        {
            var participants = Expression.Property(row, nameof(IJointRecord.ParticipantAgencyIds));
            var contains = typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(Guid));
            seen = Expression.OrElse(seen, Expression.Call(contains, participants, Expression.Constant(me)));
        }
        var caveated = typeof(ICaveatedRecord).IsAssignableFrom(typeof(T));
        var caveatSets = caveated ? Enumerable.Range(0, 8).Select(i => (Caveats)i).ToArray() : [Caveats.None];
        foreach (var (provider, _) in ReadableProviders(recordType))
        {
            var visible = new List<(Tlp Marking, Caveats Caveats)>();
            var all = 0;
            foreach (var t in Enum.GetValues<Tlp>())
            {
                foreach (var c in caveatSets)
                {
                    all++;
                    var decision = Decide(new RecordRef(recordType, provider, t, c));
                    if (decision.Allowed && !Withholds(decision.RedactedFields, field))
                    {
                        visible.Add((t, c));
                    }
                }
            }
            Expression? one = null;
            if (visible.Count == all)
            {
                one = Expression.Constant(true);
            }
            else
            {
                foreach (var (t, c) in visible)
                {
                    Expression test = Expression.Equal(marking, Expression.Constant(t));
                    if (caveated)
                    {
                        var bits = Expression.Convert(Expression.Property(row, nameof(ICaveatedRecord.Caveats)), typeof(int));
                        test = Expression.AndAlso(test, Expression.Equal(bits, Expression.Constant((int)c)));
                    }
                    one = one is null ? test : Expression.OrElse(one, test);
                }
            }
            if (one is not null)
            {
                seen = Expression.OrElse(seen, Expression.AndAlso(Expression.Equal(owner, Expression.Constant(provider)), one));
            }
        }
        return Expression.Lambda<Func<T, bool>>(seen, row);
    }

    /// <summary>The rows whose <paramref name="field"/> is withheld from the reader (the complement of <see cref="Sees{T}"/>): counted, never grouped by the value.</summary>
    public Expression<Func<T, bool>> Hides<T>(string recordType, string field) where T : IOwnedRecord
    {
        var sees = Sees<T>(recordType, field);
        return Expression.Lambda<Func<T, bool>>(Expression.Not(sees.Body), sees.Parameters);
    }

    /// <summary>The decision's redactions withhold <paramref name="field"/>: the field itself or a path above it ("items" withholds "items.hsCode").</summary>
    public static bool Withholds(IReadOnlySet<string> redacted, string field)
        => redacted.Any(r => field.Equals(r, StringComparison.OrdinalIgnoreCase) || field.StartsWith(r + ".", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Providing agencies whose records of this type the actor may read, with the highest marking covered;
    /// <paramref name="onward"/>: only under agreements that allow the recipient to pass the records on.
    /// </summary>
    public IEnumerable<(Guid Provider, Tlp MaxMarking)> ReadableProviders(string recordType, bool onward = false)
        => _agreements
            .Where(a => a.InForce(Now) && a.RecordTypes.Contains(recordType) && a.Purposes.Contains(Purpose) && !PassesOn(a, onward))
            .GroupBy(a => a.ProviderAgencyId)
            .Select(g => (g.Key, g.Max(a => a.MaxMarking)));

    private bool Covers(SharingAgreement a, RecordRef r)
        => a.InForce(Now) && a.RecordTypes.Contains(r.RecordType) && a.Purposes.Contains(Purpose) && r.Marking <= a.MaxMarking;

    private int Score(SharingAgreement a, RecordRef r)
        => (a.Status == AgreementStatus.Active ? 8 : 0) + (a.RecordTypes.Contains(r.RecordType) ? 4 : 0)
           + (a.Purposes.Contains(Purpose) ? 2 : 0) + (r.Marking <= a.MaxMarking ? 1 : 0);

    private string WhyNot(SharingAgreement a, RecordRef r, string owner, string reader)
    {
        var name = $"Agreement '{a.Title}' v{a.Version} ({owner} to {reader})";
        if (a.Status == AgreementStatus.Revoked)
        {
            return $"{name} was revoked on {a.RevokedAt:yyyy-MM-dd}.";
        }
        if (a.Status == AgreementStatus.PendingApproval)
        {
            var waiting = new[] { a.ProviderApprovedAt is null ? owner : null, a.RecipientApprovedAt is null ? reader : null }.OfType<string>();
            return $"{name} is not in force: it awaits approval by {string.Join(" and ", waiting)}.";
        }
        if (Now < a.ValidFrom)
        {
            return $"{name} takes effect on {a.ValidFrom:yyyy-MM-dd}.";
        }
        if (Now >= a.ValidUntil)
        {
            return $"{name} expired on {a.ValidUntil:yyyy-MM-dd}.";
        }
        if (!a.RecordTypes.Contains(r.RecordType))
        {
            return $"{name} does not cover {r.RecordType} records.";
        }
        if (!a.Purposes.Contains(Purpose))
        {
            return $"{name} does not permit the purpose '{Purpose.Name()}'.";
        }
        return $"{name} covers records up to {a.MaxMarking.Label()}; this record is {r.Marking.Label()}.";
    }

    private HashSet<string> RedactedFields(SharingAgreement a, RecordRef record)
    {
        var recordType = record.RecordType;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        // A record marked as holding personal data loses its personal fields when read for statistics
        // (no one needs a name to count) or abroad, unless the agreement expressly covers personal data.
        if (record.Caveats.HasFlag(Caveats.PersonalData)
            && (Purpose == Purpose.Statistics || (ReaderAbroadFrom(record.OwningAgencyId) && !a.PersonalData)))
        {
            fields.UnionWith(PersonalFields.Of(recordType));
        }
        foreach (var rule in a.Redactions.Where(rule => rule.Applies(recordType, Purpose)))
        {
            foreach (var field in rule.Fields)
            {
                if (field == RedactionRule.PersonalData)
                {
                    fields.UnionWith(PersonalFields.Of(recordType));
                }
                else
                {
                    fields.Add(field);
                }
            }
        }
        // Targeting output shared with another agency shows the lane and the owner's reason, not the
        // criteria, model and scores behind it, unless the agreement also covers the owner's risk criteria.
        if (!a.RecordTypes.Contains(RecordTypes.RiskCriterion))
        {
            fields.UnionWith(OwnerOnlyFields.Of(recordType));
        }
        return DerivedFields.Expand(recordType, fields);
    }

    /// <summary>An agency's code, for showing whose record a reader sees.</summary>
    public string Code(Guid agency) => _agencies.GetValueOrDefault(agency)?.Code ?? agency.ToString();
}

/// <summary>
/// The fields of each record type's shared view that hold personal data of natural persons: what the
/// "@personal" redaction removes. Each feature keeps its record type's list here.
/// </summary>
public static class PersonalFields
{
    private static readonly Dictionary<string, string[]> ByType = new(StringComparer.Ordinal)
    {
        [RecordTypes.Declaration] = ["declarant", "updatedBy", "importerCode", "importerName", "importerAddress", "exporterCode", "exporterName", "exporterAddress", "consigneeCode", "consigneeName", "consigneeAddress"],
        [RecordTypes.Consignment] = ["filer", "updatedBy", "consignorCode", "consignorName", "consignorAddress", "consigneeCode", "consigneeName", "consigneeAddress",
            "notifyCode", "notifyName", "notifyAddress"],
        [RecordTypes.Seizure] = ["owner", "custodian", "witnesses", "seizingOfficers", "disposalWitnesses", "createdBy", "attachments.addedBy", "custody.recordedBy", "custody.from", "custody.to", "custody.reason", "custody.sealDiscrepancy", "custody.attachment.fileName",
            "attachments.fileName", "legal.appealGrounds", "legal.appealDecision", "legalSteps.reason", "legalSteps.details", "legalSteps.by", "legalSteps.authorisedBy", "penalties.trader", "penalties.assessedBy", "bonds.trader", "bonds.surety"],
        [RecordTypes.Case] = ["persons", "notes", "summary", "tasks.assignee", "tasks.doneBy", "createdBy", "updatedBy"],
        // The party, the listed person it resembles, the record's reference (office/declarant/number) and the review name people.
        [RecordTypes.ScreeningHit] = ["partyName", "partyIdentifiers", "entryName", "matchedName", "recordReference", "explanation.detail", "reviewedBy", "reviewReason"],
        [RecordTypes.Inspection] = ["officers", "outcome.recordedBy"],
        [RecordTypes.Patrol] = ["team"],
        [RecordTypes.Incident] = ["reportedBy", "timeline", "checklist.doneBy"],
        [RecordTypes.Qualification] = ["user", "evidence"],
        [RecordTypes.Asset] = ["history.by", "workOrders.performedBy"],
        [RecordTypes.Alert] = ["data"],
        [RecordTypes.LaneDecision] = ["decidedBy"],
        [RecordTypes.Procedure] = ["approvedBy", "createdBy", "updatedBy", "versions.draftedBy", "versions.approvedBy"],
        [RecordTypes.Measure] = ["traders", "createdBy", "updatedBy", "reviews.reviewedBy"],
        // An attachment's name, and its content (a photo may show people: the way to it, href, goes with the personal fields).
        [RecordTypes.Message] = ["author", "text", "warning.vehicle", "seizureReport.owner", "attachments.fileName", "attachments.href", "mentions"],
        // The booking (PNRGOV) as a whole: companions, itinerary, contacts, payment, agency and check-in are all about the person.
        [RecordTypes.Traveller] = ["surname", "givenNames", "birthDate", "birthPlace", "address", "bookingReference", "seat", "bags", "documents.number", "documents.expiry",
            "personKey", "reasons", "booking"],
    };

    public static IReadOnlyList<string> Of(string recordType) => ByType.GetValueOrDefault(recordType) ?? [];
}

/// <summary>
/// Caveats a record type carries on every record whatever its row stores (or where no column stores them):
/// incidents name reporters and their timeline names people, qualifications name officers. <see cref="AccessPolicy.Decide"/> adds them, so lists, filters and single reads all apply them.
/// </summary>
public static class InherentCaveats
{
    private static readonly Dictionary<string, Caveats> ByType = new(StringComparer.Ordinal)
    {
        [RecordTypes.Incident] = Caveats.PersonalData,
        [RecordTypes.Qualification] = Caveats.PersonalData,
        // An asset's history and work orders name who changed and serviced it.
        [RecordTypes.Asset] = Caveats.PersonalData,
    };

    public static Caveats Of(string recordType) => ByType.GetValueOrDefault(recordType);
}

/// <summary>
/// Fields of a shared view whose values give each other away: a total is the sum of its items' values,
/// so withholding either withholds both. The policy expands every redaction with these groups, so a
/// reader never adds up what the agreement withholds.
/// </summary>
public static class DerivedFields
{
    private static readonly Dictionary<string, string[][]> Groups = new(StringComparer.Ordinal)
    {
        [RecordTypes.Declaration] = [["totalCif", "items.cif"], ["totalFob", "items.fob"], ["totalDutiesAndTaxes", "items.duties", "items.taxes"]],
    };

    public static HashSet<string> Expand(string recordType, HashSet<string> fields)
    {
        if (fields.Count == 0 || !Groups.TryGetValue(recordType, out var groups))
        {
            return fields;
        }
        foreach (var group in groups)
        {
            if (group.Any(fields.Contains))
            {
                fields.UnionWith(group);
            }
        }
        return fields;
    }
}

/// <summary>
/// Fields of a shared view that stay with the owner whatever an agreement for the record type says,
/// because they reveal another record type the agreement does not cover (a lane decision's criteria,
/// model and scores are the owner's targeting rules: shared only with an agreement covering risk criteria).
/// </summary>
public static class OwnerOnlyFields
{
    private static readonly Dictionary<string, string[]> ByType = new(StringComparer.Ordinal)
    {
        [RecordTypes.LaneDecision] = ["explanation.criteria", "explanation.model", "explanation.modelAbsent", "explanation.screening", "explanation.capacity",
            "explanation.priority", "criteriaScore", "probability", "expectedRevenue", "modelVersion", "priority"],
    };

    public static IReadOnlyList<string> Of(string recordType) => ByType.GetValueOrDefault(recordType) ?? [];
}
