using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Risk.Model;

/// <summary>
/// How a registered model ranked the declarations lodged in one week after its training cut-off, against the
/// outcomes known when measured (the <c>assess</c> computation, kept per week so the registry shows drift).
/// Re-measuring a week replaces its row (outcomes arrive late).
/// </summary>
public sealed class RiskModelWeek : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.AmberStrict;
    public int ModelVersion { get; set; }
    /// <summary>1 = the first week from the cut-off.</summary>
    public int Week { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    /// <summary>Inspected declarations of the week (the ranked rows).</summary>
    public int Rows { get; set; }
    public int Irregular { get; set; }
    /// <summary>Precision and share of revenue found when inspecting the top 5 % of the week's ranking.</summary>
    public double PrecisionAt5 { get; set; }
    public double RevenueAt5 { get; set; }
    public double Auc { get; set; }
    public DateTimeOffset MeasuredAt { get; set; }
}

public sealed record RiskModelWeekView(int ModelVersion, int Week, DateOnly From, DateOnly To, int Rows, int Irregular, double PrecisionAt5, double RevenueAt5, double Auc, DateTimeOffset MeasuredAt)
{
    public static RiskModelWeekView Of(RiskModelWeek w) => new(w.ModelVersion, w.Week, w.From, w.To, w.Rows, w.Irregular, w.PrecisionAt5, w.RevenueAt5, w.Auc, w.MeasuredAt);
}

internal sealed class RiskModelWeekConfiguration : IEntityTypeConfiguration<RiskModelWeek>
{
    public void Configure(EntityTypeBuilder<RiskModelWeek> b)
    {
        b.ToTable("risk_model_weeks");
        b.HasIndex(w => new { w.OwningAgencyId, w.ModelVersion, w.Week }).IsUnique();
        b.Property(w => w.Marking).HasConversion<string>().HasMaxLength(16);
    }
}
