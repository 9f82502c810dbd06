using Cordon.Audit;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public enum SignInOutcome
{
    Success,
    /// <summary>Unknown user or wrong password: the caller must not learn which.</summary>
    Failed,
    /// <summary>Too many failures. Pages answer exactly as for <see cref="Failed"/>, so locking tells nothing.</summary>
    LockedOut,
    /// <summary>Right password, disabled account (said only to someone who knows the password).</summary>
    Disabled,
    /// <summary>Right password; a code from the second factor (or a recovery code) is still needed.</summary>
    SecondFactorRequired,
    /// <summary>Right password, but the agency signs its users in through its identity provider only.</summary>
    SingleSignOnOnly,
}

public sealed record SignInResult(SignInOutcome Outcome, Actor? Actor, bool MustChangePassword, DateTimeOffset? LockedUntil)
{
    /// <summary>The user whose password was right, while the second factor is pending.</summary>
    public Guid? PendingUserId { get; init; }
}

/// <summary>
/// Password sign-in, then the second factor where the user has one, with lockout after repeated
/// failures of either. Each attempt first claims one of the allowed failures with a conditional
/// UPDATE, so parallel attempts can never check more passwords than the limit.
/// </summary>
public static class SignIn
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    // Verified against for unknown and locked accounts, so they take as long as a wrong password.
    private static readonly User Decoy = new() { UserName = "decoy", DisplayName = "decoy", PasswordHash = "" };
    private static readonly string DecoyHash = PasswordPolicy.Hash(Decoy, PasswordPolicy.Generate());

    public static async Task<SignInResult> PasswordAsync(CordonDb db, string? userName, string? password, CancellationToken ct = default, TimeProvider? time = null)
    {
        var now = (time ?? db.Clock).GetUtcNow();
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null || string.IsNullOrEmpty(password))
        {
            VerifyDecoy(password);
            await AuditAsync(db, user, name, "signin.failure", user is null ? "unknown-user" : "empty-password", ct);
            return new SignInResult(SignInOutcome.Failed, null, false, null);
        }
        if (await ClaimAttemptAsync(db, user.Id, now, ct) is { } lockedUntil)
        {
            VerifyDecoy(password);
            await AuditAsync(db, user, name, "signin.failure", "locked", ct);
            return new SignInResult(SignInOutcome.LockedOut, null, false, lockedUntil);
        }
        var (ok, rehash) = PasswordPolicy.Verify(user, password);
        if (!ok)
        {
            return await FailedAsync(db, user, "wrong-password", now, ct);
        }
        if (user.Disabled)
        {
            await AuditAsync(db, user, name, "signin.failure", "disabled", ct);
            return new SignInResult(SignInOutcome.Disabled, null, false, null);
        }
        if (rehash)
        {
            user.PasswordHash = PasswordPolicy.Hash(user, password);
        }
        if (await db.AgencyIdentityProviders.AsNoTracking().AnyAsync(p => p.AgencyId == user.AgencyId && p.Enabled && p.LocalPasswordsDisabled, ct))
        {
            await AuditAsync(db, user, name, "signin.failure", "local-passwords-off", ct);
            return new SignInResult(SignInOutcome.SingleSignOnOnly, null, false, null);
        }
        if (user.HasSecondFactor)
        {
            // The failure count is not cleared until the second factor is right too: the limit covers both.
            await AuditAsync(db, user, name, "signin.password-verified", null, ct);
            return new SignInResult(SignInOutcome.SecondFactorRequired, null, false, null) { PendingUserId = user.Id };
        }
        return await SucceededAsync(db, user, now, null, ct);
    }

    /// <summary>The second step: a TOTP code (each accepted once) or an unused recovery code (then spent).</summary>
    public static async Task<SignInResult> SecondFactorAsync(CordonDb db, Guid userId, string? code, CancellationToken ct = default, TimeProvider? time = null)
    {
        var now = (time ?? db.Clock).GetUtcNow();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.Disabled || user.TotpSecret is null)
        {
            return new SignInResult(SignInOutcome.Failed, null, false, null);
        }
        if (await ClaimAttemptAsync(db, user.Id, now, ct) is { } lockedUntil)
        {
            await AuditAsync(db, user, user.UserName, "signin.failure", "locked", ct);
            return new SignInResult(SignInOutcome.LockedOut, null, false, lockedUntil);
        }
        var used = await SecondFactor.AcceptAsync(db, user, code, now, ct);
        return used is null
            ? await FailedAsync(db, user, "wrong-code", now, ct)
            : await SucceededAsync(db, user, now, used, ct);
    }

    /// <summary>
    /// Takes one of the allowed failures before anything is checked, atomically; returns the lock's end
    /// when none is left (then nothing may be checked). A lock that has run out is cleared first.
    /// </summary>
    private static async Task<DateTimeOffset?> ClaimAttemptAsync(CordonDb db, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId && u.LockedUntil != null && u.LockedUntil <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignIns, 0).SetProperty(u => u.LockedUntil, (DateTimeOffset?)null), ct);
        var lockFrom = now + LockoutDuration;
        var claimed = await db.Users.Where(u => u.Id == userId && u.FailedSignIns < MaxFailures)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1)
                .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= MaxFailures ? lockFrom : u.LockedUntil), ct);
        if (claimed == 1)
        {
            return null;
        }
        var until = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.LockedUntil).FirstOrDefaultAsync(ct);
        return until ?? lockFrom;
    }

    private static async Task<SignInResult> FailedAsync(CordonDb db, User user, string reason, DateTimeOffset now, CancellationToken ct)
    {
        // The claim already counted this failure; the claim that used the last allowed failure set the lock.
        var until = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.LockedUntil).FirstOrDefaultAsync(ct);
        var locked = until is { } l && l > now;
        await AuditAsync(db, user, user.UserName, locked ? "signin.lockout" : "signin.failure", reason, ct);
        return locked
            ? new SignInResult(SignInOutcome.LockedOut, null, false, until)
            : new SignInResult(SignInOutcome.Failed, null, false, null);
    }

    private static async Task<SignInResult> SucceededAsync(CordonDb db, User user, DateTimeOffset now, string? secondFactor, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignIns, 0).SetProperty(u => u.LockedUntil, (DateTimeOffset?)null).SetProperty(u => u.LastSignInAt, now), ct);
        AuditLog.Append(db, new AuditEvent(AuditActor.OfUser(user), "signin.success")
        {
            RecordType = "user", RecordId = user.Id.ToString(), RecordAgencyId = user.AgencyId,
            Details = secondFactor is null ? null : new { secondFactor },
        });
        await db.SaveChangesAsync(ct);
        return new SignInResult(SignInOutcome.Success, ActorOf(user), user.MustChangePassword, null);
    }

    private static void VerifyDecoy(string? password) => PasswordPolicy.VerifyHash(Decoy, DecoyHash, password ?? "");

    /// <summary>Re-reads a user so a session reflects role changes and disabling.</summary>
    public static async Task<Actor?> CurrentAsync(CordonDb db, Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is null || user.Disabled ? null : ActorOf(user);
    }

    /// <summary>Changes the own password and ends every other session of the user; returns the new stamp for this one.</summary>
    public static async Task<string> ChangeOwnPasswordAsync(CordonDb db, Actor actor, string? current, string? next, CancellationToken ct = default)
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
        Sessions.Renew(user);
        AuditLog.Append(db, actor, "user.change-password", "user", user.Id.ToString(), user.AgencyId);
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
        return user.SecurityStamp;
    }

    /// <summary>Every sign-in attempt is on the audit log.</summary>
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
