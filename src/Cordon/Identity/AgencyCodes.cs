using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

/// <summary>Agencies by their code, as users and partners name them: one way to look them up, case and spaces ignored.</summary>
public static class AgencyCodes
{
    private static string Normalise(string code) => code.Trim().ToUpperInvariant();

    /// <summary>The agency with this code, tracked so it can be changed; null for a blank or unknown code.</summary>
    public static async Task<Agency?> FindAsync(CordonDb db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        var normalised = Normalise(code);
        return await db.Agencies.FirstOrDefaultAsync(a => a.Code == normalised, ct);
    }

    /// <summary>The id of the agency with this code; null for a blank or unknown code.</summary>
    public static async Task<Guid?> IdOfAsync(CordonDb db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        var normalised = Normalise(code);
        return await db.Agencies.Where(a => a.Code == normalised).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Every agency's code by id, for lists that show the owner of each row.</summary>
    public static Task<Dictionary<Guid, string>> ByIdAsync(CordonDb db, CancellationToken ct)
        => db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
}
