using Cordon.Audit;
using Cordon.Reference;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Identity;

public sealed record BootstrapResult(string UserName, string? GeneratedPassword);

/// <summary>
/// First start with an empty database: creates the operators' agency and an operator account, with
/// the password from configuration (Cordon:Bootstrap:OperatorPassword) or a one-time password that
/// must be changed at first sign-in.
/// </summary>
public static class Bootstrap
{
    public static async Task<BootstrapResult?> EnsureOperatorAsync(CordonDb db, IConfiguration configuration, CancellationToken ct = default, TimeProvider? time = null)
    {
        var now = (time ?? db.Clock).GetUtcNow();
        if (await db.Users.AnyAsync(ct))
        {
            return null;
        }
        var section = configuration.GetSection("Cordon:Bootstrap");
        var code = (section["AgencyCode"] ?? "OPS").ToUpperInvariant();
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null)
        {
            var country = (section["Country"] ?? "NL").ToUpperInvariant();
            if (ReferenceData.Instance.Countries.ByAlpha2(country) is null)
            {
                throw new InvalidOperationException($"Cordon:Bootstrap:Country '{country}' is not an ISO 3166-1 alpha-2 code.");
            }
            agency = new Agency { CreatedAt = now, Code = code, Name = section["AgencyName"] ?? "Cordon operators", Kind = AgencyKind.Customs, Country = country };
            db.Agencies.Add(agency);
        }
        var userName = (section["OperatorUser"] ?? "operator").ToLowerInvariant();
        var configured = section["OperatorPassword"];
        var password = string.IsNullOrEmpty(configured) ? PasswordPolicy.Generate() : configured;
        if (PasswordPolicy.Weakness(password, userName) is { } weakness)
        {
            throw new InvalidOperationException($"Cordon:Bootstrap:OperatorPassword is too weak: {weakness}");
        }
        var user = new User { CreatedAt = now, UserName = userName, DisplayName = "Operator", AgencyId = agency.Id, Roles = Roles.Operator | Roles.AgencyAdmin, PasswordHash = "" };
        user.PasswordHash = PasswordPolicy.Hash(user, password);
        user.MustChangePassword = string.IsNullOrEmpty(configured);
        db.Users.Add(user);
        AuditLog.Append(db, new AuditEvent(AuditActor.System, "user.create")
        {
            RecordType = "user", RecordId = user.Id.ToString(), RecordAgencyId = agency.Id,
            Details = new { userName, roles = RoleNames.Names(user.Roles), bootstrap = true },
        });
        await db.SaveChangesAsync(ct);
        return new BootstrapResult(userName, string.IsNullOrEmpty(configured) ? password : null);
    }
}
