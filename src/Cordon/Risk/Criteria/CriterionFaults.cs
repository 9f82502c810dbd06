using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Criteria;

/// <summary>
/// Criteria that failed on a declaration are reported to the agency that owns them: one alert per criterion
/// version (the analyst fixes it with a new version), so a criterion failing on every declaration of a run
/// raises one alert, not thousands. Reporting never fails the scoring or lane run that found the fault.
/// </summary>
public static class CriterionFaults
{
    public const string AlertKind = "criterion.fault";

    public static string Key(Guid criterion, int version) => $"{AlertKind}:{criterion}:v{version}";

    /// <summary>Raises the alerts not raised before and saves them on their own (after the caller's own work is saved).</summary>
    public static async Task ReportAsync(CordonDb db, Guid agencyId, IEnumerable<(CriterionFailure Failure, string Declaration)> failures, CancellationToken ct)
    {
        var first = failures.GroupBy(f => (f.Failure.Id, f.Failure.Version))
            .ToDictionary(g => Key(g.Key.Id, g.Key.Version), g => (g.First().Failure, g.First().Declaration, Count: g.Count()));
        if (first.Count == 0)
        {
            return;
        }
        var keys = first.Keys.ToList();
        var known = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var raised = new List<Alert>();
        foreach (var (key, (failure, declaration, count)) in first)
        {
            if (known.Contains(key))
            {
                continue;
            }
            var title = $"Risk criterion '{failure.Name}' v{failure.Version} fails";
            raised.Add(Alerts.Raise(db, new AlertDraft(AlertKind, Clip(title, 200), agencyId, Tlp.AmberStrict)
            {
                Severity = AlertSeverity.Medium,
                Recipients = [agencyId],
                Summary = Clip($"It could not be evaluated on declaration {declaration}{(count > 1 ? $" and {count - 1} other(s)" : "")} and counted as not fired: {failure.Reason}. The other criteria still decided. Fix it with a new version.", 2000),
                RecordType = RecordTypes.RiskCriterion,
                RecordId = failure.Id.ToString(),
                Data = new { criterion = failure.Id, failure.Version, failure.Name, failure.Reason, declaration, count },
                Key = key,
            }));
        }
        if (raised.Count == 0)
        {
            return;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            // Another node raised the same alert first (unique key): theirs stands.
            foreach (var alert in raised)
            {
                db.Entry(alert).State = EntityState.Detached;
            }
        }
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
