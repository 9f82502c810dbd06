using System.Threading.Channels;
using Cordon.Storage;

namespace Cordon.Declarations;

/// <summary>
/// Group commit for the REST intake: requests validate and stage on their own threads, then queue their
/// records; one writer on one long-lived connection takes everything queued (up to
/// <see cref="MaxGroup"/> records) into a single transaction and answers every request of the group.
/// Under load a transaction carries many requests, so the per-request cost of a connection, prepared
/// statements and a commit disappears; an idle server still writes each request at once.
/// </summary>
public sealed class IntakeService : IAsyncDisposable
{
    public const int MaxGroup = 2000;

    private sealed record Submission(IntakeShape Shape, Intake.PreparedBatch Batch, TaskCompletionSource Done);

    private readonly StorageSetup.StoreSettings _store;
    private readonly Channel<Submission> _queue = Channel.CreateBounded<Submission>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly Task _loop;

    public IntakeService(StorageSetup.StoreSettings store)
    {
        _store = store;
        _loop = Task.Run(LoopAsync);
    }

    internal async Task<IReadOnlyList<RecordResult>> SubmitAsync(IntakeShape shape, Intake.PreparedBatch batch, CancellationToken ct)
    {
        var submission = new Submission(shape, batch, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(submission, ct);
        // Once queued the records will be written whether or not the caller still waits: wait for the outcome.
        await submission.Done.Task;
        return batch.Results();
    }

    private async Task LoopAsync()
    {
        IntakeWriter? writer = null;
        var group = new List<Submission>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var records = 0;
            while (records < MaxGroup && _queue.Reader.TryPeek(out var next) && (group.Count == 0 || next.Shape == group[0].Shape) && _queue.Reader.TryRead(out next))
            {
                group.Add(next);
                records += next.Batch.Count;
            }
            try
            {
                writer ??= await IntakeWriter.OpenAsync(_store, CancellationToken.None);
                await writer.WriteAsync(group[0].Shape, group.SelectMany(s => s.Batch.Staged).ToList(), group.SelectMany(s => s.Batch.Quarantine).ToList(), CancellationToken.None);
                foreach (var s in group)
                {
                    s.Done.SetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var s in group)
                {
                    s.Done.TrySetException(e);
                }
                if (writer is not null)
                {
                    await writer.DisposeAsync();
                }
                writer = null;
            }
        }
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
