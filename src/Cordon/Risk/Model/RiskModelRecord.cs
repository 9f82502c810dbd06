using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Risk.Model;

/// <summary>One trained model in the registry: what it learnt from, how it did, and its trees.</summary>
public sealed class RiskModelRecord : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.AmberStrict;
    /// <summary>1, 2, … per agency.</summary>
    public int Version { get; set; }
    public required string Algorithm { get; set; }
    /// <summary>First lodgement date of the training rows.</summary>
    public DateOnly TrainFrom { get; set; }
    /// <summary>Training used declarations and outcomes lodged strictly before this date.</summary>
    public DateOnly TrainUntil { get; set; }
    public int TrainingRows { get; set; }
    public int TrainingIrregular { get; set; }
    /// <summary>JSON array of the input names, in order.</summary>
    public required string Features { get; set; }
    /// <summary>JSON: the holdout evaluation (an <c>EvaluationReport</c>) and its window.</summary>
    public string? Evaluation { get; set; }
    public bool Active { get; set; }
    public double TrainingSeconds { get; set; }
    public required byte[] ModelBytes { get; set; }
    public DateTimeOffset TrainedAt { get; set; }
    public required string TrainedBy { get; set; }
    /// <summary>"manual" (trained on request) or "schedule" (the scheduled retraining).</summary>
    public string Origin { get; set; } = "manual";
    /// <summary>JSON of a <c>PromotionDecision</c>: for a scheduled candidate, how it compared with the active model and whether it was promoted.</summary>
    public string? Promotion { get; set; }
}

internal sealed class RiskModelRecordConfiguration : IEntityTypeConfiguration<RiskModelRecord>
{
    public void Configure(EntityTypeBuilder<RiskModelRecord> b)
    {
        b.ToTable("risk_models");
        b.HasIndex(m => new { m.OwningAgencyId, m.Version }).IsUnique();
        b.HasIndex(m => new { m.OwningAgencyId, m.Active });
        b.Property(m => m.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Algorithm).HasMaxLength(40);
        b.Property(m => m.TrainedBy).HasMaxLength(200);
        b.Property(m => m.Origin).HasMaxLength(16);
    }
}
