using System.Linq.Expressions;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cordon.Alerting;

/// <summary>
/// Who an alert is for, the one rule. An alert either is <b>unaddressed</b> (<see cref="Alert.Recipients"/>
/// null): every agency the access policy lets read it may see it; or <b>addressed</b> to a list of agencies
/// (an analyst's condition to the condition's agency, an incident notice to the agencies its plan names):
/// only those agencies see it, the owning agency included only when it is on the list. Addressing only ever
/// narrows: the access policy still decides for each recipient (marking, caveats, agreements, purpose).
/// <para>
/// The rule is applied in every path an alert reaches a person or system through: the alert list
/// (<see cref="Alerts.ListAsync"/>, SQL, <see cref="VisibleTo(IQueryable{Alert}, Actor)"/>), the fan-out that
/// creates UI and webhook deliveries (<see cref="Reaches(Alert, Guid)"/>, in memory), the webhook sender, which
/// re-checks each delivery before posting it, and the inbox, live stream and unread counts, which read
/// deliveries joined back to their alert under the same SQL predicate.
/// The local operator (no agency) administers the installation and sees every alert the policy gives it.
/// </para>
/// Recipients are fixed when the alert is raised. They are stored as lower-case agency ids, sorted and
/// comma-separated: an id is 36 characters without commas, so a substring test on one id is an exact
/// membership test in SQL on both stores.
/// </summary>
public static class AlertAudience
{
    /// <summary>The stored form of a recipient list; null (unaddressed) for none.</summary>
    public static string? Format(IEnumerable<Guid>? agencies)
    {
        var ids = agencies?.Where(a => a != Guid.Empty).Distinct().Select(Key).Order(StringComparer.Ordinal).ToList();
        return ids is { Count: > 0 } ? string.Join(',', ids) : null;
    }

    /// <summary>The agencies an alert is addressed to; empty for an unaddressed alert.</summary>
    public static IReadOnlyList<Guid> Of(Alert alert)
        => alert.Recipients is null ? [] : alert.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    /// <summary>Whether the alert may reach <paramref name="agency"/> (the policy decides next).</summary>
    public static bool Reaches(Alert alert, Guid agency) => Reaches(alert.Recipients, agency);

    /// <summary><see cref="Reaches(Alert, Guid)"/> on a stored recipient list (the webhook sender re-checks with it).</summary>
    public static bool Reaches(string? recipients, Guid agency) => recipients is null || recipients.Contains(Key(agency), StringComparison.Ordinal);

    /// <summary><see cref="Reaches(Alert, Guid)"/> as SQL, for lists and counts.</summary>
    public static Expression<Func<Alert, bool>> For(Guid agency)
    {
        var key = Key(agency);
        return a => a.Recipients == null || a.Recipients.Contains(key);
    }

    /// <summary>The alerts the actor's agency may see by address (the local operator: all); the policy filters further.</summary>
    public static IQueryable<Alert> VisibleTo(this IQueryable<Alert> alerts, Actor actor)
        => actor.Kind == ActorKind.LocalOperator ? alerts
            : actor.AgencyId is { } agency ? alerts.Where(For(agency))
            : alerts.Where(a => a.Recipients == null);

    /// <summary>Deliveries whose alert the actor's agency may see by address: the inbox, stream and counts re-check the rule.</summary>
    public static IQueryable<AlertDelivery> VisibleTo(this IQueryable<AlertDelivery> deliveries, CordonDb db, Actor actor)
    {
        var visible = db.Alerts.VisibleTo(actor);
        return deliveries.Where(d => visible.Any(a => a.Id == d.AlertId));
    }

    /// <summary>The alerts addressed to <paramref name="agency"/> only (an analyst's condition alerts), for counts per agency.</summary>
    public static IQueryable<Alert> AddressedTo(this IQueryable<Alert> alerts, Guid agency)
    {
        var only = Key(agency);
        return alerts.Where(a => a.Recipients == only);
    }

    private static string Key(Guid agency) => agency.ToString("D");

    /// <summary>
    /// Data step of the <c>AlertAudience</c> migration (both stores): an analyst's-condition alert's former
    /// <c>AudienceAgencyId</c> becomes its recipient list. Run before the column is dropped. No existing row has
    /// both (conditions set the audience, incidents the recipients); if one did, the audience, the narrower, wins.
    /// </summary>
    public static void MigrateUp(MigrationBuilder migration)
        => migration.Sql("""UPDATE alerts SET "Recipients" = lower(CAST("AudienceAgencyId" AS text)) WHERE "AudienceAgencyId" IS NOT NULL;""");

    /// <summary>The way back: alerts a condition raised, addressed to one agency, get their audience column again.</summary>
    public static void MigrateDown(MigrationBuilder migration, bool postgres)
        => migration.Sql(postgres
            ? """UPDATE alerts SET "AudienceAgencyId" = CAST("Recipients" AS uuid), "Recipients" = NULL WHERE "RaisedBy" = 'condition' AND length("Recipients") = 36;"""
            : """UPDATE alerts SET "AudienceAgencyId" = upper("Recipients"), "Recipients" = NULL WHERE "RaisedBy" = 'condition' AND length("Recipients") = 36;""");
}
