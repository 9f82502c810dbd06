using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Jobs;

public sealed record JobView(
    Guid Id, string Kind, string Title, JobStatus Status, long Done, long? Total, string? Message, string? Error,
    string? Result, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? Fraction)
{
    public static JobView Of(Job j) => new(j.Id, j.Kind, j.Title, j.Status, j.Done, j.Total, j.Message, j.Error, j.Result, j.Attempts,
        j.CreatedAt, j.StartedAt, j.FinishedAt, j.Total is > 0 ? Math.Min(1.0, (double)j.Done / j.Total.Value) : j.Status == JobStatus.Succeeded ? 1.0 : null);
}

/// <summary>
/// The job table as a queue. Claiming is one atomic statement: on PostgreSQL
/// <c>FOR UPDATE SKIP LOCKED</c> lets any number of nodes claim without taking the same job twice;
/// SQLite has a single writer, so its UPDATE … RETURNING is atomic by itself. A running job whose
/// heartbeat is older than the stale limit is claimed again (its node died) and resumes from its checkpoint.
/// </summary>
public static class JobQueue
{
    public const int MaxAttempts = 3;

    public static async Task<Job> EnqueueAsync(CordonDb db, Actor actor, string kind, string title, object payload, DateTimeOffset now, Tlp marking = Tlp.Amber,
        CancellationToken ct = default)
    {
        if (actor.AgencyId is not { } agency)
        {
            throw new Forbidden("A job belongs to an agency; the local operator must name one.");
        }
        var job = new Job
        {
            Kind = kind,
            Title = title,
            CreatedAt = now,
            Payload = JsonSerializer.Serialize(payload, JobContext.Json),
            OwningAgencyId = agency,
            Marking = marking,
            CreatedByUserId = actor.UserId,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>Claims the oldest runnable job for <paramref name="node"/>, or returns null.</summary>
    public static async Task<Guid?> ClaimAsync(CordonDb db, string node, TimeSpan staleAfter, DateTimeOffset now, CancellationToken ct = default)
    {
        var stale = now - staleAfter;
        List<Guid> claimed;
        if (db.Provider == DatabaseProvider.Postgres)
        {
            claimed = await db.Database.SqlQuery<Guid>($"""
                UPDATE jobs SET "Status" = 'Running', "ClaimedBy" = {node}, "Attempts" = "Attempts" + 1,
                       "StartedAt" = COALESCE("StartedAt", {now}), "HeartbeatAt" = {now}
                WHERE "Id" = (SELECT "Id" FROM jobs
                              WHERE ("Status" = 'Queued' OR ("Status" = 'Running' AND "HeartbeatAt" < {stale}))
                              ORDER BY "CreatedAt" FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct);
        }
        else
        {
            claimed = await db.Database.SqlQuery<Guid>($"""
                UPDATE jobs SET Status = 'Running', ClaimedBy = {node}, Attempts = Attempts + 1,
                       StartedAt = COALESCE(StartedAt, {now.UtcTicks}), HeartbeatAt = {now.UtcTicks}
                WHERE Id = (SELECT Id FROM jobs
                            WHERE (Status = 'Queued' OR (Status = 'Running' AND HeartbeatAt < {stale.UtcTicks}))
                            ORDER BY CreatedAt LIMIT 1)
                RETURNING Id AS Value
                """).ToListAsync(ct);
        }
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>Jobs the actor may see: the own agency's; an operator sees all.</summary>
    public static IQueryable<Job> Visible(CordonDb db, Actor actor)
        => actor.IsOperator ? db.Jobs : db.Jobs.Where(j => j.OwningAgencyId == actor.AgencyId);

    public static async Task<JobView> GetAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var job = await Visible(db, actor).AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct)
                  ?? throw new NotFound($"No job {id} that you may see.");
        return JobView.Of(job);
    }

    public static async Task<List<JobView>> ListAsync(CordonDb db, Actor actor, int limit = 200, CancellationToken ct = default)
    {
        var jobs = await Visible(db, actor).AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(limit).ToListAsync(ct);
        return jobs.Select(JobView.Of).ToList();
    }

    /// <summary>Asks a job to stop: a queued one is cancelled at once, a running one at its next progress report.</summary>
    public static async Task<JobView> CancelAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var job = await Visible(db, actor).FirstOrDefaultAsync(j => j.Id == id, ct)
                  ?? throw new NotFound($"No job {id} that you may see.");
        if (job.IsFinished)
        {
            throw new Conflict($"Job {id} has already finished ({job.Status}).");
        }
        job.CancelRequested = true;
        if (job.Status == JobStatus.Queued)
        {
            job.Status = JobStatus.Cancelled;
            job.FinishedAt = now;
            job.Message = $"Cancelled by {actor.Name} before it started.";
        }
        await db.SaveChangesAsync(ct);
        return JobView.Of(job);
    }
}
