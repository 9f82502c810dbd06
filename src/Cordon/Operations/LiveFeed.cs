using System.Threading.Channels;
using Cordon.Sharing;

namespace Cordon.Operations;

/// <summary>A change for the live map, with what the access policy needs to decide who may see it.</summary>
public sealed record LiveEvent(string Kind, RecordRef Record, object Payload);

/// <summary>
/// Fans live-map events out to connected browsers (server-sent events) on this node. Each subscriber
/// has a bounded queue that drops the oldest events when a slow client falls behind, so one stalled
/// browser never holds up ingest. Events are filtered per subscriber by the access policy.
/// Across several server nodes this needs PostgreSQL LISTEN/NOTIFY (not built yet): today a browser
/// sees the changes made through the node it is connected to.
/// </summary>
public sealed class LiveFeed
{
    private readonly Lock _gate = new();
    private readonly List<Channel<LiveEvent>> _subscribers = [];

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

    public void Publish(IEnumerable<LiveEvent> events)
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
