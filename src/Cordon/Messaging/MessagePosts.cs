using Cordon.Alerting;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Messaging;

/// <summary>
/// Wakes this node's message streams when a message is committed (or read: unread counts change), on the alerts' wake-up mechanism: the node that posts
/// pulses its own streams and sends <c>NOTIFY cordon_alerts, 'message'</c> on PostgreSQL; every node's
/// <see cref="AlertListener"/> pulses its streams on it. One per node (a singleton), so a second node in the same process
/// is woken only through the database, as a second server would be.
/// </summary>
public sealed class MessagePosts
{
    /// <summary>The payload on the alerts' notification channel that announces a new message.</summary>
    public const string Notification = "message";

    private readonly Signal _posted = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next message committed on any node: take it before reading the store, then wait on it.</summary>
    public Task Next => _posted.Next;

    /// <summary>Completes once this node LISTENs for other nodes' messages (PostgreSQL only).</summary>
    public Task Listening => _listening.Task;

    public void Pulse() => _posted.Pulse();

    internal TaskCompletionSource ListeningSource => _listening;

    /// <summary>After a message or read receipts are saved: wakes this node's streams and, on PostgreSQL, every other node's (at commit, inside a caller's transaction).</summary>
    public static async Task AnnounceAsync(CordonDb db, CancellationToken ct)
    {
        await AlertNotifications.NotifyAsync(db, Notification, ct);
        // The CLI and tools have no streams of their own: their NOTIFY alone reaches the servers.
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<MessagePosts>()?.Pulse();
    }
}
