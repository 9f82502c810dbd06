using Cordon.Common;
using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Procedures;

/// <summary>
/// Overdue reviews as alerts to the owner: one <c>procedure.review-overdue</c> alert per procedure and due date.
/// The alert's unique key holds both, so a sweep that runs again, or on two nodes at once, never raises a second,
/// and confirming the review (a new due date) lets the next overdue date alert again.
/// </summary>
public static class ProcedureReviews
{
    public const string AlertKind = "procedure.review-overdue";

    public static string Key(Procedure p) => $"procedure-review:{p.Id}:{p.NextReviewOn:yyyy-MM-dd}";

    /// <summary>Raises the alerts for procedures whose review date passed before <paramref name="now"/>'s day; returns how many.</summary>
    public static async Task<int> SweepAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = Procedures.Today(now);
        var overdue = await db.Procedures.AsNoTracking().Where(p => p.CurrentVersion != null && p.NextReviewOn < today).ToListAsync(ct);
        if (overdue.Count == 0)
        {
            return 0;
        }
        var keys = overdue.Select(Key).ToList();
        var done = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var raised = 0;
        foreach (var p in overdue.Where(p => !done.Contains(Key(p))))
        {
            Alerts.Raise(db, new AlertDraft(AlertKind, $"Review overdue: procedure {p.Reference}", p.OwningAgencyId, p.Marking)
            {
                RecordType = RecordTypes.Procedure,
                RecordId = p.Id.ToString(),
                Summary = $"Procedure {p.Reference} (version {p.CurrentVersion}) was due for review on {p.NextReviewOn:yyyy-MM-dd}; {today.DayNumber - p.NextReviewOn!.Value.DayNumber} day(s) late.",
                Severity = AlertSeverity.Medium,
                Data = new { reference = p.Reference, version = p.CurrentVersion, due = p.NextReviewOn },
                Recipients = [p.OwningAgencyId],
                RaisedBy = "procedure-reviews",
                Key = Key(p),
            });
            raised++;
        }
        return await Alerts.SaveRaisedAsync(db, raised, ct);
    }
}

/// <summary>
/// Runs <see cref="ProcedureReviews.SweepAsync"/> at start and then every <c>Cordon:Procedures:ReviewSweepSeconds</c>
/// (default 3600) on the injected clock; <c>Cordon:Procedures:ReviewSweep=false</c> turns it off on a node.
/// </summary>
public sealed class ProcedureReviewWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ProcedureOptions> options, ILogger<ProcedureReviewWorker> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Raised {Count} overdue procedure review alert(s).";
    protected override bool Enabled => options.Value.ReviewSweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ReviewSweepSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => ProcedureReviews.SweepAsync(db, now, ct);
}
