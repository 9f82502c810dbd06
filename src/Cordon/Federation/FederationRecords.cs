using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Federation;

/// <summary>
/// Another Cordon installation we exchange records with: where it listens, the key its envelopes are
/// signed with, the key its audit checkpoints are signed with, and how delivery to it stands. The
/// outbound cursor (<see cref="OutboxSequence"/>, <see cref="AckedSequence"/>) is written only by the
/// delivery worker; the inbound cursor lives in <see cref="FederationInbound"/> so the two never contend.
/// </summary>
public sealed class FederationPartner
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The partner's installation name (Cordon:Federation:Installation at the partner).</summary>
    public required string Name { get; set; }
    public required string BaseUrl { get; set; }
    /// <summary>Signed-note verifier key of the partner's federation envelopes ("name+keyid+base64").</summary>
    public required string FederationKey { get; set; }
    /// <summary>Signed-note verifier key of the partner's audit checkpoints.</summary>
    public required string AuditKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last sequence number given to an outbox item for this partner (items are 1, 2, 3… without gaps).</summary>
    public long OutboxSequence { get; set; }
    /// <summary>Last sequence the partner confirmed it applied (its cursor, as it reported it).</summary>
    public long AckedSequence { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}

/// <summary>What we have applied from a partner: its cursor, so re-sent items are recognised and gaps refused.</summary>
public sealed class FederationInbound
{
    public Guid PartnerId { get; set; }
    public long LastSequence { get; set; }
    public DateTimeOffset? LastReceivedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}

/// <summary>
/// An agency of a partner installation as represented here: an ordinary <c>agencies</c> row (so local
/// agreements can name it as recipient, and received copies can be owned by it) linked to its partner
/// and its code there. No local user ever belongs to it.
/// </summary>
public sealed class FederationAgency
{
    public Guid AgencyId { get; set; }
    public Guid PartnerId { get; set; }
    /// <summary>The agency's id at the partner (known for origin agencies of received records).</summary>
    public Guid? RemoteId { get; set; }
    public required string RemoteCode { get; set; }
}

/// <summary>One message for a partner, in the order it must be applied. The body is the item's JSON, as sent.</summary>
public sealed class FederationOutboxItem
{
    public long Id { get; set; }
    public Guid PartnerId { get; set; }
    public long Sequence { get; set; }
    /// <summary>agreement, revocation, record or withheld.</summary>
    public required string Kind { get; set; }
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    public Guid? RecordAgencyId { get; set; }
    public Guid? AgreementId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AckedAt { get; set; }
}

/// <summary>Which version of a record was queued for a partner under an agreement (so a change is sent again, nothing else).</summary>
public sealed class FederationSent
{
    public Guid PartnerId { get; set; }
    public Guid AgreementId { get; set; }
    public required string RecordType { get; set; }
    public required string RecordId { get; set; }
    public int Version { get; set; }
}

/// <summary>The state of an agreement last told to a partner ("version:status"), so each change is propagated once.</summary>
public sealed class FederationAgreementLink
{
    public Guid PartnerId { get; set; }
    public Guid AgreementId { get; set; }
    public required string SentState { get; set; }
}

/// <summary>
/// A record received from a partner: provenance of the read-only copy (which is stored in the record
/// type's own table, owned by the local representation of its origin agency).
/// </summary>
public sealed class FederationCopy : IOwnedRecord
{
    public long Id { get; set; }
    public Guid PartnerId { get; set; }
    public required string RecordType { get; set; }
    public required string OriginRecordId { get; set; }
    public Guid LocalRecordId { get; set; }
    /// <summary>The local representation of the origin agency: owner of the copy.</summary>
    public Guid OwningAgencyId { get; set; }
    public required string OriginAgencyCode { get; set; }
    public Guid AgreementId { get; set; }
    public Tlp Marking { get; set; }
    public Caveats Caveats { get; set; }
    public int Version { get; set; }
    public long Sequence { get; set; }
    /// <summary>The record's view as the sender sent it (already redacted by the sender).</summary>
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A partner's audit checkpoint as we fetched it, and whether it was consistent with the last one we accepted.</summary>
public sealed class FederationWitness
{
    public long Id { get; set; }
    public Guid PartnerId { get; set; }
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }
    public required string Note { get; set; }
    public bool Consistent { get; set; }
    public string? Problem { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class FederationPartnerConfiguration : IEntityTypeConfiguration<FederationPartner>
{
    public void Configure(EntityTypeBuilder<FederationPartner> b)
    {
        b.ToTable("federation_partners");
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.Name).HasMaxLength(64);
        b.Property(p => p.BaseUrl).HasMaxLength(500);
        b.Property(p => p.FederationKey).HasMaxLength(200);
        b.Property(p => p.AuditKey).HasMaxLength(300);
        b.Property(p => p.LastError).HasMaxLength(2000);
        // Two nodes numbering outbox items at once: one of them fails and retries, so sequences never repeat.
        b.Property(p => p.OutboxSequence).IsConcurrencyToken();
    }
}

internal sealed class FederationInboundConfiguration : IEntityTypeConfiguration<FederationInbound>
{
    public void Configure(EntityTypeBuilder<FederationInbound> b)
    {
        b.ToTable("federation_inbound");
        b.HasKey(x => x.PartnerId);
        b.Property(x => x.LastSequence).IsConcurrencyToken();
        b.Property(x => x.LastError).HasMaxLength(2000);
    }
}

internal sealed class FederationAgencyConfiguration : IEntityTypeConfiguration<FederationAgency>
{
    public void Configure(EntityTypeBuilder<FederationAgency> b)
    {
        b.ToTable("federation_agencies");
        b.HasKey(x => x.AgencyId);
        b.HasIndex(x => new { x.PartnerId, x.RemoteCode }).IsUnique();
        b.Property(x => x.RemoteCode).HasMaxLength(16);
    }
}

internal sealed class FederationOutboxItemConfiguration : IEntityTypeConfiguration<FederationOutboxItem>
{
    public void Configure(EntityTypeBuilder<FederationOutboxItem> b)
    {
        b.ToTable("federation_outbox");
        b.HasIndex(x => new { x.PartnerId, x.Sequence }).IsUnique();
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.RecordType).HasMaxLength(32);
        b.Property(x => x.RecordId).HasMaxLength(100);
    }
}

internal sealed class FederationSentConfiguration : IEntityTypeConfiguration<FederationSent>
{
    public void Configure(EntityTypeBuilder<FederationSent> b)
    {
        b.ToTable("federation_sent");
        b.HasKey(x => new { x.PartnerId, x.AgreementId, x.RecordType, x.RecordId });
        b.Property(x => x.RecordType).HasMaxLength(32);
        b.Property(x => x.RecordId).HasMaxLength(100);
    }
}

internal sealed class FederationAgreementLinkConfiguration : IEntityTypeConfiguration<FederationAgreementLink>
{
    public void Configure(EntityTypeBuilder<FederationAgreementLink> b)
    {
        b.ToTable("federation_agreement_links");
        b.HasKey(x => new { x.PartnerId, x.AgreementId });
        b.Property(x => x.SentState).HasMaxLength(40);
    }
}

internal sealed class FederationCopyConfiguration : IEntityTypeConfiguration<FederationCopy>
{
    public void Configure(EntityTypeBuilder<FederationCopy> b)
    {
        b.ToTable("federation_copies");
        // The idempotency key: one copy per (origin installation, record); re-sent versions update it.
        b.HasIndex(x => new { x.PartnerId, x.RecordType, x.OriginRecordId }).IsUnique();
        b.HasIndex(x => x.LocalRecordId);
        b.Property(x => x.RecordType).HasMaxLength(32);
        b.Property(x => x.OriginRecordId).HasMaxLength(100);
        b.Property(x => x.OriginAgencyCode).HasMaxLength(16);
    }
}

internal sealed class FederationWitnessConfiguration : IEntityTypeConfiguration<FederationWitness>
{
    public void Configure(EntityTypeBuilder<FederationWitness> b)
    {
        b.ToTable("federation_witnesses");
        b.HasIndex(x => new { x.PartnerId, x.Id });
        b.Property(x => x.RootHash).HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.Property(x => x.Problem).HasMaxLength(2000);
    }
}
