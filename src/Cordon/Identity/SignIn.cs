using Cordon.Audit;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public enum SignInOutcome
{
    Success,
    /// <summary>Unknown user or wrong password: the caller must not learn which.</summary>
    Failed,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, Actor? Actor, bool MustChangePassword, DateTimeOffset? LockedUntil);

/// <summary>Password sign-in with lockout after repeated failures.</summary>
public static class SignIn
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static async Task<SignInResult> PasswordAsync(CordonDb db, string? userName, string? password, CancellationToken ct = default)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null || string.IsNullOrEmpty(password))
        {
            await AuditAsync(db, user, name, "signin.failure", user is null ? "unknown-user" : "empty-password", ct);
            return new SignInResult(SignInOutcome.Failed, null, false, null);
        }
        var now = DateTimeOffset.UtcNow;
        if (user.LockedUntil is { } until && until > now)
        {
            await AuditAsync(db, user, name, "signin.failure", "locked", ct);
            return new SignInResult(SignInOutcome.LockedOut, null, false, until);
        }
        if (user.Disabled)
        {
            await AuditAsync(db, user, name, "signin.failure", "disabled", ct);
            return new SignInResult(SignInOutcome.Disabled, null, false, null);
        }
        var (ok, rehash) = PasswordPolicy.Verify(user, password);
        if (!ok)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailures)
            {
                user.LockedUntil = now + LockoutDuration;
                user.FailedSignIns = 0;
            }
            var locked = user.LockedUntil is { } l && l > now;
            await AuditAsync(db, user, name, locked ? "signin.lockout" : "signin.failure", "wrong-password", ct);
            return user.LockedUntil is { } lockedUntil && lockedUntil > now
                ? new SignInResult(SignInOutcome.LockedOut, null, false, lockedUntil)
                : new SignInResult(SignInOutcome.Failed, null, false, null);
        }
        if (rehash)
        {
            user.PasswordHash = PasswordPolicy.Hash(user, password);
        }
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await AuditAsync(db, user, name, "signin.success", null, ct);
        return new SignInResult(SignInOutcome.Success, ActorOf(user), user.MustChangePassword, null);
    }

    /// <summary>Re-reads a user so a session reflects role changes and disabling.</summary>
    public static async Task<Actor?> CurrentAsync(CordonDb db, Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is null || user.Disabled ? null : ActorOf(user);
    }

    public static async Task ChangeOwnPasswordAsync(CordonDb db, Actor actor, string? current, string? next, CancellationToken ct = default)
    {
        var user = await db.Users.FirstAsync(u => u.Id == actor.UserId, ct);
        if (string.IsNullOrEmpty(current) || !PasswordPolicy.Verify(user, current).Ok)
        {
            throw Common.ValidationFailed.Field("currentPassword", "The current password is wrong.");
        }
        if (PasswordPolicy.Weakness(next, user.UserName) is { } weakness)
        {
            throw Common.ValidationFailed.Field("newPassword", weakness);
        }
        if (next == current)
        {
            throw Common.ValidationFailed.Field("newPassword", "The new password must differ from the current one.");
        }
        user.PasswordHash = PasswordPolicy.Hash(user, next!);
        user.MustChangePassword = false;
        AuditLog.Append(db, actor, "user.change-password", "user", user.Id.ToString(), user.AgencyId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every sign-in attempt is on the audit log, saved with the user's counters in one SaveChanges.</summary>
    private static Task AuditAsync(CordonDb db, User? user, string name, string action, string? reason, CancellationToken ct)
    {
        AuditLog.Append(db, new AuditEvent(user is null ? AuditActor.Anonymous(name) : AuditActor.OfUser(user), action)
        {
            RecordType = user is null ? null : "user",
            RecordId = user?.Id.ToString(),
            RecordAgencyId = user?.AgencyId,
            Details = reason is null ? null : new { reason },
        });
        return db.SaveChangesAsync(ct);
    }

    internal static Actor ActorOf(User user) => new(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
}
