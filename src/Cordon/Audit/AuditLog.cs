using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Audit;

/// <summary>Who an audit entry names as acting.</summary>
public sealed record AuditActor(string Kind, Guid? UserId, string Name, Guid? AgencyId)
{
    public static AuditActor Of(Actor actor) => new(actor.Kind switch
    {
        ActorKind.User => "user",
        ActorKind.ApiKey => "api-key",
        _ => "local-operator",
    }, actor.UserId, actor.Name, actor.AgencyId);

    public static AuditActor OfUser(User user) => new("user", user.Id, user.UserName, user.AgencyId);

    /// <summary>Someone not (yet) identified, e.g. a sign-in with an unknown user name: the name they claimed.</summary>
    public static AuditActor Anonymous(string? claimedName)
    {
        var name = string.IsNullOrWhiteSpace(claimedName) ? "(none)" : claimedName.Trim();
        return new("anonymous", null, name.Length > AuditLimits.Name ? name[..AuditLimits.Name] : name, null);
    }

    /// <summary>Cordon itself (periodic jobs).</summary>
    public static readonly AuditActor System = new("system", null, "cordon", null);

    internal static readonly string[] Kinds = ["user", "api-key", "local-operator", "system", "anonymous"];
}

/// <summary>Something that happened and must be on the record.</summary>
public sealed record AuditEvent(AuditActor Actor, string Action)
{
    public string? RecordType { get; init; }
    public string? RecordId { get; init; }
    public Guid? RecordAgencyId { get; init; }
    public string? Purpose { get; init; }
    public AuditDecision? Decision { get; init; }
    /// <summary>Any JSON-serialisable value; stored as canonical JSON.</summary>
    public object? Details { get; init; }
    /// <summary>When it happened; now when not given.</summary>
    public DateTimeOffset? Time { get; init; }
}

public sealed record AuditRejection(int Position, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What a batch append did: entries [FirstIndex, FirstIndex + Appended) landed; the rejected ones did not.</summary>
public sealed record AuditBatchResult(long FirstIndex, int Appended, IReadOnlyList<AuditRejection> Rejected);

/// <summary>
/// The append-only audit log. <c>Append</c> queues an entry on a DbContext; it is written by the
/// same SaveChanges as the caller's change (one transaction), so a change and its audit entry commit
/// together or not at all. <see cref="AppendBatchAsync"/> is the bulk path. Appends are serialised
/// (PostgreSQL: a transaction-scoped advisory lock; SQLite: its single writer), so leaf indexes are
/// gapless and in commit order.
/// </summary>
public static partial class AuditLog
{
    /// <summary>Queues an entry; it is appended when <paramref name="db"/> next saves changes. Throws on invalid fields.</summary>
    public static void Append(CordonDb db, AuditEvent e)
    {
        // Refused before the store is touched; the time is the saving context's clock.
        var entry = ToEntry(e, DateTimeOffset.UnixEpoch, out var errors);
        errors.ThrowIfAny();
        if (e.Time is null)
        {
            entry!.Time = AuditCanonical.Truncate(db.Clock.GetUtcNow());
        }
        AuditAppender.Pending(db).Add(entry!);
    }

    public static void Append(CordonDb db, Actor actor, string action, string? recordType = null, string? recordId = null,
        Guid? recordAgencyId = null, object? details = null)
        => Append(db, new AuditEvent(AuditActor.Of(actor), action)
        {
            RecordType = recordType,
            RecordId = recordId,
            RecordAgencyId = recordAgencyId,
            Details = details,
        });

    /// <summary>
    /// Appends many entries at once through the store's bulk path, in the caller's transaction if there
    /// is one (else in its own). Invalid events are reported by position with their fields; the rest land.
    /// </summary>
    public static async Task<AuditBatchResult> AppendBatchAsync(CordonDb db, IReadOnlyList<AuditEvent> events, CancellationToken ct = default)
    {
        db.BackToPrimary(); // a request that read from the standby logs on the primary
        var entries = new List<AuditEntry>(events.Count);
        var now = db.Clock.GetUtcNow();
        var rejected = new List<AuditRejection>();
        for (var i = 0; i < events.Count; i++)
        {
            var entry = ToEntry(events[i], now, out var errors);
            if (errors.Any)
            {
                rejected.Add(new AuditRejection(i, errors.ToDictionary()));
            }
            else
            {
                entries.Add(entry!);
            }
        }
        if (entries.Count == 0)
        {
            return new AuditBatchResult(await AuditTree.SizeAsync(db, ct), 0, rejected);
        }
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            ForeignReads.Recorded(db, entries);
            var first = await AuditTree.AppendAsync(db, entries, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            return new AuditBatchResult(first, entries.Count, rejected);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex CodePattern();

    /// <summary>Validates an event and builds its entry (index and leaf hash not yet assigned); null with the field errors when invalid.</summary>
    public static AuditEntry? ToEntry(AuditEvent e, DateTimeOffset now, out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (e.Actor is null || !AuditActor.Kinds.Contains(e.Actor.Kind))
        {
            errors.Add("actor.kind", $"Actor kind must be one of: {string.Join(", ", AuditActor.Kinds)}.");
        }
        if (e.Actor is not null && (string.IsNullOrEmpty(e.Actor.Name) || e.Actor.Name.Length > AuditLimits.Name))
        {
            errors.Add("actor.name", $"Actor name must be 1 to {AuditLimits.Name} characters.");
        }
        if (e.Action is null || !CodePattern().IsMatch(e.Action))
        {
            errors.Add("action", "Action must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter (e.g. record.read).");
        }
        if (e.RecordType is not null && !CodePattern().IsMatch(e.RecordType))
        {
            errors.Add("recordType", "Record type must be 1 to 64 lower-case letters, digits, '.', '_' or '-' (e.g. seizure).");
        }
        if (e.RecordId is { Length: 0 or > AuditLimits.Name })
        {
            errors.Add("recordId", $"Record id must be 1 to {AuditLimits.Name} characters.");
        }
        if (e.Purpose is not null && !CodePattern().IsMatch(e.Purpose))
        {
            errors.Add("purpose", "Purpose must be 1 to 64 lower-case letters, digits, '.', '_' or '-' (e.g. investigation).");
        }
        string? details = null;
        try
        {
            details = AuditCanonical.Json(e.Details);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or System.Text.Json.JsonException)
        {
            errors.Add("details", $"Details must be JSON-serialisable: {ex.Message}");
        }
        if (details is { Length: > AuditLimits.Details })
        {
            errors.Add("details", $"Details must be at most {AuditLimits.Details} characters of JSON.");
        }
        if (errors.Any)
        {
            return null;
        }
        return new AuditEntry
        {
            Time = AuditCanonical.Truncate(e.Time ?? now),
            ActorKind = e.Actor!.Kind,
            ActorUserId = e.Actor.UserId,
            ActorName = e.Actor.Name,
            ActorAgencyId = e.Actor.AgencyId,
            Action = e.Action!,
            RecordType = e.RecordType,
            RecordId = e.RecordId,
            RecordAgencyId = e.RecordAgencyId,
            Purpose = e.Purpose,
            Decision = e.Decision,
            Details = details,
            LeafHash = [],
        };
    }
}

/// <summary>
/// Writes the entries queued with <c>AuditLog.Append</c> inside the SaveChanges that saves the
/// caller's change: it opens the transaction when the caller has none, appends (under the append lock),
/// and lets EF save the rest in the same transaction.
/// </summary>
public sealed class AuditAppender : SaveChangesInterceptor
{
    public static readonly AuditAppender Instance = new();

    private sealed class State
    {
        public readonly List<AuditEntry> Entries = [];
        public List<ChangeAudit.Change> Changes = [];
        public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? OwnTransaction;
    }

    private static readonly ConditionalWeakTable<DbContext, State> States = new();

    internal static List<AuditEntry> Pending(DbContext db) => States.GetOrCreateValue(db).Entries;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not CordonDb db)
        {
            return result;
        }
        var state = States.GetOrCreateValue(db);
        // The storage layer's own entries for what this save writes (ChangeAudit), whoever called it.
        state.Changes = ChangeAudit.Snapshot(db, state.Entries);
        if (state.Entries.Count > 0 || state.Changes.Count > 0)
        {
            if (db.Database.CurrentTransaction is null)
            {
                state.OwnTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            try
            {
                if (state.Entries.Count > 0)
                {
                    ForeignReads.Recorded(db, state.Entries);
                    await AuditTree.AppendAsync(db, state.Entries, cancellationToken);
                }
                else
                {
                    await AuditTree.LockAsync(db, cancellationToken); // the store's own entries append after the rows
                }
            }
            catch
            {
                await EndAsync(state, commit: false);
                throw;
            }
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        => SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CordonDb db && States.TryGetValue(db, out var state) && (state.Entries.Count > 0 || state.Changes.Count > 0))
        {
            if (state.Changes.Count > 0)
            {
                // After the save, so keys the store generated are known; still inside the transaction.
                var changes = ChangeAudit.Entries(state.Changes, db.Actor ?? AuditActor.System, db.Clock.GetUtcNow());
                state.Changes = [];
                try
                {
                    await AuditTree.AppendAsync(db, changes, cancellationToken);
                }
                catch
                {
                    state.Entries.Clear();
                    await EndAsync(state, commit: false);
                    throw;
                }
            }
            await EndAsync(state, commit: true);
            state.Entries.Clear();
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        => SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && States.TryGetValue(db, out var state))
        {
            // The entries describe the change that just failed: they go with it, so a later unrelated
            // SaveChanges on the same context cannot record them. A caller that retries appends again.
            state.Entries.Clear();
            state.Changes = [];
            await EndAsync(state, commit: false);
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && States.TryGetValue(db, out var state))
        {
            state.Entries.Clear();
            state.Changes = [];
            await EndAsync(state, commit: false);
        }
    }

    private static async Task EndAsync(State state, bool commit)
    {
        if (state.OwnTransaction is not { } transaction)
        {
            return;
        }
        state.OwnTransaction = null;
        try
        {
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}
