using Cordon.Audit;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public sealed record IdentityProviderInput(
    string? Issuer, string? ClientId, string? ClientSecret, string? RoleClaim, string? RoleMapping,
    bool LocalPasswordsDisabled = false, bool Enabled = true);

public sealed record IdentityProviderView(
    string AgencyCode, string Issuer, string ClientId, bool HasClientSecret, string RoleClaim, string RoleMapping,
    bool LocalPasswordsDisabled, bool Enabled, string CallbackPath);

/// <summary>
/// Single sign-on per agency: an agency-admin (own agency) or an operator configures the agency's
/// OpenID Connect provider; people who sign in through it get a Cordon account of that agency,
/// created at first sign-in and updated (roles, name) at every sign-in from the provider's role claim.
/// </summary>
public static class SingleSignOn
{
    public static string SchemeFor(string agencyCode) => "oidc-" + agencyCode.ToLowerInvariant();
    public static string CallbackPathFor(string agencyCode) => "/signin-oidc/" + agencyCode.ToLowerInvariant();

    /// <summary>Creates or replaces the agency's provider. <paramref name="protect"/> protects the client secret at rest.</summary>
    public static async Task<IdentityProviderView> ConfigureAsync(CordonDb db, Actor actor, string agencyCode, IdentityProviderInput input,
        Func<string, string> protect, CancellationToken ct = default, TimeProvider? time = null)
    {
        var agency = await AgencyOfAsync(db, actor, agencyCode, ct);
        var errors = new FieldErrors();
        var issuer = input.Issuer?.Trim() ?? "";
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add("issuer", "Issuer must be the provider's https URL exactly as its discovery document states it (http only on loopback, for testing).");
        }
        var clientId = input.ClientId?.Trim() ?? "";
        if (clientId.Length is 0 or > 200)
        {
            errors.Add("clientId", "Client id is required (at most 200 characters).");
        }
        var roleClaim = string.IsNullOrWhiteSpace(input.RoleClaim) ? "roles" : input.RoleClaim.Trim();
        if (roleClaim.Length > 100)
        {
            errors.Add("roleClaim", "Role claim must be at most 100 characters.");
        }
        var mappingText = input.RoleMapping ?? "";
        var mapping = ParseMapping(mappingText, errors);
        if (mapping.Count == 0 && !mappingText.Split('\n').Any(l => l.Trim().Length > 0 && !l.Trim().StartsWith('#')))
        {
            errors.Add("roleMapping", "Map at least one provider value to a Cordon role, one 'value=role' a line (e.g. customs-officers=officer).");
        }
        if (issuer.Length > 0 && await db.AgencyIdentityProviders.AnyAsync(p => p.Issuer == issuer && p.AgencyId != agency.Id, ct))
        {
            errors.Add("issuer", "Another agency already signs in through this issuer.");
        }
        errors.ThrowIfAny();

        var provider = await db.AgencyIdentityProviders.FirstOrDefaultAsync(p => p.AgencyId == agency.Id, ct);
        if (provider is null)
        {
            provider = new AgencyIdentityProvider { AgencyId = agency.Id, Issuer = issuer, ClientId = clientId };
            db.AgencyIdentityProviders.Add(provider);
        }
        provider.Issuer = issuer;
        provider.ClientId = clientId;
        if (!string.IsNullOrEmpty(input.ClientSecret))
        {
            provider.ProtectedClientSecret = protect(input.ClientSecret);
        }
        provider.RoleClaim = roleClaim;
        provider.RoleMapping = string.Join('\n', mapping.Select(m => $"{m.Key}={RoleNames.Describe(m.Value).Replace(" ", "", StringComparison.Ordinal)}"));
        provider.LocalPasswordsDisabled = input.LocalPasswordsDisabled;
        provider.Enabled = input.Enabled;
        provider.UpdatedAt = (time ?? db.Clock).GetUtcNow();
        AuditLog.Append(db, actor, "agency.identity-provider", "agency", agency.Id.ToString(), agency.Id,
            new { issuer, clientId, roleClaim, roleMapping = provider.RoleMapping, provider.LocalPasswordsDisabled, provider.Enabled });
        await db.SaveChangesAsync(ct);
        return View(provider, agency);
    }

    public static async Task<IdentityProviderView?> GetAsync(CordonDb db, Actor actor, string agencyCode, CancellationToken ct = default)
    {
        var agency = await AgencyOfAsync(db, actor, agencyCode, ct);
        var provider = await db.AgencyIdentityProviders.AsNoTracking().FirstOrDefaultAsync(p => p.AgencyId == agency.Id, ct);
        return provider is null ? null : View(provider, agency);
    }

    /// <summary>The enabled provider of an agency, for the sign-in handlers (no actor: nobody is signed in yet).</summary>
    public static Task<AgencyIdentityProvider?> ProviderAsync(CordonDb db, string agencyCode, CancellationToken ct = default)
    {
        var code = agencyCode.Trim().ToUpperInvariant();
        return db.AgencyIdentityProviders.AsNoTracking().Include(p => p.Agency).FirstOrDefaultAsync(p => p.Agency!.Code == code && p.Enabled, ct);
    }

    public static Task<AgencyIdentityProvider?> ProviderByIssuerAsync(CordonDb db, string issuer, CancellationToken ct = default)
        => db.AgencyIdentityProviders.AsNoTracking().Include(p => p.Agency).FirstOrDefaultAsync(p => p.Issuer == issuer && p.Enabled, ct);

    /// <summary>Reads "value=role[,role]" lines; unknown roles are named in <paramref name="errors"/>.</summary>
    public static IReadOnlyDictionary<string, Roles> ParseMapping(string text, FieldErrors? errors = null)
    {
        var result = new Dictionary<string, Roles>(StringComparer.Ordinal);
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var at = line.LastIndexOf('=');
            if (at <= 0 || at == line.Length - 1)
            {
                errors?.Add("roleMapping", $"Line {number}: write 'provider-value=cordon-role'.");
                continue;
            }
            var roles = RoleNames.Parse([line[(at + 1)..]], out var unknown);
            if (unknown.Count > 0)
            {
                errors?.Add("roleMapping", $"Line {number}: unknown role(s) {string.Join(", ", unknown)}.");
                continue;
            }
            var value = line[..at].Trim();
            result[value] = result.GetValueOrDefault(value) | roles;
        }
        return result;
    }

    public static Roles MapRoles(AgencyIdentityProvider provider, IEnumerable<string> values)
    {
        var mapping = ParseMapping(provider.RoleMapping);
        return values.Aggregate(Roles.None, (roles, v) => roles | mapping.GetValueOrDefault(v));
    }

    /// <summary>
    /// A person the provider vouched for: finds the account by (issuer, subject) or creates it, and sets its
    /// roles from the provider's values. Refused when no value maps to a role, or the account is disabled.
    /// Operators are never made through a provider: the operator role is dropped from any mapping.
    /// </summary>
    public static async Task<User> SignInAsync(CordonDb db, AgencyIdentityProvider provider, string subject, string? preferredName, string? displayName,
        IEnumerable<string> roleValues, CancellationToken ct = default, TimeProvider? time = null)
    {
        var now = (time ?? db.Clock).GetUtcNow();
        var roles = MapRoles(provider, roleValues) & ~Roles.Operator;
        var user = await db.Users.FirstOrDefaultAsync(u => u.ExternalIssuer == provider.Issuer && u.ExternalSubject == subject, ct);
        if (roles == Roles.None)
        {
            AuditLog.Append(db, new AuditEvent(AuditActor.Anonymous(preferredName ?? subject), "signin.failure")
            {
                RecordType = user is null ? null : "user", RecordId = user?.Id.ToString(), RecordAgencyId = provider.AgencyId,
                Details = new { reason = "no-mapped-role", issuer = provider.Issuer },
            });
            await db.SaveChangesAsync(ct);
            throw new Forbidden("The identity provider gave no role that this agency maps to a Cordon role.");
        }
        if (user is null)
        {
            user = new User
            {
                CreatedAt = now,
                UserName = await FreeUserNameAsync(db, preferredName ?? subject, provider.Agency?.Code ?? "sso", ct),
                DisplayName = Clip(displayName ?? preferredName ?? subject, 200),
                AgencyId = provider.AgencyId, Roles = roles, PasswordHash = "",
                ExternalIssuer = provider.Issuer, ExternalSubject = subject,
            };
            db.Users.Add(user);
            AuditLog.Append(db, new AuditEvent(AuditActor.System, "user.create")
            {
                RecordType = "user", RecordId = user.Id.ToString(), RecordAgencyId = provider.AgencyId,
                Details = new { userName = user.UserName, roles = RoleNames.Names(roles), issuer = provider.Issuer },
            });
        }
        else if (user.Disabled)
        {
            throw new Forbidden("This account is disabled. Ask your agency administrator.");
        }
        else if (user.Roles != roles)
        {
            AuditLog.Append(db, new AuditEvent(AuditActor.System, "user.roles")
            {
                RecordType = "user", RecordId = user.Id.ToString(), RecordAgencyId = user.AgencyId,
                Details = new { userName = user.UserName, from = RoleNames.Names(user.Roles), to = RoleNames.Names(roles), issuer = provider.Issuer },
            });
            user.Roles = roles;
            Sessions.Renew(user);
        }
        if (displayName is { Length: > 0 })
        {
            user.DisplayName = Clip(displayName, 200);
        }
        user.LastSignInAt = now;
        AuditLog.Append(db, new AuditEvent(AuditActor.OfUser(user), "signin.success")
        {
            RecordType = "user", RecordId = user.Id.ToString(), RecordAgencyId = user.AgencyId, Details = new { issuer = provider.Issuer },
        });
        await db.SaveChangesAsync(ct);
        return user;
    }

    private static async Task<string> FreeUserNameAsync(CordonDb db, string wanted, string agencyCode, CancellationToken ct)
    {
        var clean = new string(wanted.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@').ToArray());
        clean = Clip(clean.Length < 3 ? "user" : clean, 48);
        foreach (var candidate in new[] { clean, $"{clean}.{agencyCode.ToLowerInvariant()}" })
        {
            if (!await db.Users.AnyAsync(u => u.UserName == candidate, ct) && !await Cases.CustodyPosts.IsPostNameAsync(db, candidate, ct))
            {
                return candidate;
            }
        }
        return $"{clean}.{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];

    private static async Task<Agency> AgencyOfAsync(CordonDb db, Actor actor, string agencyCode, CancellationToken ct)
    {
        var agency = await AgencyCodes.FindAsync(db, agencyCode, ct) ?? throw new NotFound($"There is no agency with code '{agencyCode}'.");
        UserAdministration.EnsureMayAdminister(actor, agency.Id);
        return agency;
    }

    private static IdentityProviderView View(AgencyIdentityProvider p, Agency agency) => new(
        agency.Code, p.Issuer, p.ClientId, p.ProtectedClientSecret is not null, p.RoleClaim, p.RoleMapping, p.LocalPasswordsDisabled, p.Enabled,
        CallbackPathFor(agency.Code));
}
