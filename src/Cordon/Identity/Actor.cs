using System.Security.Claims;

namespace Cordon.Identity;

/// <summary>
/// Who is acting: a signed-in user, an API-key client, or the local operator running the CLI
/// (who has the database in hand and so is trusted as an operator).
/// </summary>
public sealed record Actor(Guid? UserId, Guid? AgencyId, Roles Roles, string Name, ActorKind Kind)
{
    public static readonly Actor LocalOperator = new(null, null, Roles.Operator, "local operator (CLI)", ActorKind.LocalOperator);

    public bool Has(Roles role) => (Roles & role) == role;

    public bool IsOperator => Has(Roles.Operator);

    public const string AgencyClaim = "cordon:agency";
    public const string RolesClaim = "cordon:roles";
    public const string KindClaim = "cordon:kind";

    public static Actor FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            throw new InvalidOperationException("No signed-in actor.");
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var agency = principal.FindFirstValue(AgencyClaim);
        var roles = (Roles)int.Parse(principal.FindFirstValue(RolesClaim) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var kind = Enum.Parse<ActorKind>(principal.FindFirstValue(KindClaim) ?? nameof(ActorKind.User));
        return new Actor(
            id is null ? null : Guid.Parse(id),
            agency is null ? null : Guid.Parse(agency),
            roles,
            principal.FindFirstValue(ClaimTypes.Name) ?? "?",
            kind);
    }

    public IEnumerable<Claim> ToClaims()
    {
        if (UserId is { } id)
        {
            yield return new Claim(ClaimTypes.NameIdentifier, id.ToString());
        }
        if (AgencyId is { } agency)
        {
            yield return new Claim(AgencyClaim, agency.ToString());
        }
        yield return new Claim(ClaimTypes.Name, Name);
        yield return new Claim(RolesClaim, ((int)Roles).ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new Claim(KindClaim, Kind.ToString());
        foreach (var role in RoleNames.Names(Roles))
        {
            yield return new Claim(ClaimTypes.Role, role);
        }
    }
}

public enum ActorKind
{
    User,
    ApiKey,
    LocalOperator,
}
