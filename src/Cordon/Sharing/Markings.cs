using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;

namespace Cordon.Sharing;

/// <summary>A request to change a record's marking and/or caveats; null leaves that part as it is.</summary>
public sealed record MarkingChange(string? Marking, string[]? Caveats, string? Reason);

/// <summary>A record's marking and caveats after a change.</summary>
public sealed record MarkingView(string RecordType, string RecordId, string Marking, string[] Caveats);

/// <summary>
/// An owner raising or lowering the marking of one of its records, or changing its caveats. The change
/// takes effect on the next read (raising it above an agreement's highest marking, or marking it
/// law-enforcement-only, withdraws it from that partner at once) and is audited with the reason.
/// One helper for every record type: <see cref="ChangeAsync"/> finds the record by type and id.
/// </summary>
public static class Markings
{
    public static readonly Roles MayChange = Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator;

    /// <summary>The record types whose owners change marking and caveats here, with their entity class.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Changeable = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [RecordTypes.Declaration] = typeof(Declarations.Declaration),
        [RecordTypes.Consignment] = typeof(Declarations.PreArrivalConsignment),
        [RecordTypes.ScreeningHit] = typeof(Screening.Hits.PartyHit),
        [RecordTypes.LaneDecision] = typeof(Risk.Lanes.LaneDecision),
        [RecordTypes.Inspection] = typeof(Cases.Inspection),
        [RecordTypes.Seizure] = typeof(Cases.Seizure),
        [RecordTypes.Case] = typeof(Cases.Case),
        [RecordTypes.RiskCriterion] = typeof(Risk.Criteria.RiskCriterion),
        [RecordTypes.Alert] = typeof(Alerting.Alert),
        [RecordTypes.Operation] = typeof(Operations.Operation),
        [RecordTypes.Incident] = typeof(Operations.Incident),
        [RecordTypes.Traveller] = typeof(Travellers.Traveller),
        [RecordTypes.Procedure] = typeof(Procedures.Procedure),
        [RecordTypes.Asset] = typeof(Resources.Asset),
    };

    public static Tlp Parse(string? text, string field = "marking")
        => TlpText.TryParse(text, out var marking)
            ? marking
            : throw ValidationFailed.Field(field, $"'{text}' is not a TLP marking: use TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");

    public static Caveats ParseCaveats(IEnumerable<string?> names, string field = "caveats")
    {
        var caveats = Caveats.None;
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n) && !n.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            caveats |= CaveatText.TryParse(name, out var c)
                ? c
                : throw ValidationFailed.Field(field, $"'{name}' is not a caveat: use {string.Join(", ", CaveatText.All.Select(x => x.Name))} (or none).");
        }
        return caveats;
    }

    /// <summary>
    /// The owner changes a record's marking and/or caveats: checks who may, appends the audit entry and
    /// saves. Unknown record type or id: 404; another agency's record: 403; nothing changes: 400.
    /// </summary>
    public static async Task<MarkingView> ChangeAsync(CordonDb db, Actor actor, string recordType, Guid id, MarkingChange change, CancellationToken ct = default)
    {
        if (!Changeable.TryGetValue(recordType, out var type))
        {
            throw new NotFound($"No record type '{recordType}' whose marking can be changed: {string.Join(", ", Changeable.Keys)}.");
        }
        var record = await db.FindAsync(type, [id], ct) as IOwnedRecord ?? throw new NotFound($"No {recordType} {id}.");
        var entry = db.Entry(record);
        var hasCaveats = record is ICaveatedRecord;
        var fromCaveats = record is ICaveatedRecord c ? c.Caveats : Caveats.None;
        var to = change.Marking is null ? record.Marking : Parse(change.Marking);
        var toCaveats = change.Caveats is null ? fromCaveats : ParseCaveats(change.Caveats);
        if (!hasCaveats && toCaveats != Caveats.None)
        {
            throw ValidationFailed.Field("caveats", $"{recordType} records carry no caveats; only their marking changes.");
        }
        Check(actor, record.OwningAgencyId, change.Reason);
        if (to == record.Marking && toCaveats == fromCaveats)
        {
            throw ValidationFailed.Field("marking", $"The {recordType} is already {to.Label()} with caveats {toCaveats.Label()}.");
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "marking.change")
        {
            RecordType = recordType,
            RecordId = id.ToString(),
            RecordAgencyId = record.OwningAgencyId,
            Details = new
            {
                from = record.Marking.Label(), to = to.Label(),
                caveatsFrom = fromCaveats.Names(), caveatsTo = toCaveats.Names(),
                reason = change.Reason!.Trim(),
            },
        });
        entry.Property(nameof(IOwnedRecord.Marking)).CurrentValue = to;
        if (hasCaveats)
        {
            entry.Property(nameof(ICaveatedRecord.Caveats)).CurrentValue = toCaveats;
        }
        await db.SaveChangesAsync(ct);
        return new MarkingView(recordType, id.ToString(), to.Label(), toCaveats.Names());
    }

    private static void Check(Actor actor, Guid owner, string? reason)
    {
        if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != owner)
        {
            throw new Forbidden("Only the owning agency changes a record's marking and caveats.");
        }
        if (actor.Kind != ActorKind.LocalOperator && (actor.Roles & MayChange) == 0)
        {
            throw new Forbidden("Changing a marking or caveats needs the analyst, supervisor or agency-admin role.");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5)
        {
            throw ValidationFailed.Field("reason", "Say why the marking or caveats change (at least 5 characters).");
        }
    }
}
