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
}
