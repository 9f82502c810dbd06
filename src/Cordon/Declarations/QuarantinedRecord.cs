using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Declarations;

public enum IntakeKind
{
    Declaration,
    Consignment,
}

/// <summary>
/// A record that failed validation, kept with its reasons so that a user can correct and re-submit
/// it. The same bad record sent again is quarantined once (unique on its raw content hash).
/// </summary>
public sealed class QuarantinedRecord : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public IntakeKind Kind { get; set; }
    /// <summary>api, batch, or the file name.</summary>
    public required string Source { get; set; }
    /// <summary>Where in the source: "record 3", "line 17" or "lines 17–19".</summary>
    public required string Position { get; set; }
    /// <summary>The declaration or consignment number, when it could be read.</summary>
    public string? Number { get; set; }
    /// <summary>
    /// The record as JSON in the API's shape when it could be parsed that far (so it can be corrected
    /// and re-submitted as is), otherwise the raw text received.
    /// </summary>
    public required string Content { get; set; }
    public bool ContentIsJson { get; set; }
    /// <summary>JSON object: field path → messages.</summary>
    public required string Errors { get; set; }
    public required byte[] RawHash { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    /// <summary>The stored declaration or consignment once a corrected copy was accepted.</summary>
    public Guid? ResolvedRecordId { get; set; }
}

internal sealed class QuarantinedRecordConfiguration : IEntityTypeConfiguration<QuarantinedRecord>
{
    public void Configure(EntityTypeBuilder<QuarantinedRecord> b)
    {
        b.ToTable("quarantined_records");
        b.HasIndex(q => new { q.OwningAgencyId, q.Kind, q.RawHash }).IsUnique();
        b.HasIndex(q => new { q.OwningAgencyId, q.ResolvedAt });
        b.Property(q => q.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Source).HasMaxLength(300);
        b.Property(q => q.Position).HasMaxLength(64);
        b.Property(q => q.Number).HasMaxLength(DeclarationLimits.Number);
        b.Property(q => q.RawHash).HasMaxLength(32);
        b.Property(q => q.ReceivedBy).HasMaxLength(200);
        b.Property(q => q.ResolvedBy).HasMaxLength(200);
    }
}
