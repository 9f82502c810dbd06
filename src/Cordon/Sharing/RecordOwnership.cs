using Cordon.Common;
using Cordon.Identity;

namespace Cordon.Sharing;

/// <summary>Who may change a record: only its owning agency's officers and supervisors (the CLI's local operator has the store in hand).</summary>
public static class RecordOwnership
{
    public static void EnsureOwner(Actor actor, Guid owningAgency, string what)
    {
        if (actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        if (actor.AgencyId != owningAgency)
        {
            throw new Forbidden($"Only the owning agency may change {what}.");
        }
        if ((actor.Roles & (Roles.Officer | Roles.Supervisor)) == 0)
        {
            throw new Forbidden($"Changing {what} needs the officer or supervisor role.");
        }
    }
}
