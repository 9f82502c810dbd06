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
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>An area where a track entering raises an incident of the given type.</summary>
public sealed class WatchedArea : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public required string AreaGeoJson { get; set; }
    public Guid? OperationId { get; set; }
    public IncidentType IncidentType { get; set; } = IncidentType.IllegalCrossing;
    public Severity Severity { get; set; } = Severity.High;
    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
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
