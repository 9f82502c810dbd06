using Cordon.Screening.Matching;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Screening.Lists;

/// <summary>
/// A watch list kept in Cordon (e.g. "OFAC SDN", "UN SC"). Its entries change edition by edition;
/// each import that changes something records a <see cref="WatchListVersion"/>.
/// </summary>
public sealed class WatchList : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public ListFormat Format { get; set; }
    /// <summary>The agency that imported the list and keeps it up to date.</summary>
    public Guid OwningAgencyId { get; set; }
    /// <summary>Public sanctions lists are TLP:CLEAR; a national list may be restricted.</summary>
    public Tlp Marking { get; set; } = Tlp.Clear;
    /// <summary>A hit scoring at least this is in the block band.</summary>
    public double BlockThreshold { get; set; } = MatchBands.DefaultBlock;
    /// <summary>A hit scoring at least this (and below block) is in the review band.</summary>
    public double ReviewThreshold { get; set; } = MatchBands.DefaultReview;
    /// <summary>The version number in force, null before the first import.</summary>
    public int? ActiveVersion { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One edition of a list as imported: what it added, changed and removed.</summary>
public sealed class WatchListVersion : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ListId { get; set; }
    public int Number { get; set; }
    /// <summary>SHA-256 of the imported files: importing the same edition again changes nothing.</summary>
    public required string ContentHash { get; set; }
    /// <summary>The edition as the source names it (UN dateGenerated), or the file name.</summary>
    public required string Edition { get; set; }
    public required DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
    public int EntryCount { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Removed { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; }
}

/// <summary>
/// A listed person, organisation, vessel or aircraft. The row is kept when a later edition drops it
/// (RemovedInVersion set), so hits recorded against an older version still resolve.
/// </summary>
public sealed class ListedEntity : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ListId { get; set; }
    public required string SourceId { get; set; }
    public EntityType Type { get; set; }
    public required string PrimaryName { get; set; }
    /// <summary>The parsed entry (aliases, dates of birth, countries, addresses, identifiers, programmes) as JSON.</summary>
    public required string Details { get; set; }
    /// <summary>SHA-256 of <see cref="Details"/>: how a re-import tells a changed entry from an unchanged one.</summary>
    public required string ContentHash { get; set; }
    public int AddedInVersion { get; set; }
    public int ChangedInVersion { get; set; }
    public int? RemovedInVersion { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; }
}

public enum ListChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One line of a list's update history: which entry a version added, changed or removed.</summary>
public sealed class ListEntryChange : IOwnedRecord
{
    public long Id { get; set; }
    public Guid ListId { get; set; }
    public int VersionNumber { get; set; }
    public required string SourceId { get; set; }
    public ListChangeKind Kind { get; set; }
    public required string Name { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; }
}

internal sealed class WatchListConfiguration : IEntityTypeConfiguration<WatchList>
{
    public void Configure(EntityTypeBuilder<WatchList> b)
    {
        b.ToTable("watch_lists");
        b.HasIndex(l => l.Name).IsUnique();
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Format).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.Marking).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class WatchListVersionConfiguration : IEntityTypeConfiguration<WatchListVersion>
{
    public void Configure(EntityTypeBuilder<WatchListVersion> b)
    {
        b.ToTable("watch_list_versions");
        b.HasIndex(v => new { v.ListId, v.Number }).IsUnique();
        b.HasOne<WatchList>().WithMany().HasForeignKey(v => v.ListId).OnDelete(DeleteBehavior.Cascade);
        b.Property(v => v.ContentHash).HasMaxLength(64);
        b.Property(v => v.Edition).HasMaxLength(200);
        b.Property(v => v.ImportedBy).HasMaxLength(200);
        b.Property(v => v.Marking).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ListedEntityConfiguration : IEntityTypeConfiguration<ListedEntity>
{
    public void Configure(EntityTypeBuilder<ListedEntity> b)
    {
        b.ToTable("listed_entities");
        b.HasIndex(e => new { e.ListId, e.SourceId }).IsUnique();
        b.HasIndex(e => new { e.ListId, e.RemovedInVersion });
        b.HasOne<WatchList>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.SourceId).HasMaxLength(100);
        b.Property(e => e.PrimaryName).HasMaxLength(1000);
        b.Property(e => e.ContentHash).HasMaxLength(64);
        b.Property(e => e.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Marking).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ListEntryChangeConfiguration : IEntityTypeConfiguration<ListEntryChange>
{
    public void Configure(EntityTypeBuilder<ListEntryChange> b)
    {
        b.ToTable("list_entry_changes");
        b.HasIndex(c => new { c.ListId, c.VersionNumber });
        b.HasOne<WatchList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.SourceId).HasMaxLength(100);
        b.Property(c => c.Name).HasMaxLength(1000);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Marking).HasConversion<string>().HasMaxLength(16);
    }
}
