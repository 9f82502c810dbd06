using System.Globalization;
using Cordon.Common;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>Human references of case records (SZ-2026-0001, CASE-…): numbered per kind and year, unique in the store.</summary>
public static class CaseReferences
{
    /// <summary>
    /// Saves a new numbered record. Two writers numbering at the same instant collide on the unique
    /// reference index: the loser gets a 409 to send again, never a 500.
    /// </summary>
    public static async Task SaveNumberedAsync(Storage.CordonDb db, string what, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            throw new Conflict($"Another {what} was numbered at the same moment: send the request again.");
        }
    }

    /// <summary>Next human reference of a kind for this year: PREFIX-YYYY-NNNN.</summary>
    public static async Task<string> NextAsync(IQueryable<string> existing, string prefix, DateTimeOffset now, CancellationToken ct)
    {
        var stem = $"{prefix}-{now.Year.ToString(CultureInfo.InvariantCulture)}-";
        var last = await existing.Where(r => r.StartsWith(stem)).OrderByDescending(r => r).FirstOrDefaultAsync(ct);
        var n = last is null ? 0 : int.Parse(last[stem.Length..], CultureInfo.InvariantCulture);
        return stem + (n + 1).ToString("D4", CultureInfo.InvariantCulture);
    }
}
