using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Identity;

/// <summary>What a user may do. A user holds any combination.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Officer = 1,
    Analyst = 2,
    Supervisor = 4,
    AgencyAdmin = 8,
    Auditor = 16,
    Operator = 32,
}

public static class RoleNames
{
    public static readonly IReadOnlyList<(Roles Role, string Name)> All =
    [
        (Roles.Officer, "officer"),
        (Roles.Analyst, "analyst"),
        (Roles.Supervisor, "supervisor"),
        (Roles.AgencyAdmin, "agency-admin"),
        (Roles.Auditor, "auditor"),
        (Roles.Operator, "operator"),
    ];

    public static string Name(this Roles role) => All.First(r => r.Role == role).Name;

    public static IEnumerable<string> Names(Roles roles) => All.Where(r => roles.HasFlag(r.Role)).Select(r => r.Name);

    public static string Describe(Roles roles) => roles == Roles.None ? "(none)" : string.Join(", ", Names(roles));

    /// <summary>Parses names like "officer,agency-admin"; unknown names are returned in <paramref name="unknown"/>.</summary>
    public static Roles Parse(IEnumerable<string> names, out List<string> unknown)
    {
        unknown = [];
        var roles = Roles.None;
        foreach (var raw in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var match = All.FirstOrDefault(r => r.Name.Equals(raw, StringComparison.OrdinalIgnoreCase)
                                                || r.Role.ToString().Equals(raw, StringComparison.OrdinalIgnoreCase));
            if (match.Role == Roles.None)
            {
                unknown.Add(raw);
            }
            roles |= match.Role;
        }
        return roles;
    }
}

/// <summary>A person who signs in. Belongs to exactly one agency.</summary>
public sealed class User
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Unique sign-in name, stored lower-case.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    /// <summary>The unit of the agency the person works in (<see cref="Units"/>), if any.</summary>
    public string? Unit { get; set; }
    public Roles Roles { get; set; }
    public required string PasswordHash { get; set; }
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public bool MustChangePassword { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    /// <summary>
    /// Changes whenever the user's sessions must end (sign-out, password change or reset, role change,
    /// disabling, second-factor change): every cookie carries the stamp it was issued with.
    /// </summary>
    public string SecurityStamp { get; set; } = Sessions.NewStamp();
    /// <summary>Base32 TOTP key (RFC 6238), set once the user has confirmed a code from it.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>The last 30-second step accepted, so a code is never accepted twice.</summary>
    public long? TotpLastStep { get; set; }
    /// <summary>SHA-256 hashes of the unused recovery codes, ';'-separated.</summary>
    public string? RecoveryCodeHashes { get; set; }
    /// <summary>Issuer of the agency's identity provider that created this account (single sign-on), else null.</summary>
    public string? ExternalIssuer { get; set; }
    /// <summary>The provider's subject ("sub") for this person.</summary>
    public string? ExternalSubject { get; set; }

    public bool HasSecondFactor => TotpSecret is not null;
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasIndex(u => u.UserName).IsUnique();
        b.HasIndex(u => u.AgencyId);
        b.Property(u => u.UserName).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Unit).HasMaxLength(Units.MaxLength);
        b.Property(u => u.PasswordHash).HasMaxLength(200);
        b.Property(u => u.SecurityStamp).HasMaxLength(64);
        b.Property(u => u.TotpSecret).HasMaxLength(64);
        b.Property(u => u.RecoveryCodeHashes).HasMaxLength(1000);
        b.Property(u => u.ExternalIssuer).HasMaxLength(400);
        b.Property(u => u.ExternalSubject).HasMaxLength(255);
        b.HasIndex(u => new { u.ExternalIssuer, u.ExternalSubject }).IsUnique();
        b.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
