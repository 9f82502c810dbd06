using System.Collections.Concurrent;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations.Detections;

public sealed record RejectedView(int Position, string[] Errors, Guid KeptAs);

public sealed record IngestResult(int Accepted, int Duplicates, List<RejectedView> Rejected, int TracksStarted, int TracksUpdated, List<Guid> IncidentsRaised);

/// <summary>
/// Watched areas of an agency, parsed and indexed once and rebuilt only when they change (count or
/// latest update differs), so each ingest batch does not re-parse a thousand polygons.
/// </summary>
public sealed class WatchedAreaCache
{
    public static readonly WatchedAreaCache Shared = new();

    private readonly ConcurrentDictionary<(string, Guid), (int Count, DateTimeOffset? Latest, WatchedZones Index)> _cache = new();

    public async Task<WatchedZones> GetAsync(CordonDb db, Guid agency, CancellationToken ct)
    {
        var query = db.WatchedAreas.AsNoTracking().Where(a => a.OwningAgencyId == agency && a.Active);
        var count = await query.CountAsync(ct);
        var latest = count == 0 ? null : await query.MaxAsync(a => (DateTimeOffset?)a.UpdatedAt, ct);
        var key = (db.Database.GetConnectionString() ?? "", agency);
        if (_cache.TryGetValue(key, out var hit) && hit.Count == count && hit.Latest == latest)
        {
            return hit.Index;
        }
        var areas = await query.ToListAsync(ct);
        var index = Build(areas);
        _cache[key] = (count, latest, index);
        return index;
    }

    public static WatchedZones Build(IEnumerable<WatchedArea> areas)
        => new(areas.Select(a => (GeoArea.Parse(a.AreaGeoJson, $"watched area {a.Name}"), WatchedZone.Of(a))));
}

/// <summary>
/// Takes in a batch of sensor messages for the sending agency: bad ones are kept for inspection with
/// their errors, re-sent ones are recognised, the rest are correlated into tracks and checked against
/// the agency's watched areas; a track entering one raises an incident (starting its response plan).
/// One transaction per batch, with one audit entry for the batch.
/// </summary>
public static class SensorIngest
{
    /// <summary>Times a batch runs again after losing the version race to another node before giving up.</summary>
    private const int MaxAttempts = 5;

    /// <summary>Batches observed within this span are deduplicated by time range; wider ones by their keys.</summary>
    private static readonly TimeSpan DedupeSpan = TimeSpan.FromMinutes(10);

    public static async Task<IngestResult> IngestAsync(CordonDb db, Actor actor, IReadOnlyList<ParsedMessage> messages, CorrelationBounds bounds, DateTimeOffset now,
        WatchedAreaCache? cache = null, Tlp marking = Tlp.Amber, TrackCache? tracks = null, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Sensor feeds belong to an agency: use an API key of the agency that runs the sensors.");
        // One batch of an agency at a time on this node: its cached tracks are moved in place.
        using var lease = await (tracks ?? TrackCache.Shared).AcquireAsync(db, agency, ct);
        for (var attempt = 1; ; attempt++)
        {
            IngestResult? result;
            try
            {
                result = await IngestOnceAsync(db, actor, agency, messages, bounds, now, cache, marking, lease, attempt < MaxAttempts, ct);
            }
            catch
            {
                lease.Invalidate();
                db.ChangeTracker.Clear();
                throw;
            }
            if (result is not null)
            {
                return result;
            }
            // Another node committed a batch of this agency since our tracks were loaded: nothing of ours
            // was committed, so reload and run the whole batch again (dedupe makes that safe).
            lease.Invalidate();
            db.ChangeTracker.Clear();
            if (attempt >= MaxAttempts)
            {
                throw new Conflict($"Sensor batch for the agency lost {MaxAttempts} races with other nodes' batches; send it again.");
            }
        }
    }

    /// <summary>One attempt; null when it lost the version race (rolled back, nothing saved).</summary>
    private static async Task<IngestResult?> IngestOnceAsync(CordonDb db, Actor actor, Guid agency, IReadOnlyList<ParsedMessage> messages, CorrelationBounds bounds,
        DateTimeOffset now, WatchedAreaCache? cache, Tlp marking, TrackCache.Lease lease, bool mayRetry, CancellationToken ct)
    {
        var rejected = KeepRejected(db, messages, agency, marking, now);
        // Idempotency: the same message (sensor, uid, time) sent again is not stored twice, also within one batch.
        var good = messages.Where(m => m.Ok).Select(m => m.Detection!).DistinctBy(d => d.SourceKey).OrderBy(d => d.ObservedAt).ToList();
        var seen = await StoredKeysAsync(db, agency, good, ct);
        var fresh = good.Where(d => !seen.Contains(d.SourceKey)).ToList();
        var duplicates = messages.Count(m => m.Ok) - fresh.Count;

        var batch = new Correlated(agency, marking, now, fresh.Count);
        if (fresh.Count > 0)
        {
            await CorrelateAsync(db, batch, fresh, bounds, cache, lease, ct);
            // An asset reporting its own position (its sensor id or call sign as the uid) moves on the map.
            batch.Events.AddRange(await Resources.AssetPositions.EventsAsync(db, agency, fresh, ct));
        }

        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "detections.ingest")
        {
            RecordType = RecordTypes.SensorTrack,
            RecordAgencyId = agency,
            Details = new { accepted = fresh.Count, duplicates, rejected = rejected.Count, tracksStarted = batch.Started, incidents = batch.Incidents },
        });
        if (!await CommitAsync(db, batch, lease, fresh.Count > 0, mayRetry, ct))
        {
            return null;
        }
        if (fresh.Count > 0)
        {
            lease.Committed(batch.Touched, fresh[^1].ObservedAt, bounds.MaxGap);
        }
        return new IngestResult(fresh.Count, duplicates, rejected, batch.Started, batch.Updated.Count, batch.Incidents);
    }

    /// <summary>What one batch's fresh detections did: the tracks they started or moved, their rows, the incidents raised, the map's events.</summary>
    private sealed class Correlated(Guid agency, Tlp marking, DateTimeOffset now, int detections)
    {
        public Guid Agency { get; } = agency;
        public Tlp Marking { get; } = marking;
        public DateTimeOffset Now { get; } = now;
        public int Started { get; set; }
        public HashSet<Guid> Updated { get; } = [];
        public List<SensorDetection> Rows { get; } = new(detections);
        public HashSet<SensorTrack> Touched { get; } = new(ReferenceEqualityComparer.Instance);
        public List<Guid> Incidents { get; } = [];
        public List<LiveEvent> Events { get; } = [];
    }

    /// <summary>Keeps each message that did not parse (its raw text cut at 64 KiB) for someone to look at.</summary>
    private static List<RejectedView> KeepRejected(CordonDb db, IReadOnlyList<ParsedMessage> messages, Guid agency, Tlp marking, DateTimeOffset now)
    {
        var rejected = new List<RejectedView>();
        foreach (var bad in messages.Where(m => !m.Ok))
        {
            var kept = new RejectedSensorMessage
            {
                ReceivedAt = now, Format = bad.Format, Raw = bad.Raw.Length > 65_536 ? bad.Raw[..65_536] : bad.Raw,
                Errors = string.Join("\n", bad.Errors), OwningAgencyId = agency, Marking = marking,
            };
            db.RejectedSensorMessages.Add(kept);
            rejected.Add(new RejectedView(bad.Position, bad.Errors.ToArray(), kept.Id));
        }
        return rejected;
    }

    /// <summary>The keys of <paramref name="good"/> (ordered by time) the agency has stored already.</summary>
    private static async Task<HashSet<string>> StoredKeysAsync(CordonDb db, Guid agency, List<DetectionMessage> good, CancellationToken ct)
    {
        if (good.Count == 0)
        {
            return [];
        }
        var keys = good.Select(d => d.SourceKey).ToList();
        if (good[^1].ObservedAt - good[0].ObservedAt <= DedupeSpan)
        {
            // A re-sent message has the same observation time: look up the batch's time range (one index
            // range scan) rather than a thousand keys. A millisecond either side: PostgreSQL keeps microseconds.
            var from = good[0].ObservedAt.AddMilliseconds(-1);
            var to = good[^1].ObservedAt.AddMilliseconds(1);
            var wanted = keys.ToHashSet(StringComparer.Ordinal);
            return (await db.SensorDetections.AsNoTracking().Where(d => d.OwningAgencyId == agency && d.ObservedAt >= from && d.ObservedAt <= to)
                .Select(d => d.SourceKey).ToListAsync(ct)).Where(wanted.Contains).ToHashSet(StringComparer.Ordinal);
        }
        // A replay spanning hours: the range could hold far more rows than the batch, so ask for its keys.
        return (await db.SensorDetections.AsNoTracking()
            .Where(d => d.OwningAgencyId == agency && keys.Contains(d.SourceKey)).Select(d => d.SourceKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Puts each fresh detection (ordered by time) on a track, new or recent, and raises what its step into watched areas calls for.</summary>
    private static async Task CorrelateAsync(CordonDb db, Correlated batch, List<DetectionMessage> fresh, CorrelationBounds bounds, WatchedAreaCache? cache,
        TrackCache.Lease lease, CancellationToken ct)
    {
        var earliest = fresh[0].ObservedAt - bounds.MaxGap;
        var latest = fresh[^1].ObservedAt + bounds.MaxGap;
        // From this node's cache (loaded untracked from the store when needed): moved tracks are written
        // back by the bulk path, not EF's change tracker.
        var recent = await lease.TracksAsync(db, batch.Agency, earliest, ct);
        var correlator = new TrackCorrelator(bounds, recent.Where(t => t.FirstSeen <= latest));
        var zones = await (cache ?? WatchedAreaCache.Shared).GetAsync(db, batch.Agency, ct);
        foreach (var d in fresh)
        {
            var track = correlator.Match(d);
            // Where the track was before this detection: a crossing and a speed are judged from the step.
            PreviousFix? previous = track is not null && d.ObservedAt >= track.LastSeen
                ? new PreviousFix(track.LastLatitude, track.LastLongitude, track.LastSeen, track.LastDetectionId, track.InsideAreas) : null;
            if (track is null)
            {
                track = new SensorTrack
                {
                    SourceUid = d.SourceUid.Length > 0 ? d.SourceUid : null, Kind = d.Kind, FirstSeen = d.ObservedAt, LastSeen = d.ObservedAt,
                    LastLatitude = d.Latitude, LastLongitude = d.Longitude, DetectionCount = 1, OwningAgencyId = batch.Agency, Marking = batch.Marking,
                };
                batch.Started++;
            }
            else
            {
                batch.Updated.Add(track.Id);
            }
            correlator.Extend(track, d);
            batch.Touched.Add(track);
            var row = new SensorDetection
            {
                SensorId = d.SensorId, SourceUid = d.SourceUid, Kind = d.Kind, How = d.How, Latitude = d.Latitude, Longitude = d.Longitude,
                Hae = d.Hae, Ce = d.Ce, Le = d.Le, ObservedAt = d.ObservedAt, StaleAt = d.StaleAt, ReceivedAt = batch.Now, TrackId = track.Id,
                SourceKey = d.SourceKey, OwningAgencyId = batch.Agency, Marking = batch.Marking,
            };
            batch.Rows.Add(row);
            batch.Events.Add(new LiveEvent("detection", new RecordRef(RecordTypes.SensorTrack, batch.Agency, batch.Marking, Caveats.None, track.Id.ToString()),
                new { track = track.Id, latitude = d.Latitude, longitude = d.Longitude, time = d.ObservedAt, kind = d.Kind, sensor = d.SensorId }));
            if (d.ObservedAt < track.LastSeen)
            {
                continue; // A late detection does not move the track, so it cannot make it enter.
            }
            foreach (var hit in Watch(track, row, d, previous, zones))
            {
                await RaiseAsync(db, batch, track, d, hit, ct);
            }
        }
    }

    /// <summary>Geofence and patterns: the areas the track is in now against those it was in (entering one is a hit), then the watched patterns.</summary>
    private static List<PatternHit> Watch(SensorTrack track, SensorDetection row, DetectionMessage d, PreviousFix? previous, WatchedZones zones)
    {
        var inside = zones.At(d.Latitude, d.Longitude);
        var before = track.InsideAreas.Length == 0 ? [] : track.InsideAreas.Split(',');
        var now = string.Join(',', inside.Select(z => z.Id.ToString()).Order(StringComparer.Ordinal));
        if (now != track.InsideAreas)
        {
            track.InsideAreas = now;
        }
        var hits = new List<PatternHit>();
        foreach (var zone in inside.Where(z => z.Watches(WatchPatterns.Entry) && !before.Contains(z.Id.ToString())))
        {
            hits.Add(new PatternHit(zone, WatchPatterns.Entry, $"Track entered {zone.Name}",
                $"track {track.Id} ({d.Kind}, {track.DetectionCount} detections since {track.FirstSeen:HH:mm:ss} UTC) entered watched area '{zone.Name}' at {d.ObservedAt:HH:mm:ss} UTC",
                track.FirstSeen, [row.Id]));
        }
        hits.AddRange(PatternWatch.Evaluate(track, row.Id, d, previous, inside, zones));
        track.LastDetectionId = row.Id;
        return hits;
    }

    /// <summary>Opens the incident a hit calls for, unless the track already raised it in that area.</summary>
    private static async Task RaiseAsync(CordonDb db, Correlated batch, SensorTrack track, DetectionMessage d, PatternHit hit, CancellationToken ct)
    {
        // Entry keeps its original key (incidents raised before patterns existed stay recognised).
        var sourceKey = hit.Pattern == WatchPatterns.Entry ? $"track:{track.Id}:area:{hit.Zone.Id}" : $"track:{track.Id}:{hit.Name}:area:{hit.Zone.Id}";
        if (await db.Incidents.AnyAsync(i => i.OwningAgencyId == batch.Agency && i.SourceKey == sourceKey, ct))
        {
            return;
        }
        var incident = new Incident
        {
            Type = hit.Zone.IncidentType,
            Severity = hit.Zone.Severity,
            Confidence = IncidentConfidence.Possible,
            Title = hit.Title,
            Latitude = d.Latitude,
            Longitude = d.Longitude,
            OccurredAt = hit.Since,
            ReportedAt = batch.Now,
            OperationId = hit.Zone.OperationId,
            TrackId = track.Id,
            WatchedAreaId = hit.Zone.Id,
            ReportedBy = $"sensor {d.SensorId}",
            SourceKey = sourceKey,
            Pattern = hit.Name,
            TriggerDetections = hit.Detections,
            OwningAgencyId = batch.Agency,
            Marking = batch.Marking,
        };
        await IncidentResponse.OpenAsync(db, incident, $"sensor {d.SensorId}", $"{hit.Reason}; detections {string.Join(", ", hit.Detections)}", ct);
        batch.Incidents.Add(incident.Id);
    }

    /// <summary>
    /// One transaction: tracks, incidents and the audit entry through EF, the detections by the bulk path. False when it lost the
    /// race for the agency's track-set version (or, when <paramref name="mayRetry"/>, a unique key) and was rolled back.
    /// </summary>
    private static async Task<bool> CommitAsync(CordonDb db, Correlated batch, TrackCache.Lease lease, bool claimVersion, bool mayRetry, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The detections are written set-based, out of the change tracker's sight: the map hears of them on commit.
        LiveMapChanges.Stage(db, batch.Events);
        // First statement: claim the agency's next track-set version (a row lock on PostgreSQL, so a
        // concurrent batch elsewhere waits here and then finds the version moved on).
        if (claimVersion && !await lease.ClaimNextVersionAsync(db, batch.Agency, ct))
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (mayRetry)
        {
            // Another node created the agency's version row, or raised the same incident, first.
            await tx.RollbackAsync(ct);
            return false;
        }
        await DetectionWriter.WriteTracksAsync(db, batch.Touched, ct);
        await DetectionWriter.WriteAsync(db, batch.Rows, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
