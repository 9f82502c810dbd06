using Cordon.Operations;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Resources;

/// <summary>What an asset is. Stored by name, so new kinds are appended without touching stored rows.</summary>
public enum AssetKind
{
    Vehicle,
    Vessel,
    Drone,
    Dog,
    Scanner,
    Aircraft,
    Camera,
    Sensor,
    Barrier,
    Radio,
    Building,
}

public enum AssetStatus
{
    Available,
    Deployed,
    UnderMaintenance,
    OutOfService,
    Lost,
}

/// <summary>
/// One piece of equipment or infrastructure in an agency's register: a scanner, vehicle, boat, drone, camera,
/// sensor, barrier, radio or building, with the identifiers it is known by elsewhere (the serial on the
/// insurer's schedule, the registration, the radio call sign, the sensor id in detections), its home base on
/// the map, its status and maintenance schedule. Patrols book assets from here by <see cref="Code"/>.
/// </summary>
public sealed class Asset : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The agency's own short code ("NBP-BOAT-1"), unique across the store: what patrols and people name it by.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AssetKind Kind { get; set; }
    public AssetStatus Status { get; set; } = AssetStatus.Available;
    public string? SerialNumber { get; set; }
    public string? Registration { get; set; }
    public string? CallSign { get; set; }
    /// <summary>The sensor id its detections carry (CoT uid prefix), for sensors and cameras.</summary>
    public string? SensorId { get; set; }
    public string? HomeBase { get; set; }
    public double? HomeLatitude { get; set; }
    public double? HomeLongitude { get; set; }
    /// <summary>Maintenance every so many days (null: no schedule).</summary>
    public int? MaintenanceEveryDays { get; set; }
    /// <summary>When it came into service: the first maintenance falls due counted from here.</summary>
    public DateOnly InServiceSince { get; set; }
    /// <summary>The last completed work order's day (kept here so due dates are one query).</summary>
    public DateOnly? LastServicedOn { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Green;
    public Caveats Caveats { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The day the next maintenance falls due, or null without a schedule.</summary>
    public DateOnly? MaintenanceDueOn => MaintenanceEveryDays is { } days ? (LastServicedOn ?? InServiceSince).AddDays(days) : null;

    /// <summary>Who must be on the team for the asset to go out: the boat needs a skipper, the dog its handler.</summary>
    public static QualificationKind? RequiredQualification(AssetKind kind) => kind switch
    {
        AssetKind.Vessel => QualificationKind.BoatLicence,
        AssetKind.Dog => QualificationKind.DogHandler,
        AssetKind.Drone => QualificationKind.DronePilot,
        AssetKind.Scanner => QualificationKind.ScannerOperator,
        _ => null,
    };
}

/// <summary>One change to an asset, as its history shows it: who, when, which field, from what to what.</summary>
public sealed class AssetChange
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AssetId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Field { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> b)
    {
        b.ToTable("assets");
        b.Property(a => a.Code).HasMaxLength(40);
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.SerialNumber).HasMaxLength(80);
        b.Property(a => a.Registration).HasMaxLength(40);
        b.Property(a => a.CallSign).HasMaxLength(40);
        b.Property(a => a.SensorId).HasMaxLength(80);
        b.Property(a => a.HomeBase).HasMaxLength(200);
        b.Ignore(a => a.MaintenanceDueOn);
        b.HasIndex(a => a.Code).IsUnique();
        b.HasIndex(a => new { a.OwningAgencyId, a.SerialNumber });
    }
}

internal sealed class AssetChangeConfiguration : IEntityTypeConfiguration<AssetChange>
{
    public void Configure(EntityTypeBuilder<AssetChange> b)
    {
        b.ToTable("asset_changes");
        b.Property(c => c.By).HasMaxLength(200);
        b.Property(c => c.Field).HasMaxLength(40);
        b.Property(c => c.From).HasMaxLength(300);
        b.Property(c => c.To).HasMaxLength(300);
        b.HasIndex(c => new { c.AssetId, c.At });
    }
}
