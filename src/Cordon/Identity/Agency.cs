using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Identity;

public enum AgencyKind
{
    Customs,
    BorderPolice,
    Immigration,
    PartnerCustomsAbroad,
    OtherLawEnforcement,
    /// <summary>A national statistics office: not law enforcement.</summary>
    StatisticsOffice,
    /// <summary>A trade or economics ministry: not law enforcement.</summary>
    TradeMinistry,
    /// <summary>
    /// A cell of a joint exercise (Exercises): owns what one group of participants sees and does while the exercise
    /// runs. No agreement names it but the exercise's own, so nothing of it reaches real work.
    /// </summary>
    ExerciseCell,
}

public static class AgencyKinds
{
    /// <summary>Agencies that may receive records marked law-enforcement-only.</summary>
    public static bool IsLawEnforcement(this AgencyKind kind) => kind is not (AgencyKind.StatisticsOffice or AgencyKind.TradeMinistry);
}

/// <summary>An administration that owns records and employs users.</summary>
public sealed class Agency
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Short unique code, e.g. "NCA" or "BP".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AgencyKind Kind { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> b)
    {
        b.ToTable("agencies");
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Code).HasMaxLength(16);
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
    }
}
