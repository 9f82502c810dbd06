using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Jobs;

/// <summary>What a handler sees of its job: input, resume checkpoint, and a way to report progress.</summary>
public sealed class JobContext
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(500);

    private readonly Func<CordonDb> _openDb;
    private readonly CancellationTokenSource _cancel;
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;

    internal JobContext(Job job, string node, Func<CordonDb> openDb, CancellationTokenSource cancel, IServiceProvider services, TimeProvider clock)
    {
        Job = job;
        Node = node;
        Clock = clock;
        _openDb = openDb;
        _cancel = cancel;
        Services = services;
    }

    public Job Job { get; }
    public string Node { get; }
    public IServiceProvider Services { get; }

    /// <summary>The runner's clock: handlers take the time from it.</summary>
    public TimeProvider Clock { get; }
    /// <summary>Cancelled when someone cancels the job, the node shuts down, or the job was taken over.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    public T Payload<T>() => JsonSerializer.Deserialize<T>(Job.Payload, Json)
                             ?? throw new InvalidOperationException($"Job {Job.Id} has an empty payload.");

    /// <summary>The checkpoint a previous attempt stored, or default at a fresh start.</summary>
    public T? Checkpoint<T>() => Job.Checkpoint is null ? default : JsonSerializer.Deserialize<T>(Job.Checkpoint, Json);

    /// <summary>A new context on the job's store, for the handler's own work.</summary>
    public CordonDb OpenDb() => _openDb();

    /// <summary>
    /// Reports progress (written at most twice a second) and, when given, a checkpoint (always written:
    /// call it only after the work up to that point is committed). Throws when the job must stop.
    /// </summary>
    public async Task ReportAsync(long done, long? total = null, Wording? message = null, object? checkpoint = null)
    {
        var now = Clock.GetUtcNow();
        if (checkpoint is null && now - _lastWrite < ReportEvery)
        {
            _cancel.Token.ThrowIfCancellationRequested();
            return;
        }
        _lastWrite = now;
        var checkpointJson = checkpoint is null ? null : JsonSerializer.Serialize(checkpoint, Json);
        var english = message?.ToString();
        var wording = message is null ? null : StoredWordings.WriteOne(message);
        await using var db = _openDb();
        var id = Job.Id;
        var node = Node;
        // One statement: it writes only while this node still holds the job and nobody asked it to stop.
        var updated = await db.Jobs.Where(j => j.Id == id && j.ClaimedBy == node && !j.CancelRequested)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total)
                .SetProperty(j => j.Message, english).SetProperty(j => j.MessageWording, wording).SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Checkpoint, j => checkpointJson ?? j.Checkpoint), CancellationToken.None);
        if (updated == 0)
        {
            // Taken over by another node after a stall, or cancelled by a user: stop here.
            await _cancel.CancelAsync();
        }
        else
        {
            Job.Checkpoint = checkpointJson ?? Job.Checkpoint;
            Job.Done = done;
            Job.Total = total;
        }
        _cancel.Token.ThrowIfCancellationRequested();
    }
}
