using Cordon.Risk;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

public enum InspectionType
{
    Documentary,
    Physical,
    Scanner,
    DetectorDog,
    LaboratorySample,
}

/// <summary>Why the inspection exists: a red or yellow lane, an officer's own decision, or another agency's referral.</summary>
public enum InspectionOrigin
{
    Lane,
    Manual,
    Referral,
}

public enum InspectionStatus
{
    Open,
    InProgress,
    Completed,
}

public enum IrregularityKind
{
    Undervaluation,
    Misclassification,
    Origin,
    ProhibitedOrRestricted,
    Narcotics,
    Weapons,
    Counterfeit,
    ProtectedWildlife,
    UndeclaredCurrency,
    Other,
}

public enum InspectionDecision
{
    Release,
    ReleaseAfterPayment,
    Detain,
    Seize,
}

/// <summary>A value the inspection established, kept beside what the declaration said (which is never overwritten).</summary>
public sealed record AdjustedValue(string Field, string? Declared, string Adjusted);

/// <summary>
/// A control of one declaration: who, what kind, when, what was found and what was decided. A red or
/// yellow lane's declaration is not released until its inspection has an outcome.
/// </summary>
public sealed class Inspection : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Reference { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>A control of goods and its findings: law enforcement only by default.</summary>
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly;
    public Guid DeclarationId { get; set; }
    public required string DeclarationNumber { get; set; }
    public required string Office { get; set; }
    public Lane Lane { get; set; }
    public InspectionOrigin Origin { get; set; }
    public Guid? ReferringAgencyId { get; set; }
    public required string Reason { get; set; }
    public List<string> Types { get; set; } = [];
    /// <summary>User names of the officers assigned.</summary>
    public List<string> Officers { get; set; } = [];
    public InspectionStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Findings { get; set; }
    public bool? Irregular { get; set; }
    public List<string> IrregularityKinds { get; set; } = [];
    public decimal? RevenueRaised { get; set; }
    public List<AdjustedValue> Adjustments { get; set; } = [];
    public InspectionDecision? Decision { get; set; }
    public DateTimeOffset? OutcomeRecordedAt { get; set; }
    public string? OutcomeRecordedBy { get; set; }
    public Guid? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>Optimistic concurrency: bumped by every change; a stale writer gets a conflict.</summary>
    public int Version { get; set; } = 1;

    public bool HasOutcome => OutcomeRecordedAt is not null;
}

/// <summary>The release of a declaration's goods: at most one per declaration, after the release gate.</summary>
public sealed class DeclarationRelease : IOwnedRecord
{
    public Guid DeclarationId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public DateTimeOffset ReleasedAt { get; set; }
    public required string ReleasedBy { get; set; }
    public string? PaymentReference { get; set; }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.ToTable("inspections");
        b.HasIndex(i => i.Reference).IsUnique();
        b.HasIndex(i => i.DeclarationId);
        b.HasIndex(i => new { i.OwningAgencyId, i.Status });
        b.HasIndex(i => i.CaseId);
        b.Property(i => i.Reference).HasMaxLength(20);
        b.Property(i => i.DeclarationNumber).HasMaxLength(35);
        b.Property(i => i.Office).HasMaxLength(35);
        b.Property(i => i.Lane).HasConversion<string>().HasMaxLength(8);
        b.Property(i => i.Origin).HasConversion<string>().HasMaxLength(12);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(i => i.Decision).HasConversion<string>().HasMaxLength(24);
        b.Property(i => i.Reason).HasMaxLength(1000);
        b.Property(i => i.Findings).HasMaxLength(4000);
        b.Property(i => i.RevenueRaised).HasPrecision(18, 2);
        b.Property(i => i.Adjustments).AsJson();
        b.Property(i => i.OutcomeRecordedBy).HasMaxLength(200);
        b.Property(i => i.CreatedBy).HasMaxLength(200);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne<Declarations.Declaration>().WithMany().HasForeignKey(i => i.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeclarationReleaseConfiguration : IEntityTypeConfiguration<DeclarationRelease>
{
    public void Configure(EntityTypeBuilder<DeclarationRelease> b)
    {
        b.ToTable("declaration_releases");
        b.HasKey(r => r.DeclarationId);
        b.Property(r => r.ReleasedBy).HasMaxLength(200);
        b.Property(r => r.PaymentReference).HasMaxLength(100);
        b.HasOne<Declarations.Declaration>().WithOne().HasForeignKey<DeclarationRelease>(r => r.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}
