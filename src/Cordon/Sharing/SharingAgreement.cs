using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Sharing;

public enum AgreementStatus
{
    /// <summary>Proposed or changed: waits for an agency-admin of each party to approve.</summary>
    PendingApproval,
    Active,
    Revoked,
}

/// <summary>
/// Fields removed from records shared under an agreement. <see cref="Fields"/> names fields of the
/// record's shared view, or the category "@personal" (every field the record type marks as personal
/// data). Applies to the listed record types (empty: all covered) and purposes (empty: all).
/// </summary>
public sealed record RedactionRule(string[] Fields, string[]? RecordTypes = null, Purpose[]? Purposes = null)
{
    public const string PersonalData = "@personal";

    public bool Applies(string recordType, Purpose purpose)
        => (RecordTypes is not { Length: > 0 } || RecordTypes.Contains(recordType)) && (Purposes is not { Length: > 0 } || Purposes.Contains(purpose));
}

/// <summary>
/// A written agreement under which a providing agency's records may be read by a receiving agency:
/// which record types, up to which marking, for which purposes, with which fields removed, whether the
/// receiver may pass them on, and until when. Takes effect only once an agency-admin of each party has
/// approved the current version; revocation takes effect at once.
/// </summary>
public sealed class SharingAgreement
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public int Version { get; set; } = 1;
    public required string Title { get; set; }
    /// <summary>The agency whose records are shared.</summary>
    public Guid ProviderAgencyId { get; set; }
    /// <summary>The agency that may read them.</summary>
    public Guid RecipientAgencyId { get; set; }
    public string[] RecordTypes { get; set; } = [];
    public Tlp MaxMarking { get; set; } = Tlp.Green;
    public Purpose[] Purposes { get; set; } = [];
    public List<RedactionRule> Redactions { get; set; } = [];
    public bool OnwardSharing { get; set; }
    /// <summary>
    /// The agreement expressly covers personal data (a mutual-assistance agreement with data-protection
    /// terms): without it, records marked personal-data reach a recipient abroad with their personal fields removed.
    /// </summary>
    public bool PersonalData { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset ValidUntil { get; set; }
    public AgreementStatus Status { get; set; } = AgreementStatus.PendingApproval;
    public Guid? ProviderApprovedBy { get; set; }
    public DateTimeOffset? ProviderApprovedAt { get; set; }
    public Guid? RecipientApprovedBy { get; set; }
    public DateTimeOffset? RecipientApprovedAt { get; set; }
    public Guid? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>In force at <paramref name="now"/>: approved by both, not revoked, within its validity.</summary>
    public bool InForce(DateTimeOffset now) => Status == AgreementStatus.Active && now >= ValidFrom && now < ValidUntil;
}

/// <summary>Every version of an agreement as it was, with who changed it and when.</summary>
public sealed class SharingAgreementVersion
{
    public long Id { get; set; }
    public Guid AgreementId { get; set; }
    public int Version { get; set; }
    public required string Snapshot { get; set; }
    public required string Change { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class SharingAgreementConfiguration : IEntityTypeConfiguration<SharingAgreement>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<SharingAgreement> b)
    {
        b.ToTable("sharing_agreements");
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.MaxMarking).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.RevocationReason).HasMaxLength(1000);
        // Small lists kept as JSON text: portable across both stores and never queried inside.
        b.Property(a => a.RecordTypes).HasConversion(
            v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<string[]>(v, Json) ?? Array.Empty<string>(),
            new ValueComparer<string[]>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToArray()));
        b.Property(a => a.Purposes).HasConversion(
            v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<Purpose[]>(v, Json) ?? Array.Empty<Purpose>(),
            new ValueComparer<Purpose[]>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToArray()));
        b.Property(a => a.Redactions).HasConversion(
            v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<List<RedactionRule>>(v, Json) ?? new List<RedactionRule>(),
            new ValueComparer<List<RedactionRule>>((x, y) => JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json), v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal), v => v.ToList()));
        b.HasIndex(a => new { a.ProviderAgencyId, a.RecipientAgencyId });
        b.HasIndex(a => a.RecipientAgencyId);
    }
}

internal sealed class SharingAgreementVersionConfiguration : IEntityTypeConfiguration<SharingAgreementVersion>
{
    public void Configure(EntityTypeBuilder<SharingAgreementVersion> b)
    {
        b.ToTable("sharing_agreement_versions");
        // One row per lifecycle event (proposal, change, each approval, revocation), several per version.
        b.HasIndex(v => new { v.AgreementId, v.Version });
        b.Property(v => v.Change).HasMaxLength(200);
    }
}

/// <summary>A supervisor's emergency read without an agreement: allowed, flagged, and reviewed by the owner.</summary>
public sealed class BreakGlassAccess
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public Guid UserAgencyId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public required string RecordType { get; set; }
    public required string RecordId { get; set; }
    public Purpose Purpose { get; set; }
    public required string Justification { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }
}

internal sealed class BreakGlassAccessConfiguration : IEntityTypeConfiguration<BreakGlassAccess>
{
    public void Configure(EntityTypeBuilder<BreakGlassAccess> b)
    {
        b.ToTable("break_glass_accesses");
        b.Property(x => x.RecordType).HasMaxLength(32);
        b.Property(x => x.RecordId).HasMaxLength(100);
        b.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Justification).HasMaxLength(2000);
        b.HasIndex(x => new { x.OwningAgencyId, x.At });
    }
}
