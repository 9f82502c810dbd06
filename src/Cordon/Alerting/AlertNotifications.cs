using Cordon.Messaging;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cordon.Alerting;

/// <summary>
/// Cross-node wake-ups on PostgreSQL: a node that commits an alert (or creates deliveries) sends
/// <c>NOTIFY cordon_alerts</c>; every node LISTENs and pulses its own dispatcher and live streams, so
/// a second server on the same database delivers at once instead of at its next poll. SQLite has a
/// single writer process and keeps polling. A lost notification only costs the poll interval.
/// </summary>
public static class AlertNotifications
{
    public const string Channel = "cordon_alerts";
    public const string Raised = "raised";
    public const string Delivered = "delivered";

    /// <summary>
    /// NOTIFY on the context's connection: inside the caller's transaction when there is one (delivered
    /// at its commit, never if it rolls back), at once otherwise. No-op on SQLite.
    /// </summary>
    public static void Notify(CordonDb db, string what)
    {
        if (db is PostgresCordonDb)
        {
            db.Database.ExecuteSqlRaw("SELECT pg_notify({0}, {1})", Channel, what);
        }
    }

    public static async Task NotifyAsync(CordonDb db, string what, CancellationToken ct)
    {
        if (db is PostgresCordonDb)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, {1})", [Channel, what], ct);
        }
    }

    /// <summary>
    /// LISTENs on <paramref name="connectionString"/> until cancelled, calling <paramref name="onNotify"/> with each
    /// payload (on <paramref name="channel"/>, by default the alerts' own); reconnects after a failure (calling it with <see cref="Raised"/> then, since a notification may have been missed).
    /// </summary>
    public static async Task ListenAsync(string connectionString, Action<string> onNotify, Action<Exception>? onError, CancellationToken ct, TaskCompletionSource? listening = null,
        string channel = Channel)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // A dedicated connection outside the pool: LISTEN belongs to the session.
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => onNotify(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                listening?.TrySetResult();
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                onError?.Invoke(e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                onNotify(Raised);
            }
        }
    }
}

/// <summary>
/// This node's LISTENer (PostgreSQL only; <c>Cordon:Alerts:Listen=false</c> turns it off). It also wakes this node's
/// message streams (<see cref="MessagePosts"/>): one connection carries every live wake-up but the map's.
/// </summary>
public sealed class AlertListener(StorageSetup.StoreSettings settings, IOptions<AlertOptions> options, MessagePosts messages, ILogger<AlertListener> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != DatabaseProvider.Postgres || !options.Value.Listen)
        {
            return Task.CompletedTask;
        }
        return AlertNotifications.ListenAsync(settings.ConnectionString, payload =>
        {
            if (payload == AlertNotifications.Delivered)
            {
                AlertSignals.Delivered.Pulse();
            }
            else if (payload == MessagePosts.Notification)
            {
                messages.Pulse();
            }
            else
            {
                AlertSignals.Raised.Pulse();
            }
        }, e => log.LogWarning(e, "Alert LISTEN connection lost; reconnecting (dispatchers keep polling meanwhile)."), stoppingToken, messages.ListeningSource);
    }
}
