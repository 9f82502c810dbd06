using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Alerting;

/// <summary>
/// A condition an analyst defines over the alerts Cordon raises ("a seizure of HS 2402 above 10,000
/// pieces at NLRTM"): every alert its agency may read (under the access policy, for the condition's
/// purpose) that fits all its filters raises one <c>custom</c> alert naming the condition, delivered
/// to the condition's agency only. Empty filters match anything.
/// </summary>
public sealed class AlertCondition : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    /// <summary>The marking of the condition itself (its name may say what an agency looks for).</summary>
    public Tlp Marking { get; set; } = Tlp.Amber;
    public required string Name { get; set; }
    /// <summary>The kind of alert watched ("seizure", "screening.block"...); null = any kind except custom.</summary>
    public string? Kind { get; set; }
    public string? Office { get; set; }
    /// <summary>Only screening alerts of this match band ("block").</summary>
    public string? Band { get; set; }
    /// <summary>HS code prefix ("2402") or category prefix ("cigarettes"), matched on a seizure's items or the alert's commodity.</summary>
    public string? CommodityPrefix { get; set; }
    /// <summary>A seized item of the commodity must exceed this quantity (in <see cref="Unit"/> when given).</summary>
    public decimal? MinQuantity { get; set; }
    public string? Unit { get; set; }
    /// <summary>Only alerts marked at most this.</summary>
    public Tlp MaxMarking { get; set; } = Tlp.Red;
    public Purpose Purpose { get; set; } = Purpose.RiskAnalysis;
    public AlertSeverity Severity { get; set; } = AlertSeverity.High;
    public bool Active { get; set; } = true;
    public required DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public sealed class AlertConditionConfiguration : IEntityTypeConfiguration<AlertCondition>
{
    public void Configure(EntityTypeBuilder<AlertCondition> b)
    {
        b.ToTable("alert_conditions");
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Kind).HasMaxLength(64);
        b.Property(c => c.Office).HasMaxLength(Declarations.DeclarationLimits.Code);
        b.Property(c => c.Band).HasMaxLength(16);
        b.Property(c => c.CommodityPrefix).HasMaxLength(64);
        b.Property(c => c.MinQuantity).HasPrecision(18, 3);
        b.Property(c => c.Unit).HasMaxLength(20);
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Severity).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.CreatedBy).HasMaxLength(100);
        b.HasIndex(c => new { c.OwningAgencyId, c.Active });
    }
}
