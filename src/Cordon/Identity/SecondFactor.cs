using System.Security.Cryptography;
using System.Text;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public sealed record SecondFactorEnrolled(IReadOnlyList<string> RecoveryCodes, string Stamp);

/// <summary>
/// The second factor of local accounts: a TOTP authenticator (RFC 6238) enrolled by confirming one
/// code from it, and ten single-use recovery codes, stored hashed.
/// </summary>
public static class SecondFactor
{
    public const int RecoveryCodeCount = 10;
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>
    /// Confirms an enrolment: the key (shown to the user as a QR code, not yet stored) and a code the
    /// authenticator made from it. Ends the user's other sessions; returns the recovery codes, shown once.
    /// </summary>
    public static async Task<SecondFactorEnrolled> EnrolAsync(CordonDb db, Actor actor, string secret, string? code, CancellationToken ct = default, TimeProvider? time = null)
    {
        var now = (time ?? db.Clock).GetUtcNow();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId, ct)
                   ?? throw new Forbidden("Only a signed-in user enrols a second factor.");
        if (user.ExternalIssuer is not null)
        {
            throw new Forbidden("This account signs in through the agency's identity provider, which handles the second factor.");
        }
        if (Base32.TryDecode(secret) is not { Length: >= 16 })
        {
            throw ValidationFailed.Field("secret", "The authenticator key is not valid; start the enrolment again.");
        }
        if (Totp.Match(secret, code, now, null) is not { } step)
        {
            throw ValidationFailed.Field("code", "The code does not match: check the authenticator app's time and enter the current code.");
        }
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        user.TotpSecret = secret;
        user.TotpLastStep = step;
        user.RecoveryCodeHashes = string.Join(';', codes.Select(HashRecoveryCode));
        Sessions.Renew(user);
        AuditLog.Append(db, actor, "user.second-factor.enrol", "user", user.Id.ToString(), user.AgencyId, new { userName = user.UserName });
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
        return new SecondFactorEnrolled(codes, user.SecurityStamp);
    }

    /// <summary>An administrator removes a user's second factor (lost phone): the user enrols again at next sign-in.</summary>
    public static async Task ResetAsync(CordonDb db, Actor actor, Guid userId, CancellationToken ct = default)
    {
        var user = await UserAdministration.Administrable(db, actor).FirstOrDefaultAsync(u => u.Id == userId, ct)
                   ?? throw new NotFound($"No user with id {userId} that you may administer.");
        user.TotpSecret = null;
        user.TotpLastStep = null;
        user.RecoveryCodeHashes = null;
        Sessions.Renew(user);
        AuditLog.Append(db, actor, "user.second-factor.reset", "user", user.Id.ToString(), user.AgencyId, new { userName = user.UserName });
        await db.SaveChangesAsync(ct);
        Sessions.Announce(user.Id);
    }

    /// <summary>
    /// Accepts a TOTP code not used before or an unused recovery code, each with a conditional UPDATE so
    /// two parallel requests cannot both use one code. Returns "totp", "recovery-code" or null.
    /// </summary>
    internal static async Task<string?> AcceptAsync(CordonDb db, User user, string? code, DateTimeOffset now, CancellationToken ct)
    {
        var text = (code ?? "").Trim();
        if (user.TotpSecret is { } secret && Totp.Match(secret, text, now, user.TotpLastStep) is { } step)
        {
            var taken = await db.Users.Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastStep, step), ct);
            return taken == 1 ? "totp" : null;
        }
        if (user.RecoveryCodeHashes is { Length: > 0 } stored && text.Length >= 10)
        {
            var hash = HashRecoveryCode(text);
            var hashes = stored.Split(';');
            if (hashes.Any(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(hash))))
            {
                var left = string.Join(';', hashes.Where(h => h != hash));
                var taken = await db.Users.Where(u => u.Id == user.Id && u.RecoveryCodeHashes == stored)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.RecoveryCodeHashes, left), ct);
                return taken == 1 ? "recovery-code" : null;
            }
        }
        return null;
    }

    public static int RecoveryCodesLeft(User user) => string.IsNullOrEmpty(user.RecoveryCodeHashes) ? 0 : user.RecoveryCodeHashes.Split(';').Length;

    private static string NewRecoveryCode()
    {
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)];
        }
        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
    }

    // Recovery codes carry ~49 random bits and are single-use: a plain SHA-256 suffices (no dictionary to try).
    private static string HashRecoveryCode(string code)
        => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray()))));
}
