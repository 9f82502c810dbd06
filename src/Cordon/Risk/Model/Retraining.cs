using Cordon.Common;
using System.Globalization;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cordon.Risk.Model;

/// <summary>
/// Scheduled retraining, from configuration section <c>Risk</c>:
/// <c>RetrainEvery</c> (a TimeSpan such as <c>7.00:00:00</c>; absent = off, the default),
/// <c>PromoteMinGain</c> (default 0), <c>RetrainCheckEvery</c> (default 00:05:00), <c>AssessWeeks</c> (default 12).
/// </summary>
public sealed record RetrainOptions
{
    public TimeSpan? Every { get; init; }
    /// <summary>The candidate must find this much more of the held-out window's revenue at 5 % than the active model (a share, 0–1).</summary>
    public double MinGain { get; init; }
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Weeks after each model's cut-off measured and stored by the job.</summary>
    public int AssessWeeks { get; init; } = 12;

    public static RetrainOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Risk");
        static TimeSpan? Span(string? v) => string.IsNullOrWhiteSpace(v) ? null : TimeSpan.Parse(v, CultureInfo.InvariantCulture);
        var every = Span(s["RetrainEvery"]);
        return new RetrainOptions
        {
            Every = every is { } e && e > TimeSpan.Zero ? e : null,
            MinGain = double.TryParse(s["PromoteMinGain"], CultureInfo.InvariantCulture, out var g) ? g : 0,
            CheckEvery = Span(s["RetrainCheckEvery"]) ?? TimeSpan.FromMinutes(5),
            AssessWeeks = int.TryParse(s["AssessWeeks"], CultureInfo.InvariantCulture, out var w) ? Math.Clamp(w, 1, 104) : 12,
        };
    }
}

/// <summary>How a scheduled candidate compared with the active model, and whether it was promoted.</summary>
public sealed record PromotionDecision(
    string Rule, DateOnly WindowFrom, DateOnly WindowTo, int Rows, int? ActiveVersion,
    double? CandidateRevenueAt5, double? CandidatePrecisionAt5, double? ActiveRevenueAt5, double? ActivePrecisionAt5,
    bool Promoted, string Reason);

public sealed record RetrainResult(RiskModelView Candidate, PromotionDecision Decision, int WeeksStored);

public sealed record RetrainJobPayload(Guid AgencyId, string Reason);

/// <summary>Retraining on a schedule, the promotion rule, and each model's weeks after training.</summary>
public static class Retraining
{
    public const string Origin = "schedule";

    /// <summary>The written-down promotion rule (shown on the registry page and stored with each decision).</summary>
    public static string Rule(double minGain) =>
        $"Promote the candidate only if, on the held-out window (the {RiskModels.HoldoutDays} days before its cut-off, outcomes unseen by its twin), " +
        $"it finds more than the active model's share of revenue at a 5 % inspection rate plus {minGain:0.###}; ties keep the active model. " +
        "The active model is scored on the same window with the same features (outcomes of the window not learnt); if it was trained on part of the window, " +
        "that favours it, so the rule errs on the side of keeping it. No active model: the candidate is promoted if it has a holdout evaluation.";

    /// <summary>When the agency's next scheduled retraining is due: its latest model's training time plus the interval (null: off, or no model yet).</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(CordonDb db, Guid agencyId, RetrainOptions options, CancellationToken ct = default)
    {
        if (options.Every is not { } every)
        {
            return null;
        }
        var last = (await db.RiskModels.AsNoTracking().Where(m => m.OwningAgencyId == agencyId).Select(m => m.TrainedAt).ToListAsync(ct))
            .DefaultIfEmpty().Max();
        return last == default ? null : last + every;
    }

    /// <summary>
    /// Enqueues a <c>risk.retrain</c> job for every agency whose retraining is due at <paramref name="clock"/>'s now and
    /// has none queued or running. Returns the agencies enqueued. Agencies without any model are left alone
    /// (the first model is trained on request).
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> EnqueueDueAsync(CordonDb db, TimeProvider clock, RetrainOptions options, CancellationToken ct = default)
    {
        if (options.Every is not { } every)
        {
            return [];
        }
        var now = clock.GetUtcNow();
        var latest = (await db.RiskModels.AsNoTracking().Select(m => new { m.OwningAgencyId, m.TrainedAt }).ToListAsync(ct))
            .GroupBy(m => m.OwningAgencyId).Select(g => (Agency: g.Key, Last: g.Max(m => m.TrainedAt))).ToList();
        var busy = (await db.Jobs.AsNoTracking().Where(j => j.Kind == RetrainModelJob.JobKind && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .Select(j => j.OwningAgencyId).ToListAsync(ct)).ToHashSet();
        var enqueued = new List<Guid>();
        foreach (var (agency, last) in latest)
        {
            if (now < last + every || busy.Contains(agency))
            {
                continue;
            }
            await JobQueue.EnqueueAsync(db, SystemActor(agency), RetrainModelJob.JobKind, $"Scheduled retraining (due {last + every:yyyy-MM-dd HH:mm})",
                new RetrainJobPayload(agency, $"due {last + every:O}"), now, ct: ct);
            enqueued.Add(agency);
        }
        return enqueued;
    }

    /// <summary>The schedule acts as the agency's analyst would, under a name that says so in the audit trail.</summary>
    public static Actor SystemActor(Guid agency) => new(null, agency, Roles.Analyst, "retraining schedule", ActorKind.User);

    /// <summary>
    /// Trains a candidate (not active), promotes it by the rule, and measures every model's weeks after training.
    /// <paramref name="by"/> is who asked (the CLI's operator); the schedule when null.
    /// </summary>
    public static async Task<RetrainResult> RetrainAsync(CordonDb db, Guid agencyId, RetrainOptions options, TrainingOptions? training = null,
        Func<PassProgress, Task>? progress = null, Actor? by = null, CancellationToken ct = default)
    {
        var actor = by ?? SystemActor(agencyId);
        var active = await db.RiskModels.AsNoTracking().Where(m => m.OwningAgencyId == agencyId && m.Active)
            .Select(m => new { m.Version, m.ModelBytes }).FirstOrDefaultAsync(ct);
        var candidate = await RiskModels.TrainAsync(db, actor, agencyId, activate: false, options: training, progress: progress, origin: Origin, ct: ct);
        var rule = Rule(options.MinGain);
        PromotionDecision decision;
        if (candidate.Evaluation is not { } e)
        {
            decision = new PromotionDecision(rule, candidate.TrainUntil, candidate.TrainUntil, 0, active?.Version, null, null, null, null, false,
                "The candidate has no holdout evaluation (no irregular outcome in its held-out window): kept as a candidate.");
        }
        else
        {
            var c5 = e.Report.Model.N["5"];
            if (active is null)
            {
                decision = new PromotionDecision(rule, e.TestFrom, e.TestTo, e.Report.Test.Rows, null, c5.Revenue, c5.Precision, null, null, true, "No active model: the candidate is promoted.");
            }
            else
            {
                if (progress is not null) await progress(new PassProgress(0, 0, $"scoring the held-out window with the active model v{active.Version}"));
                var measured = await RiskModels.MeasureWindowAsync(db, agencyId, RiskModel.FromBytes(active.ModelBytes), e.TestFrom, e.TestTo, outcomesKnownBefore: e.TestFrom, ct);
                var a5 = measured?.Quality.N["5"];
                var beats = a5 is null || c5.Revenue > a5.Revenue + options.MinGain;
                decision = new PromotionDecision(rule, e.TestFrom, e.TestTo, e.Report.Test.Rows, active.Version, c5.Revenue, c5.Precision, a5?.Revenue, a5?.Precision, beats,
                    beats
                        ? $"Revenue at 5 %: candidate {c5.Revenue:P1} against active v{active.Version} {a5?.Revenue.ToString("P1", CultureInfo.InvariantCulture) ?? "—"} (minimum gain {options.MinGain:0.###}): promoted."
                        : $"Revenue at 5 %: candidate {c5.Revenue:P1} does not beat active v{active.Version} {a5!.Revenue:P1} by more than {options.MinGain:0.###}: the active model stays.");
            }
        }
        await db.RiskModels.Where(m => m.OwningAgencyId == agencyId && m.Version == candidate.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Promotion, JsonSerializer.Serialize(decision, RiskModels.Json)), ct);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.model.retrain")
        {
            RecordType = "risk-model", RecordId = candidate.Id.ToString(), RecordAgencyId = agencyId,
            Details = new { candidate.Version, decision.Promoted, decision.CandidateRevenueAt5, decision.ActiveRevenueAt5, decision.ActiveVersion },
        });
        await db.SaveChangesAsync(ct);
        if (decision.Promoted)
        {
            await RiskModels.ActivateAsync(db, actor, agencyId, candidate.Version, ct);
        }
        if (progress is not null) await progress(new PassProgress(0, 0, "measuring each model's weeks after training"));
        var weeks = await RiskModels.MeasureWeeksAsync(db, agencyId, options.AssessWeeks, ct: ct);
        var view = (await RiskModels.ListAsync(db, actor, agencyId, ct)).Single(m => m.Version == candidate.Version);
        return new RetrainResult(view, decision, weeks);
    }
}

/// <summary>Scheduled retraining as a job: candidate, promotion rule, weeks after training.</summary>
public sealed class RetrainModelJob(IConfiguration configuration) : IJobHandler
{
    public const string JobKind = "risk.retrain";
    public string Kind => JobKind;

    public async Task<object?> RunAsync(JobContext context)
    {
        var p = context.Payload<RetrainJobPayload>();
        await using var db = context.OpenDb();
        return await Retraining.RetrainAsync(db, p.AgencyId, RetrainOptions.From(configuration),
            progress: x => context.ReportAsync(x.Done, x.Total > 0 ? x.Total : null, x.Stage), ct: context.Cancellation);
    }
}

/// <summary>Measures (and stores) each model's weeks after training on request, as a job.</summary>
public sealed class AssessWeeksJob : IJobHandler
{
    public const string JobKind = "risk.assess";
    public string Kind => JobKind;

    public async Task<object?> RunAsync(JobContext context)
    {
        var p = context.Payload<AssessJobPayload>();
        await using var db = context.OpenDb();
        await context.ReportAsync(0, null, "measuring each model's weeks after training");
        return new { weeks = await RiskModels.MeasureWeeksAsync(db, p.AgencyId, p.Weeks, ct: context.Cancellation) };
    }
}

public sealed record AssessJobPayload(Guid AgencyId, int Weeks);

/// <summary>Checks every <see cref="RetrainOptions.CheckEvery"/> whether an agency's retraining is due and enqueues it (off unless <c>Risk:RetrainEvery</c> is set).</summary>
public sealed class RetrainScheduler(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<RetrainScheduler> log)
    : PeriodicSweep(scopes, clock, log)
{
    private readonly RetrainOptions _options = RetrainOptions.From(configuration);

    protected override string Done => "Scheduled risk model retraining for {Count} agencies.";
    protected override bool Enabled => _options.Every is not null;
    protected override TimeSpan Interval => _options.CheckEvery;

    protected override async Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => (await Retraining.EnqueueDueAsync(db, Clock, _options, ct)).Count;
}
