using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Identity;

/// <summary>
/// A credential for a machine client of one agency. The secret is shown once at creation;
/// only its SHA-256 is stored (the secret is 256 random bits, so a slow hash adds nothing).
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Public, unique part of the key used to find it: "cdn_{Prefix}_{secret}".</summary>
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    public required string Name { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public Roles Roles { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasIndex(k => k.Prefix).IsUnique();
        b.HasIndex(k => k.AgencyId);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.Property(k => k.Name).HasMaxLength(200);
        b.HasOne(k => k.Agency).WithMany().HasForeignKey(k => k.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
