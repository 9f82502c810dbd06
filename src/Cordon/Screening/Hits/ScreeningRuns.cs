using System.Text.Json;
using Cordon.Common;
using Cordon.Jobs;
using Cordon.Screening.Lists;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Hits;

/// <summary>What a re-screening job is given: the list and the version whose changes to apply.</summary>
public sealed record RescreenPayload(Guid ListId, int Version);

/// <summary>Where a re-screening run stands: declarations then consignments, by id; committed work only.</summary>
public sealed record RescreenCheckpoint(string Phase, Guid? After, long Done, ScreeningCounts Counts);

public sealed record RescreenResult(string List, int Version, int ChangedEntries, int RemovedEntries, long ClosedForRemoval, ScreeningCounts Counts);

/// <summary>
/// The two screening runs over stored records: draining the intake backlog (new and amended records,
/// in batches) and re-screening every stored party against the entries one list version added or
/// changed (removed entries close their open hits). Both commit batch by batch and can resume.
/// </summary>
public static class ScreeningRuns
{
    public const int BatchSize = 500;
    public const string IntakeKind = "screening.intake";
    public const string RescreenKind = "screening.rescreen";

    /// <summary>
    /// Screens the records waiting in the backlog (of one agency, or all), batch by batch: each
    /// batch's hits and the removal of its backlog rows commit together, so an interrupted run
    /// loses nothing and repeats nothing.
    /// </summary>
    public static async Task<ScreeningCounts> DrainBacklogAsync(Func<CordonDb> open, Guid? agency, Func<long, long, ScreeningCounts, Task>? progress = null,
        CancellationToken ct = default)
    {
        var counts = new ScreeningCounts();
        long done = 0, total = 0;
        var failures = 0;
        var batches = 0;
        PartyScreening.PartyCache? cache = null;
        Matching.ScreeningIndex? cachedFor = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var db = open();
            var waiting = agency is { } a ? db.ScreeningBacklog.Where(e => e.OwningAgencyId == a) : db.ScreeningBacklog;
            if (batches++ % 50 == 0)
            {
                // Counted now and then only: a count per batch would cost more than the batch on a long backlog.
                total = done + await waiting.LongCountAsync(ct);
            }
            // The agency's index is by arrival; across agencies the key order is as good and needs no sort.
            var ordered = agency is null ? waiting.OrderBy(e => e.RecordId).ThenBy(e => e.Version) : waiting.OrderBy(e => e.QueuedAt).ThenBy(e => e.RecordId);
            var batch = await ordered.Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
            if (!ReferenceEquals(index, cachedFor))
            {
                // A list changed mid-run: earlier search results no longer hold.
                cache = new PartyScreening.PartyCache();
                cachedFor = index;
            }
            var records = await RecordsAsync(db, batch.Select(e => (e.RecordType, e.RecordId)), ct);
            var batchCounts = await PartyScreening.ApplyAsync(db, index, records, null, cache, ct);
            db.ScreeningBacklog.RemoveRange(batch);
            try
            {
                await db.SaveChangesAsync(ct);
                failures = 0;
            }
            catch (DbUpdateException) when (++failures < 5)
            {
                // Another run screened part of this batch first (its backlog rows are gone, or its hits exist): take the next look.
                batches = 0;
                continue;
            }
            done += batch.Count;
            total = Math.Max(total, done);
            counts.Add(batchCounts);
            if (progress is not null)
            {
                await progress(done, total, counts);
            }
        }
        return counts;
    }

    /// <summary>
    /// Screens one record now if it is still waiting in the backlog (for a caller that needs its hits
    /// at once, such as lane selection); false when it was not waiting.
    /// </summary>
    public static async Task<bool> ScreenIfWaitingAsync(CordonDb db, Guid recordId, CancellationToken ct = default)
    {
        var waiting = await db.ScreeningBacklog.Where(e => e.RecordId == recordId).ToListAsync(ct);
        if (waiting.Count == 0)
        {
            return false;
        }
        var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
        var records = await RecordsAsync(db, waiting.Select(e => (e.RecordType, e.RecordId)).Distinct(), ct);
        await PartyScreening.ApplyAsync(db, index, records, null, null, ct);
        db.ScreeningBacklog.RemoveRange(waiting);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The backlog job screened it at the same moment: its hits are stored.
            db.ChangeTracker.Clear();
        }
        return true;
    }

    private static async Task<List<ScreenedRecord>> RecordsAsync(CordonDb db, IEnumerable<(string Type, Guid Id)> keys, CancellationToken ct)
    {
        var list = keys.ToList();
        var records = await StoredParties.ByIdsAsync(db, RecordTypes.Declaration, list.Where(k => k.Type != RecordTypes.Consignment).Select(k => k.Id).Distinct().ToList(), ct);
        records.AddRange(await StoredParties.ByIdsAsync(db, RecordTypes.Consignment, list.Where(k => k.Type == RecordTypes.Consignment).Select(k => k.Id).Distinct().ToList(), ct));
        return records;
    }

    /// <summary>
    /// Applies one list version to the stored hits: open hits on entries the version removed are
    /// closed; every stored party is screened again and only hits on entries the version added or
    /// changed are raised or updated (the rest of the list cannot have changed its result).
    /// </summary>
    public static async Task<RescreenResult> RescreenAsync(Func<CordonDb> open, RescreenPayload payload, RescreenCheckpoint? resume,
        Func<RescreenCheckpoint, long, Task>? progress = null, CancellationToken ct = default)
    {
        string listName;
        HashSet<Guid> scope;
        List<Guid> removed;
        long closed = 0;
        long total;
        await using (var db = open())
        {
            var list = await db.WatchLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == payload.ListId, ct)
                       ?? throw new InvalidOperationException($"Watch list {payload.ListId} no longer exists.");
            listName = list.Name;
            removed = await db.ListedEntities.Where(e => e.ListId == payload.ListId && e.RemovedInVersion == payload.Version).Select(e => e.Id).ToListAsync(ct);
            scope = (await db.ListedEntities.Where(e => e.ListId == payload.ListId && e.ChangedInVersion == payload.Version && e.RemovedInVersion == null)
                .Select(e => e.Id).ToListAsync(ct)).ToHashSet();
            if (resume is null && removed.Count > 0)
            {
                closed = await CloseRemovedAsync(db, list.Name, payload.Version, removed, ct);
            }
            total = scope.Count == 0 ? 0 : await db.Declarations.LongCountAsync(ct) + await db.Consignments.LongCountAsync(ct);
        }
        var counts = resume?.Counts ?? new ScreeningCounts();
        if (scope.Count == 0)
        {
            return new RescreenResult(listName, payload.Version, 0, removed.Count, closed, counts);
        }

        await ScreenAgainAsync(open, scope, resume, counts, total, progress, ct);
        return new RescreenResult(listName, payload.Version, scope.Count, removed.Count, closed, counts);
    }

    /// <summary>Closes the open hits on the entries the version removed (set-based), with an audit entry per agency that lost hits; returns how many.</summary>
    private static async Task<long> CloseRemovedAsync(CordonDb db, string listName, int version, List<Guid> removed, CancellationToken ct)
    {
        long closed = 0;
        var now = db.Clock.GetUtcNow();
        var note = $"closed: the entry was removed from {listName} in version {version}";
        var owners = new Dictionary<Guid, int>();
        foreach (var chunk in removed.Chunk(1000))
        {
            // A set-based write passes by the store's change audit: who lost hits, and how many, is written here.
            foreach (var g in await db.ScreeningHits.Where(h => chunk.Contains(h.EntityId) && h.Status == HitStatus.Open)
                         .GroupBy(h => h.OwningAgencyId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                owners[g.Key] = owners.GetValueOrDefault(g.Key) + g.Count;
            }
            closed += await db.ScreeningHits.Where(h => chunk.Contains(h.EntityId) && h.Status == HitStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HitStatus.Closed).SetProperty(h => h.StatusNote, note).SetProperty(h => h.UpdatedAt, now), ct);
        }
        foreach (var (owner, count) in owners)
        {
            // Whoever runs the job (the CLI's operator), else Cordon itself.
            Audit.AuditLog.Append(db, new Audit.AuditEvent(db.Actor ?? Audit.AuditActor.System, "screening-hit.close")
            {
                RecordType = Sharing.RecordTypes.ScreeningHit, RecordAgencyId = owner, Details = new { hits = count, list = listName, version, reason = note },
            });
        }
        if (owners.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return closed;
    }

    /// <summary>
    /// Screens every stored party again, page by page (declarations, then consignments), raising or updating only hits on the entries in
    /// <paramref name="scope"/>; adds to <paramref name="counts"/> and reports a checkpoint after each page.
    /// </summary>
    private static async Task ScreenAgainAsync(Func<CordonDb> open, HashSet<Guid> scope, RescreenCheckpoint? resume, ScreeningCounts counts, long total,
        Func<RescreenCheckpoint, long, Task>? progress, CancellationToken ct)
    {
        var cache = new PartyScreening.PartyCache();
        Matching.ScreeningIndex? cachedFor = null;
        var phase = resume?.Phase ?? RecordTypes.Declaration;
        var after = resume?.After;
        var done = resume?.Done ?? 0;
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var db = open();
            var page = await StoredParties.PageAsync(db, phase, after, BatchSize, ct);
            if (page.Count == 0)
            {
                if (phase == RecordTypes.Consignment)
                {
                    break;
                }
                phase = RecordTypes.Consignment;
                after = null;
                continue;
            }
            var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
            if (!ReferenceEquals(index, cachedFor))
            {
                cache = new PartyScreening.PartyCache();
                cachedFor = index;
            }
            var pageCounts = await PartyScreening.ApplyAsync(db, index, page, scope, cache, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                failures = 0;
            }
            catch (DbUpdateException) when (++failures < 5)
            {
                // The backlog job stored a hit of the same record at the same moment: screen the page again.
                continue;
            }
            counts.Add(pageCounts);
            done += page.Count;
            after = page[^1].Id;
            if (progress is not null)
            {
                await progress(new RescreenCheckpoint(phase, after, done, counts), Math.Max(total, done));
            }
        }
    }

    /// <summary>
    /// Runs the queued re-screening jobs in this process (the CLI, where no server works the queue):
    /// each is claimed like a server node claims it (only if still queued), reports its progress to the
    /// job table and to <paramref name="observer"/>, and is finished with its result. Returns how many ran.
    /// <paramref name="open"/> opens contexts acting as whoever runs them, whom the audit entries name.
    /// </summary>
    public static async Task<int> RunQueuedRescreensAsync(Func<CordonDb> open, TimeProvider clock, Action<string, long, long>? observer = null, CancellationToken ct = default)
    {
        var node = $"cli:{Environment.MachineName}:{Environment.ProcessId}";
        var ran = 0;
        while (true)
        {
            Job? job;
            await using (var db = open())
            {
                var id = await db.Jobs.Where(j => j.Kind == RescreenKind && j.Status == JobStatus.Queued).OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct);
                if (id is null)
                {
                    return ran;
                }
                var now = clock.GetUtcNow();
                var claimed = await db.Jobs.Where(j => j.Id == id && j.Status == JobStatus.Queued).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.ClaimedBy, node).SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.StartedAt, now).SetProperty(j => j.HeartbeatAt, now), ct);
                if (claimed == 0)
                {
                    continue; // A server node took it first.
                }
                job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, ct);
            }
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var context = new JobContext(job, node, open, cancel, EmptyServices.Instance, clock);
            JobStatus status;
            string? result = null, error = null;
            try
            {
                var outcome = await Hits.RescreenJob.RunAsync(context, (done, total, message) => observer?.Invoke(job.Title, done, total));
                result = JsonSerializer.Serialize(outcome, JobContext.Json);
                status = JobStatus.Succeeded;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e.Message;
                status = JobStatus.Failed;
            }
            await using (var db = open())
            {
                var finished = clock.GetUtcNow();
                await db.Jobs.Where(j => j.Id == job.Id && j.ClaimedBy == node).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, status).SetProperty(j => j.Result, result).SetProperty(j => j.Error, error)
                    .SetProperty(j => j.FinishedAt, finished), CancellationToken.None);
            }
            if (error is not null)
            {
                throw new InvalidOperationException($"{job.Title} failed: {error}");
            }
            ran++;
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    /// <summary>The re-screening job a list import adds in its own transaction, owned by the list's agency.</summary>
    internal static Job RescreenJob(WatchList list, int version, ListImportResultCounts changes, DateTimeOffset now)
        => JobQueue.New(RescreenKind, RescreenTitle(list, version, changes), new RescreenPayload(list.Id, version), list.OwningAgencyId, now);

    private static Wording RescreenTitle(WatchList list, int version, ListImportResultCounts changes)
        => $"Re-screening after {list.Name} version {version} ({changes.Added:N0} added, {changes.Changed:N0} changed, {changes.Removed:N0} removed)";

    private static Wording IntakeTitle => "Screening of newly stored declarations and consignments";

    internal static Job IntakeJob(Guid agency, DateTimeOffset now) => JobQueue.New(IntakeKind, IntakeTitle, new IntakeScreeningPayload(agency), agency, now);
}

internal readonly record struct ListImportResultCounts(int Added, int Changed, int Removed);

public sealed record IntakeScreeningPayload(Guid AgencyId);

/// <summary>Screens an agency's newly stored records (the intake backlog) with progress.</summary>
public sealed class IntakeScreeningJob : IJobHandler
{
    public string Kind => ScreeningRuns.IntakeKind;

    public async Task<object?> RunAsync(JobContext context)
    {
        var payload = context.Payload<IntakeScreeningPayload>();
        var counts = await ScreeningRuns.DrainBacklogAsync(context.OpenDb, payload.AgencyId,
            (done, total, c) => context.ReportAsync(done, total, c.Describe()), context.Cancellation);
        return counts;
    }
}

/// <summary>Re-screens stored parties against one list version's changes, resuming from its checkpoint.</summary>
public sealed class RescreenJob : IJobHandler
{
    public string Kind => ScreeningRuns.RescreenKind;

    public Task<object?> RunAsync(JobContext context) => RunAsync(context, null);

    /// <summary>Also reports to <paramref name="observer"/> (the CLI's progress bar).</summary>
    public static async Task<object?> RunAsync(JobContext context, Action<long, long, string>? observer)
    {
        var payload = context.Payload<RescreenPayload>();
        return await ScreeningRuns.RescreenAsync(context.OpenDb, payload, context.Checkpoint<RescreenCheckpoint>(), async (checkpoint, total) =>
        {
            var message = Progress(checkpoint);
            observer?.Invoke(checkpoint.Done, total, message.ToString());
            await context.ReportAsync(checkpoint.Done, total, message, checkpoint);
        }, context.Cancellation);
    }

    private static Wording Progress(RescreenCheckpoint checkpoint) => $"{checkpoint.Phase} records: {checkpoint.Counts.Describe()}";
}
