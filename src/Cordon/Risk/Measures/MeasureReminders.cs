using Cordon.Alerting;
using Cordon.Common;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Risk.Measures;

/// <summary>
/// Reviews due as alerts to the measure's owner: <c>measure.interim-review-due</c> once the interim review date is
/// reached, <c>measure.final-assessment-due</c> once the measure has ended (or was stopped) without its final assessment.
/// The alert's unique key holds the measure and the date, so a sweep run again, or on two nodes at once, never raises
/// a second, and a review that sets a new date lets that date alert again.
/// </summary>
public static class MeasureReminders
{
    public const string InterimKind = "measure.interim-review-due", FinalKind = "measure.final-assessment-due";

    public static string InterimKey(Measure m) => $"measure-interim:{m.Id}:{m.InterimReviewOn:yyyy-MM-dd}";

    public static string FinalKey(Measure m) => $"measure-final:{m.Id}:{m.EndsOn:yyyy-MM-dd}";

    /// <summary>Raises the alerts due on <paramref name="now"/>'s day; returns how many.</summary>
    public static async Task<int> SweepAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = Measures.Today(now);
        var open = await db.Measures.AsNoTracking()
            .Where(m => m.Status != MeasureStatus.Closed && ((m.InterimReviewOn != null && m.InterimReviewOn <= today) || m.EndsOn < today || m.Status == MeasureStatus.Stopped))
            .ToListAsync(ct);
        var due = open.Where(m => Measures.InterimDue(m, today)).Select(m => (Measure: m, Key: InterimKey(m), Final: false))
            .Concat(open.Where(m => Measures.FinalDue(m, today)).Select(m => (Measure: m, Key: FinalKey(m), Final: true))).ToList();
        if (due.Count == 0)
        {
            return 0;
        }
        var keys = due.Select(d => d.Key).ToList();
        var done = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var raised = 0;
        foreach (var (m, key, final) in due.Where(d => !done.Contains(d.Key)))
        {
            var title = final ? $"Final assessment due: measure {m.Reference}" : $"Interim review due: measure {m.Reference}";
            Alerts.Raise(db, new AlertDraft(final ? FinalKind : InterimKind, title, m.OwningAgencyId, m.Marking)
            {
                RecordType = RecordTypes.Measure,
                RecordId = m.Id.ToString(),
                Caveats = m.Caveats,
                Summary = final
                    ? $"Measure {m.Reference} ({m.Title}) ended on {m.EndsOn:yyyy-MM-dd}: record its final assessment with the decision (continue, change or stop)."
                    : $"Measure {m.Reference} ({m.Title}) was due for its interim review on {m.InterimReviewOn:yyyy-MM-dd}.",
                Severity = AlertSeverity.Medium,
                Data = new { reference = m.Reference, due = final ? m.EndsOn : m.InterimReviewOn },
                Recipients = [m.OwningAgencyId],
                RaisedBy = "measure-reminders",
                Key = key,
            });
            raised++;
        }
        return await Alerts.SaveRaisedAsync(db, raised, ct);
    }
}

/// <summary>The measures feature's settings (<c>Cordon:Measures</c>).</summary>
public sealed class MeasureOptions
{
    /// <summary>False turns the review reminders off on this node.</summary>
    public bool ReminderSweep { get; set; } = true;

    public int ReminderSweepSeconds { get; set; } = 3600;
}

/// <summary>
/// Runs <see cref="MeasureReminders.SweepAsync"/> at start and then every <c>Cordon:Measures:ReminderSweepSeconds</c>
/// (default 3600) on the injected clock; <c>Cordon:Measures:ReminderSweep=false</c> turns it off on a node.
/// </summary>
public sealed class MeasureReminderWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MeasureOptions> options, ILogger<MeasureReminderWorker> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Raised {Count} measure review alert(s).";
    protected override bool Enabled => options.Value.ReminderSweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ReminderSweepSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => MeasureReminders.SweepAsync(db, now, ct);
}

/// <summary>The services measures need: the sweep that raises review reminders.</summary>
public static class MeasuresSetup
{
    public static IServiceCollection AddMeasures(this IServiceCollection services)
        => services.AddFeatureOptions<MeasureOptions>("Cordon:Measures", o =>
            o.ReminderSweepSeconds < 1 ? $"ReminderSweepSeconds is {o.ReminderSweepSeconds}: use 1 or more." : null).AddHostedService<MeasureReminderWorker>();
}
