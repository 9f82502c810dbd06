using System.Text.Json;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Operations;

public enum OperationStatus
{
    Planned,
    Active,
    Closed,
}

/// <summary>A channel of an operation's communication plan: radio net, phone bridge, chat room...</summary>
public sealed record CommsChannel(string Channel, string Contact);

/// <summary>
/// A joint operation: the lead agency owns it; participating agencies (also partners abroad) take part
/// under the legal basis, the sharing agreement it runs under.
/// </summary>
public sealed class Operation : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    /// <summary>The lead agency.</summary>
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>Codes of the participating agencies (the lead included).</summary>
    public string[] Participants { get; set; } = [];
    public string[] Objectives { get; set; } = [];
    /// <summary>GeoJSON Polygon/MultiPolygon as submitted (validated).</summary>
    public required string AreaGeoJson { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public Guid? LegalBasisAgreementId { get; set; }
    public List<CommsChannel> CommsPlan { get; set; } = [];
    public OperationStatus Status { get; set; } = OperationStatus.Planned;
    public Guid? CreatedBy { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    /// <summary>Qualification kinds (kebab names) every member of a patrol in this operation needs, besides the patrol kind's.</summary>
    public string[] Needs { get; set; } = [];
    /// <summary>Whether a member lacking one of <see cref="Needs"/> refuses the plan (else it is planned with a warning).</summary>
    public bool NeedsRefuse { get; set; }
}

public enum QualificationKind
{
    ScannerOperator,
    DogHandler,
    Firearms,
    BoatLicence,
    FirstAid,
    DronePilot,
}

/// <summary>An officer's qualification, valid until a date. Personal data of the holder's agency.</summary>
public sealed class Qualification : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public QualificationKind Kind { get; set; }
    public DateTimeOffset ValidUntil { get; set; }
    /// <summary>What it rests on: a certificate number, or the training session that renewed it.</summary>
    public string? Evidence { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>A patrol shift inside an operation: team, assets, area and time window.</summary>
public sealed class Patrol : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OperationId { get; set; }
    public required string Name { get; set; }
    public required string AreaGeoJson { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Alpha-2 codes of the countries the patrol area covers (checked at planning).</summary>
    public string[] Countries { get; set; } = [];
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Guid? CreatedBy { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    /// <summary>The planning agency's patrol kind (its needed qualifications), if the planner named one.</summary>
    public string? Kind { get; set; }
    /// <summary>The unit of the planning agency that runs the patrol (<see cref="Identity.Units"/>), if any.</summary>
    public string? Unit { get; set; }
}

/// <summary>An officer on a patrol, with the duty they take (which needs the matching qualification).</summary>
public sealed class PatrolAssignment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PatrolId { get; set; }
    public Guid UserId { get; set; }
    public Guid UserAgencyId { get; set; }
    public QualificationKind? Duty { get; set; }
    // The patrol's window, copied so double-booking and rest checks are one indexed query.
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

public sealed class PatrolAssetBooking
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PatrolId { get; set; }
    public Guid AssetId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Small lists kept as JSON text: portable across both stores and never queried inside.
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> p) where T : class
        => p.HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<T>(v, Json)!,
            new ValueComparer<T>((x, y) => JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!));
}

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> b)
    {
        b.ToTable("operations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Participants).AsJson();
        b.Property(o => o.Objectives).AsJson();
        b.Property(o => o.CommsPlan).AsJson();
        b.Property(o => o.Needs).AsJson();
        b.HasIndex(o => o.OwningAgencyId);
    }
}

internal sealed class QualificationConfiguration : IEntityTypeConfiguration<Qualification>
{
    public void Configure(EntityTypeBuilder<Qualification> b)
    {
        b.ToTable("qualifications");
        b.Property(q => q.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(q => q.Evidence).HasMaxLength(300);
        b.HasIndex(q => new { q.UserId, q.Kind });
    }
}

internal sealed class PatrolConfiguration : IEntityTypeConfiguration<Patrol>
{
    public void Configure(EntityTypeBuilder<Patrol> b)
    {
        b.ToTable("patrols");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Countries).AsJson();
        b.Property(p => p.Kind).HasMaxLength(60);
        b.Property(p => p.Unit).HasMaxLength(Identity.Units.MaxLength);
        b.HasIndex(p => p.OperationId);
    }
}

internal sealed class PatrolAssignmentConfiguration : IEntityTypeConfiguration<PatrolAssignment>
{
    public void Configure(EntityTypeBuilder<PatrolAssignment> b)
    {
        b.ToTable("patrol_assignments");
        b.Property(a => a.Duty).HasConversion<string>().HasMaxLength(32);
        b.HasIndex(a => new { a.UserId, a.StartsAt });
        b.HasIndex(a => a.PatrolId);
    }
}

internal sealed class PatrolAssetBookingConfiguration : IEntityTypeConfiguration<PatrolAssetBooking>
{
    public void Configure(EntityTypeBuilder<PatrolAssetBooking> b)
    {
        b.ToTable("patrol_asset_bookings");
        b.HasIndex(a => new { a.AssetId, a.StartsAt });
        b.HasIndex(a => a.PatrolId);
    }
}

/// <summary>
/// A joint training session or exercise with its participants (from any agency). A session that trains
/// a qualification grants or renews it for each participant: that is how training counts.
/// </summary>
public sealed class TrainingSession : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Title { get; set; }
    public DateTimeOffset HeldAt { get; set; }
    public QualificationKind? Trains { get; set; }
    public int ValidForMonths { get; set; }
    public string[] Participants { get; set; } = [];
    public Guid? OperationId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Green;
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.ToTable("training_sessions");
        b.Property(t => t.Title).HasMaxLength(200);
        b.Property(t => t.Trains).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Participants).AsJson();
        b.HasIndex(t => t.HeldAt);
    }
}
