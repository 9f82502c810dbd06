using System.Security.Claims;
using System.Security.Cryptography;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

/// <summary>What a session may do right now, read from the user record on each request.</summary>
public sealed record SessionState(Actor Actor, string Stamp, bool MustChangePassword, bool MustEnrolSecondFactor)
{
    /// <summary>
    /// The exercise cell the session plays in (Exercises): the actor acts as that cell's member, so every page, list,
    /// map and alert shows the exercise and nothing real, and what they do there stays there.
    /// </summary>
    public Guid? ExerciseCell { get; init; }

    /// <summary>The session moved into an exercise cell.</summary>
    public SessionState InExercise(Guid cell) => this with { Actor = Actor with { AgencyId = cell }, ExerciseCell = cell };

    /// <summary>A session held back to one page: the one-time password must be changed, or a second factor enrolled.</summary>
    public bool Restricted => MustChangePassword || MustEnrolSecondFactor;
}

/// <summary>
/// Browser sessions follow the user record: each cookie carries the security stamp it was issued with,
/// and a session whose stamp no longer matches (sign-out, password change or reset, role change,
/// disabling, second-factor change) is refused on its next request and its open streams end.
/// </summary>
public static class Sessions
{
    public const string StampClaim = "cordon:stamp";
    public const string MustChangePasswordClaim = "cordon:must-change-password";
    public const string MustEnrolClaim = "cordon:must-enrol-second-factor";
    public const string ExerciseCellClaim = "cordon:exercise-cell";

    /// <summary>Raised in this process after a user's stamp changed, so this node's open streams end at once.</summary>
    public static event Action<Guid>? StampChanged;

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Gives the user a new stamp (tracked entity: saved with the caller's SaveChanges).</summary>
    public static void Renew(User user) => user.SecurityStamp = NewStamp();

    /// <summary>Tells this node's open streams that a stamp changed; call after the change is saved.</summary>
    public static void Announce(Guid userId) => StampChanged?.Invoke(userId);

    /// <summary>Ends every session and stream of the user, everywhere.</summary>
    public static async Task EndAllAsync(CordonDb db, Guid userId, CancellationToken ct = default)
    {
        var stamp = NewStamp();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), ct);
        Announce(userId);
    }

    /// <summary>The session's state, or null when the session must end (unknown or disabled user, stamp changed).</summary>
    /// <summary>
    /// A session in an exercise (<paramref name="exerciseCell"/>) stays there only while its user still plays in that
    /// cell of a running exercise; otherwise it is back in the user's agency.
    /// </summary>
    public static async Task<SessionState?> CheckAsync(CordonDb db, Guid userId, string? stamp, IdentitySettings settings, string? exerciseCell = null, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.Disabled || stamp is null
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(user.SecurityStamp), System.Text.Encoding.ASCII.GetBytes(stamp)))
        {
            return null;
        }
        var state = StateOf(user, settings);
        return Guid.TryParse(exerciseCell, out var cell) && await Exercises.Exercises.PlaysInAsync(db, userId, cell, ct) ? state.InExercise(cell) : state;
    }

    internal static SessionState StateOf(User user, IdentitySettings settings)
        => new(SignIn.ActorOf(user), user.SecurityStamp, user.MustChangePassword, settings.MustEnrol(user));

    /// <summary>The cookie principal of a session.</summary>
    public static ClaimsPrincipal Principal(SessionState state, string authenticationType)
    {
        var claims = state.Actor.ToClaims().Append(new Claim(StampClaim, state.Stamp)).ToList();
        if (state.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        if (state.MustEnrolSecondFactor)
        {
            claims.Add(new Claim(MustEnrolClaim, "true"));
        }
        if (state.ExerciseCell is { } cell)
        {
            claims.Add(new Claim(ExerciseCellClaim, cell.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The state of a freshly signed-in user (after a sign-in operation succeeded).</summary>
    public static async Task<SessionState> StartAsync(CordonDb db, Guid userId, IdentitySettings settings, CancellationToken ct = default)
        => StateOf(await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct), settings);
}

/// <summary>Sign-in settings (Cordon:Identity), validated at start.</summary>
public sealed class IdentitySettings
{
    /// <summary>Roles whose local accounts must use a second factor (comma-separated role names).</summary>
    public string SecondFactorRoles { get; set; } = "agency-admin,auditor,operator";

    /// <summary>
    /// When true, a user of those roles without a second factor can do nothing but enrol one at the next
    /// sign-in. Null means: true, except in the demo (Cordon:Demo), which stays clickable with passwords.
    /// </summary>
    public bool? EnforceSecondFactor { get; set; }

    /// <summary>How often open streams re-check their user's stamp (other nodes' changes; this node's end at once).</summary>
    public int StreamCheckSeconds { get; set; } = 5;

    /// <summary>The issuer name authenticator apps show.</summary>
    public string TotpIssuer { get; set; } = "Cordon";

    public Roles RequiredRoles => RoleNames.Parse([SecondFactorRoles], out _);

    public bool Enforced => EnforceSecondFactor ?? true;

    /// <summary>Local accounts of the named roles without a second factor must enrol one; single sign-on accounts use their provider's.</summary>
    public bool MustEnrol(User user) => Enforced && !user.HasSecondFactor && user.ExternalIssuer is null && (user.Roles & RequiredRoles) != 0;

    public IEnumerable<string> Problems()
    {
        RoleNames.Parse([SecondFactorRoles], out var unknown);
        if (unknown.Count > 0)
        {
            yield return $"Cordon:Identity:SecondFactorRoles names unknown role(s): {string.Join(", ", unknown)}.";
        }
        if (StreamCheckSeconds is < 1 or > 300)
        {
            yield return "Cordon:Identity:StreamCheckSeconds must be between 1 and 300.";
        }
    }
}
