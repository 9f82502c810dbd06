using System.Text.Json.Nodes;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Storage;

namespace Cordon.Sharing;

/// <summary>
/// How a feature reads one record of possibly another agency: the policy decides; a denial throws
/// <see cref="Forbidden"/> naming the missing agreement (or <see cref="NotFound"/> when the reader
/// may not even learn that the record exists); a break-glass read is recorded for the owner's review;
/// the returned view has the redacted fields removed. Every decision lands in the audit log with the
/// purpose and the agreement it relied on, so the owner's access review shows who read what and why.
/// </summary>
public static class SharedReads
{
    /// <summary>Decides, records break-glass use, and throws when denied. Call before building the view.</summary>
    public static async Task<AccessDecision> AuthorizeAsync(CordonDb db, AccessPolicy policy, RecordRef record, string? breakGlassJustification = null, CancellationToken ct = default)
    {
        var decision = policy.Decide(record);
        if (!decision.Allowed && breakGlassJustification is not null)
        {
            decision = policy.BreakGlass(record, breakGlassJustification);
            if (decision.BreakGlass)
            {
                db.BreakGlassAccesses.Add(new BreakGlassAccess
                {
                    UserId = policy.Actor.UserId ?? Guid.Empty,
                    UserAgencyId = policy.Actor.AgencyId ?? Guid.Empty,
                    OwningAgencyId = record.OwningAgencyId,
                    RecordType = record.RecordType,
                    RecordId = record.RecordId ?? "",
                    Purpose = policy.Purpose,
                    Justification = breakGlassJustification.Trim(),
                    At = policy.Now,
                });
                // The owner hears of it at once, not at its next access review: an alert addressed to
                // the owning agency alone, handled as the record itself (its marking and caveats).
                Alerting.Alerts.Raise(db, new Alerting.AlertDraft(Alerting.AlertKinds.BreakGlass,
                    $"Break-glass read of your {record.RecordType} by {policy.Code(policy.Actor.AgencyId ?? Guid.Empty)}", record.OwningAgencyId, record.Marking)
                {
                    RecordType = record.RecordType,
                    RecordId = record.RecordId,
                    Caveats = record.Caveats,
                    Summary = $"{policy.Actor.Name} ({policy.Code(policy.Actor.AgencyId ?? Guid.Empty)}) read it for {policy.Purpose.Name()} without an agreement: {breakGlassJustification.Trim()}",
                    Severity = Alerting.AlertSeverity.High,
                    Recipients = [record.OwningAgencyId],
                    RaisedBy = policy.Actor.Name,
                });
            }
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(policy.Actor), decision.BreakGlass ? "access.break-glass" : decision.Allowed ? "record.read" : "access.deny")
        {
            RecordType = record.RecordType,
            RecordId = record.RecordId,
            RecordAgencyId = record.OwningAgencyId,
            Purpose = policy.Purpose.Name(),
            Decision = decision.Kind switch { AccessKind.Allow => AuditDecision.Allow, AccessKind.Redact => AuditDecision.Redact, _ => AuditDecision.Deny },
            Details = new { reason = decision.Reason, agreement = decision.AgreementId, redacted = decision.RedactedFields.Order(StringComparer.Ordinal).ToArray() },
        });
        await db.SaveChangesAsync(ct);
        if (!decision.Allowed)
        {
            throw new Forbidden(decision.Reason);
        }
        return decision;
    }

    /// <summary>The record's JSON view with the decision's redactions applied.</summary>
    public static JsonNode View<T>(T view, AccessDecision decision) => Redaction.Apply(view, decision.RedactedFields);

    /// <summary>
    /// Renders the rows of a list, search or export from the record type's shared view: one decision per
    /// (owner, marking, caveats), its redactions applied by field path to each row's view (nested
    /// collections included), rows the decision denies dropped, and the foreign rows shown written to the
    /// audit log once per owner. Lists of shared records go through here rather than building views themselves.
    /// </summary>
    public static Task<List<TView>> ViewsAsync<T, TView>(CordonDb db, AccessPolicy policy, string recordType, IEnumerable<T> rows, Func<T, object> id,
        Func<T, TView> view, string path, CancellationToken ct, bool onward = false) where T : ICaveatedRecord where TView : class
        => ViewsAsync(db, policy, rows, r => new RecordRef(recordType, r.OwningAgencyId, r.Marking, r.Caveats, id(r).ToString()), view, path, ct, onward);

    /// <summary>
    /// <see cref="ViewsAsync{T, TView}(CordonDb, AccessPolicy, string, IEnumerable{T}, Func{T, object}, Func{T, TView}, string, CancellationToken, bool)"/>
    /// for rows that say what they are as a <see cref="RecordRef"/> (records without stored caveats, joint records with participants).
    /// </summary>
    public static async Task<List<TView>> ViewsAsync<T, TView>(CordonDb db, AccessPolicy policy, IEnumerable<T> rows, Func<T, RecordRef> record,
        Func<T, TView> view, string path, CancellationToken ct, bool onward = false) where TView : class
    {
        RowDecisions? decisions = null;
        var shown = new List<TView>();
        foreach (var row in rows)
        {
            var r = record(row);
            decisions ??= new RowDecisions(policy, r.RecordType, onward);
            var decision = decisions.For(r);
            if (decision.Allowed)
            {
                shown.Add(Redaction.Clear(view(row), decision.RedactedFields));
            }
        }
        if (decisions is not null)
        {
            await AuditRowsAsync(db, policy, decisions, path, ct);
        }
        return shown;
    }

    /// <summary>
    /// Records that a list, search or export showed rows of other agencies: one audit entry per owning
    /// agency with the agreement relied on, the path and how many rows (with their ids when at most 300), so
    /// the owner's access review sees bulk reads as well as single ones. Own rows are not recorded.
    /// </summary>
    public static async Task AuditRowsAsync(CordonDb db, AccessPolicy policy, RowDecisions rows, string path, CancellationToken ct = default)
    {
        if (policy.Actor.Kind == Identity.ActorKind.LocalOperator)
        {
            return;
        }
        var any = false;
        foreach (var (owner, seen) in rows.Foreign)
        {
            any = true;
            AuditLog.Append(db, new AuditEvent(AuditActor.Of(policy.Actor), "records." + path)
            {
                RecordType = rows.RecordType,
                RecordAgencyId = owner,
                Purpose = policy.Purpose.Name(),
                Decision = seen.Redacted ? AuditDecision.Redact : AuditDecision.Allow,
                Details = new
                {
                    rows = seen.Count,
                    agreements = seen.Agreements.Order().ToArray(),
                    ids = seen.Ids.Count <= RowDecisions.MaxIdsRecorded ? seen.Ids.ToArray() : null,
                },
            });
        }
        if (any)
        {
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>
/// The policy's decision for each row of a list, remembered per (owner, marking): rows the filter let
/// through still carry their redactions, and the foreign rows shown are counted for the audit log.
/// </summary>
public sealed class RowDecisions(AccessPolicy policy, string recordType, bool onward = false)
{
    /// <summary>Ids recorded per audit entry (more would exceed an entry's 16 KB of details); beyond it, the count only.</summary>
    public const int MaxIdsRecorded = 300;

    private readonly Dictionary<(Guid, Tlp, Caveats), AccessDecision> _decisions = [];
    private readonly Dictionary<Guid, ForeignRows> _foreign = [];

    public string RecordType => recordType;

    public sealed class ForeignRows
    {
        public int Count { get; set; }
        public bool Redacted { get; set; }
        public HashSet<Guid> Agreements { get; } = [];
        public List<string> Ids { get; } = [];
    }

    public IEnumerable<(Guid Owner, ForeignRows Rows)> Foreign => _foreign.Select(kv => (kv.Key, kv.Value));

    /// <summary>The decision for one row shown (its caveats decide redactions too); counts it when it belongs to another agency.</summary>
    public AccessDecision For(Guid owner, Tlp marking, Caveats caveats, object id) => For(new RecordRef(recordType, owner, marking, caveats, id.ToString()));

    /// <summary>The decision for one row (a joint record's participants read it in full, decided for that row alone).</summary>
    public AccessDecision For(RecordRef record)
    {
        var (owner, marking, caveats) = (record.OwningAgencyId, record.Marking, record.Caveats);
        var id = record.RecordId ?? "";
        AccessDecision decision;
        if (record.Participants is { Count: > 0 })
        {
            decision = policy.Decide(record, onward);
        }
        else if (_decisions.TryGetValue((owner, marking, caveats), out var known))
        {
            decision = known;
        }
        else
        {
            decision = policy.Decide(record with { RecordId = null }, onward);
            _decisions[(owner, marking, caveats)] = decision;
        }
        if (owner != policy.Actor.AgencyId && policy.Actor.Kind != Identity.ActorKind.LocalOperator)
        {
            if (!_foreign.TryGetValue(owner, out var rows))
            {
                _foreign[owner] = rows = new ForeignRows();
            }
            rows.Count++;
            rows.Redacted |= decision.Kind == AccessKind.Redact;
            if (decision.AgreementId is { } a)
            {
                rows.Agreements.Add(a);
            }
            if (rows.Ids.Count <= MaxIdsRecorded) // one past the limit marks "too many to list"
            {
                rows.Ids.Add(id);
            }
        }
        return decision;
    }
}
