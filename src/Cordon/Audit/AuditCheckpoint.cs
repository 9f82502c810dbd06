using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Audit;

/// <summary>
/// A signed statement of the log's state: origin, tree size and root hash, as a C2SP signed note
/// (tlog-checkpoint) signed with the log's Ed25519 key. Kept so that verification can prove that the
/// stored entries still produce every root the log ever signed.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }
    public required string Origin { get; set; }
    /// <summary>The whole signed note: the checkpoint body, a blank line, and the signature line.</summary>
    public required string Note { get; set; }
    /// <summary>The signed-note key id (hex) of the key that signed.</summary>
    public required string KeyId { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("audit_checkpoints");
        // One checkpoint per size: two server nodes signing the same state store it once.
        b.HasIndex(c => c.TreeSize).IsUnique();
        b.Property(c => c.RootHash).HasMaxLength(32);
        b.Property(c => c.Origin).HasMaxLength(200);
        b.Property(c => c.Note).HasMaxLength(2000);
        b.Property(c => c.KeyId).HasMaxLength(8);
    }
}
