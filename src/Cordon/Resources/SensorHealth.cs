using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>
/// A sensor or camera of the register and whether its detections still arrive: the last one seen (within
/// <see cref="SensorHealth.LookbackDays"/>), since when it has been silent, and whether that is long enough to say it is
/// possibly down.
/// </summary>
public sealed record SensorState(Guid AssetId, string Code, string Name, string Kind, string Status, string SensorId, DateTimeOffset? LastDetection,
    DateTimeOffset SilentSince, bool PossiblyDown);

/// <summary>
/// Which sensors of the register have stopped reporting. A detection is the sensor's when it was taken in for the asset's
/// own agency and carries the asset's sensor id: as the feed's sensor (<c>?sensor=</c>, or the CoT event's
/// <c>&lt;sensor id&gt;</c>), or as its uid, or as the prefix of its uid (a CoT feed names what a sensor sees
/// "<c>&lt;sensor&gt;.&lt;n&gt;</c>"). Nothing is stored: the state is derived from the detections' latest time.
/// The silence counts from the later of the last detection and the moment the sensor id was entered in the register
/// (registered, or changed), so a new sensor gets one period to report before it is flagged; an asset under
/// maintenance, out of service or lost is known to be down and is not flagged.
/// </summary>
public static class SensorHealth
{
    /// <summary>How far back the last detection is looked for (the detections table is large; older than this counts as none).</summary>
    public const int LookbackDays = 30;

    public static async Task<List<SensorState>> ForAsync(CordonDb db, Guid? agency, DateTimeOffset now, TimeSpan silence, CancellationToken ct = default,
        IReadOnlyCollection<Guid>? only = null)
    {
        var q = db.Assets.AsNoTracking().Where(a => a.SensorId != null);
        if (agency is { } own)
        {
            q = q.Where(a => a.OwningAgencyId == own);
        }
        if (only is not null)
        {
            q = q.Where(a => only.Contains(a.Id));
        }
        var assets = await q.OrderBy(a => a.Code).ToListAsync(ct);
        if (assets.Count == 0)
        {
            return [];
        }
        var ids = assets.Select(a => a.Id).ToList();
        // When the register learned the sensor id: the grace period of a new (or renumbered) sensor counts from there.
        var entered = (await db.AssetChanges.AsNoTracking().Where(c => ids.Contains(c.AssetId) && (c.Field == "registered" || c.Field == "sensorId"))
                .Select(c => new { c.AssetId, c.At }).ToListAsync(ct))
            .GroupBy(c => c.AssetId).ToDictionary(g => g.Key, g => g.Max(c => c.At));
        var horizon = now.AddDays(-LookbackDays);
        var states = new List<SensorState>(assets.Count);
        foreach (var a in assets)
        {
            var sensor = a.SensorId!;
            var prefix = sensor + ".";
            // One asset at a time: the agency's detections by time (indexed), newest first, stop at the first of this sensor.
            var last = await db.SensorDetections.AsNoTracking()
                .Where(d => d.OwningAgencyId == a.OwningAgencyId && d.ObservedAt >= horizon
                            && (d.SensorId == sensor || d.SourceUid == sensor || d.SourceUid.StartsWith(prefix)))
                .OrderByDescending(d => d.ObservedAt).Select(d => (DateTimeOffset?)d.ObservedAt).FirstOrDefaultAsync(ct);
            var since = entered.TryGetValue(a.Id, out var at) ? at : a.UpdatedAt;
            if (last is { } l && l > since)
            {
                since = l;
            }
            var watched = a.Status is AssetStatus.Available or AssetStatus.Deployed;
            states.Add(new SensorState(a.Id, a.Code, a.Name, a.Kind.Kebab(), a.Status.Kebab(), sensor, last, since,
                watched && now - since >= silence));
        }
        return states;
    }
}
