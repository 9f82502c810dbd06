using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;

namespace Cordon.Sharing;

/// <summary>
/// An owner raising or lowering the marking of one of its records. The change takes effect on the next
/// read (raising it above an agreement's highest marking withdraws it from that partner at once) and is
/// audited with the reason. Features call <see cref="Change"/> before setting the entity's marking and saving.
/// </summary>
public static class Markings
{
    public static readonly Roles MayChange = Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator;

    public static Tlp Parse(string? text, string field = "marking")
        => TlpText.TryParse(text, out var marking)
            ? marking
            : throw ValidationFailed.Field(field, $"'{text}' is not a TLP marking: use TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");

    /// <summary>Checks that the actor may change the marking and appends the audit entry (saved with the caller's change).</summary>
    public static void Change(CordonDb db, Actor actor, string recordType, string recordId, Guid owner, Tlp from, Tlp to, string? reason)
    {
        if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != owner)
        {
            throw new Forbidden("Only the owning agency changes a record's marking.");
        }
        if ((actor.Roles & MayChange) == 0)
        {
            throw new Forbidden("Changing a marking needs the analyst, supervisor or agency-admin role.");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5)
        {
            throw ValidationFailed.Field("reason", "Say why the marking changes (at least 5 characters).");
        }
        if (from == to)
        {
            throw ValidationFailed.Field("marking", $"The record is already {to.Label()}.");
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "marking.change")
        {
            RecordType = recordType,
            RecordId = recordId,
            RecordAgencyId = owner,
            Details = new { from = from.Label(), to = to.Label(), reason = reason.Trim() },
        });
    }
}
