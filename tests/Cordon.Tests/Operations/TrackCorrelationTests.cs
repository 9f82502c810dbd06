using Cordon.Operations.Detections;

namespace Cordon.Tests.Operations;

public sealed class TrackCorrelationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static DetectionMessage D(double lat, double lon, int seconds, string uid = "")
        => new("radar", uid, "a-u-G", "m-r", lat, lon, null, null, null, T0.AddSeconds(seconds), null);

    private static List<SensorTrack> Run(TrackCorrelator c, params DetectionMessage[] ds)
    {
        var tracks = new List<SensorTrack>();
        foreach (var d in ds)
        {
            var t = c.Match(d);
            if (t is null)
            {
                t = new SensorTrack { Kind = d.Kind, FirstSeen = d.ObservedAt, LastSeen = d.ObservedAt, LastLatitude = d.Latitude, LastLongitude = d.Longitude, DetectionCount = 1, SourceUid = d.SourceUid.Length > 0 ? d.SourceUid : null };
                tracks.Add(t);
            }
            c.Extend(t, d);
        }
        return tracks;
    }

    [Fact]
    public void Nearby_detections_close_in_time_form_one_track()
    {
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), []);
        // About 110 m north per step, 30 s apart.
        var tracks = Run(c, D(51.4400, 4.93, 0), D(51.4410, 4.93, 30), D(51.4420, 4.93, 60), D(51.4430, 4.93, 90));
        var t = Assert.Single(tracks);
        Assert.Equal(4, t.DetectionCount);
        Assert.Equal(51.4430, t.LastLatitude);
        Assert.Equal(T0.AddSeconds(90), t.LastSeen);
    }

    [Fact]
    public void Detection_beyond_the_distance_bound_starts_a_new_track()
    {
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), []);
        var tracks = Run(c, D(51.44, 4.93, 0), D(51.45, 4.93, 30)); // ~1.1 km apart
        Assert.Equal(2, tracks.Count);
    }

    [Fact]
    public void Detection_after_the_time_bound_starts_a_new_track()
    {
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), []);
        var tracks = Run(c, D(51.44, 4.93, 0), D(51.4401, 4.93, 301));
        Assert.Equal(2, tracks.Count);
    }

    [Fact]
    public void Same_source_uid_joins_its_track_even_when_far_and_two_objects_side_by_side_stay_apart()
    {
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), []);
        var tracks = Run(c, D(51.44, 4.93, 0, "a"), D(51.4401, 4.93, 1, "b"), D(51.46, 4.93, 60, "a"));
        Assert.Equal(2, tracks.Count);
        Assert.Equal(2, tracks.Single(t => t.SourceUid == "a").DetectionCount);
        Assert.Equal(1, tracks.Single(t => t.SourceUid == "b").DetectionCount);
    }

    [Fact]
    public void Tracks_at_high_latitude_still_correlate_east_west()
    {
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), []);
        // At 70°N, 0.01° of longitude is ~380 m: within the bound though it spans more than one cell.
        var tracks = Run(c, D(70.0, 25.000, 0), D(70.0, 25.010, 30));
        Assert.Single(tracks);
    }

    [Fact]
    public void Nearest_of_two_candidate_tracks_wins()
    {
        var near = new SensorTrack { Kind = "x", FirstSeen = T0, LastSeen = T0, LastLatitude = 51.4400, LastLongitude = 4.930 };
        var far = new SensorTrack { Kind = "x", FirstSeen = T0, LastSeen = T0, LastLatitude = 51.4430, LastLongitude = 4.930 };
        var c = new TrackCorrelator(new CorrelationBounds(500, TimeSpan.FromMinutes(5)), [far, near]);
        Assert.Same(near, c.Match(D(51.4405, 4.93, 10)));
    }
}
