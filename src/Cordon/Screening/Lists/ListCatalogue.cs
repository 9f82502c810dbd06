using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Lists;

public sealed record WatchListView(Guid Id, string Name, string Format, string Owner, string Marking, int? ActiveVersion,
    int ActiveEntries, double BlockThreshold, double ReviewThreshold, DateTimeOffset? LastImportedAt);

public sealed record WatchListVersionView(int Number, string Edition, DateTimeOffset ImportedAt, string ImportedBy, int Entries, int Added, int Changed, int Removed);

public sealed record ListChangeView(int Version, string SourceId, string Kind, string Name);

/// <summary>A list's versions and changes; <see cref="ChangesWithheld"/> when its marking keeps entry names from the viewer.</summary>
public sealed record WatchListHistory(WatchListView List, IReadOnlyList<WatchListVersionView> Versions, IReadOnlyList<ListChangeView> Changes, int TotalChanges,
    bool ChangesWithheld = false);

/// <summary>Which lists are kept, their versions and update history.</summary>
public static class ListCatalogue
{
    public static async Task<IReadOnlyList<WatchListView>> ListAsync(CordonDb db, CancellationToken ct = default)
    {
        var lists = await db.WatchLists.OrderBy(l => l.Name).ToListAsync(ct);
        var agencies = await AgencyCodes.ByIdAsync(db, ct);
        var counts = await db.ListedEntities.Where(e => e.RemovedInVersion == null).GroupBy(e => e.ListId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var last = (await db.WatchListVersions.Select(v => new { v.ListId, v.ImportedAt }).ToListAsync(ct))
            .GroupBy(v => v.ListId).ToDictionary(g => g.Key, g => g.Max(v => v.ImportedAt));
        return lists.Select(l => new WatchListView(l.Id, l.Name, l.Format.Name(), agencies.GetValueOrDefault(l.OwningAgencyId, "?"), l.Marking.Label(),
            l.ActiveVersion, counts.GetValueOrDefault(l.Id), l.BlockThreshold, l.ReviewThreshold, last.TryGetValue(l.Id, out var at) ? at : null)).ToList();
    }

    public static async Task<WatchListHistory> HistoryAsync(CordonDb db, string name, int changesTake = 200, CancellationToken ct = default,
        Matching.ListVisibility? visibility = null)
    {
        var view = (await ListAsync(db, ct)).SingleOrDefault(l => l.Name == name) ?? throw new NotFound($"No watch list is named '{name}'.");
        var list = await db.WatchLists.SingleAsync(l => l.Id == view.Id, ct);
        var withheld = visibility is not null && list.Marking != Tlp.Clear && visibility.Agency != list.OwningAgencyId;
        var versions = (await db.WatchListVersions.Where(v => v.ListId == view.Id).ToListAsync(ct))
            .OrderByDescending(v => v.Number)
            .Select(v => new WatchListVersionView(v.Number, v.Edition, v.ImportedAt, v.ImportedBy, v.EntryCount, v.Added, v.Changed, v.Removed))
            .ToList();
        var changes = db.ListEntryChanges.Where(c => c.ListId == view.Id);
        var total = await changes.CountAsync(ct);
        if (withheld)
        {
            // Entry names of a restricted list stay with its owning agency.
            return new WatchListHistory(view, versions, [], total, true);
        }
        var recent = await changes.OrderByDescending(c => c.VersionNumber).ThenBy(c => c.Id).Take(changesTake)
            .Select(c => new ListChangeView(c.VersionNumber, c.SourceId, c.Kind.ToString(), c.Name)).ToListAsync(ct);
        return new WatchListHistory(view, versions, recent, total);
    }

    /// <summary>Sets a list's band thresholds (0 &lt; review ≤ block ≤ 1).</summary>
    public static async Task<WatchListView> SetThresholdsAsync(CordonDb db, Identity.Actor actor, string name, double block, double review, CancellationToken ct = default)
    {
        if (!actor.IsOperator && !actor.Has(Identity.Roles.Analyst))
        {
            throw new Forbidden("Setting thresholds needs the analyst or operator role.");
        }
        var errors = new FieldErrors();
        if (block is <= 0 or > 1)
        {
            errors.Add("block", "must be in (0, 1].");
        }
        if (review <= 0 || review > block)
        {
            errors.Add("review", "must be in (0, block].");
        }
        errors.ThrowIfAny();
        var list = await db.WatchLists.SingleOrDefaultAsync(l => l.Name == name, ct) ?? throw new NotFound($"No watch list is named '{name}'.");
        list.BlockThreshold = block;
        list.ReviewThreshold = review;
        await db.SaveChangesAsync(ct);
        return (await ListAsync(db, ct)).Single(l => l.Id == list.Id);
    }
}
