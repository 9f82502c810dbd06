using System.Runtime.CompilerServices;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    public static readonly FederationWakeUp Instance = new();

    /// <summary>Pulsed after a commit on this node that may give a partner something new.</summary>
    public static readonly Signal Changed = new();

    private sealed class Flag
    {
        public bool Pending;
    }

    private static readonly ConditionalWeakTable<DbContext, Flag> Flags = new();

    private static bool Federable(object entity) => entity is Seizure or Case or CasePerson or CaseTask or Declaration or SharingAgreement;

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
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && Federable(entry.Entity))
            {
                Flags.GetOrCreateValue(db).Pending = true;
                return;
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
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [Channel], cancellationToken);
        }
        Wake(eventData.Context);
        return result;
    }

    private static void Wake(DbContext? db)
    {
        if (db is not null && Flags.TryGetValue(db, out var flag) && flag.Pending)
        {
            flag.Pending = false;
            Changed.Pulse();
        }
    }
}

/// <summary>This node's LISTENer for other nodes' federation wake-ups (PostgreSQL only).</summary>
public sealed class FederationListener(StorageSetup.StoreSettings settings, IConfiguration configuration, ILogger<FederationListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != DatabaseProvider.Postgres || !configuration.GetValue("Cordon:Federation:Enabled", true))
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
                connection.Notification += (_, _) => FederationWakeUp.Changed.Pulse();
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
                FederationWakeUp.Changed.Pulse(); // a notification may have been missed
            }
        }
    }
}
