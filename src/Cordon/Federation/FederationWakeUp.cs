using System.Runtime.CompilerServices;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cordon.Federation;

/// <summary>
/// Wakes the federation worker when a commit changes what may be federated (a seizure, case, declaration or
/// agreement): at once on this node, and on PostgreSQL every node through
/// <c>NOTIFY cordon_federation</c> after the save (inside the caller's transaction when there is one, so it
/// arrives only if the change commits).
/// The worker still polls (Cordon:Federation:PollMilliseconds): a lost wake-up only costs that interval.
/// </summary>
public sealed class FederationWakeUp : SaveChangesInterceptor
{
    public const string Channel = "cordon_federation";
    /// <summary>This process, named in its notifications so its own listener can ignore them (it was pulsed directly).</summary>
    public static readonly string Node = Guid.NewGuid().ToString("N");
    public static readonly FederationWakeUp Instance = new();

    /// <summary>Pulsed after a commit on this node that may give a partner something new.</summary>
    public static readonly Signal Changed = new();

    private sealed class Flag
    {
        public bool Pending;
        public readonly List<(string Type, Guid Id)> Records = [];
    }

    private static readonly object HintLock = new();
    private static HashSet<(string Type, Guid Id)> _hints = [];
    private static bool _everything = true;

    /// <summary>
    /// What changed since the last call: the records committed on this node (so the worker looks at those
    /// only), or null when anything may have changed (an agreement, another node, a lost hint): look at everything.
    /// </summary>
    public static IReadOnlyCollection<(string Type, Guid Id)>? TakeHints()
    {
        lock (HintLock)
        {
            var hints = _everything ? null : _hints;
            _hints = [];
            _everything = false;
            return hints;
        }
    }

    /// <summary>Asks the next round to look at everything (another node's commit, a round that could not take all it found).</summary>
    public static void Everything()
    {
        lock (HintLock)
        {
            _everything = true;
        }
        Changed.Pulse();
    }

    private static readonly ConditionalWeakTable<DbContext, Flag> Flags = new();

    /// <summary>The federable record a changed entity belongs to; Guid.Empty for an agreement (everything may be due).</summary>
    private static (string Type, Guid Id)? Federable(object entity) => entity switch
    {
        Seizure s => (RecordTypes.Seizure, s.Id),
        Case c => (RecordTypes.Case, c.Id),
        CasePerson p => (RecordTypes.Case, p.CaseId),
        CaseTask t => (RecordTypes.Case, t.CaseId),
        Declaration d => (RecordTypes.Declaration, d.Id),
        Messaging.ChannelMessage m => (RecordTypes.Message, m.Id),
        // A member added: the channel's earlier messages may be due for its partner.
        Messaging.ChannelMember => ("", Guid.Empty),
        SharingAgreement => ("", Guid.Empty),
        _ => null,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Mark(DbContext? db)
    {
        if (db is null)
        {
            return;
        }
        Flag? flag = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && Federable(entry.Entity) is { } record)
            {
                flag ??= Flags.GetOrCreateValue(db);
                flag.Pending = true;
                flag.Records.Add(record);
            }
        }
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Wake(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PostgresCordonDb db && Flags.TryGetValue(db, out var flag) && flag.Pending)
        {
            // Committed already, or inside the caller's transaction: then delivered when (and only if) it commits.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, {1})", [Channel, Node], cancellationToken);
        }
        Wake(eventData.Context);
        return result;
    }

    private static void Wake(DbContext? db)
    {
        if (db is not null && Flags.TryGetValue(db, out var flag) && flag.Pending)
        {
            lock (HintLock)
            {
                foreach (var record in flag.Records)
                {
                    if (record.Id == Guid.Empty)
                    {
                        _everything = true;
                    }
                    else
                    {
                        _hints.Add(record);
                    }
                }
                if (_hints.Count > 10_000)
                {
                    _everything = true; // a bulk change: one full look is cheaper than a long id list
                    _hints = [];
                }
            }
            flag.Pending = false;
            flag.Records.Clear();
            Changed.Pulse();
        }
    }
}

/// <summary>This node's LISTENer for other nodes' federation wake-ups (PostgreSQL only).</summary>
public sealed class FederationListener(StorageSetup.StoreSettings settings, IOptions<FederationOptions> options, ILogger<FederationListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != DatabaseProvider.Postgres || !options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A dedicated connection outside the pool: LISTEN belongs to the session.
                var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, KeepAlive = 30 };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                // Another node's commit: we do not know which records, so the next round looks at everything.
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != FederationWakeUp.Node)
                    {
                        FederationWakeUp.Everything();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {FederationWakeUp.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                log.LogWarning(e, "Federation LISTEN connection lost; reconnecting (the worker keeps polling meanwhile).");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                FederationWakeUp.Everything(); // a notification may have been missed
            }
        }
    }
}
