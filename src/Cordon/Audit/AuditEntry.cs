using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Audit;

/// <summary>What the access policy decided for a read or write, when the entry records a decision.</summary>
public enum AuditDecision
{
    Allow,
    Redact,
    Deny,
}

/// <summary>
/// One leaf of the tamper-evident audit log. Rows are only ever inserted: the leaf index is gapless and
/// is the order of commit; <see cref="LeafHash"/> is SHA-256(0x00 ‖ canonical bytes) of the fields below
/// (see <see cref="AuditCanonical"/>), so changing any field, or moving the row, is caught by verification.
/// Not an owned record: the log belongs to the installation, and auditors see entries by agency.
/// </summary>
public sealed class AuditEntry
{
    public long LeafIndex { get; set; }
    /// <summary>When the event happened (microsecond precision, UTC).</summary>
    public DateTimeOffset Time { get; set; }
    /// <summary>user, api-key, local-operator, system or anonymous.</summary>
    public required string ActorKind { get; set; }
    public Guid? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public Guid? ActorAgencyId { get; set; }
    /// <summary>Dotted verb, e.g. signin.success, user.create, record.read, access.deny.</summary>
    public required string Action { get; set; }
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    /// <summary>The agency that owns the record acted on: whose access review the entry belongs to.</summary>
    public Guid? RecordAgencyId { get; set; }
    public string? Purpose { get; set; }
    public AuditDecision? Decision { get; set; }
    /// <summary>Canonical JSON (RFC 8785) of extra facts, or null.</summary>
    public string? Details { get; set; }
    public required byte[] LeafHash { get; set; }
}

/// <summary>
/// The hash of a complete subtree of 2^Level leaves (Level ≥ 1; leaf hashes live in audit_entries),
/// kept so that proofs and roots need a few dozen lookups at any log size. The key orders nodes by the
/// leaf that completed them: Id = (last leaf index) * 64 + Level (see <c>AuditTree.NodeId</c>),
/// so inserts always go to the right end of the index.
/// </summary>
public sealed class AuditTreeNode
{
    public long Id { get; set; }
    public required byte[] Hash { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.LeafIndex);
        b.Property(e => e.LeafIndex).ValueGeneratedNever();
        b.Property(e => e.ActorKind).HasMaxLength(16);
        b.Property(e => e.ActorName).HasMaxLength(AuditLimits.Name);
        b.Property(e => e.Action).HasMaxLength(AuditLimits.Code);
        b.Property(e => e.RecordType).HasMaxLength(AuditLimits.Code);
        b.Property(e => e.RecordId).HasMaxLength(AuditLimits.Name);
        b.Property(e => e.Purpose).HasMaxLength(AuditLimits.Code);
        b.Property(e => e.Decision).HasConversion(AuditCanonical.DecisionConverter).HasMaxLength(8);
        b.Property(e => e.LeafHash).HasMaxLength(32);
        // The searches of the auditor's page: time range, who, what, which record, which agency.
        b.HasIndex(e => e.Time);
        b.HasIndex(e => e.ActorName);
        b.HasIndex(e => e.Action);
        b.HasIndex(e => new { e.RecordType, e.RecordId });
        b.HasIndex(e => e.ActorAgencyId);
        b.HasIndex(e => e.RecordAgencyId);
    }
}

internal sealed class AuditTreeNodeConfiguration : IEntityTypeConfiguration<AuditTreeNode>
{
    public void Configure(EntityTypeBuilder<AuditTreeNode> b)
    {
        b.ToTable("audit_tree_nodes");
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Hash).HasMaxLength(32);
    }
}

public static class AuditLimits
{
    public const int Name = 200;
    public const int Code = 64;
    public const int Details = 16 * 1024;
}
