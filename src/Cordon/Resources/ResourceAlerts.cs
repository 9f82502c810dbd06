using Cordon.Common;
using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Resources;

/// <summary>The resources feature's settings (<c>Cordon:Resources</c>), checked at start.</summary>
public sealed class ResourceOptions
{
    /// <summary>How many days before a policy's last day its lapse is alerted.</summary>
    public int PolicyLapseAlertDays { get; set; } = 30;

    public int SweepSeconds { get; set; } = 3600;

    /// <summary>False turns the maintenance and insurance sweep off on this node.</summary>
    public bool Sweep { get; set; } = true;

    /// <summary>Hours without a detection after which a sensor or camera of the register is flagged as possibly down.</summary>
    public int SensorSilentHours { get; set; } = 6;

    public static IServiceCollection AddResourceOptions(IServiceCollection services)
        => services.AddFeatureOptions<ResourceOptions>("Cordon:Resources", o =>
            o.PolicyLapseAlertDays is < 0 or > 366 ? $"PolicyLapseAlertDays is {o.PolicyLapseAlertDays}: use 0 to 366 days."
            : o.SweepSeconds < 1 ? $"SweepSeconds is {o.SweepSeconds}: use 1 or more."
            : o.SensorSilentHours is < 1 or > 24 * SensorHealth.LookbackDays ? $"SensorSilentHours is {o.SensorSilentHours}: use 1 to {24 * SensorHealth.LookbackDays} hours."
            : null);
}

/// <summary>
/// Alerts the register raises on its own: an asset whose maintenance has fallen due, a policy about to lapse (or
/// lapsed), and a sensor whose detections stopped arriving. Each alert has a key naming the asset and due day, the
/// policy and its last day, or the sensor and the start of its silence, so a sweep that runs again, or on two nodes,
/// never raises a second; a new due day (after a work order), a renewed policy or a new silence (after the sensor
/// reported again) alerts anew.
/// </summary>
public static class ResourceAlerts
{
    public const string MaintenanceDue = "asset.maintenance-due";
    public const string PolicyLapsing = "insurance.policy-lapsing";
    public const string SensorSilent = "asset.sensor-silent";

    /// <param name="sensorSilence">How long without a detection flags a sensor (default: <see cref="ResourceOptions.SensorSilentHours"/>'s default).</param>
    public static async Task<int> SweepAsync(CordonDb db, DateTimeOffset now, int lapseDays, CancellationToken ct = default, TimeSpan? sensorSilence = null)
    {
        var today = AssetRegister.Today(now);
        var due = await Maintenance.DueAsync(db, null, today, today, ct);
        var lapsing = await Insurance.LapsingAsync(db, today.AddDays(lapseDays), ct);
        var silent = (await SensorHealth.ForAsync(db, null, now, sensorSilence ?? TimeSpan.FromHours(new ResourceOptions().SensorSilentHours), ct)).Where(s => s.PossiblyDown).ToList();
        var keys = due.Select(d => DueKey(d.AssetId, d.DueOn)).Concat(lapsing.Select(p => LapseKey(p))).ToList();
        if (keys.Count == 0 && silent.Count == 0)
        {
            return 0;
        }
        var done = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var dueIds = due.Select(d => d.AssetId).Concat(silent.Select(s => s.AssetId)).ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => dueIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var raised = await RaiseSilentAsync(db, silent, assets, now, ct);
        raised += RaiseDue(db, due.Where(d => !done.Contains(DueKey(d.AssetId, d.DueOn))), assets);
        raised += RaiseLapsing(db, lapsing.Where(p => !done.Contains(LapseKey(p))), today);
        return await Alerts.SaveRaisedAsync(db, raised, ct);
    }

    /// <summary>
    /// One alert per silence: none when one was raised for a silence that began at or after this one's start. (The start moves
    /// back, never forward, when the last detection drops out of the lookback; forward only when it reports.)
    /// </summary>
    private static async Task<int> RaiseSilentAsync(CordonDb db, List<SensorState> silent, Dictionary<Guid, Asset> assets, DateTimeOffset now, CancellationToken ct)
    {
        if (silent.Count == 0)
        {
            return 0;
        }
        var raised = 0;
        var silentIds = silent.Select(s => s.AssetId.ToString()).ToList();
        var earlier = (await db.Alerts.AsNoTracking().Where(a => a.Kind == SensorSilent && a.RecordType == RecordTypes.Asset && silentIds.Contains(a.RecordId!) && a.Key != null)
                .Select(a => new { a.RecordId, a.Key }).ToListAsync(ct))
            .GroupBy(a => a.RecordId!).ToDictionary(g => g.Key, g => g.Max(a => SilenceStart(a.Key!)));
        foreach (var s in silent.Where(s => !earlier.TryGetValue(s.AssetId.ToString(), out var alerted) || alerted < s.SilentSince.UtcTicks))
        {
            var asset = assets[s.AssetId];
            Alerts.Raise(db, new AlertDraft(SensorSilent, $"Sensor possibly down: {s.Code} ({s.Name})", asset.OwningAgencyId, asset.Marking)
            {
                RecordType = RecordTypes.Asset,
                RecordId = s.AssetId.ToString(),
                Summary = s.LastDetection is { } last
                    ? $"No detection from sensor {s.SensorId} ({s.Code}) since {last:yyyy-MM-dd HH:mm} UTC: {(int)(now - last).TotalHours} hour(s)."
                    : $"No detection from sensor {s.SensorId} ({s.Code}) in the last {SensorHealth.LookbackDays} days, nor since it was entered in the register on {s.SilentSince:yyyy-MM-dd HH:mm} UTC.",
                Severity = AlertSeverity.Medium,
                Data = new { asset = s.Code, kind = s.Kind, sensor = s.SensorId, lastDetection = s.LastDetection, silentSince = s.SilentSince },
                RaisedBy = "sensor-watch",
                NamesNoOne = true,
                Recipients = [asset.OwningAgencyId],
                Key = SilenceKey(s.AssetId, s.SilentSince),
            });
            raised++;
        }
        return raised;
    }

    private static int RaiseDue(CordonDb db, IEnumerable<global::Cordon.Resources.MaintenanceDue> due, Dictionary<Guid, Asset> assets)
    {
        var raised = 0;
        foreach (var d in due)
        {
            var asset = assets[d.AssetId];
            Alerts.Raise(db, new AlertDraft(MaintenanceDue, $"Maintenance due: {d.Code} ({d.Name})", asset.OwningAgencyId, asset.Marking)
            {
                RecordType = RecordTypes.Asset,
                RecordId = d.AssetId.ToString(),
                Summary = d.DaysOverdue == 0 ? $"{d.Code}'s maintenance falls due today ({d.DueOn:yyyy-MM-dd})." : $"{d.Code}'s maintenance fell due on {d.DueOn:yyyy-MM-dd}: {d.DaysOverdue} day(s) overdue.",
                Severity = d.DaysOverdue > 30 ? AlertSeverity.High : AlertSeverity.Medium,
                Data = new { asset = d.Code, kind = d.Kind, dueOn = d.DueOn, daysOverdue = d.DaysOverdue },
                RaisedBy = "maintenance",
                NamesNoOne = true,
                Recipients = [asset.OwningAgencyId],
                Key = DueKey(d.AssetId, d.DueOn),
            });
            raised++;
        }
        return raised;
    }

    private static int RaiseLapsing(CordonDb db, IEnumerable<InsurancePolicy> lapsing, DateOnly today)
    {
        var raised = 0;
        foreach (var p in lapsing)
        {
            var left = p.ValidUntil.DayNumber - today.DayNumber;
            Alerts.Raise(db, new AlertDraft(PolicyLapsing, $"Insurance policy {p.PolicyNumber} ({p.Insurer}) {(left < 0 ? "has lapsed" : "lapses soon")}", p.OwningAgencyId, p.Marking)
            {
                Summary = left < 0
                    ? $"Policy {p.PolicyNumber} ended on {p.ValidUntil:yyyy-MM-dd}: the {p.AssetIds.Length} asset(s) it covered are uninsured unless another policy covers them."
                    : $"Policy {p.PolicyNumber} ends on {p.ValidUntil:yyyy-MM-dd}, in {left} day(s); it covers {p.AssetIds.Length} asset(s).",
                Severity = left < 0 ? AlertSeverity.High : AlertSeverity.Medium,
                Data = new { policy = p.PolicyNumber, insurer = p.Insurer, validUntil = p.ValidUntil, daysLeft = left },
                RaisedBy = "insurance",
                Recipients = [p.OwningAgencyId],
                Key = LapseKey(p),
            });
            raised++;
        }
        return raised;
    }

    private static string DueKey(Guid asset, DateOnly due) => $"maintenance:{asset:N}:{due:yyyy-MM-dd}";

    private static string SilenceKey(Guid asset, DateTimeOffset since) => $"sensor-silent:{asset:N}:{since.UtcTicks}";

    private static long SilenceStart(string key) => long.TryParse(key[(key.LastIndexOf(':') + 1)..], out var ticks) ? ticks : long.MaxValue;

    private static string LapseKey(InsurancePolicy p) => $"policy-lapse:{p.Id:N}:{p.ValidUntil:yyyy-MM-dd}";
}

/// <summary>Runs <see cref="ResourceAlerts.SweepAsync"/> at start and then every <c>Cordon:Resources:SweepSeconds</c> on the injected clock.</summary>
public sealed class ResourceAlertWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ResourceOptions> settings, ILogger<ResourceAlertWorker> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Raised {Count} maintenance, insurance or sensor alert(s).";
    protected override bool Enabled => settings.Value.Sweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(settings.Value.SweepSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => ResourceAlerts.SweepAsync(db, now, settings.Value.PolicyLapseAlertDays, ct, TimeSpan.FromHours(settings.Value.SensorSilentHours));
}
