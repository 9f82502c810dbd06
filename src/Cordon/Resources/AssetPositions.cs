using Cordon.Common;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>
/// An asset where it last reported, as the live map draws it: fields of the asset's shared view (<see cref="AssetView"/>)
/// under their names there, so an agreement's redactions apply by path, with the position and time of the report.
/// </summary>
public sealed record AssetPositionRow(Guid Id, string? Code, string? Name, string? Kind, string? Status, string? Owner, double Latitude, double Longitude, DateTimeOffset At);

/// <summary>
/// Where deployed assets are: an asset reports its own position as a detection whose uid is the asset's sensor id or
/// call sign (a CoT event from the boat's or the van's tracker), taken in for the asset's own agency (another agency's
/// feed cannot move it). Read through the access policy under the <c>asset</c> record type, like the register: a partner
/// sees only the assets an agreement shares with it.
/// </summary>
public static class AssetPositions
{
    public static async Task<List<AssetPositionRow>> LatestAsync(CordonDb db, AccessPolicy policy, DateTimeOffset since, CancellationToken ct = default)
    {
        var assets = await policy.Filter(db.Assets.AsNoTracking(), RecordTypes.Asset).Where(a => a.SensorId != null || a.CallSign != null).ToListAsync(ct);
        if (assets.Count == 0)
        {
            return [];
        }
        var uids = assets.SelectMany(Uids).Distinct(StringComparer.Ordinal).ToList();
        var owners = assets.Select(a => a.OwningAgencyId).Distinct().ToList();
        var latest = await db.SensorDetections.AsNoTracking()
            .Where(d => owners.Contains(d.OwningAgencyId) && d.ObservedAt >= since && uids.Contains(d.SourceUid))
            .GroupBy(d => new { d.OwningAgencyId, d.SourceUid })
            .Select(g => new { g.Key.OwningAgencyId, g.Key.SourceUid, At = g.Max(d => d.ObservedAt) })
            .ToListAsync(ct);
        var fixes = new Dictionary<(Guid, string), SensorDetection>();
        foreach (var l in latest)
        {
            fixes[(l.OwningAgencyId, l.SourceUid)] = await db.SensorDetections.AsNoTracking()
                .FirstAsync(d => d.OwningAgencyId == l.OwningAgencyId && d.SourceUid == l.SourceUid && d.ObservedAt == l.At, ct);
        }
        var placed = assets
            .Select(a => (Asset: a, Fix: Uids(a).Select(u => fixes.GetValueOrDefault((a.OwningAgencyId, u))).Where(f => f is not null).MaxBy(f => f!.ObservedAt)))
            .Where(x => x.Fix is not null).OrderBy(x => x.Asset.Code, StringComparer.Ordinal).ToList();
        return await SharedReads.ViewsAsync(db, policy, placed, x => AssetRegister.Ref(x.Asset),
            x => Row(x.Asset, policy.Code(x.Asset.OwningAgencyId), x.Fix!.Latitude, x.Fix.Longitude, x.Fix.ObservedAt), "list", ct);
    }

    /// <summary>
    /// The live-map events for a batch of detections: one per asset of the agency whose uid the batch carries, at its
    /// latest position in the batch. Under the asset's record, so the stream's policy decides who sees it.
    /// </summary>
    public static async Task<List<LiveEvent>> EventsAsync(CordonDb db, Guid agency, IReadOnlyCollection<DetectionMessage> batch, CancellationToken ct = default)
    {
        var mine = await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId == agency && (a.SensorId != null || a.CallSign != null)).ToListAsync(ct);
        if (mine.Count == 0)
        {
            return [];
        }
        var newest = batch.GroupBy(d => d.SourceUid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(d => d.ObservedAt)!, StringComparer.Ordinal);
        var events = new List<LiveEvent>();
        string? owner = null;
        foreach (var a in mine)
        {
            if (Uids(a).Select(u => newest.GetValueOrDefault(u)).Where(d => d is not null).MaxBy(d => d!.ObservedAt) is not { } fix)
            {
                continue;
            }
            owner ??= await db.Agencies.Where(x => x.Id == agency).Select(x => x.Code).SingleAsync(ct);
            events.Add(new LiveEvent("asset", AssetRegister.Ref(a), Row(a, owner, fix.Latitude, fix.Longitude, fix.ObservedAt)));
        }
        return events;
    }

    private static IEnumerable<string> Uids(Asset a) => new[] { a.SensorId, a.CallSign }.Where(u => !string.IsNullOrEmpty(u)).Select(u => u!);

    private static AssetPositionRow Row(Asset a, string owner, double latitude, double longitude, DateTimeOffset at)
        => new(a.Id, a.Code, a.Name, a.Kind.Kebab(), a.Status.Kebab(), owner, latitude, longitude, at);
}
