using Cordon.Audit;
using Cordon.Common;
using Cordon.Messaging;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Travellers;

/// <summary>What one retention pass did for one agency's travellers (ids, never names).</summary>
public sealed record RetentionReport(Guid? Agency, string? AgencyCode, int Masked, int Deleted, int Held, int ManifestsDeleted, int ListContentsErased,
    IReadOnlyList<Guid> MaskedIds, IReadOnlyList<Guid> DeletedIds, IReadOnlyList<Guid> HeldIds)
{
    public int Done => Masked + Deleted + ManifestsDeleted + ListContentsErased;
}

/// <summary>A retention pass as the audit log keeps it, for operators and the owner.</summary>
public sealed record RetentionRun(DateTimeOffset Time, string Actor, string? Agency, int Masked, int Deleted, int Held, int ManifestsDeleted, int ListContentsErased);

/// <summary>
/// Retention of traveller data (decision 030), counted from when a passenger list (its current version) was received:
/// each kind of personal data is masked after its period — the originals sealed by the server key, the row keeping only the
/// marker — and the traveller deleted after the long one, with its documents, sealed originals, screening hits and their
/// dismissals, alerts and their deliveries, and unmasking authorisations; a list is deleted with its versions once none of
/// its travellers is left. The versions' content (the list as received, with every name) is erased as soon as the list's
/// first kind is masked. A traveller with an open or confirmed hit, or named in an open case, is held: skipped and counted.
/// Border crossings are border records with their own rules and are not touched. Each pass writes one
/// <c>travellers.retention</c> entry per agency with the counts and ids (never the data).
/// </summary>
public static class TravellerRetention
{
    /// <summary>Ids named per list in an audit entry (the counts are always whole).</summary>
    public const int IdsInEntry = 100;

    private const int Batch = 200;

    /// <param name="always">Write a report entry even when nothing was due (the CLI's run; the scheduled pass stays quiet then).</param>
    /// <param name="by">Who runs the pass (the CLI's local operator); null: the system's schedule.</param>
    public static async Task<IReadOnlyList<RetentionReport>> SweepAsync(CordonDb db, TravellerRetentionOptions options, ChannelKeys keys, DateTimeOffset now,
        bool always = false, Identity.Actor? by = null, CancellationToken ct = default)
    {
        var actor = by is null ? AuditActor.System : AuditActor.Of(by);
        var reports = new Dictionary<Guid, Tally>();
        Tally For(Guid agency) => reports.TryGetValue(agency, out var t) ? t : reports[agency] = new Tally();
        var held = await HeldAsync(db, ct);

        // Deletion first: what is due for it is not worth masking.
        var deleteBefore = now.AddDays(-options.DeleteAfterDays);
        var due = await db.Travellers.AsNoTracking()
            .Where(t => db.PassengerManifests.Any(m => m.Id == t.ManifestId && m.UpdatedAt <= deleteBefore))
            .Select(t => new { t.Id, t.OwningAgencyId }).ToListAsync(ct);
        foreach (var t in due.Where(t => held.Contains(t.Id)))
        {
            For(t.OwningAgencyId).Held.Add(t.Id);
        }
        foreach (var chunk in due.Where(t => !held.Contains(t.Id)).Chunk(Batch))
        {
            var ids = chunk.Select(t => t.Id).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await DeleteAsync(db, ids, ct);
            await tx.CommitAsync(ct);
            foreach (var t in chunk)
            {
                For(t.OwningAgencyId).Deleted.Add(t.Id);
            }
        }
        var emptyLists = await db.PassengerManifests.AsNoTracking()
            .Where(m => m.UpdatedAt <= deleteBefore && !db.Travellers.Any(t => t.ManifestId == m.Id)).Select(m => new { m.Id, m.OwningAgencyId }).ToListAsync(ct);
        foreach (var chunk in emptyLists.Chunk(Batch))
        {
            var ids = chunk.Select(m => m.Id).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.UnmaskAuthorisations.Where(a => a.ManifestId != null && ids.Contains(a.ManifestId.Value)).ExecuteDeleteAsync(ct);
            await db.PassengerManifestVersions.Where(v => ids.Contains(v.ManifestId)).ExecuteDeleteAsync(ct);
            await db.PassengerManifests.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            foreach (var m in chunk)
            {
                For(m.OwningAgencyId).ManifestsDeleted++;
            }
        }

        // Masking: each kind once its own period has passed.
        var cutoffs = TravellerMasking.Kinds.ToDictionary(k => k, k => now.AddDays(-options.MaskAfterDays(k)));
        var firstDue = cutoffs.Values.Max();
        var all = TravellerMasking.Describe(TravellerMasking.Kinds);
        var candidates = await (from t in db.Travellers.AsNoTracking()
                join m in db.PassengerManifests on t.ManifestId equals m.Id
                where (t.Masked == null || t.Masked != all) && m.UpdatedAt <= firstDue
                select new { t.Id, t.OwningAgencyId, t.Masked, Received = m.UpdatedAt }).ToListAsync(ct);
        var toMask = new List<(Guid Id, List<MaskedData> Kinds)>();
        foreach (var c in candidates)
        {
            var already = TravellerMasking.Of(c.Masked);
            var kinds = TravellerMasking.Kinds.Where(k => !already.Contains(k) && c.Received <= cutoffs[k]).ToList();
            if (kinds.Count == 0)
            {
                continue;
            }
            if (held.Contains(c.Id))
            {
                For(c.OwningAgencyId).Held.Add(c.Id);
                continue;
            }
            toMask.Add((c.Id, kinds));
            For(c.OwningAgencyId).Masked.Add(c.Id);
        }
        foreach (var chunk in toMask.Chunk(Batch))
        {
            await MaskAsync(db, keys, chunk, now, ct);
        }

        // The lists as received name everyone on them: erased once the list's first kind is due (the travellers' rows are the record).
        var erased = await db.PassengerManifests.AsNoTracking()
            .Where(m => m.UpdatedAt <= firstDue && db.PassengerManifestVersions.Any(v => v.ManifestId == m.Id && v.Content != ""))
            .Select(m => new { m.Id, m.OwningAgencyId }).ToListAsync(ct);
        foreach (var chunk in erased.Chunk(Batch))
        {
            var ids = chunk.Select(m => m.Id).ToList();
            await db.PassengerManifestVersions.Where(v => ids.Contains(v.ManifestId)).ExecuteUpdateAsync(s => s.SetProperty(v => v.Content, ""), ct);
            foreach (var m in chunk)
            {
                For(m.OwningAgencyId).ListContentsErased++;
            }
        }

        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var result = reports.Select(r => r.Value.Report(r.Key, codes.GetValueOrDefault(r.Key))).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ToList();
        foreach (var r in result.Where(r => r.Done > 0 || always))
        {
            Report(db, actor, r, options, now);
        }
        if (always && result.Count == 0)
        {
            Report(db, actor, new RetentionReport(null, null, 0, 0, 0, 0, 0, [], [], []), options, now);
        }
        await db.SaveChangesAsync(ct);
        return result;
    }

    /// <summary>Travellers held: an open or confirmed watch-list hit, or named in an open case.</summary>
    public static async Task<HashSet<Guid>> HeldAsync(CordonDb db, CancellationToken ct)
    {
        var byHit = await db.ScreeningHits.AsNoTracking()
            .Where(h => h.RecordType == RecordTypes.Traveller && (h.Status == HitStatus.Open || h.Status == HitStatus.Confirmed)).Select(h => h.RecordId).ToListAsync(ct);
        var byCase = await db.CasePersons.AsNoTracking()
            .Where(p => p.TravellerId != null && db.Cases.Any(c => c.Id == p.CaseId && c.Status == Cases.CaseStatus.Open)).Select(p => p.TravellerId!.Value).ToListAsync(ct);
        return [.. byHit, .. byCase];
    }

    private static async Task MaskAsync(CordonDb db, ChannelKeys keys, IReadOnlyList<(Guid Id, List<MaskedData> Kinds)> chunk, DateTimeOffset now, CancellationToken ct)
    {
        var ids = chunk.Select(c => c.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var travellers = await db.Travellers.Include(t => t.Documents).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var names = new List<Guid>();
        foreach (var (id, kinds) in chunk)
        {
            if (!travellers.TryGetValue(id, out var t))
            {
                continue;
            }
            foreach (var kind in kinds)
            {
                db.TravellerMasks.Add(TravellerMasking.Mask(t, kind, keys, now));
            }
            if (kinds.Contains(MaskedData.Names))
            {
                names.Add(id);
            }
        }
        await db.SaveChangesAsync(ct);
        if (names.Count > 0)
        {
            // The hits and alerts about a masked traveller quote the name and documents screened: masked with it (not kept sealed).
            await db.ScreeningHits.Where(h => h.RecordType == RecordTypes.Traveller && names.Contains(h.RecordId))
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.PartyName, TravellerMasking.Marker).SetProperty(h => h.PartyIdentifiers, (string?)null)
                    .SetProperty(h => h.Explanation, "[]"), ct);
            var alertIds = await AlertsOf(db, names).Select(a => a.Id).ToListAsync(ct);
            await db.Alerts.Where(a => alertIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Summary, TravellerMasking.Marker), ct);
            await db.AlertDeliveries.Where(d => alertIds.Contains(d.AlertId)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Payload, "{}"), ct);
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static IQueryable<Alerting.Alert> AlertsOf(CordonDb db, List<Guid> travellers)
    {
        var ids = travellers.Select(t => t.ToString()).ToList();
        return db.Alerts.Where(a => a.RecordType == RecordTypes.Traveller && a.RecordId != null && ids.Contains(a.RecordId));
    }

    /// <summary>Deletes the travellers and every row about them (no orphan left): in the caller's transaction.</summary>
    private static async Task DeleteAsync(CordonDb db, List<Guid> ids, CancellationToken ct)
    {
        var hitIds = db.ScreeningHits.Where(h => h.RecordType == RecordTypes.Traveller && ids.Contains(h.RecordId)).Select(h => h.Id);
        await db.ScreeningDismissals.Where(d => hitIds.Contains(d.HitId)).ExecuteDeleteAsync(ct);
        await db.ScreeningHits.Where(h => h.RecordType == RecordTypes.Traveller && ids.Contains(h.RecordId)).ExecuteDeleteAsync(ct);
        await db.ScreeningBacklog.Where(b => ids.Contains(b.RecordId)).ExecuteDeleteAsync(ct);
        var alertIds = await AlertsOf(db, ids).Select(a => a.Id).ToListAsync(ct);
        var deliveryIds = db.AlertDeliveries.Where(d => alertIds.Contains(d.AlertId)).Select(d => d.Id);
        await db.AlertReads.Where(r => deliveryIds.Contains(r.DeliveryId)).ExecuteDeleteAsync(ct);
        await db.AlertDeliveries.Where(d => alertIds.Contains(d.AlertId)).ExecuteDeleteAsync(ct);
        await db.Alerts.Where(a => alertIds.Contains(a.Id)).ExecuteDeleteAsync(ct);
        await db.UnmaskAuthorisations.Where(a => a.TravellerId != null && ids.Contains(a.TravellerId.Value)).ExecuteDeleteAsync(ct);
        // A closed case keeps its person (the case has its own retention), no longer linked to a traveller that is gone.
        await db.CasePersons.Where(p => p.TravellerId != null && ids.Contains(p.TravellerId.Value)).ExecuteUpdateAsync(s => s.SetProperty(p => p.TravellerId, (Guid?)null), ct);
        await db.TravellerMasks.Where(m => ids.Contains(m.TravellerId)).ExecuteDeleteAsync(ct);
        await db.TravelDocuments.Where(d => ids.Contains(d.TravellerId)).ExecuteDeleteAsync(ct);
        await db.Travellers.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
    }

    private static void Report(CordonDb db, AuditActor actor, RetentionReport r, TravellerRetentionOptions options, DateTimeOffset now)
        => AuditLog.Append(db, new AuditEvent(actor, "travellers.retention")
        {
            RecordType = RecordTypes.Traveller, RecordAgencyId = r.Agency,
            Details = new
            {
                at = now, masked = r.Masked, deleted = r.Deleted, held = r.Held, manifestsDeleted = r.ManifestsDeleted, listContentsErased = r.ListContentsErased,
                maskedIds = r.MaskedIds.Take(IdsInEntry), deletedIds = r.DeletedIds.Take(IdsInEntry), heldIds = r.HeldIds.Take(IdsInEntry),
                maskAfterDays = TravellerMasking.Kinds.ToDictionary(TravellerMasking.Name, options.MaskAfterDays), deleteAfterDays = options.DeleteAfterDays,
            },
        });

    /// <summary>The latest passes for an operator (every agency) or for an agency's reviewers (their own), newest first.</summary>
    public static async Task<IReadOnlyList<RetentionRun>> RunsAsync(CordonDb db, Identity.Actor actor, int take, CancellationToken ct = default)
    {
        var q = db.AuditEntries.AsNoTracking().Where(e => e.Action == "travellers.retention");
        if (!actor.IsOperator)
        {
            var agency = AccessReview.ReviewingAgency(actor);
            q = q.Where(e => e.RecordAgencyId == agency);
        }
        var entries = await q.OrderByDescending(e => e.LeafIndex).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        return entries.Select(e =>
        {
            using var details = System.Text.Json.JsonDocument.Parse(e.Details ?? "{}");
            int N(string name) => details.RootElement.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
            return new RetentionRun(e.Time, e.ActorName, e.RecordAgencyId is { } a ? codes.GetValueOrDefault(a) : null, N("masked"), N("deleted"), N("held"),
                N("manifestsDeleted"), N("listContentsErased"));
        }).ToList();
    }

    private sealed class Tally
    {
        public List<Guid> Masked { get; } = [];
        public List<Guid> Deleted { get; } = [];
        public HashSet<Guid> Held { get; } = [];
        public int ManifestsDeleted { get; set; }
        public int ListContentsErased { get; set; }

        public RetentionReport Report(Guid agency, string? code)
            => new(agency, code, Masked.Count, Deleted.Count, Held.Count, ManifestsDeleted, ListContentsErased, Masked, Deleted, [.. Held]);
    }
}

/// <summary>
/// Runs <see cref="TravellerRetention.SweepAsync"/> at start and then every <c>Cordon:Travellers:Retention:SweepSeconds</c>
/// (default 3600) on the injected clock; <c>Cordon:Travellers:Retention:Sweep=false</c> turns it off on a node.
/// </summary>
public sealed class TravellerRetentionWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TravellerRetentionOptions> options, ChannelKeys keys,
    ILogger<TravellerRetentionWorker> log) : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Traveller retention: masked, deleted or erased {Count} record(s).";
    protected override bool Enabled => options.Value.Sweep;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.SweepSeconds);

    protected override async Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => (await TravellerRetention.SweepAsync(db, options.Value, keys, now, false, null, ct)).Sum(r => r.Done);
}
