using System.Security.Cryptography;
using Cordon.Audit;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Messaging;

/// <summary>A channel whose key the rotation could not re-wrap: its key id is one this node does not hold, or its wrapped key does not open.</summary>
public sealed record UnreadableChannel(Guid Channel, string Name, string KeyId, string Reason);

/// <summary>What a rotation did: re-wrapped per former key id, channels already under the current key, and those it could not open.</summary>
public sealed record KeyRotationResult(string CurrentKeyId, int Rewrapped, IReadOnlyDictionary<string, int> RewrappedFrom, int AlreadyCurrent, int Batches,
    IReadOnlyList<UnreadableChannel> Unreadable);

/// <summary>
/// Re-wraps every channel key still sealed by an older server key with the current one (decision 025). The channel keys
/// themselves do not change, so no body is re-encrypted and every node that holds either server key keeps reading while it
/// runs. Batches of channels, each one transaction; each row is updated only if it still carries the key id it was read with,
/// so two runs, or a run beside a retention purge, never undo each other; running it again finds nothing left to do.
/// </summary>
public static class ChannelKeyRotation
{
    public const int DefaultBatch = 200;

    /// <param name="progress">Called after each committed batch with the channels re-wrapped so far and the total that was to do.</param>
    public static async Task<KeyRotationResult> RotateAsync(CordonDb db, Actor actor, ChannelKeys keys, int batchSize = DefaultBatch, Func<int, int, Task>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var current = keys.KeyId;
        var live = db.Channels.AsNoTracking().Where(c => c.PurgedAt == null);
        var alreadyCurrent = await live.CountAsync(c => c.KeyId == current, ct);
        // Channels under a key this node does not hold are not tried (they would fail every batch): listed for the operator.
        var known = keys.PreviousKeyIds.ToList();
        var unreadable = (await live.Where(c => c.KeyId != current && !known.Contains(c.KeyId)).OrderBy(c => c.CreatedAt)
                .Select(c => new { c.Id, c.Name, c.KeyId }).ToListAsync(ct))
            .Select(c => new UnreadableChannel(c.Id, c.Name, c.KeyId, $"server key {c.KeyId} is not held by this node")).ToList();
        var toDo = await live.CountAsync(c => known.Contains(c.KeyId), ct);
        var from = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failed = new HashSet<Guid>();
        var (rewrapped, batches) = (0, 0);
        while (true)
        {
            var failedIds = failed.ToList();
            var batch = await live.Where(c => known.Contains(c.KeyId) && !failedIds.Contains(c.Id)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                foreach (var channel in batch)
                {
                    byte[] wrapped;
                    try
                    {
                        wrapped = keys.Rewrap(channel);
                    }
                    catch (CryptographicException)
                    {
                        failed.Add(channel.Id);
                        unreadable.Add(new UnreadableChannel(channel.Id, channel.Name, channel.KeyId, $"its key does not open with server key {channel.KeyId} (altered or wrapped by another key)"));
                        continue;
                    }
                    var (id, was) = (channel.Id, channel.KeyId);
                    var done = await db.Channels.Where(c => c.Id == id && c.KeyId == was && c.PurgedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(c => c.WrappedKey, wrapped).SetProperty(c => c.KeyId, current), ct);
                    if (done == 1)
                    {
                        rewrapped++;
                        from[was] = from.GetValueOrDefault(was) + 1;
                    }
                }
                await tx.CommitAsync(ct);
            }
            batches++;
            if (progress is not null)
            {
                await progress(rewrapped, toDo);
            }
        }
        var result = new KeyRotationResult(current, rewrapped, from, alreadyCurrent, batches, unreadable);
        // One entry for the run: counts and key ids, never key material.
        AuditLog.Append(db, actor, "channel.keys.rotate", RecordTypes.Message, null, null, new
        {
            to = current, rewrapped, from, alreadyCurrent, batches, unreadable = unreadable.Count,
            unreadableChannels = unreadable.Take(50).Select(u => new { channel = u.Channel, keyId = u.KeyId }),
        });
        await db.SaveChangesAsync(ct);
        return result;
    }
}
