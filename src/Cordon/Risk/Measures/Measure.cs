using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Risk.Measures;

public enum MeasureStatus
{
    /// <summary>Planned or running: between its start and end, its reviews ahead.</summary>
    Active,
    /// <summary>A review decided to stop it: it ended on that day; the final assessment is still due.</summary>
    Stopped,
    /// <summary>Its final assessment is recorded.</summary>
    Closed,
}

public enum MeasureReviewKind
{
    Interim,
    Final,
}

public enum MeasureDecision
{
    Continue,
    Change,
    Stop,
}

/// <summary>What a measure is expected to move, among the checks of the declarations in its scope.</summary>
public enum MeasureOutcome
{
    /// <summary>Irregular findings per inspected declaration.</summary>
    DetectionRate,
    /// <summary>Declarations sent to a check (red or yellow) per declaration with a lane.</summary>
    InspectionRate,
}

/// <summary>
/// An enforcement measure (issue 21, point 3): an objective pursued over a period on part of the traffic (its scope:
/// offices, HS prefixes, origins, traders, routes), with the criteria, operations and patrol plans that carry it out,
/// the effect it is expected to have, and its interim review and final assessment. Changes are audited with their
/// values before and after (its history); reviews are rows of <see cref="MeasureReview"/>.
/// </summary>
public sealed class Measure : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"MEA-NCA-0001": the owner's code and a running number.</summary>
    public required string Reference { get; set; }
    public required string Title { get; set; }
    public required string Objective { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly;

    /// <summary>Customs offices where it applies; empty: every office (and the comparison group is taken from all of them).</summary>
    public List<string> Offices { get; set; } = [];
    /// <summary>HS code prefixes (2 to 10 digits): a declaration is in scope when one of its lines starts with one.</summary>
    public List<string> HsPrefixes { get; set; } = [];
    /// <summary>Countries of origin (ISO alpha-2).</summary>
    public List<string> Origins { get; set; } = [];
    /// <summary>Importers (their EORI or trader code as declared).</summary>
    public List<string> Traders { get; set; } = [];
    /// <summary>Routes as "port of loading-port of discharge" UN/LOCODE pairs ("CNSHA-NLRTM").</summary>
    public List<string> Routes { get; set; } = [];

    public List<Guid> CriteriaIds { get; set; } = [];
    public List<Guid> OperationIds { get; set; } = [];
    public List<Guid> PatrolIds { get; set; } = [];

    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>When the next interim review is due (null once reviewed with no further date, or after the final assessment).</summary>
    public DateOnly? InterimReviewOn { get; set; }
    public required string ExpectedEffect { get; set; }
    public MeasureOutcome ExpectedOutcome { get; set; }
    /// <summary>The expected change of <see cref="ExpectedOutcome"/> in percentage points (+5: five points more).</summary>
    public double ExpectedPoints { get; set; }
    public MeasureStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>An interim review or the final assessment of a measure, with the estimate it rested on when recorded.</summary>
public sealed class MeasureReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    public MeasureReviewKind Kind { get; set; }
    public MeasureDecision Decision { get; set; }
    public required string Text { get; set; }
    public required string ReviewedBy { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
    /// <summary>The difference-in-differences estimate of the expected outcome when the review was recorded (points), and its interval.</summary>
    public double? EstimatePoints { get; set; }
    public double? LowPoints { get; set; }
    public double? HighPoints { get; set; }
}

/// <summary>Limits of a measure's fields, checked before the store sees them.</summary>
public static class MeasureLimits
{
    public const int Title = 200, Objective = 2_000, ExpectedEffect = 500, ReviewText = 4_000, Name = 200, ScopeItems = 200, Links = 50;
}

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> b)
    {
        b.ToTable("measures");
        b.HasIndex(m => m.Reference).IsUnique();
        b.HasIndex(m => new { m.OwningAgencyId, m.Marking, m.Caveats });
        b.Property(m => m.Reference).HasMaxLength(32);
        b.Property(m => m.Title).HasMaxLength(MeasureLimits.Title);
        b.Property(m => m.Objective).HasMaxLength(MeasureLimits.Objective);
        b.Property(m => m.ExpectedEffect).HasMaxLength(MeasureLimits.ExpectedEffect);
        b.Property(m => m.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(m => m.ExpectedOutcome).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.CreatedBy).HasMaxLength(MeasureLimits.Name);
        b.Property(m => m.UpdatedBy).HasMaxLength(MeasureLimits.Name);
        b.Property(m => m.Offices).AsJson();
        b.Property(m => m.HsPrefixes).AsJson();
        b.Property(m => m.Origins).AsJson();
        b.Property(m => m.Traders).AsJson();
        b.Property(m => m.Routes).AsJson();
        b.Property(m => m.CriteriaIds).AsJson();
        b.Property(m => m.OperationIds).AsJson();
        b.Property(m => m.PatrolIds).AsJson();
    }
}

internal sealed class MeasureReviewConfiguration : IEntityTypeConfiguration<MeasureReview>
{
    public void Configure(EntityTypeBuilder<MeasureReview> b)
    {
        b.ToTable("measure_reviews");
        b.HasIndex(r => new { r.MeasureId, r.ReviewedAt });
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.Decision).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.Text).HasMaxLength(MeasureLimits.ReviewText);
        b.Property(r => r.ReviewedBy).HasMaxLength(MeasureLimits.Name);
        b.HasOne<Measure>().WithMany().HasForeignKey(r => r.MeasureId).OnDelete(DeleteBehavior.Cascade);
    }
}
