using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Jobs;

/// <summary>A job as the API answers it (in English); the wordings are for a page to say in the reader's language.</summary>
public sealed record JobView(
    Guid Id, string Kind, string Title, JobStatus Status, long Done, long? Total, string? Message, string? Error,
    string? Result, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? Fraction)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Wording TitleWording { get; init; } = Title;

    [System.Text.Json.Serialization.JsonIgnore]
    public Wording? MessageWording { get; init; }

    /// <summary>Each refused field's messages; a fault that was not a refusal is its English text under "".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, Wording[]> ErrorWordings { get; init; } = new Dictionary<string, Wording[]>();

    public static JobView Of(Job j) => new(j.Id, j.Kind, j.Title, j.Status, j.Done, j.Total, j.Message, j.Error, j.Result, j.Attempts,
        j.CreatedAt, j.StartedAt, j.FinishedAt, j.Total is > 0 ? Math.Min(1.0, (double)j.Done / j.Total.Value) : j.Status == JobStatus.Succeeded ? 1.0 : null)
    {
        TitleWording = Said(j.TitleWording, j.Title)!,
        MessageWording = Said(j.MessageWording, j.Message),
        ErrorWordings = j.ErrorWording is { } error ? StoredWordings.Read(error)
            : j.Error is { } text ? new Dictionary<string, Wording[]> { [""] = [text] } : new Dictionary<string, Wording[]>(),
    };

    /// <summary>What was stored as a wording, or else the English text (a job written before wordings were kept).</summary>
    private static Wording? Said(string? stored, string? english)
    {
        if (stored is not null)
        {
            return StoredWordings.ReadOne(stored);
        }
        return english is null ? null : (Wording)english;
    }
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

    public static async Task<Job> EnqueueAsync(CordonDb db, Actor actor, string kind, Wording title, object payload, DateTimeOffset now, Tlp marking = Tlp.Amber,
        CancellationToken ct = default)
    {
        if (actor.AgencyId is not { } agency)
        {
            throw new Forbidden("A job belongs to an agency; the local operator must name one.");
        }
        var job = New(kind, title, payload, agency, now, marking);
        job.CreatedByUserId = actor.UserId;
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>
    /// A queued job, not yet added: its title in English and as a wording, its payload as the runner reads it. For work
    /// queued in the caller's own transaction (a list import's re-screening); others call <see cref="EnqueueAsync"/>.
    /// </summary>
    public static Job New(string kind, Wording title, object payload, Guid agency, DateTimeOffset now, Tlp marking = Tlp.Amber) => new()
    {
        Kind = kind,
        Title = title.ToString(),
        TitleWording = StoredWordings.WriteOne(title),
        CreatedAt = now,
        Payload = JsonSerializer.Serialize(payload, JobContext.Json),
        OwningAgencyId = agency,
        Marking = marking,
    };

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
            Wording cancelled = $"Cancelled by {actor.Name} before it started.";
            job.Message = cancelled.ToString();
            job.MessageWording = StoredWordings.WriteOne(cancelled);
        }
        await db.SaveChangesAsync(ct);
        return JobView.Of(job);
    }
}
