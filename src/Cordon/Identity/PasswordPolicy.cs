using Microsoft.AspNetCore.Identity;

namespace Cordon.Identity;

/// <summary>
/// Password strength rules and hashing. Hashing is ASP.NET Core Identity's PasswordHasher
/// (PBKDF2-HMAC-SHA512, 100,000 iterations, salted): never hand-rolled.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    private static readonly PasswordHasher<User> Hasher = new();

    // A short list of the passwords people choose most; long lists belong in a breach-corpus check.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "123456789012", "qwertyuiop12", "administrator",
        "letmein12345", "welcome12345", "changeme1234", "passw0rd1234", "p@ssw0rd1234",
    };

    /// <summary>Returns why the password is weak, or null when it is acceptable.</summary>
    public static string? Weakness(string? password, string userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"Password must be at least {MinimumLength} characters.";
        }
        if (password.Length > 256)
        {
            return "Password must be at most 256 characters.";
        }
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
                      + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < 3)
        {
            return "Password must mix at least three of: lower-case, upper-case, digits, symbols.";
        }
        if (Common.Contains(password))
        {
            return "Password is one of the most common passwords.";
        }
        if (userName.Length >= 3 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "Password must not contain the user name.";
        }
        return null;
    }

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    /// <summary>Verifies and says whether the stored hash should be upgraded.</summary>
    public static (bool Ok, bool Rehash) Verify(User user, string password)
    {
        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        return (result != PasswordVerificationResult.Failed, result == PasswordVerificationResult.SuccessRehashNeeded);
    }

    /// <summary>Verifies against a given hash (the sign-in decoy for unknown and locked accounts).</summary>
    internal static bool VerifyHash(User user, string hash, string password)
        => Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A random password that satisfies the policy, for first start and resets.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> chars = stackalloc char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        // Guarantee three classes whatever the draw: a fixed-position digit, upper, and symbol.
        chars[4] = '-';
        chars[9] = (char)('2' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(8));
        chars[14] = (char)('A' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
        return new string(chars);
    }
}
