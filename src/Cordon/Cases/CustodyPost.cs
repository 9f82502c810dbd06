using Cordon.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

/// <summary>
/// A named post that can hold seized goods (an evidence store, a laboratory, a court registry), held by
/// users of one agency: any of its enabled holders accepts a handover to it, and records samples and
/// results while it holds the goods. Post names and user names share one namespace, so a handover's
/// "to" is never ambiguous.
/// </summary>
public sealed class CustodyPost
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    /// <summary>Where the post is (address, building, room), shown with the handover.</summary>
    public required string Place { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CustodyPostHolder> Holders { get; set; } = [];
}

/// <summary>A user who holds a post; only users of the post's agency.</summary>
public sealed class CustodyPostHolder
{
    public Guid PostId { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
}

internal sealed class CustodyPostConfiguration : IEntityTypeConfiguration<CustodyPost>
{
    public void Configure(EntityTypeBuilder<CustodyPost> b)
    {
        b.ToTable("custody_posts");
        b.Property(p => p.Name).HasMaxLength(64);
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.Place).HasMaxLength(200);
        b.HasOne(p => p.Agency).WithMany().HasForeignKey(p => p.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Holders).WithOne().HasForeignKey(h => h.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustodyPostHolderConfiguration : IEntityTypeConfiguration<CustodyPostHolder>
{
    public void Configure(EntityTypeBuilder<CustodyPostHolder> b)
    {
        b.ToTable("custody_post_holders");
        b.HasKey(h => new { h.PostId, h.UserId });
        b.HasIndex(h => h.UserId);
        b.HasOne(h => h.User).WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
