using System.Data.Common;
using System.Runtime.CompilerServices;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Operations;

/// <summary>
/// Publishes the live map's events for what a commit changed, so no caller has to remember to: operations and
/// patrols saved through the store (created, edited, status changed, assets booked), new incidents (reported by an
/// officer, raised by a sensor track or a job), and the events a bulk writer staged on the context with
/// <see cref="Stage"/> (detections, written set-based where the change tracker does not see them).
/// Only after the commit: a save inside a transaction publishes when that transaction commits, nothing when it
/// rolls back. The feed is the server's (<see cref="LiveFeed"/> from the context's application services); a
/// context opened outside the server (CLI, tests) has no viewers and publishes nothing.
/// </summary>
public sealed class LiveMapChanges : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly LiveMapChanges Instance = new();

    private sealed class Pending
    {
        public readonly HashSet<(string Kind, Guid Id)> Changed = [];
        public readonly List<LiveEvent> Ready = [];
        /// <summary>Saved (or staged) and waiting for the transaction around them to commit.</summary>
        public bool Saved;
    }

    private static readonly ConditionalWeakTable<DbContext, Pending> PendingOf = new();

    /// <summary>Events of rows a bulk writer adds itself, published when the context's transaction commits.</summary>
    public static void Stage(DbContext db, IEnumerable<LiveEvent> events)
    {
        var pending = PendingOf.GetOrCreateValue(db);
        pending.Ready.AddRange(events);
        pending.Saved = true;
    }

    /// <summary>A new incident on the map: the fields every viewer's marker shows.</summary>
    public static LiveEvent IncidentEvent(Incident i)
        => new("incident", IncidentResponse.Ref(i), new
        {
            id = i.Id, type = i.Type.Kebab(), severity = i.Severity.Kebab(), confidence = i.Confidence.Kebab(), title = i.Title, latitude = i.Latitude, longitude = i.Longitude,
            reportedAt = i.ReportedAt, pattern = i.Pattern,
        });

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Collect(DbContext? db)
    {
        if (db is null || Feed(db) is null)
        {
            return;
        }
        Pending? pending = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Operation o:
                    (pending ??= PendingOf.GetOrCreateValue(db)).Changed.Add(("operation", o.Id));
                    break;
                case Patrol p:
                    (pending ??= PendingOf.GetOrCreateValue(db)).Changed.Add(("patrol", p.Id));
                    break;
                case PatrolAssetBooking b:
                    (pending ??= PendingOf.GetOrCreateValue(db)).Changed.Add(("patrol", b.PatrolId));
                    break;
                case Incident i when entry.State == EntityState.Added:
                    // Values as saved: the marker is drawn from the record itself, nothing to look up.
                    (pending ??= PendingOf.GetOrCreateValue(db)).Ready.Add(IncidentEvent(i));
                    break;
            }
        }
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterSave(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static ValueTask AfterSave(DbContext? db, CancellationToken ct)
    {
        if (db is null || !PendingOf.TryGetValue(db, out var pending))
        {
            return ValueTask.CompletedTask;
        }
        pending.Saved = true;
        // Inside the caller's transaction: wait for its commit.
        return db.Database.CurrentTransaction is null ? PublishAsync(db, ct) : ValueTask.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        => PublishAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
        => PublishAsync(eventData.Context, cancellationToken).AsTask();

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    Task IDbTransactionInterceptor.TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbContext? db)
    {
        if (db is not null)
        {
            PendingOf.Remove(db);
        }
    }

    private static async ValueTask PublishAsync(DbContext? db, CancellationToken ct)
    {
        if (db is null || !PendingOf.TryGetValue(db, out var pending) || !pending.Saved || Feed(db) is not { } feed)
        {
            return;
        }
        PendingOf.Remove(db);
        var events = new List<LiveEvent>(pending.Ready);
        if (pending.Changed.Count > 0)
        {
            // Operations and patrols are shown with what lives beside them (lead agency code, booked assets):
            // read on a fresh context, since the saving one may still hold the committed transaction.
            var services = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ApplicationServiceProvider!;
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var fresh = scope.ServiceProvider.GetRequiredService<CordonDb>();
            foreach (var (kind, id) in pending.Changed)
            {
                try
                {
                    events.Add(kind == "operation" ? await LiveEvents.OperationAsync(fresh, id, ct) : await LiveEvents.PatrolAsync(fresh, id, ct));
                }
                catch (InvalidOperationException)
                {
                    // Removed again since the commit: nothing left to draw, and the committed save must not fail over the map.
                }
            }
        }
        feed.Publish(events);
    }

    /// <summary>The server's live feed when the context was made by the server's services; null elsewhere.</summary>
    private static LiveFeed? Feed(DbContext db)
        => db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<LiveFeed>();
}
