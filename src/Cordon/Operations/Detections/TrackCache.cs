using System.Collections.Concurrent;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations.Detections;

/// <summary>
/// This node's copy of each agency's recent tracks, so an ingest batch does not load thousands of tracks
/// from the store. Holds every track of the agency last seen at or after <see cref="Entry.Horizon"/>, as of
/// the agency's <see cref="SensorFeedVersion"/>. Correct under concurrency in two ways:
/// <list type="bullet">
/// <item>on one node, batches of one agency take the entry's lock in turn (the tracks are mutable
/// objects the batch moves), so two batches never extend the same track from the same old state;</item>
/// <item>across nodes, each committing batch bumps the agency's version inside its transaction only if it
/// still is the version the cache was loaded at (optimistic concurrency); otherwise the batch rolls back,
/// the entry is reloaded from the store and the batch runs again.</item>
/// </list>
/// Bounded: tracks not seen for the correlation gap plus a retention margin are evicted, and at most
/// <see cref="MaxTracksPerAgency"/> are kept (the oldest go first; the horizon moves up with them). A batch
/// with detections older than the horizon reloads the entry from the store.
/// </summary>
public sealed class TrackCache(int maxTracksPerAgency = 100_000, TimeSpan? retention = null)
{
    public static readonly TrackCache Shared = new();

    private const int MaxEntries = 256;

    private readonly ConcurrentDictionary<(string, Guid), Entry> _entries = new();

    public int MaxTracksPerAgency { get; } = maxTracksPerAgency;

    /// <summary>How long after its last sighting (beyond the correlation gap) a track stays cached.</summary>
    public TimeSpan Retention { get; } = retention ?? TimeSpan.FromMinutes(15);

    /// <summary>One agency's cached tracks; use only while holding <see cref="Gate"/>.</summary>
    public sealed class Entry
    {
        internal readonly SemaphoreSlim Gate = new(1, 1);
        internal Dictionary<Guid, SensorTrack> Tracks = [];
        internal DateTimeOffset Horizon = DateTimeOffset.MaxValue;
        internal long Version = -1;
        internal bool VersionRowExists;
        internal bool Loaded;

        public int Count => Tracks.Count;
        public DateTimeOffset TrackedSince => Horizon;
    }

    /// <summary>Takes the agency's lock on this node; dispose the result to release it.</summary>
    public async Task<Lease> AcquireAsync(CordonDb db, Guid agency, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", agency);
        if (_entries.Count > MaxEntries && !_entries.ContainsKey(key))
        {
            _entries.Clear(); // Many stores (tests, tools): start over rather than grow without bound.
        }
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        await entry.Gate.WaitAsync(ct);
        return new Lease(this, entry);
    }

    public Entry? Peek(CordonDb db, Guid agency) => _entries.GetValueOrDefault((db.Database.GetConnectionString() ?? "", agency));

    /// <summary>The agency's lock held for one batch, with the tracks the batch may correlate against.</summary>
    public sealed class Lease(TrackCache cache, Entry entry) : IDisposable
    {
        public Entry Entry => entry;

        /// <summary>
        /// Tracks last seen at or after <paramref name="earliest"/> (and possibly more), loading from the store
        /// when the entry is empty, was invalidated, or does not reach back that far.
        /// </summary>
        public async Task<IReadOnlyCollection<SensorTrack>> TracksAsync(CordonDb db, Guid agency, DateTimeOffset earliest, CancellationToken ct)
        {
            if (!entry.Loaded || earliest < entry.Horizon)
            {
                // Version first: a batch committed between the two reads makes the version stale, so the
                // first bump fails and the entry is reloaded — never a version newer than the tracks read.
                var version = await db.SensorFeedVersions.AsNoTracking().Where(v => v.OwningAgencyId == agency).Select(v => (long?)v.Version).FirstOrDefaultAsync(ct);
                var horizon = earliest;
                var rows = await db.SensorTracks.AsNoTracking().Where(t => t.OwningAgencyId == agency && t.LastSeen >= horizon).ToListAsync(ct);
                entry.Tracks = rows.ToDictionary(t => t.Id);
                entry.Horizon = horizon;
                entry.Version = version ?? 0;
                entry.VersionRowExists = version is not null;
                entry.Loaded = true;
            }
            return entry.Tracks.Values;
        }

        /// <summary>
        /// Inside the batch's transaction, before its writes: claims the next version. False when another
        /// batch committed since the entry was loaded (the caller rolls back and runs the batch again).
        /// </summary>
        public async Task<bool> ClaimNextVersionAsync(CordonDb db, Guid agency, CancellationToken ct)
        {
            var expected = entry.Version;
            if (!entry.VersionRowExists)
            {
                // The first batch ever for the agency: the primary key lets only one node create the row.
                db.SensorFeedVersions.Add(new SensorFeedVersion { OwningAgencyId = agency, Version = expected + 1 });
                return true;
            }
            var updated = await db.SensorFeedVersions.Where(v => v.OwningAgencyId == agency && v.Version == expected)
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.Version, expected + 1), ct);
            return updated == 1;
        }

        /// <summary>After the commit: the batch's tracks (moved or new) join the entry, stale ones leave.</summary>
        public void Committed(IEnumerable<SensorTrack> touched, DateTimeOffset latestObserved, TimeSpan maxGap)
        {
            entry.Version++;
            entry.VersionRowExists = true;
            foreach (var t in touched)
            {
                if (t.LastSeen >= entry.Horizon)
                {
                    entry.Tracks[t.Id] = t;
                }
            }
            var horizon = latestObserved - maxGap - cache.Retention;
            if (horizon > entry.Horizon)
            {
                entry.Horizon = horizon;
            }
            if (entry.Tracks.Count > cache.MaxTracksPerAgency)
            {
                // Keep the most recently seen; the horizon rises past the newest track dropped.
                var cut = entry.Tracks.Values.Select(t => t.LastSeen).OrderDescending().ElementAt(cache.MaxTracksPerAgency);
                entry.Horizon = cut.AddTicks(1) > entry.Horizon ? cut.AddTicks(1) : entry.Horizon;
            }
            foreach (var stale in entry.Tracks.Values.Where(t => t.LastSeen < entry.Horizon).Select(t => t.Id).ToList())
            {
                entry.Tracks.Remove(stale);
            }
        }

        /// <summary>The batch failed or lost the version race: its changes to cached tracks must not survive.</summary>
        public void Invalidate()
        {
            entry.Loaded = false;
            entry.Tracks = [];
        }

        public void Dispose() => entry.Gate.Release();
    }
}
