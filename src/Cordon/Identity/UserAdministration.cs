using Cordon.Audit;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public sealed record NewUser(string? UserName, string? DisplayName, string? Agency, string[]? Roles, string? Password, string? Unit = null);

public sealed record UnitRequest(string? Unit);

public sealed record UserView(
    Guid Id, string UserName, string DisplayName, string AgencyCode, Guid AgencyId, string[] Roles,
    bool Disabled, bool Locked, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    /// <summary>The unit of the agency the person works in, if any.</summary>
    public string? Unit { get; init; }
}

/// <summary>
/// User administration. An operator administers every agency's users; an agency-admin only
/// its own agency's. Everyone else administers no one.
/// </summary>
public static class UserAdministration
{
    public static async Task<UserView> CreateAsync(CordonDb db, Actor actor, NewUser request, CancellationToken ct = default, TimeProvider? time = null)
    {
        var errors = new FieldErrors();
        var userName = request.UserName?.Trim().ToLowerInvariant() ?? "";
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            errors.Add("userName", "User name must be 3 to 64 characters: letters, digits, '.', '-', '_', '@'.");
        }
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? userName : request.DisplayName.Trim();
        if (displayName.Length > 200)
        {
            errors.Add("displayName", "Display name must be at most 200 characters.");
        }
        var roles = RoleNames.Parse(request.Roles ?? [], out var unknown);
        if (unknown.Count > 0)
        {
            errors.Add("roles", $"Unknown role(s): {string.Join(", ", unknown)}. Roles are: {string.Join(", ", RoleNames.All.Select(r => r.Name))}.");
        }
        else if (roles == Roles.None)
        {
            errors.Add("roles", "A user needs at least one role.");
        }
        if (PasswordPolicy.Weakness(request.Password, userName) is { } weakness)
        {
            errors.Add("password", weakness);
        }

        var (agency, unit) = await AgencyAndUnitAsync(db, actor, request, userName, roles, errors, ct);
        await EnsureNameFreeAsync(db, userName, errors, ct);
        errors.ThrowIfAny();

        var user = new User { CreatedAt = (time ?? db.Clock).GetUtcNow(), UserName = userName, DisplayName = displayName, AgencyId = agency!.Id, Roles = roles, PasswordHash = "", Unit = unit };
        user.PasswordHash = PasswordPolicy.Hash(user, request.Password!);
        db.Users.Add(user);
        AuditLog.Append(db, actor, "user.create", "user", user.Id.ToString(), agency.Id, new { userName, roles = RoleNames.Names(roles), unit });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            // Two administrators created the same name at once: the unique index decided.
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AsNoTracking().AnyAsync(u => u.UserName == userName, ct))
            {
                throw ValidationFailed.Field("userName", $"A user named '{userName}' already exists.");
            }
            throw;
        }
        return View(user, agency, (time ?? db.Clock).GetUtcNow());
    }

    /// <summary>The user's agency (which the actor must administer) and unit, spelt as the agency already spells it; only an operator grants the operator role.</summary>
    private static async Task<(Agency? Agency, string? Unit)> AgencyAndUnitAsync(CordonDb db, Actor actor, NewUser request, string userName, Roles roles,
        FieldErrors errors, CancellationToken ct)
    {
        Agency? agency = null;
        if (string.IsNullOrWhiteSpace(request.Agency))
        {
            errors.Add("agency", "Agency is required.");
        }
        else
        {
            agency = await AgencyCodes.FindAsync(db, request.Agency, ct);
            if (agency is null)
            {
                errors.Add("agency", $"There is no agency with code '{request.Agency}'.");
            }
        }
        string? unit = null;
        if (agency is not null)
        {
            EnsureMayAdminister(actor, agency.Id);
            unit = Units.Tidy(request.Unit);
            if (unit is { Length: > Units.MaxLength })
            {
                errors.Add("unit", $"The unit of user {userName} must be at most {Units.MaxLength} characters, not {unit.Length}.");
            }
            unit = await Units.SpelledAsAsync(db, agency.Id, unit, ct);
            if (roles.HasFlag(Roles.Operator) && !actor.IsOperator)
            {
                throw new Forbidden("Only an operator can grant the operator role.");
            }
        }
        return (agency, unit);
    }

    /// <summary>A user name is taken once, and never by a custody post's name.</summary>
    private static async Task EnsureNameFreeAsync(CordonDb db, string userName, FieldErrors errors, CancellationToken ct)
    {
        if (userName.Length > 0 && await db.Users.AnyAsync(u => u.UserName == userName, ct))
        {
            errors.Add("userName", $"A user named '{userName}' already exists.");
        }
        else if (userName.Length > 0 && await Cases.CustodyPosts.IsPostNameAsync(db, userName, ct))
        {
            // Custody goes to a user or a post by name: a user named like a post could receive its handovers.
            errors.Add("userName", $"'{userName}' is a custody post's name: choose another user name.");
        }
    }

    /// <summary>Users the actor may administer: all for an operator, the own agency's for an agency-admin.</summary>
    public static IQueryable<User> Administrable(CordonDb db, Actor actor)
    {
        if (actor.IsOperator)
        {
            return db.Users;
        }
        if (actor.Has(Roles.AgencyAdmin) && actor.AgencyId is { } agencyId)
        {
            return db.Users.Where(u => u.AgencyId == agencyId);
        }
        throw new Forbidden("Only an agency-admin or an operator can administer users.");
    }

    public static async Task<List<UserView>> ListAsync(CordonDb db, Actor actor, string? agencyCode = null, CancellationToken ct = default, TimeProvider? time = null)
    {
        var query = Administrable(db, actor).AsNoTracking().Include(u => u.Agency).AsQueryable();
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            var code = agencyCode.Trim().ToUpperInvariant();
            query = query.Where(u => u.Agency!.Code == code);
        }
        var users = await query.OrderBy(u => u.UserName).ToListAsync(ct);
        var now = (time ?? db.Clock).GetUtcNow();
        return users.Select(u => View(u, u.Agency!, now)).ToList();
    }

    public static async Task<UserView> GetAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default, TimeProvider? time = null)
    {
        var user = await Administrable(db, actor).AsNoTracking().Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == id, ct)
                   ?? throw new NotFound($"No user with id {id} that you may administer.");
        return View(user, user.Agency!, (time ?? db.Clock).GetUtcNow());
    }

    /// <summary>Sets a new password (generated when none is given); the user must change it at next sign-in.</summary>
    public static async Task<string> ResetPasswordAsync(CordonDb db, Actor actor, string userName, string? newPassword, CancellationToken ct = default)
    {
        var name = userName.Trim().ToLowerInvariant();
        var user = await Administrable(db, actor).FirstOrDefaultAsync(u => u.UserName == name, ct)
                   ?? throw new NotFound($"No user named '{userName}' that you may administer.");
        var password = newPassword ?? PasswordPolicy.Generate();
        if (PasswordPolicy.Weakness(password, user.UserName) is { } weakness)
        {
            throw ValidationFailed.Field("password", weakness);
        }
        user.PasswordHash = PasswordPolicy.Hash(user, password);
        user.MustChangePassword = newPassword is null || actor.UserId != user.Id;
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        Sessions.Renew(user);
        AuditLog.Append(db, actor, "user.reset-password", "user", user.Id.ToString(), user.AgencyId, new { userName = user.UserName, user.MustChangePassword });
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
        return password;
    }

    public static async Task<UserView> SetRolesAsync(CordonDb db, Actor actor, Guid id, string[] roleNames, CancellationToken ct = default, TimeProvider? time = null)
    {
        var user = await Administrable(db, actor).Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == id, ct)
                   ?? throw new NotFound($"No user with id {id} that you may administer.");
        var roles = RoleNames.Parse(roleNames, out var unknown);
        if (unknown.Count > 0)
        {
            throw ValidationFailed.Field("roles", $"Unknown role(s): {string.Join(", ", unknown)}.");
        }
        if (roles == Roles.None)
        {
            throw ValidationFailed.Field("roles", "A user needs at least one role.");
        }
        if ((roles ^ user.Roles).HasFlag(Roles.Operator) && !actor.IsOperator)
        {
            throw new Forbidden("Only an operator can grant or remove the operator role.");
        }
        AuditLog.Append(db, actor, "user.roles", "user", user.Id.ToString(), user.AgencyId,
            new { userName = user.UserName, from = RoleNames.Names(user.Roles), to = RoleNames.Names(roles) });
        if (user.Roles != roles)
        {
            Sessions.Renew(user);
        }
        user.Roles = roles;
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
        return View(user, user.Agency!, (time ?? db.Clock).GetUtcNow());
    }

    /// <summary>Puts the user in a unit of their agency, or in none (blank).</summary>
    public static async Task<UserView> SetUnitAsync(CordonDb db, Actor actor, Guid id, string? unit, CancellationToken ct = default, TimeProvider? time = null)
    {
        var user = await Administrable(db, actor).Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == id, ct)
                   ?? throw new NotFound($"No user with id {id} that you may administer.");
        var name = Units.Tidy(unit);
        if (name is { Length: > Units.MaxLength })
        {
            throw ValidationFailed.Field("unit", $"The unit of user {user.UserName} must be at most {Units.MaxLength} characters, not {name.Length}.");
        }
        name = await Units.SpelledAsAsync(db, user.AgencyId, name, ct);
        if (name != user.Unit)
        {
            AuditLog.Append(db, actor, "user.unit", "user", user.Id.ToString(), user.AgencyId, new { userName = user.UserName, from = user.Unit, to = name });
            user.Unit = name;
            await db.SaveChangesAsync(ct);
        }
        return View(user, user.Agency!, (time ?? db.Clock).GetUtcNow());
    }

    public static async Task<UserView> SetDisabledAsync(CordonDb db, Actor actor, Guid id, bool disabled, CancellationToken ct = default, TimeProvider? time = null)
    {
        var user = await Administrable(db, actor).Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == id, ct)
                   ?? throw new NotFound($"No user with id {id} that you may administer.");
        if (disabled && user.Id == actor.UserId)
        {
            throw ValidationFailed.Field("disabled", "You cannot disable your own account.");
        }
        user.Disabled = disabled;
        Sessions.Renew(user);
        AuditLog.Append(db, actor, disabled ? "user.disable" : "user.enable", "user", user.Id.ToString(), user.AgencyId, new { userName = user.UserName });
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
        return View(user, user.Agency!, (time ?? db.Clock).GetUtcNow());
    }

    public static void EnsureMayAdminister(Actor actor, Guid agencyId)
    {
        if (actor.IsOperator)
        {
            return;
        }
        if (actor.Has(Roles.AgencyAdmin) && actor.AgencyId == agencyId)
        {
            return;
        }
        throw new Forbidden(actor.Has(Roles.AgencyAdmin)
            ? "An agency-admin administers only the users of their own agency."
            : "Only an agency-admin or an operator can administer users.");
    }

    internal static UserView View(User u, Agency agency, DateTimeOffset now) => new(
        u.Id, u.UserName, u.DisplayName, agency.Code, agency.Id, RoleNames.Names(u.Roles).ToArray(), u.Disabled,
        u.LockedUntil is { } until && until > now, u.CreatedAt, u.LastSignInAt) { Unit = u.Unit };
}
