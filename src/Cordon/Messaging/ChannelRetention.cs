using Cordon.Audit;
using Cordon.Common;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Messaging;

/// <summary>
/// Retention per channel kind (decision 025): once a channel has been closed longer than its kind's retention, its
/// messages, their earlier versions and read receipts are deleted and its key is destroyed; the channel (name, members and
/// their history) stays, marked purged, and the audit log keeps every entry it had (who posted, read, edited, when) plus
/// one <c>channel.purge</c> entry with the counts. A case channel is not purged while its case is open (Cordon has no
/// separate legal hold: an open case is the hold).
/// </summary>
public static class ChannelRetention
{
    /// <summary>Purges every channel due at <paramref name="now"/>, each in its own transaction; returns how many.</summary>
    public static async Task<int> SweepAsync(CordonDb db, MessagingOptions options, DateTimeOffset now, CancellationToken ct = default)
    {
        var closed = await db.Channels.AsNoTracking()
            .Where(c => c.PurgedAt == null && (c.ClosedAt != null || (c.EndsAt != null && c.EndsAt <= now)))
            .Select(c => new { c.Id, c.Kind, c.LinkId, c.ClosedAt, c.EndsAt, c.OwningAgencyId }).ToListAsync(ct);
        var due = closed.Select(c => (c.Id, c.Kind, c.LinkId, c.OwningAgencyId, Since: Channel.ClosedSince(c.ClosedAt, c.EndsAt, now)!.Value, Keep: options.RetentionOf(c.Kind)))
            .Where(c => c.Keep is { } keep && c.Since + keep <= now).ToList();
        var caseIds = due.Where(c => c.Kind == ChannelKind.Case && c.LinkId is not null).Select(c => c.LinkId!.Value).Distinct().ToList();
        var openCases = (await db.Cases.AsNoTracking().Where(k => caseIds.Contains(k.Id) && k.Status == Cases.CaseStatus.Open).Select(k => k.Id).ToListAsync(ct)).ToHashSet();
        var purged = 0;
        foreach (var c in due.Where(c => !(c.Kind == ChannelKind.Case && c.LinkId is { } link && openCases.Contains(link))).OrderBy(c => c.Since))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Claimed first: a second node sweeping at once finds it purged and writes nothing (PostgreSQL waits on the row, SQLite on its writer).
            var id = c.Id;
            var claimed = await db.Channels.Where(x => x.Id == id && x.PurgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PurgedAt, now).SetProperty(x => x.WrappedKey, Array.Empty<byte>()), ct);
            if (claimed == 0)
            {
                continue;
            }
            var messageIds = db.ChannelMessages.Where(m => m.ChannelId == id).Select(m => m.Id);
            var versions = await db.ChannelMessageVersions.Where(v => messageIds.Contains(v.MessageId)).ExecuteDeleteAsync(ct);
            var receipts = await db.MessageReceipts.Where(r => r.ChannelId == id).ExecuteDeleteAsync(ct);
            var attachments = await db.ChannelAttachments.Where(x => x.ChannelId == id).ExecuteDeleteAsync(ct);
            var messages = await db.ChannelMessages.Where(m => m.ChannelId == id).ExecuteDeleteAsync(ct);
            AuditLog.Append(db, new AuditEvent(AuditActor.System, "channel.purge")
            {
                RecordType = RecordTypes.Message, RecordId = id.ToString(), RecordAgencyId = c.OwningAgencyId,
                Details = new { kind = EnumText.Kebab(c.Kind), closedAt = c.Since, retentionDays = (int)c.Keep!.Value.TotalDays, messages, versions, receipts, attachments },
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            purged++;
        }
        return purged;
    }
}

/// <summary>
/// Runs <see cref="ChannelRetention.SweepAsync"/> at start and then every <c>Cordon:Messaging:RetentionSweepSeconds</c>
/// (default 3600) on the injected clock; <c>Cordon:Messaging:RetentionSweep=false</c> turns it off on a node.
/// </summary>
public sealed class ChannelRetentionWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MessagingOptions> options, ILogger<ChannelRetentionWorker> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Purged {Count} channel(s) past their retention.";
    protected override bool Enabled => options.Value.RetentionSweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RetentionSweepSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => ChannelRetention.SweepAsync(db, options.Value, now, ct);
}
