using Cordon.Identity;
using Cordon.Operations.Detections;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

public sealed class TrackCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Whole seconds: PostgreSQL keeps microseconds. Far from the demo's watched corridor.
    private static readonly DateTimeOffset T0 = TestClock.NowInWholeSeconds.AddHours(-2);

    private static ParsedMessage Msg(int i, string uid, double lat, double lon, DateTimeOffset at)
        => new(i, "cot", "raw", new DetectionMessage("radar", uid, "a-u-G", "m-r", lat, lon, null, null, null, at, null), []);

    private static async Task<Actor> FeedAsync(TestStore s) => new(null, (await s.ActorAsync("nis.officer")).AgencyId, Roles.Officer, "radar", ActorKind.ApiKey); // NIS: no demo tracks

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Concurrent_batches_of_one_agency_lose_no_track_update(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var feed = await FeedAsync(s);
        var cache = new TrackCache();
        await using (var db = s.Open())
        {
            await SensorIngest.IngestAsync(db, feed, [Msg(0, "boat.7", 52.0, 3.0, T0)], CorrelationBounds.Default, T0, new WatchedAreaCache(), tracks: cache, ct: Ct);
        }
        // Two batches of the same object, interleaved in time, sent at once on two connections.
        async Task<IngestResult> Batch(int parity)
        {
            await using var db = s.Open();
            var ms = Enumerable.Range(0, 40).Select(k => Msg(k, "boat.7", 52.0 + (2 * k + parity + 1) * 0.0001, 3.0, T0.AddSeconds(2 * k + parity + 1))).ToList();
            return await SensorIngest.IngestAsync(db, feed, ms, CorrelationBounds.Default, T0.AddMinutes(5), new WatchedAreaCache(), tracks: cache, ct: Ct);
        }
        var results = await Task.WhenAll(Batch(0), Batch(1));
        Assert.All(results, r => Assert.Equal((40, 0), (r.Accepted, r.TracksStarted)));

        await using var check = s.Open();
        var track = await check.SensorTracks.SingleAsync(t => t.SourceUid == "boat.7", Ct);
        Assert.Equal(81, track.DetectionCount);
        Assert.Equal(T0.AddSeconds(80), track.LastSeen);
        Assert.Equal(81, await check.SensorDetections.CountAsync(d => d.TrackId == track.Id, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_node_whose_cache_another_node_outdated_reloads_before_writing(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var feed = await FeedAsync(s);
        var (nodeA, nodeB) = (new TrackCache(), new TrackCache());
        async Task<IngestResult> Send(TrackCache node, int i)
        {
            await using var db = s.Open();
            return await SensorIngest.IngestAsync(db, feed, [Msg(i, "", 52.1 + i * 0.001, 3.1, T0.AddSeconds(30 * i))], CorrelationBounds.Default, T0.AddMinutes(10), new WatchedAreaCache(), tracks: node, ct: Ct);
        }
        Assert.Equal(1, (await Send(nodeA, 0)).TracksStarted); // A caches the new track (version 1)
        Assert.Equal(1, (await Send(nodeB, 1)).TracksUpdated); // B moves it (version 2); A's copy is now stale
        var third = await Send(nodeA, 2);                      // A loses the version race, reloads, and joins B's state
        Assert.Equal((0, 1), (third.TracksStarted, third.TracksUpdated));

        await using var check = s.Open();
        var track = await check.SensorTracks.SingleAsync(t => t.OwningAgencyId == feed.AgencyId, Ct);
        Assert.Equal(3, track.DetectionCount);
        Assert.Equal(52.102, track.LastLatitude, 6);
        Assert.Equal(3, (await check.SensorFeedVersions.SingleAsync(v => v.OwningAgencyId == feed.AgencyId, Ct)).Version);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cache_stays_bounded_evicts_stale_tracks_and_still_joins_a_late_detection(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var feed = await FeedAsync(s);
        var cache = new TrackCache(maxTracksPerAgency: 5, retention: TimeSpan.FromMinutes(1));
        await using var db = s.Open();
        // Ten objects 10 km apart, seen a second apart.
        var ten = Enumerable.Range(0, 10).Select(i => Msg(i, "", 52.0 + i * 0.1, 4.0, T0.AddSeconds(i))).ToList();
        Assert.Equal(10, (await SensorIngest.IngestAsync(db, feed, ten, CorrelationBounds.Default, T0.AddMinutes(1), new WatchedAreaCache(), tracks: cache, ct: Ct)).TracksStarted);
        Assert.Equal(5, cache.Peek(db, feed.AgencyId!.Value)!.Count); // the five seen last

        // An hour later elsewhere: all ten are stale and leave the cache.
        await SensorIngest.IngestAsync(db, feed, [Msg(0, "", 53.5, 6.0, T0.AddHours(1))], CorrelationBounds.Default, T0.AddHours(1), new WatchedAreaCache(), tracks: cache, ct: Ct);
        Assert.Equal(1, cache.Peek(db, feed.AgencyId!.Value)!.Count);

        // A late detection of the first object, older than the cache's horizon, still finds its track in the store.
        var late = await SensorIngest.IngestAsync(db, feed, [Msg(0, "", 52.0005, 4.0, T0.AddSeconds(30))], CorrelationBounds.Default, T0.AddHours(1), new WatchedAreaCache(), tracks: cache, ct: Ct);
        Assert.Equal((0, 1), (late.TracksStarted, late.TracksUpdated));
        Assert.Equal(11, await db.SensorTracks.CountAsync(t => t.OwningAgencyId == feed.AgencyId, Ct));
    }
}
