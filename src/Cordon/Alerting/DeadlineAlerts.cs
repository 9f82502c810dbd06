using Cordon.Common;
using Cordon.Cases;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Alerting;

/// <summary>
/// Overdue legal deadlines as alerts: one <c>deadline.overdue</c> alert per overdue deadline, ever.
/// Each alert carries the deadline's key (<see cref="OverdueDeadline.Key"/>) in the unique
/// <see cref="Alert.Key"/>, so a sweep that runs again, or on two nodes at once, never raises a second.
/// </summary>
public static class DeadlineAlerts
{
    /// <summary>Raises the alerts for deadlines overdue at <paramref name="now"/> not alerted before; returns how many.</summary>
    public static async Task<int> SweepAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var overdue = await Deadlines.OverdueAsync(db, now, ct);
        if (overdue.Count == 0)
        {
            return 0;
        }
        var keys = overdue.Select(d => d.Key).ToList();
        var done = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var raised = 0;
        foreach (var d in overdue.Where(d => !done.Contains(d.Key)))
        {
            var late = now - d.Due;
            Alerts.Raise(db, new AlertDraft(AlertKinds.DeadlineOverdue, $"Overdue: {d.What} ({d.Reference})", d.OwningAgencyId, d.Marking)
            {
                RecordType = d.RecordType,
                RecordId = d.RecordId.ToString(),
                Summary = $"{d.What} for {d.Reference} was due {Storage.StoredValues.Iso(d.Due)}; {(late.TotalDays >= 1 ? $"{late.TotalDays:0} day(s)" : $"{late.TotalHours:0} hour(s)")} late.",
                Severity = AlertSeverity.High,
                Office = d.Office,
                Data = new { deadline = d.Key, what = d.What, due = d.Due, reference = d.Reference },
                RaisedBy = "deadlines",
                Key = d.Key,
            });
            raised++;
        }
        return await Alerts.SaveRaisedAsync(db, raised, ct);
    }
}

/// <summary>
/// Runs <see cref="DeadlineAlerts.SweepAsync"/> at start and then every
/// <c>Cordon:Alerts:DeadlineSweepSeconds</c> (default 300) on the injected clock, so tests move time.
/// <c>Cordon:Alerts:DeadlineSweep=false</c> turns it off on a node.
/// </summary>
public sealed class DeadlineAlertWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AlertOptions> options, ILogger<DeadlineAlertWorker> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Raised {Count} overdue-deadline alert(s).";
    protected override bool Enabled => options.Value.DeadlineSweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.DeadlineSweepSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => DeadlineAlerts.SweepAsync(db, now, ct);
}
