using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Screening.Hits;

/// <summary>Where a stored hit stands in review.</summary>
public enum HitStatus
{
    /// <summary>Waiting for an analyst.</summary>
    Open,
    /// <summary>An analyst judged the party to be the listed entry.</summary>
    Confirmed,
    /// <summary>An analyst judged it a false match (or an earlier dismissal of the same pair applied).</summary>
    Dismissed,
    /// <summary>No longer applicable: the entry left the list, or the party or entry no longer matches.</summary>
    Closed,
}

/// <summary>
/// A hit of one party of a stored declaration or consignment against one listed entry (record type
/// <see cref="RecordTypes.ScreeningHit"/>). One row per (record, party role, listed entry): screening
/// the same party again updates it, never duplicates it. Owned by the record's owner, TLP:AMBER+STRICT
/// by default (it says a trader resembles a sanctioned party: not for onward sharing without thought).
/// </summary>
public sealed class PartyHit : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.AmberStrict;
    /// <summary>Names a party that resembles a listed one: personal data, law enforcement only.</summary>
    public Caveats Caveats { get; set; } = Caveats.PersonalData | Caveats.LawEnforcementOnly;

    /// <summary><see cref="RecordTypes.Declaration"/> or <see cref="RecordTypes.Consignment"/>.</summary>
    public required string RecordType { get; set; }
    public Guid RecordId { get; set; }
    /// <summary>Human reference: office/declarant/number (or office/filer/reference).</summary>
    public required string RecordReference { get; set; }
    /// <summary>The record version last screened for this hit.</summary>
    public int RecordVersion { get; set; }

    /// <summary>importer, exporter, consignee, consignor, conveyance.</summary>
    public required string PartyRole { get; set; }
    public required string PartyName { get; set; }
    public string? PartyCountry { get; set; }
    /// <summary>Identifiers screened with the party ("imo:9187629"), space-separated.</summary>
    public string? PartyIdentifiers { get; set; }
    /// <summary>Identity of the party as screened (type, normalised name, country, identifiers), hashed: what a dismissal remembers.</summary>
    public required string PartyKey { get; set; }

    public Guid EntityId { get; set; }
    public Guid ListId { get; set; }
    public required string ListName { get; set; }
    /// <summary>The list version the hit was (last) matched against.</summary>
    public int ListVersion { get; set; }
    public required string EntrySourceId { get; set; }
    public required string EntryName { get; set; }
    public required string MatchedName { get; set; }
    /// <summary>SHA-256 of the entry's content when matched: a dismissal holds only while it is unchanged.</summary>
    public required string EntryContentHash { get; set; }

    public double Score { get; set; }
    /// <summary>block or review.</summary>
    public required string Band { get; set; }
    /// <summary>Per-feature explanation (JSON array of {feature, effect, detail}).</summary>
    public required string Explanation { get; set; }

    public HitStatus Status { get; set; } = HitStatus.Open;
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewReason { get; set; }
    /// <summary>Set when a remembered dismissal kept this hit from being raised.</summary>
    public Guid? DismissalId { get; set; }
    /// <summary>Why it was closed or reopened by screening (not by a person).</summary>
    public string? StatusNote { get; set; }

    public required DateTimeOffset CreatedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// An analyst's dismissal of a (party, listed entry) pair, kept per agency: screening does not raise the
/// pair again while the entry's content is unchanged (a changed party has another key anyway).
/// </summary>
public sealed class HitDismissal : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.AmberStrict;
    public required string PartyKey { get; set; }
    public Guid EntityId { get; set; }
    public required string EntryContentHash { get; set; }
    public required string Reason { get; set; }
    public required string DismissedBy { get; set; }
    public required DateTimeOffset DismissedAt { get; set; }
    /// <summary>The hit the analyst reviewed.</summary>
    public Guid HitId { get; set; }
}

/// <summary>
/// A stored record version waiting to be screened, written by intake in the same transaction as the
/// record itself (so an acknowledged record is never left unscreened), deleted with its hits.
/// </summary>
public sealed class ScreeningBacklogEntry
{
    public Guid RecordId { get; set; }
    public int Version { get; set; }
    public required string RecordType { get; set; }
    public Guid OwningAgencyId { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
}

internal sealed class PartyHitConfiguration : IEntityTypeConfiguration<PartyHit>
{
    public void Configure(EntityTypeBuilder<PartyHit> b)
    {
        b.ToTable("screening_hits");
        // The idempotency key: one hit per party of a record per listed entry.
        b.HasIndex(h => new { h.RecordId, h.PartyRole, h.EntityId }).IsUnique();
        b.HasIndex(h => new { h.OwningAgencyId, h.Status, h.CreatedAt });
        b.HasIndex(h => h.EntityId);
        b.HasIndex(h => new { h.PartyKey, h.EntityId });
        b.Property(h => h.RecordType).HasMaxLength(32);
        b.Property(h => h.RecordReference).HasMaxLength(120);
        b.Property(h => h.PartyRole).HasMaxLength(16);
        b.Property(h => h.PartyName).HasMaxLength(200);
        b.Property(h => h.PartyCountry).HasMaxLength(35);
        b.Property(h => h.PartyIdentifiers).HasMaxLength(200);
        b.Property(h => h.PartyKey).HasMaxLength(64);
        b.Property(h => h.ListName).HasMaxLength(100);
        b.Property(h => h.EntrySourceId).HasMaxLength(100);
        b.Property(h => h.EntryName).HasMaxLength(1000);
        b.Property(h => h.MatchedName).HasMaxLength(1000);
        b.Property(h => h.EntryContentHash).HasMaxLength(64);
        b.Property(h => h.Band).HasMaxLength(16);
        b.Property(h => h.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.ReviewedBy).HasMaxLength(200);
        b.Property(h => h.ReviewReason).HasMaxLength(1000);
        b.Property(h => h.StatusNote).HasMaxLength(300);
    }
}

internal sealed class HitDismissalConfiguration : IEntityTypeConfiguration<HitDismissal>
{
    public void Configure(EntityTypeBuilder<HitDismissal> b)
    {
        b.ToTable("screening_dismissals");
        b.HasIndex(d => new { d.OwningAgencyId, d.PartyKey, d.EntityId }).IsUnique();
        b.Property(d => d.PartyKey).HasMaxLength(64);
        b.Property(d => d.EntryContentHash).HasMaxLength(64);
        b.Property(d => d.Reason).HasMaxLength(1000);
        b.Property(d => d.DismissedBy).HasMaxLength(200);
    }
}

internal sealed class ScreeningBacklogConfiguration : IEntityTypeConfiguration<ScreeningBacklogEntry>
{
    public void Configure(EntityTypeBuilder<ScreeningBacklogEntry> b)
    {
        b.ToTable("screening_backlog");
        b.HasKey(e => new { e.RecordId, e.Version });
        b.HasIndex(e => new { e.OwningAgencyId, e.QueuedAt });
        b.Property(e => e.RecordType).HasMaxLength(32);
    }
}
