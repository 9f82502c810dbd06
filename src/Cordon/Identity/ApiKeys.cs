using System.Security.Cryptography;
using System.Text;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public sealed record NewApiKey(string? Name, string? Agency, string[]? Roles);

public sealed record ApiKeyView(Guid Id, string Prefix, string Name, string AgencyCode, string[] Roles,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>The only time the full key exists outside the client.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

public enum ApiKeyCheck
{
    Valid,
    Malformed,
    Unknown,
    Revoked,
}

/// <summary>API keys for machine clients: "cdn_" + 8-hex prefix + "_" + 43-char base64url secret.</summary>
public static class ApiKeys
{
    private const string Scheme = "cdn_";

    public static async Task<CreatedApiKey> CreateAsync(CordonDb db, Actor actor, NewApiKey request, CancellationToken ct = default, TimeProvider? time = null)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
        {
            errors.Add("name", "Name must be 2 to 200 characters (say which system uses the key).");
        }
        var roles = RoleNames.Parse(request.Roles ?? [], out var unknown);
        if (unknown.Count > 0)
        {
            errors.Add("roles", $"Unknown role(s): {string.Join(", ", unknown)}.");
        }
        else if (roles == Roles.None)
        {
            errors.Add("roles", "A key needs at least one role.");
        }
        Agency? agency = null;
        if (string.IsNullOrWhiteSpace(request.Agency))
        {
            if (actor.AgencyId is { } own)
            {
                agency = await db.Agencies.FirstAsync(a => a.Id == own, ct);
            }
            else
            {
                errors.Add("agency", "Agency is required.");
            }
        }
        else
        {
            agency = await AgencyCodes.FindAsync(db, request.Agency, ct);
            if (agency is null)
            {
                errors.Add("agency", $"There is no agency with code '{request.Agency}'.");
            }
        }
        errors.ThrowIfAny();
        UserAdministration.EnsureMayAdminister(actor, agency!.Id);
        if (roles.HasFlag(Roles.Operator) && !actor.IsOperator)
        {
            throw new Forbidden("Only an operator can create a key with the operator role.");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Prefix = prefix,
            SecretHash = HashSecret(secret),
            Name = name,
            AgencyId = agency.Id,
            Roles = roles,
            CreatedByUserId = actor.UserId,
            CreatedAt = (time ?? db.Clock).GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        AuditLog.Append(db, actor, "apikey.create", "api-key", key.Id.ToString(), agency.Id, new { prefix, name, roles = RoleNames.Names(roles) });
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(View(key, agency), $"{Scheme}{prefix}_{secret}");
    }

    public static async Task<List<ApiKeyView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var query = db.ApiKeys.AsNoTracking().Include(k => k.Agency).AsQueryable();
        if (!actor.IsOperator)
        {
            if (!actor.Has(Roles.AgencyAdmin) || actor.AgencyId is null)
            {
                throw new Forbidden("Only an agency-admin or an operator can manage API keys.");
            }
            query = query.Where(k => k.AgencyId == actor.AgencyId);
        }
        var keys = await query.OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(k => View(k, k.Agency!)).ToList();
    }

    /// <summary>Revokes by id or prefix; takes effect on the next request.</summary>
    public static async Task<ApiKeyView> RevokeAsync(CordonDb db, Actor actor, string idOrPrefix, CancellationToken ct = default, TimeProvider? time = null)
    {
        var text = idOrPrefix.Trim();
        if (text.StartsWith(Scheme, StringComparison.Ordinal) && TryParse(text, out var p, out _))
        {
            text = p;
        }
        var key = Guid.TryParse(text, out var id)
            ? await db.ApiKeys.Include(k => k.Agency).FirstOrDefaultAsync(k => k.Id == id, ct)
            : await db.ApiKeys.Include(k => k.Agency).FirstOrDefaultAsync(k => k.Prefix == text.ToLowerInvariant(), ct);
        // Another agency's key answers as an unknown one: a revocation attempt must not confirm that a key exists.
        if (key is null || (!actor.IsOperator && actor.Kind != ActorKind.LocalOperator && key.AgencyId != actor.AgencyId))
        {
            throw new NotFound($"No API key '{idOrPrefix}'.");
        }
        UserAdministration.EnsureMayAdminister(actor, key.AgencyId);
        key.RevokedAt ??= (time ?? db.Clock).GetUtcNow();
        AuditLog.Append(db, actor, "apikey.revoke", "api-key", key.Id.ToString(), key.AgencyId, new { key.Prefix, key.Name });
        await db.SaveChangesAsync(ct);
        return View(key, key.Agency!);
    }

    public static async Task<(ApiKeyCheck Check, Actor? Actor)> AuthenticateAsync(CordonDb db, string presented, CancellationToken ct = default, TimeProvider? time = null)
    {
        if (!TryParse(presented, out var prefix, out var secret))
        {
            return (ApiKeyCheck.Malformed, null);
        }
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null)
        {
            return (ApiKeyCheck.Unknown, null);
        }
        var expected = Convert.FromHexString(key.SecretHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return (ApiKeyCheck.Unknown, null);
        }
        if (key.RevokedAt is not null)
        {
            return (ApiKeyCheck.Revoked, null);
        }
        // Record use at most once a minute: a busy client must not turn every read into a write.
        var now = (time ?? db.Clock).GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return (ApiKeyCheck.Valid, new Actor(null, key.AgencyId, key.Roles, $"api-key:{key.Name}", ActorKind.ApiKey));
    }

    public static bool TryParse(string? presented, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (presented is null || presented.Length != Scheme.Length + 8 + 1 + 43 || !presented.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }
        var p = presented.AsSpan(Scheme.Length, 8);
        if (presented[Scheme.Length + 8] != '_' || !p.ToString().All(Uri.IsHexDigit))
        {
            return false;
        }
        var s = presented[(Scheme.Length + 9)..];
        if (!s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }
        prefix = p.ToString().ToLowerInvariant();
        secret = s;
        return true;
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyView View(ApiKey k, Agency agency) => new(
        k.Id, k.Prefix, k.Name, agency.Code, RoleNames.Names(k.Roles).ToArray(), k.CreatedAt, k.RevokedAt, k.LastUsedAt);
}
