using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Travellers;

/// <summary>
/// An entry, exit or refusal of a person at a crossing point, recorded by an officer at the primary line
/// or by a device through the API. Owned by the recording agency, personal data, read under the
/// traveller record type. <see cref="PersonKey"/> links a person's crossings for the stay calculation.
/// </summary>
public sealed class BorderCrossing : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.PersonalData;

    /// <summary>entry, exit or refusal.</summary>
    public required string Kind { get; set; }
    /// <summary>The crossing point's code (UN/LOCODE of the airport, port or road crossing).</summary>
    public required string CrossingPoint { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The day of the crossing at the crossing point, as stays count it.</summary>
    public DateOnly Day { get; set; }
    public required string Officer { get; set; }
    public string? Purpose { get; set; }
    /// <summary>Why entry was refused (required for a refusal).</summary>
    public string? RefusalReason { get; set; }

    public required string Surname { get; set; }
    public string? GivenNames { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Gender { get; set; }
    public required string Nationality { get; set; }
    public required string DocumentType { get; set; }
    public required string DocumentNumber { get; set; }
    public string? DocumentIssuingState { get; set; }
    public DateOnly? DocumentExpiry { get; set; }

    public required string PersonKey { get; set; }
    /// <summary>The traveller of a passenger list this crossing was matched to, when one was.</summary>
    public Guid? TravellerId { get; set; }
    /// <summary>primary-line or api.</summary>
    public required string Source { get; set; }
}

internal sealed class BorderCrossingConfiguration : IEntityTypeConfiguration<BorderCrossing>
{
    public void Configure(EntityTypeBuilder<BorderCrossing> b)
    {
        b.ToTable("border_crossings");
        // A person's crossings in order (stays), a point's by time (statistics), a document's (the primary line).
        b.HasIndex(c => new { c.PersonKey, c.At });
        b.HasIndex(c => new { c.CrossingPoint, c.At });
        b.HasIndex(c => new { c.DocumentNumber, c.DocumentIssuingState });
        b.HasIndex(c => new { c.OwningAgencyId, c.Marking, c.Caveats });
        b.Property(c => c.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Caveats).HasDefaultValue(Caveats.PersonalData).HasSentinel((Caveats)(-1));
        b.Property(c => c.Kind).HasMaxLength(8);
        b.Property(c => c.CrossingPoint).HasMaxLength(TravellerLimits.Code);
        b.Property(c => c.Officer).HasMaxLength(200);
        b.Property(c => c.Purpose).HasMaxLength(100);
        b.Property(c => c.RefusalReason).HasMaxLength(300);
        b.Property(c => c.Surname).HasMaxLength(TravellerLimits.Name);
        b.Property(c => c.GivenNames).HasMaxLength(TravellerLimits.Name);
        b.Property(c => c.Gender).HasMaxLength(1);
        b.Property(c => c.Nationality).HasMaxLength(3);
        b.Property(c => c.DocumentType).HasMaxLength(3);
        b.Property(c => c.DocumentNumber).HasMaxLength(TravellerLimits.Code);
        b.Property(c => c.DocumentIssuingState).HasMaxLength(3);
        b.Property(c => c.PersonKey).HasMaxLength(32);
        b.Property(c => c.Source).HasMaxLength(16);
    }
}
