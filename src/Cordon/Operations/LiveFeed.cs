using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cordon.Operations;

/// <summary>A change for the live map, with what the access policy needs to decide who may see it.</summary>
public sealed record LiveEvent(string Kind, RecordRef Record, object Payload);

/// <summary>
/// Fans live-map events out to connected browsers (server-sent events) on this node. Each subscriber
/// has a bounded queue that drops the oldest events when a slow client falls behind, so one stalled
/// browser never holds up ingest. Events are filtered per subscriber by the access policy when read.
/// On PostgreSQL, <see cref="LiveFeedRelay"/> also passes what this node publishes to the other nodes
/// (NOTIFY <c>cordon_live</c>) and publishes theirs here, so a viewer on any node sees every change.
/// </summary>
public sealed class LiveFeed
{
    /// <summary>At most this many events of one publish cross to other nodes (a browser's queue holds no more).</summary>
    public const int RelayLimit = 1000;

    private readonly Lock _gate = new();
    private readonly List<Channel<LiveEvent>> _subscribers = [];
    private readonly TaskCompletionSource _relayListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Channel<IReadOnlyList<LiveEvent>>? _outbox;

    /// <summary>This node, so it can skip its own notifications coming back.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    /// <summary>Completes once this node LISTENs for other nodes' events (PostgreSQL only).</summary>
    public Task RelayListening => _relayListening.Task;

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Publishes events of changes this node committed: to its own viewers, and to the other nodes when relayed.</summary>
    public void Publish(IEnumerable<LiveEvent> events)
    {
        var list = events as IReadOnlyList<LiveEvent> ?? events.ToList();
        PublishLocal(list);
        if (list.Count > 0)
        {
            _outbox?.Writer.TryWrite(list.Count > RelayLimit ? list.Skip(list.Count - RelayLimit).ToList() : list);
        }
    }

    /// <summary>To this node's viewers only (events that came from another node).</summary>
    public void PublishLocal(IEnumerable<LiveEvent> events)
    {
        Channel<LiveEvent>[] targets;
        lock (_gate)
        {
            targets = _subscribers.ToArray();
        }
        foreach (var e in events)
        {
            foreach (var channel in targets)
            {
                channel.Writer.TryWrite(e);
            }
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        return new Subscription(this, channel);
    }

    internal ChannelReader<IReadOnlyList<LiveEvent>> StartRelay()
    {
        // Bounded: a database outage must not grow memory; the oldest batches go first.
        _outbox = Channel.CreateBounded<IReadOnlyList<LiveEvent>>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        return _outbox.Reader;
    }

    internal void RelayListens() => _relayListening.TrySetResult();

    public sealed class Subscription(LiveFeed feed, Channel<LiveEvent> channel) : IDisposable
    {
        public ChannelReader<LiveEvent> Reader => channel.Reader;

        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        }
    }
}

/// <summary>Live-map events of operations and patrols (detections and incidents come from ingest and reports).</summary>
public static class LiveEvents
{
    public static async Task<LiveEvent> OperationAsync(CordonDb db, Guid id, CancellationToken ct)
    {
        var o = await db.Operations.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var lead = await db.Agencies.Where(a => a.Id == o.OwningAgencyId).Select(a => a.Code).FirstAsync(ct);
        using var area = JsonDocument.Parse(o.AreaGeoJson);
        return new LiveEvent("operation", new RecordRef(RecordTypes.Operation, o.OwningAgencyId, o.Marking, Caveats.None, o.Id.ToString()),
            new { id = o.Id, name = o.Name, status = o.Status.Kebab(), leadAgency = lead, participants = o.Participants, area = area.RootElement.Clone() });
    }

    /// <summary>A planned patrol, without its team: the team is personal data an agreement may remove, and events are not redacted per field.</summary>
    public static async Task<LiveEvent> PatrolAsync(CordonDb db, Guid id, CancellationToken ct)
    {
        var p = await db.Patrols.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var agency = await db.Agencies.Where(a => a.Id == p.OwningAgencyId).Select(a => a.Code).FirstAsync(ct);
        var assets = await db.PatrolAssetBookings.AsNoTracking().Where(b => b.PatrolId == id).Join(db.Assets, b => b.AssetId, a => a.Id, (b, a) => a.Code).ToListAsync(ct);
        using var area = JsonDocument.Parse(p.AreaGeoJson);
        return new LiveEvent("patrol", new RecordRef(RecordTypes.Patrol, p.OwningAgencyId, p.Marking, Caveats.None, p.Id.ToString()),
            new { id = p.Id, operationId = p.OperationId, name = p.Name, startsAt = p.StartsAt, endsAt = p.EndsAt, agency, assets, area = area.RootElement.Clone() });
    }
}

/// <summary>
/// Carries live-map events between server nodes on PostgreSQL, over the LISTEN/NOTIFY mechanism the
/// alerts use (<see cref="AlertNotifications.ListenAsync"/>), on its own channel <c>cordon_live</c>.
/// A node publishes after its transaction commits, so only committed changes travel. Each
/// notification holds whole events (record reference for the reader's access policy, and payload),
/// packed under PostgreSQL's 8,000-byte limit; an event too large alone is dropped with a warning.
/// SQLite runs one server process and needs none of this. <c>Operations:LiveRelay=false</c> turns it off.
/// </summary>
public sealed class LiveFeedRelay(LiveFeed feed, StorageSetup.StoreSettings settings, IOptions<OperationsOptions> options, ILogger<LiveFeedRelay> log) : BackgroundService
{
    public const string Channel = "cordon_live";
    private const int MaxPayloadBytes = 7800;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != DatabaseProvider.Postgres || !options.Value.LiveRelay)
        {
            return Task.CompletedTask;
        }
        var outbox = feed.StartRelay();
        var listening = new TaskCompletionSource();
        _ = listening.Task.ContinueWith(_ => feed.RelayListens(), TaskScheduler.Default);
        var listen = AlertNotifications.ListenAsync(settings.ConnectionString, Receive,
            e => log.LogWarning(e, "Live-map LISTEN connection lost; reconnecting (viewers on this node miss other nodes' events meanwhile)."),
            stoppingToken, listening, Channel);
        return Task.WhenAll(listen, SendAsync(outbox, stoppingToken));
    }

    private void Receive(string payload)
    {
        if (payload == AlertNotifications.Raised)
        {
            return; // The listener's own "may have missed something" wake-up after a reconnect: nothing to replay.
        }
        try
        {
            var message = JsonNode.Parse(payload)!.AsObject();
            if (message["node"]?.GetValue<Guid>() == feed.NodeId)
            {
                return;
            }
            var events = message["events"]!.AsArray().Select(e => new LiveEvent(e!["kind"]!.GetValue<string>(),
                e["record"].Deserialize<RecordRef>(Json)!, e["payload"].Deserialize<JsonElement>(Json))).ToList();
            feed.PublishLocal(events);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            log.LogWarning(e, "Ignoring a malformed live-map notification.");
        }
    }

    /// <summary>The notification payloads for a batch: whole events, each payload under the limit.</summary>
    public static List<string> Pack(Guid node, IEnumerable<LiveEvent> events)
    {
        var head = $"{{\"node\":\"{node}\",\"events\":[";
        var headBytes = Encoding.UTF8.GetByteCount(head) + 2; // with the closing "]}"
        var payloads = new List<string>();
        var current = new StringBuilder(head);
        var bytes = headBytes;
        var count = 0;
        foreach (var e in events)
        {
            var one = JsonSerializer.Serialize(new { kind = e.Kind, record = e.Record, payload = e.Payload }, Json);
            var oneBytes = Encoding.UTF8.GetByteCount(one);
            if (headBytes + oneBytes > MaxPayloadBytes)
            {
                continue; // Cannot travel alone; the viewer's next snapshot (reload) still shows it.
            }
            if (count > 0 && bytes + 1 + oneBytes > MaxPayloadBytes)
            {
                payloads.Add(current.Append("]}").ToString());
                current = new StringBuilder(head);
                bytes = headBytes;
                count = 0;
            }
            if (count > 0)
            {
                current.Append(',');
                bytes++;
            }
            current.Append(one);
            bytes += oneBytes;
            count++;
        }
        if (count > 0)
        {
            payloads.Add(current.Append("]}").ToString());
        }
        return payloads;
    }

    private async Task SendAsync(ChannelReader<IReadOnlyList<LiveEvent>> outbox, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(settings.ConnectionString);
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<LiveEvent> batch;
            try
            {
                batch = await outbox.ReadAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var connection = await source.OpenConnectionAsync(ct);
                foreach (var payload in Pack(feed.NodeId, batch))
                {
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payload", payload);
                    await notify.ExecuteNonQueryAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                // Live events are best effort: the map's snapshot on reload is the record.
                log.LogWarning(e, "Could not pass {Count} live-map events to the other nodes.", batch.Count);
            }
        }
    }
}
