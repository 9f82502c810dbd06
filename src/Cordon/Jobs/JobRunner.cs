using System.Text.Json;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Cordon.Jobs;

/// <summary>Claims and runs jobs. Used by the server's worker and directly by tests and the CLI.</summary>
public sealed class JobRunner(StorageSetup.StoreSettings store, IEnumerable<IJobHandler> handlers, IServiceProvider services, TimeProvider clock, ILogger<JobRunner> log)
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public string Node { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Claims one job and runs it to the end; false when there was nothing to run.</summary>
    public async Task<bool> RunOneAsync(CancellationToken stopping)
    {
        Guid? id;
        await using (var db = StorageSetup.Open(store, clock))
        {
            if (CordonTelemetry.QueueObserved)
            {
                var queued = db.Jobs.Where(j => j.Status == JobStatus.Queued);
                var oldest = await queued.OrderBy(j => j.CreatedAt).Select(j => (DateTimeOffset?)j.CreatedAt).FirstOrDefaultAsync(stopping);
                CordonTelemetry.ObserveJobQueue(await queued.LongCountAsync(stopping), oldest is { } o ? clock.GetUtcNow() - o : TimeSpan.Zero);
            }
            id = await JobQueue.ClaimAsync(db, Node, StaleAfter, clock.GetUtcNow(), stopping);
        }
        if (id is not { } jobId)
        {
            return false;
        }
        Job job;
        await using (var db = StorageSetup.Open(store, clock))
        {
            job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, stopping);
        }
        if (!_handlers.TryGetValue(job.Kind, out var handler))
        {
            await FinishAsync(jobId, JobStatus.Failed, null, Failure.Of(NoHandler(job.Kind)));
            return true;
        }
        if (job.Attempts > JobQueue.MaxAttempts)
        {
            await FinishAsync(jobId, JobStatus.Failed, null, Failure.Of(GaveUp()));
            return true;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var context = new JobContext(job, Node, () => StorageSetup.Open(store, clock), cancel, services, clock);
        using var heartbeat = new Timer(_ => _ = BeatAsync(jobId), null, HeartbeatEvery, HeartbeatEvery);
        using var activity = CordonTelemetry.Source.StartActivity($"job {job.Kind}");
        activity?.SetTag("cordon.job.id", jobId);
        activity?.SetTag("cordon.job.kind", job.Kind);
        activity?.SetTag("cordon.job.attempt", job.Attempts);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var status = "interrupted";
        log.LogInformation("Job {Id} ({Kind}) started on {Node}, attempt {Attempt}.", jobId, job.Kind, Node, job.Attempts);
        try
        {
            var result = await handler.RunAsync(context);
            await FinishAsync(jobId, JobStatus.Succeeded, result is null ? null : JsonSerializer.Serialize(result, JobContext.Json), null);
            status = "succeeded";
            log.LogInformation("Job {Id} succeeded.", jobId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is shutting down: leave the job Running; its heartbeat goes stale and any node resumes it.
            log.LogInformation("Job {Id} interrupted by shutdown; it will resume from its checkpoint.", jobId);
        }
        catch (OperationCanceledException)
        {
            await FinishAsync(jobId, JobStatus.Cancelled, null, null, onlyIfCancelRequested: true);
            status = "cancelled";
        }
        catch (Exception e)
        {
            log.LogError(e, "Job {Id} failed.", jobId);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            await FinishAsync(jobId, JobStatus.Failed, null, Failure.Of(e));
            status = "failed";
        }
        finally
        {
            CordonTelemetry.JobDuration.Record(CordonTelemetry.Since(started), new("kind", job.Kind), new("status", status));
        }
        return true;
    }

    private async Task BeatAsync(Guid id)
    {
        try
        {
            await using var db = StorageSetup.Open(store, clock);
            var now = clock.GetUtcNow();
            var node = Node;
            await db.Jobs.Where(j => j.Id == id && j.ClaimedBy == node).ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Heartbeat for job {Id} failed.", id);
        }
    }

    private static Wording NoHandler(string kind) => $"No handler for job kind '{kind}' on this node.";

    private static Wording GaveUp() => $"Gave up after {JobQueue.MaxAttempts} attempts; last checkpoint kept.";

    /// <summary>Why a job failed: its English text, and its wordings when it can be said in the reader's language.</summary>
    private sealed record Failure(string English, string? Stored)
    {
        // A refusal (the file's header, a bad request) is said in the reader's language on the page; any other fault stays as the runtime wrote it.
        public static Failure Of(Exception e) => new(e.Message, e is CordonException refusal ? StoredWordings.WriteRefusal(refusal) : null);

        public static Failure Of(Wording why) => new(why.ToString(), StoredWordings.Write(new Dictionary<string, List<Wording>> { [""] = [why] }));
    }

    private async Task FinishAsync(Guid id, JobStatus status, string? result, Failure? error, bool onlyIfCancelRequested = false)
    {
        await using var db = StorageSetup.Open(store, clock);
        var job = await db.Jobs.FirstAsync(j => j.Id == id);
        if (job.ClaimedBy != Node)
        {
            return; // Another node took it over; its run decides the outcome.
        }
        if (onlyIfCancelRequested && !job.CancelRequested)
        {
            return;
        }
        job.Status = status;
        job.Result = result;
        job.Error = error?.English;
        job.ErrorWording = error?.Stored;
        job.FinishedAt = clock.GetUtcNow();
        if (status == JobStatus.Succeeded && job.Total is { } total)
        {
            job.Done = Math.Max(job.Done, total);
        }
        if (status == JobStatus.Cancelled)
        {
            job.Message = "Cancelled.";
            job.MessageWording = StoredWordings.WriteOne("Cancelled.");
        }
        await db.SaveChangesAsync();
    }
}
