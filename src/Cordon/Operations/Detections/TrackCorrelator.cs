using Cordon.Operations.Geo;

namespace Cordon.Operations.Detections;

/// <summary>How far and how long apart two detections may be to belong to the same object.</summary>
public sealed record CorrelationBounds(double MaxDistanceMetres, TimeSpan MaxGap)
{
    public static readonly CorrelationBounds Default = new(500, TimeSpan.FromMinutes(5));
}

/// <summary>
/// Assigns detections to tracks. A detection joins the track of the same source uid (the sensor's own
/// object id) when it was seen within the time bound; otherwise the nearest track whose last position
/// is within the distance bound and whose last sighting is within the time bound; otherwise it starts
/// a track. Candidate tracks are found through a grid of cells about the distance bound wide, so a
/// detection is compared only with tracks in neighbouring cells. Not thread-safe: one per batch.
/// </summary>
public sealed class TrackCorrelator
{
    private readonly CorrelationBounds _bounds;
    private readonly double _cellDegrees;
    private readonly Dictionary<(int, int), List<SensorTrack>> _grid = new();
    private readonly Dictionary<string, SensorTrack> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<SensorTrack, (int, int)> _cellOf = new(ReferenceEqualityComparer.Instance);

    public TrackCorrelator(CorrelationBounds bounds, IEnumerable<SensorTrack> recentTracks)
    {
        _bounds = bounds;
        _cellDegrees = bounds.MaxDistanceMetres / 111_320.0;
        foreach (var track in recentTracks)
        {
            Place(track);
        }
    }

    public int TrackCount => _cellOf.Count;

    /// <summary>The track the detection belongs to (the caller updates it with <see cref="Extend"/>), or null for a new object.</summary>
    public SensorTrack? Match(DetectionMessage d)
    {
        if (d.SourceUid.Length > 0 && _byUid.TryGetValue(d.SourceUid, out var same) && Within(same.LastSeen, d.ObservedAt))
        {
            return same;
        }
        var (cy, cx) = Cell(d.Latitude, d.Longitude);
        // A degree of longitude shrinks with latitude: look further east and west to cover the same metres.
        var spanX = (int)Math.Ceiling(1 / Math.Max(Math.Cos(d.Latitude * Math.PI / 180), 0.05));
        SensorTrack? best = null;
        var bestDistance = double.MaxValue;
        for (var y = cy - 1; y <= cy + 1; y++)
        {
            for (var x = cx - spanX; x <= cx + spanX; x++)
            {
                if (!_grid.TryGetValue((y, x), out var list))
                {
                    continue;
                }
                foreach (var t in list)
                {
                    if (!Within(t.LastSeen, d.ObservedAt))
                    {
                        continue;
                    }
                    // A track that carries the sensor's own uid belongs to that object, not to a passer-by.
                    if (t.SourceUid is { Length: > 0 } uid && d.SourceUid.Length > 0 && uid != d.SourceUid)
                    {
                        continue;
                    }
                    var m = GeoArea.DistanceMetres(t.LastLatitude, t.LastLongitude, d.Latitude, d.Longitude);
                    if (m <= _bounds.MaxDistanceMetres && m < bestDistance)
                    {
                        best = t;
                        bestDistance = m;
                    }
                }
            }
        }
        return best;
    }

    /// <summary>Adds a new track or moves an existing one to the detection's position.</summary>
    public void Extend(SensorTrack track, DetectionMessage d)
    {
        if (_cellOf.ContainsKey(track))
        {
            track.DetectionCount++;
            // Out-of-order detections count but do not move the track back in time.
            if (d.ObservedAt >= track.LastSeen)
            {
                track.LastSeen = d.ObservedAt;
                track.LastLatitude = d.Latitude;
                track.LastLongitude = d.Longitude;
                var cell = Cell(d.Latitude, d.Longitude);
                if (_cellOf[track] != cell)
                {
                    _grid[_cellOf[track]].Remove(track);
                    Add(track, cell);
                }
            }
            if (track.FirstSeen > d.ObservedAt)
            {
                track.FirstSeen = d.ObservedAt;
            }
            track.SourceUid ??= d.SourceUid.Length > 0 ? d.SourceUid : null;
        }
        else
        {
            Place(track);
        }
        if (track.SourceUid is { Length: > 0 } uid)
        {
            _byUid[uid] = track;
        }
    }

    private void Place(SensorTrack track)
    {
        Add(track, Cell(track.LastLatitude, track.LastLongitude));
        if (track.SourceUid is { Length: > 0 } uid)
        {
            _byUid[uid] = track;
        }
    }

    private void Add(SensorTrack track, (int, int) cell)
    {
        if (!_grid.TryGetValue(cell, out var list))
        {
            _grid[cell] = list = [];
        }
        list.Add(track);
        _cellOf[track] = cell;
    }

    private bool Within(DateTimeOffset last, DateTimeOffset at) => (at - last).Duration() <= _bounds.MaxGap;

    private (int, int) Cell(double lat, double lon) => ((int)Math.Floor(lat / _cellDegrees), (int)Math.Floor(lon / _cellDegrees));
}
