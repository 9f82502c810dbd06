using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Identity;

/// <summary>
/// An agency's own OpenID Connect identity provider: its users sign in through it (single sign-on),
/// and its access tokens are accepted from the agency's machine clients.
/// </summary>
public sealed class AgencyIdentityProvider
{
    /// <summary>One provider per agency: the agency's id is the key.</summary>
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    /// <summary>The issuer URL exactly as the provider states it ("iss").</summary>
    public required string Issuer { get; set; }
    public required string ClientId { get; set; }
    /// <summary>The client secret, protected with the server's data-protection keys.</summary>
    public string? ProtectedClientSecret { get; set; }
    /// <summary>The claim that carries the provider's roles or groups, e.g. "roles" or "groups".</summary>
    public string RoleClaim { get; set; } = "roles";
    /// <summary>Provider value = Cordon role name, one pair a line, e.g. "customs-officers=officer".</summary>
    public string RoleMapping { get; set; } = "";
    /// <summary>When true, users of the agency cannot sign in with a local password.</summary>
    public bool LocalPasswordsDisabled { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class AgencyIdentityProviderConfiguration : IEntityTypeConfiguration<AgencyIdentityProvider>
{
    public void Configure(EntityTypeBuilder<AgencyIdentityProvider> b)
    {
        b.ToTable("agency_identity_providers");
        b.HasKey(p => p.AgencyId);
        b.HasOne(p => p.Agency).WithOne().HasForeignKey<AgencyIdentityProvider>(p => p.AgencyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.Issuer).IsUnique();
        b.Property(p => p.Issuer).HasMaxLength(400);
        b.Property(p => p.ClientId).HasMaxLength(200);
        b.Property(p => p.ProtectedClientSecret).HasMaxLength(2000);
        b.Property(p => p.RoleClaim).HasMaxLength(100);
        b.Property(p => p.RoleMapping).HasMaxLength(4000);
    }
}
