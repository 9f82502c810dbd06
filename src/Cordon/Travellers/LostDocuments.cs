using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Travellers;

/// <summary>
/// A national list of lost, stolen and invalidated travel documents kept in Cordon, versioned like a watch
/// list: each import of a new edition records a <see cref="LostDocumentListVersion"/>; entries the edition no
/// longer names are kept with <see cref="LostDocument.RemovedInVersion"/> set.
/// </summary>
public sealed class LostDocumentList : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>The version in force, null before the first import.</summary>
    public int? ActiveVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One edition of a lost and stolen list as imported: what it added, changed and removed.</summary>
public sealed class LostDocumentListVersion
{
    public Guid ListId { get; set; }
    public int Number { get; set; }
    /// <summary>SHA-256 of the file: the same edition imported again changes nothing.</summary>
    public required string ContentHash { get; set; }
    public required string Edition { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
    public int EntryCount { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Removed { get; set; }
}

/// <summary>A document reported lost, stolen, revoked or invalidated, by issuing state and number.</summary>
public sealed class LostDocument
{
    public long Id { get; set; }
    public Guid ListId { get; set; }
    /// <summary>Upper-case letters and digits only, as documents are compared.</summary>
    public required string Number { get; set; }
    public required string IssuingState { get; set; }
    public string? Type { get; set; }
    /// <summary>lost, stolen, revoked or invalidated.</summary>
    public required string Status { get; set; }
    public DateOnly? ReportedOn { get; set; }
    public int AddedInVersion { get; set; }
    public int ChangedInVersion { get; set; }
    public int? RemovedInVersion { get; set; }
}

public static class LostDocumentStatuses
{
    public const string Lost = "lost";
    public const string Stolen = "stolen";
    public const string Revoked = "revoked";
    public const string Invalidated = "invalidated";

    public static readonly IReadOnlyList<string> All = [Lost, Stolen, Revoked, Invalidated];
}

internal sealed class LostDocumentListConfiguration : IEntityTypeConfiguration<LostDocumentList>
{
    public void Configure(EntityTypeBuilder<LostDocumentList> b)
    {
        b.ToTable("lost_document_lists");
        b.HasIndex(l => l.Name).IsUnique();
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Marking).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class LostDocumentListVersionConfiguration : IEntityTypeConfiguration<LostDocumentListVersion>
{
    public void Configure(EntityTypeBuilder<LostDocumentListVersion> b)
    {
        b.ToTable("lost_document_list_versions");
        b.HasKey(v => new { v.ListId, v.Number });
        b.Property(v => v.ContentHash).HasMaxLength(64);
        b.Property(v => v.Edition).HasMaxLength(200);
        b.Property(v => v.ImportedBy).HasMaxLength(200);
        b.HasOne<LostDocumentList>().WithMany().HasForeignKey(v => v.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LostDocumentConfiguration : IEntityTypeConfiguration<LostDocument>
{
    public void Configure(EntityTypeBuilder<LostDocument> b)
    {
        b.ToTable("lost_documents");
        b.HasIndex(d => new { d.ListId, d.IssuingState, d.Number }).IsUnique();
        // The check at the primary line and on intake looks a document up by its number.
        b.HasIndex(d => new { d.Number, d.IssuingState });
        b.Property(d => d.Number).HasMaxLength(TravellerLimits.Code);
        b.Property(d => d.IssuingState).HasMaxLength(3);
        b.Property(d => d.Type).HasMaxLength(3);
        b.Property(d => d.Status).HasMaxLength(16);
        b.HasOne<LostDocumentList>().WithMany().HasForeignKey(d => d.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
