using System.Text.RegularExpressions;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

/// <summary>
/// Units of an agency ("Maas river unit", "Rotterdam port team"): a name on a user and on a patrol, no register of its
/// own (decision 027). A name is trimmed with its inner spaces collapsed, and takes the spelling the agency already
/// uses for it whatever the case, so "maas  river unit" joins the "Maas river unit" its people already belong to.
/// </summary>
public static partial class Units
{
    public const int MaxLength = 80;

    /// <summary>The agency's units: every name one of its users or patrols carries, in order.</summary>
    public static async Task<List<string>> OfAgencyAsync(CordonDb db, Guid agencyId, CancellationToken ct = default)
    {
        var names = await db.Users.AsNoTracking().Where(u => u.AgencyId == agencyId && u.Unit != null).Select(u => u.Unit!)
            .Concat(db.Patrols.AsNoTracking().Where(p => p.OwningAgencyId == agencyId && p.Unit != null).Select(p => p.Unit!))
            .Distinct().ToListAsync(ct);
        return names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The name trimmed with its inner spaces collapsed, or null for none (blank). Callers refuse one longer than <see cref="MaxLength"/>.</summary>
    public static string? Tidy(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : Spaces().Replace(raw.Trim(), " ");

    /// <summary>The tidied name as the agency already spells it, whatever the case; a new unit as given.</summary>
    public static async Task<string?> SpelledAsAsync(CordonDb db, Guid agencyId, string? name, CancellationToken ct = default)
        => name is null ? null : (await OfAgencyAsync(db, agencyId, ct)).FirstOrDefault(u => u.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
