using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Operations.Detections;

/// <summary>One observation from a camera, radar, ground sensor or drone.</summary>
public sealed class SensorDetection : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string SensorId { get; set; }
    /// <summary>The object's id as the source gives it (CoT event uid, GeoJSON feature id); may be empty.</summary>
    public required string SourceUid { get; set; }
    /// <summary>CoT type (e.g. a-u-G) or the feature's "kind".</summary>
    public required string Kind { get; set; }
    public string? How { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public double? Hae { get; set; }
    public double? Ce { get; set; }
    public double? Le { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public DateTimeOffset? StaleAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public Guid TrackId { get; set; }
    /// <summary>sensor|uid|time: the same message sent again is recognised and not stored twice.</summary>
    public required string SourceKey { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>The same object seen over time: detections correlated within distance and time bounds.</summary>
public sealed class SensorTrack : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string? SourceUid { get; set; }
    public required string Kind { get; set; }
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public double LastLatitude { get; set; }
    public double LastLongitude { get; set; }
    public int DetectionCount { get; set; }
    /// <summary>Ids of the watched areas the track is inside now (entering one raises an incident).</summary>
    public string InsideAreas { get; set; } = "";
    /// <summary>The detection that last moved the track (with the next one, the pair a crossing or speed is judged by).</summary>
    public Guid? LastDetectionId { get; set; }
    /// <summary>Watched-pattern state: where the track began to linger in each loitering area, and the patterns already raised (see <see cref="TrackPatternState"/>).</summary>
    public string PatternState { get; set; } = "";
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>The movement patterns a watched area raises incidents for.</summary>
[Flags]
public enum WatchPatterns
{
    None = 0,
    /// <summary>A track enters the area.</summary>
    Entry = 1,
    /// <summary>A track in the area crosses a land border outside a designated crossing point.</summary>
    BorderCrossing = 2,
    /// <summary>A track stays within a radius for longer than a time inside the area.</summary>
    Loitering = 4,
    /// <summary>An air track (drone) in the area flies slower and lower than the limits.</summary>
    LowSlow = 8,
}

/// <summary>A designated border crossing point: crossing the border within its radius is not suspicious.</summary>
public sealed record CrossingPoint(string Name, double Latitude, double Longitude, double RadiusMetres);

/// <summary>An area where a track entering, or moving in a watched pattern, raises an incident of the given type.</summary>
public sealed class WatchedArea : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public required string AreaGeoJson { get; set; }
    public Guid? OperationId { get; set; }
    public IncidentType IncidentType { get; set; } = IncidentType.IllegalCrossing;
    public Severity Severity { get; set; } = Severity.High;
    public WatchPatterns Patterns { get; set; } = WatchPatterns.Entry;
    /// <summary>Border crossing: the designated crossing points in or near the area.</summary>
    public List<CrossingPoint>? CrossingPoints { get; set; }
    /// <summary>Loitering: staying within this radius...</summary>
    public double LoiterRadiusMetres { get; set; } = WatchDefaults.LoiterRadiusMetres;
    /// <summary>...for more than this many minutes.</summary>
    public double LoiterMinutes { get; set; } = WatchDefaults.LoiterMinutes;
    /// <summary>Low-slow: an air track slower than this (m/s)...</summary>
    public double LowSlowMaxSpeed { get; set; } = WatchDefaults.LowSlowMaxSpeed;
    /// <summary>...and lower than this (metres height above ellipsoid, as CoT's hae).</summary>
    public double LowSlowMaxAltitude { get; set; } = WatchDefaults.LowSlowMaxAltitude;
    public bool Active { get; set; } = true;
    public required DateTimeOffset UpdatedAt { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>A sensor message that could not be read, kept as received with the reasons, for inspection.</summary>
public sealed class RejectedSensorMessage : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>cot or geojson.</summary>
    public required string Format { get; set; }
    public required string Raw { get; set; }
    /// <summary>"field: message" lines.</summary>
    public required string Errors { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

internal sealed class SensorDetectionConfiguration : IEntityTypeConfiguration<SensorDetection>
{
    public void Configure(EntityTypeBuilder<SensorDetection> b)
    {
        b.ToTable("sensor_detections");
        b.Property(d => d.SensorId).HasMaxLength(100);
        b.Property(d => d.SourceUid).HasMaxLength(200);
        b.Property(d => d.Kind).HasMaxLength(100);
        b.Property(d => d.How).HasMaxLength(20);
        b.Property(d => d.SourceKey).HasMaxLength(340);
        b.HasIndex(d => new { d.OwningAgencyId, d.SourceKey }).IsUnique();
        b.HasIndex(d => new { d.TrackId, d.ObservedAt });
        // Ingest deduplicates a batch by the agency's detections in its time range.
        b.HasIndex(d => new { d.OwningAgencyId, d.ObservedAt });
        b.HasIndex(d => d.ReceivedAt);
    }
}

internal sealed class SensorTrackConfiguration : IEntityTypeConfiguration<SensorTrack>
{
    public void Configure(EntityTypeBuilder<SensorTrack> b)
    {
        b.ToTable("sensor_tracks");
        b.Property(t => t.SourceUid).HasMaxLength(200);
        b.Property(t => t.Kind).HasMaxLength(100);
        b.Property(t => t.InsideAreas).HasMaxLength(4000);
        b.Property(t => t.PatternState).HasMaxLength(4000);
        // Correlation loads the agency's tracks seen recently.
        b.HasIndex(t => new { t.OwningAgencyId, t.LastSeen });
    }
}

internal sealed class WatchedAreaConfiguration : IEntityTypeConfiguration<WatchedArea>
{
    public void Configure(EntityTypeBuilder<WatchedArea> b)
    {
        b.ToTable("watched_areas");
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.IncidentType).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        // Areas from before patterns existed are watched for entry only. The impossible sentinels make EF
        // always send the value; the defaults are for rows that already exist when the column is added.
        b.Property(a => a.Patterns).HasDefaultValue(WatchPatterns.Entry).HasSentinel((WatchPatterns)(-1));
        b.Property(a => a.CrossingPoints!).AsJson();
        b.Property(a => a.LoiterRadiusMetres).HasDefaultValue(WatchDefaults.LoiterRadiusMetres).HasSentinel(double.NaN);
        b.Property(a => a.LoiterMinutes).HasDefaultValue(WatchDefaults.LoiterMinutes).HasSentinel(double.NaN);
        b.Property(a => a.LowSlowMaxSpeed).HasDefaultValue(WatchDefaults.LowSlowMaxSpeed).HasSentinel(double.NaN);
        b.Property(a => a.LowSlowMaxAltitude).HasDefaultValue(WatchDefaults.LowSlowMaxAltitude).HasSentinel(double.NaN);
        b.HasIndex(a => a.OwningAgencyId);
    }
}

internal sealed class RejectedSensorMessageConfiguration : IEntityTypeConfiguration<RejectedSensorMessage>
{
    public void Configure(EntityTypeBuilder<RejectedSensorMessage> b)
    {
        b.ToTable("rejected_sensor_messages");
        b.Property(r => r.Format).HasMaxLength(16);
        b.HasIndex(r => new { r.OwningAgencyId, r.ReceivedAt });
    }
}

/// <summary>
/// An agency's track-set version, bumped by every ingest batch that commits: a node whose cached tracks
/// were loaded at another version knows another node (or a failed batch) changed them and reloads.
/// </summary>
public sealed class SensorFeedVersion : IOwnedRecord
{
    public Guid OwningAgencyId { get; set; }
    public long Version { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

internal sealed class SensorFeedVersionConfiguration : IEntityTypeConfiguration<SensorFeedVersion>
{
    public void Configure(EntityTypeBuilder<SensorFeedVersion> b)
    {
        b.ToTable("sensor_feed_versions");
        b.HasKey(v => v.OwningAgencyId);
        b.Property(v => v.OwningAgencyId).ValueGeneratedNever();
    }
}
