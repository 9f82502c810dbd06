using System.Diagnostics;
using System.Threading.Channels;
using Cordon.Storage;

namespace Cordon.Declarations;

/// <summary>Where an import stands, reported after each committed batch.</summary>
public sealed record ImportProgress(long Records, long Accepted, long Rejected, long Duplicates, long Amended, double Seconds, long BytesRead, long? BytesTotal)
{
    public double RecordsPerSecond => Seconds > 0 ? Records / Seconds : 0;
}

/// <summary>The end of an import: counts of what was committed, and whether the whole file was read.</summary>
public sealed record ImportResult(IntakeSummary Summary, bool Completed, IReadOnlyList<RecordResult> FirstRejects)
{
    /// <summary>Time spent in database writes (the rest was reading, parsing and validating, overlapped).</summary>
    public double WriteSeconds { get; init; }

    /// <summary>CPU time of the writer's thread in those writes (SQLite only; 0 on PostgreSQL, whose work is the server's).</summary>
    public double WriterCpuSeconds { get; init; }
}

/// <summary>
/// Bulk import of a declaration or consignment file in constant memory: one thread reads, parses,
/// validates and stages batches; another writes them, one transaction per batch. At most three
/// batches are in flight, whatever the file size (measured: peak working set under 400 MB for any file). A record is counted only once its batch has
/// committed, so the counts are what is really stored; run the same file again after a crash and the
/// committed records come back as duplicates, the rest are stored.
/// </summary>
public static class FileImport
{
    public const int DefaultBatchSize = 2000;
    /// <summary>How often an import commits where batches can share a transaction (see <see cref="IntakeWriter.GroupsBatches"/>).</summary>
    public static readonly TimeSpan CommitEvery = TimeSpan.FromSeconds(1);
    private const int KeptRejects = 100;

    public static Task<ImportResult> DeclarationsAsync(Stream stream, FileFormat format, StorageSetup.StoreSettings store, IntakeContext context,
        Action<ImportProgress>? progress, CancellationToken ct, int batchSize = DefaultBatchSize, TimeSpan? commitEvery = null)
        => DeclarationsAsync(stream, format, store, context, Async(progress), null, ct, batchSize, commitEvery);

    /// <summary>
    /// As above, with an asynchronous progress callback (called after each commit) and a resume point:
    /// the counts of a previous run of the same file, whose records are then skipped unread by the writer.
    /// </summary>
    public static Task<ImportResult> DeclarationsAsync(Stream stream, FileFormat format, StorageSetup.StoreSettings store, IntakeContext context,
        Func<ImportProgress, Task>? progress, IntakeSummary? resumeFrom, CancellationToken ct, int batchSize = DefaultBatchSize, TimeSpan? commitEvery = null)
        => RunAsync(stream, store, context, progress, resumeFrom, ct, batchSize, commitEvery ?? CommitEvery, Intake.DeclarationShape,
            reader => DeclarationFiles.Read(reader, format), Intake.StageDeclaration, IntakeKind.Declaration);

    public static Task<ImportResult> ConsignmentsAsync(Stream stream, FileFormat format, StorageSetup.StoreSettings store, IntakeContext context,
        Action<ImportProgress>? progress, CancellationToken ct, int batchSize = DefaultBatchSize, TimeSpan? commitEvery = null)
        => ConsignmentsAsync(stream, format, store, context, Async(progress), null, ct, batchSize, commitEvery);

    public static Task<ImportResult> ConsignmentsAsync(Stream stream, FileFormat format, StorageSetup.StoreSettings store, IntakeContext context,
        Func<ImportProgress, Task>? progress, IntakeSummary? resumeFrom, CancellationToken ct, int batchSize = DefaultBatchSize, TimeSpan? commitEvery = null)
        => RunAsync(stream, store, context, progress, resumeFrom, ct, batchSize, commitEvery ?? CommitEvery, Intake.ConsignmentShape,
            reader => ConsignmentFiles.Read(reader, format), Intake.StageConsignment, IntakeKind.Consignment);

    private static Func<ImportProgress, Task>? Async(Action<ImportProgress>? progress)
        => progress is null ? null : p =>
        {
            progress(p);
            return Task.CompletedTask;
        };

    private static async Task<ImportResult> RunAsync<T>(Stream stream, StorageSetup.StoreSettings store, IntakeContext context,
        Func<ImportProgress, Task>? progress, IntakeSummary? resumeFrom, CancellationToken ct, int batchSize, TimeSpan commitEvery, IntakeShape shape,
        Func<LineReader, IEnumerable<Candidate<T>>> read, Func<Candidate<T>, IntakeContext, StagedRecord?> stage, IntakeKind kind)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        var summary = new IntakeSummary
        {
            Accepted = resumeFrom?.Accepted ?? 0,
            Rejected = resumeFrom?.Rejected ?? 0,
            Duplicates = resumeFrom?.Duplicates ?? 0,
            Amended = resumeFrom?.Amended ?? 0,
        };
        // Records of the file already committed by an earlier run (in file order) are read but not written again.
        var skip = summary.Total;
        var rejects = new List<RecordResult>();
        long? total = stream.CanSeek ? stream.Length : null;
        using var reader = new LineReader(stream);
        await using var writer = await IntakeWriter.OpenAsync(store, ct);
        var channel = Channel.CreateBounded<(Intake.PreparedBatch Batch, long Bytes)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new Intake.PreparedBatch();
                foreach (var candidate in read(reader))
                {
                    stop.Token.ThrowIfCancellationRequested();
                    if (candidate.Index < skip)
                    {
                        continue;
                    }
                    batch.Add(candidate, stage(candidate, context), kind, context);
                    if (batch.Count >= batchSize)
                    {
                        await channel.Writer.WriteAsync((batch, reader.BytesRead), stop.Token);
                        batch = new Intake.PreparedBatch();
                    }
                }
                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync((batch, reader.BytesRead), stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var completed = false;
        var writeSeconds = 0.0;
        try
        {
            // Where the store allows it, batches share a transaction committed about once a second: the
            // results of the batches in it wait for that commit.
            var uncommitted = new List<IReadOnlyList<RecordResult>>();
            var lastCommit = Stopwatch.GetTimestamp();
            var lastBytes = 0L;
            await foreach (var (batch, bytes) in channel.Reader.ReadAllAsync(ct))
            {
                var writeStarted = Stopwatch.GetTimestamp();
                var commit = !writer.GroupsBatches || Stopwatch.GetElapsedTime(lastCommit) >= commitEvery;
                await writer.WriteAsync(shape, batch.Staged, batch.Quarantine, ct, commit);
                writeSeconds += Stopwatch.GetElapsedTime(writeStarted).TotalSeconds;
                uncommitted.Add(batch.Results());
                lastBytes = bytes;
                if (commit)
                {
                    await CommittedAsync();
                    lastCommit = Stopwatch.GetTimestamp();
                }
            }
            var finalCommit = Stopwatch.GetTimestamp();
            await writer.CommitAsync();
            writeSeconds += Stopwatch.GetElapsedTime(finalCommit).TotalSeconds;
            await CommittedAsync();
            completed = true;

            async Task CommittedAsync()
            {
                // Committed: only now do these records count.
                foreach (var results in uncommitted)
                {
                    foreach (var r in results)
                    {
                        summary.Add(r.Outcome);
                        if (r.Outcome == IntakeOutcome.Rejected && rejects.Count < KeptRejects)
                        {
                            rejects.Add(r);
                        }
                    }
                }
                if (uncommitted.Count == 0)
                {
                    return;
                }
                uncommitted.Clear();
                summary.Seconds = clock.Elapsed.TotalSeconds;
                if (progress is not null)
                {
                    await progress(new ImportProgress(summary.Total, summary.Accepted, summary.Rejected, summary.Duplicates, summary.Amended, summary.Seconds, lastBytes, total));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: what committed is stored and counted; the batch in flight rolled back.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
        }
        summary.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        if (context.Actor is { } actor)
        {
            // One entry for the file, stopped or not, with what committed (a resumed run writes its own).
            await IntakeAudit.RecordAsync(store, actor, kind, context, summary, await IntakeAudit.Sha256Async(stream, CancellationToken.None), clock.Elapsed, completed, CancellationToken.None);
        }
        return new ImportResult(summary, completed, rejects) { WriteSeconds = Math.Round(writeSeconds, 3), WriterCpuSeconds = Math.Round(writer.CpuSeconds, 3) };
    }
}
