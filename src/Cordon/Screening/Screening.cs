using System.Text.Json;
using Cordon.Common;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening;

/// <summary>
/// Screening against the lists in force: keeps one in-memory <see cref="ScreeningIndex"/> per process,
/// rebuilt from the store when a list's active version or thresholds change (checked with one small
/// query per search), so every server node screens against the same versions.
/// </summary>
public sealed class ScreeningService
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private (string Stamp, ScreeningIndex Index)? _current;

    /// <summary>The index for the lists in force now.</summary>
    public async Task<ScreeningIndex> IndexAsync(CordonDb db, CancellationToken ct = default)
    {
        var stamp = await StampAsync(db, ct);
        if (_current is { } current && current.Stamp == stamp)
        {
            return current.Index;
        }
        await _rebuild.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.Stamp == stamp)
            {
                return again.Index;
            }
            var index = ScreeningIndex.Build(await LoadAsync(db, ct));
            _current = (stamp, index);
            return index;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    /// <summary>Screens one party (a name, and what else is known of it) against every list in force.</summary>
    public async Task<IReadOnlyList<ScreeningHit>> ScreenAsync(CordonDb db, ScreeningQuery query, CancellationToken ct = default)
    {
        Validate(query, "");
        return (await IndexAsync(db, ct)).Search(query);
    }

    /// <summary>Checks a query field by field; field names are prefixed for batch items ("queries[3].name").</summary>
    public static void Validate(ScreeningQuery query, string prefix)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(query.Name) || NameText.Tokens(query.Name).Count == 0)
        {
            errors.Add(prefix + "name", "A name with at least one letter or digit is required.");
        }
        else if (query.Name.Length > 500)
        {
            errors.Add(prefix + "name", "A name is at most 500 characters.");
        }
        if (query.Limit is < 1 or > 100)
        {
            errors.Add(prefix + "limit", "must be between 1 and 100.");
        }
        if (query.Country is { Length: > 0 } country && CountryNames.ToCode(country) is null)
        {
            errors.Add(prefix + "country", $"'{country}' is not an ISO 3166 country code or name.");
        }
        errors.ThrowIfAny();
    }

    private static async Task<string> StampAsync(CordonDb db, CancellationToken ct)
    {
        var lists = await db.WatchLists.Where(l => l.ActiveVersion != null)
            .Select(l => new { l.Id, l.ActiveVersion, l.BlockThreshold, l.ReviewThreshold }).ToListAsync(ct);
        return string.Join(";", lists.OrderBy(l => l.Id).Select(l => $"{l.Id}:{l.ActiveVersion}:{l.BlockThreshold}:{l.ReviewThreshold}"));
    }

    /// <summary>Every entry in force, with its list's name, version and thresholds.</summary>
    public static async Task<List<IndexedEntity>> LoadAsync(CordonDb db, CancellationToken ct = default)
    {
        var lists = await db.WatchLists.Where(l => l.ActiveVersion != null).ToDictionaryAsync(l => l.Id, ct);
        var result = new List<IndexedEntity>();
        var rows = db.ListedEntities.AsNoTracking().Where(e => e.RemovedInVersion == null)
            .OrderBy(e => e.ListId).ThenBy(e => e.SourceId)
            .Select(e => new { e.Id, e.ListId, e.Details }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (!lists.TryGetValue(row.ListId, out var list))
            {
                continue;
            }
            var entry = JsonSerializer.Deserialize<ListEntry>(row.Details, ListImport.DetailsJson)
                        ?? throw new InvalidOperationException($"Listed entity {row.Id} has no details.");
            result.Add(new IndexedEntity(row.Id, list.Name, list.ActiveVersion!.Value, list.BlockThreshold, list.ReviewThreshold, entry, list.OwningAgencyId, list.Marking));
        }
        return result;
    }
}
