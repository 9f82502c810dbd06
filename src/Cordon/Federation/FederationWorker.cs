using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Federation;

/// <summary>
/// The federation worker of a server node: for each partner, queues what agreements share with it,
/// delivers the batches after its cursor (with exponential backoff through outages, up to
/// Cordon:Federation:MaxBackoffSeconds), and every Cordon:Federation:WitnessSeconds witnesses its
/// audit checkpoint. Runs when a commit wakes it (<see cref="FederationWakeUp"/>), and at the latest every
/// Cordon:Federation:PollMilliseconds (default 1000).
/// Cordon:Federation:Enabled=false turns it off on a node.
/// </summary>
public sealed class FederationWorker(IServiceScopeFactory scopes, IOptions<FederationOptions> settings, IHttpClientFactory clients, TimeProvider clock,
    ILogger<FederationWorker> log) : BackgroundService
{
    /// <summary>The named client of <see cref="IHttpClientFactory"/> that talks to partners (no overall timeout: each call sets its own).</summary>
    public const string ClientName = "federation";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var set = settings.Value;
        if (!set.Enabled)
        {
            return;
        }
        var poll = TimeSpan.FromMilliseconds(set.PollMilliseconds);
        var witnessEvery = TimeSpan.FromSeconds(set.WitnessSeconds);
        var options = set.Delivery;
        // Between full looks, a round woken by this node's commits looks at the records they changed only.
        var fullEvery = TimeSpan.FromSeconds(set.FullScanSeconds);
        var lastFull = DateTimeOffset.MinValue;
        var lastWitness = new Dictionary<Guid, DateTimeOffset>();
        // Partners with more due than was queued (a backlog): their rounds look at everything until it drains.
        var backlog = new HashSet<Guid>();
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking at the store: a commit during this round wakes the next one at once.
            var changed = FederationWakeUp.Changed.Next;
            var busy = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var self = scope.ServiceProvider.GetRequiredService<Installation>();
                var ids = await scope.ServiceProvider.GetRequiredService<CordonDb>().FederationPartners.AsNoTracking().Select(p => p.Id).ToListAsync(stoppingToken);
                var hints = FederationWakeUp.TakeHints();
                if (hints is null || clock.GetUtcNow() - lastFull >= fullEvery)
                {
                    hints = null;
                    lastFull = clock.GetUtcNow();
                }
                foreach (var id in ids)
                {
                    busy |= await RunPartnerAsync(scope.ServiceProvider, self, id, options, backlog.Contains(id) ? null : hints, backlog, stoppingToken);
                    var now = clock.GetUtcNow();
                    if (witnessEvery > TimeSpan.Zero && (!lastWitness.TryGetValue(id, out var at) || now - at >= witnessEvery))
                    {
                        lastWitness[id] = now;
                        await WitnessAsync(scope.ServiceProvider, id, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store outage must not kill the worker: the outbox keeps everything until it returns.
                log.LogError(e, "Federation worker error; retrying.");
                busy = false;
            }
            if (!busy)
            {
                try
                {
                    // Woken by a commit that may give a partner something (this node, or another through NOTIFY); else the poll.
                    await Alerting.Signal.WaitAsync(changed, poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round for one partner in a fresh context; true when a full batch went out (more may wait).</summary>
    private async Task<bool> RunPartnerAsync(IServiceProvider services, Installation self, Guid partnerId, DeliveryOptions options,
        IReadOnlyCollection<(string Type, Guid Id)>? hints, HashSet<Guid> backlog, CancellationToken ct)
    {
        await using var db = StorageSetup.Open(services.GetRequiredService<StorageSetup.StoreSettings>(), clock);
        var partner = await db.FederationPartners.FirstAsync(p => p.Id == partnerId, ct);
        // Queue more only when little is waiting: the queue stays short, and a backlog drains batch after batch.
        if (partner.OutboxSequence - partner.AckedSequence < options.BatchSize)
        {
            try
            {
                var added = await FederationOutbox.EnqueueAsync(db, partner, clock.GetUtcNow(), options.EnqueueLimit, hints,
                    services.GetService<Messaging.ChannelKeys>(), ct);
                if (added >= options.EnqueueLimit)
                {
                    backlog.Add(partnerId); // more may be due than one round takes
                }
                else if (hints is null)
                {
                    backlog.Remove(partnerId); // a full look found less than a round takes: drained
                }
            }
            catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
            {
                backlog.Add(partnerId);
                return false; // another node numbered items at the same moment: next round
            }
        }
        else if (hints is { Count: > 0 })
        {
            backlog.Add(partnerId); // the queue is full: the changed records are queued by a full look once it drains
        }
        var sent = await FederationOutbox.DeliverAsync(db, self, partner, clients.CreateClient(ClientName), options, clock.GetUtcNow(),
            services.GetService<Messaging.ChannelKeys>(), ct);
        return sent >= options.BatchSize;
    }

    private async Task WitnessAsync(IServiceProvider services, Guid partnerId, CancellationToken ct)
    {
        await using var db = StorageSetup.Open(services.GetRequiredService<StorageSetup.StoreSettings>(), clock);
        var partner = await db.FederationPartners.AsNoTracking().FirstAsync(p => p.Id == partnerId, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await CheckpointWitness.WitnessAsync(db, partner, clients.CreateClient(ClientName), clock.GetUtcNow(), timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or FormatException && !ct.IsCancellationRequested)
        {
            // Unreachable is not rewritten: try again at the next round.
            log.LogInformation("Could not witness {Partner}'s checkpoint: {Error}", partner.Name, e.Message);
        }
    }
}
