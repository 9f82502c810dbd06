using System.Text.RegularExpressions;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>A post's place and holders (user names); <c>Agency</c> only for an operator setting another agency's post.</summary>
public sealed record CustodyPostInput(string? Place, string[]? Holders, string? Agency = null);

public sealed record CustodyPostView(Guid Id, string Name, string AgencyCode, string Place, IReadOnlyList<string> Holders, DateTimeOffset UpdatedAt);

/// <summary>
/// Named custody posts of an agency and who holds them. An agency-admin (own agency) or an operator sets
/// them; every officer sees their own agency's posts (to hand goods to one).
/// </summary>
public static partial class CustodyPosts
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Creates the post, or replaces its place and holders. Holders are enabled officers or supervisors of the post's agency.</summary>
    public static async Task<CustodyPostView> SaveAsync(CordonDb db, Actor actor, string agencyCode, string name, CustodyPostInput input,
        CancellationToken ct = default, TimeProvider? time = null)
    {
        var agency = await AgencyCodes.FindAsync(db, agencyCode, ct) ?? throw new NotFound($"There is no agency with code '{agencyCode}'.");
        UserAdministration.EnsureMayAdminister(actor, agency.Id);
        var postName = name.Trim().ToLowerInvariant();
        var errors = new FieldErrors();
        if (!NamePattern().IsMatch(postName))
        {
            errors.Add("name", "A post name has 3 to 64 characters: lower-case letters, digits, '.', '-' or '_' (e.g. evidence-store.rotterdam).");
        }
        else if (await db.Users.AnyAsync(u => u.UserName == postName, ct))
        {
            errors.Add("name", $"'{postName}' is a user's name: a post needs a name of its own.");
        }
        var post = await db.CustodyPosts.Include(p => p.Holders).FirstOrDefaultAsync(p => p.Name == postName, ct);
        if (post is not null && post.AgencyId != agency.Id)
        {
            // Same words as for any other taken name: no oracle of other agencies' posts beyond "taken".
            errors.Add("name", $"The name '{postName}' is taken.");
        }
        var place = input.Place?.Trim() ?? "";
        if (place.Length is 0 or > 200)
        {
            errors.Add("place", "State where the post is (at most 200 characters).");
        }
        var wanted = (input.Holders ?? []).Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            errors.Add("holders", "Name at least one user who holds the post.");
        }
        var holders = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.UserName) && u.AgencyId == agency.Id && !u.Disabled).ToListAsync(ct);
        foreach (var (holder, i) in wanted.Select((h, i) => (h, i)))
        {
            if (holders.FirstOrDefault(u => u.UserName == holder) is not { } user || (user.Roles & (Roles.Officer | Roles.Supervisor)) == 0)
            {
                errors.Add($"holders[{i}]", $"'{holder}' is not an enabled officer or supervisor of {agency.Code}.");
            }
        }
        errors.ThrowIfAny();

        if (post is null)
        {
            post = new CustodyPost { Name = postName, AgencyId = agency.Id, Place = place };
            db.CustodyPosts.Add(post);
        }
        post.Place = place;
        post.UpdatedAt = (time ?? db.Clock).GetUtcNow();
        post.Holders.RemoveAll(h => !holders.Any(u => u.Id == h.UserId));
        post.Holders.AddRange(holders.Where(u => !post.Holders.Any(h => h.UserId == u.Id)).Select(u => new CustodyPostHolder { PostId = post.Id, UserId = u.Id }));
        AuditLog.Append(db, actor, "custody.post", "custody-post", post.Id.ToString(), agency.Id,
            new { name = postName, place, holders = holders.Select(u => u.UserName).Order(StringComparer.Ordinal).ToArray() });
        await db.SaveChangesAsync(ct);
        return new CustodyPostView(post.Id, post.Name, agency.Code, post.Place, holders.Select(u => u.UserName).Order(StringComparer.Ordinal).ToList(), post.UpdatedAt);
    }

    /// <summary>The actor's agency's posts (an operator: every agency's).</summary>
    public static async Task<IReadOnlyList<CustodyPostView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var posts = await db.CustodyPosts.AsNoTracking()
            .Where(p => actor.IsOperator || p.AgencyId == actor.AgencyId)
            .Select(p => new { p.Id, p.Name, p.Agency!.Code, p.Place, p.UpdatedAt, Holders = p.Holders.Select(h => h.User!.UserName).ToList() })
            .ToListAsync(ct);
        return posts.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new CustodyPostView(p.Id, p.Name, p.Code, p.Place, p.Holders.Order(StringComparer.Ordinal).ToList(), p.UpdatedAt)).ToList();
    }

    /// <summary>The posts <paramref name="actor"/> holds now (as an enabled officer or supervisor).</summary>
    internal static async Task<IReadOnlySet<Guid>> HeldByAsync(CordonDb db, Actor actor, CancellationToken ct)
    {
        if (actor.UserId is not { } me || (actor.Roles & (Roles.Officer | Roles.Supervisor)) == 0)
        {
            return new HashSet<Guid>();
        }
        return (await db.CustodyPostHolders.AsNoTracking().Where(h => h.UserId == me && !h.User!.Disabled).Select(h => h.PostId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>Whether a name is a post's: user names are checked against it, so the two never meet.</summary>
    public static Task<bool> IsPostNameAsync(CordonDb db, string name, CancellationToken ct = default)
        => db.CustodyPosts.AnyAsync(p => p.Name == name, ct);
}
