using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Lanes;

/// <summary>Lane decisions of one office-day-lane, for the distribution chart.</summary>
public sealed record LaneCount(string Office, DateOnly Day, string Lane, int Count);

/// <summary>Reads over lane decisions. Callers pass a scope already filtered by the access policy.</summary>
public static class LaneQueries
{
    public static Task<DateOnly?> LastLodgementDayAsync(Storage.CordonDb db, Guid agencyId, CancellationToken ct)
        => db.Declarations.Where(d => d.OwningAgencyId == agencyId).MaxAsync(d => (DateOnly?)d.LodgedOn, ct);

    /// <summary>
    /// The worklist: red and yellow decisions of <paramref name="office"/> (all offices when null) on <paramref name="day"/>
    /// (default: the last day with any), highest expected revenue first, then by priority.
    /// </summary>
    /// <summary>
    /// The red and yellow decisions of a day. With a <paramref name="policy"/> (API and pages), the office
    /// filter runs only where the reader sees the office, and rows render from the shared view with the
    /// policy's redactions; without one (the CLI on the own agency's scope), as stored.
    /// </summary>
    public static async Task<List<LaneDecisionView>> WorklistAsync(IQueryable<LaneDecision> scope, string? office, DateOnly? day, int limit, CancellationToken ct,
        Storage.CordonDb? db = null, AccessPolicy? policy = null)
    {
        var query = scope.AsNoTracking().Where(d => d.Lane == Lane.Red || d.Lane == Lane.Yellow);
        if (!string.IsNullOrWhiteSpace(office))
        {
            query = policy is null ? query.Where(d => d.Office == office) : policy.WhereSeen(query, RecordTypes.LaneDecision, "office", d => d.Office == office);
        }
        day ??= await query.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        if (day is null)
        {
            return [];
        }
        var rows = await query.Where(d => d.LodgedOn == day).OrderByDescending(d => d.ExpectedRevenue ?? -1).ThenByDescending(d => d.Priority).ThenBy(d => d.DeclarationNumber)
            .Take(Math.Clamp(limit, 1, 5_000)).ToListAsync(ct);
        return db is not null && policy is not null
            ? await SharedReads.ViewsAsync(db, policy, RecordTypes.LaneDecision, rows, d => d.Id, LaneDecisionView.Of, "list", ct)
            : rows.Select(LaneDecisionView.Of).ToList();
    }

    /// <summary>The latest lane decision on one declaration, as the reader may see it (null: none, or not shared).</summary>
    public static async Task<LaneDecisionView?> ForDeclarationAsync(Storage.CordonDb db, AccessPolicy policy, Guid declarationId, CancellationToken ct)
    {
        var rows = await policy.Filter(db.LaneDecisions, RecordTypes.LaneDecision).AsNoTracking()
            .Where(d => d.DeclarationId == declarationId).OrderByDescending(d => d.DecidedAt).Take(1).ToListAsync(ct);
        return (await SharedReads.ViewsAsync(db, policy, RecordTypes.LaneDecision, rows, d => d.Id, LaneDecisionView.Of, "list", ct)).FirstOrDefault();
    }

    /// <summary>Decisions per office, day and lane over the last <paramref name="days"/> days that have decisions.</summary>
    /// <remarks>With a <paramref name="policy"/>, rows whose office the reader may not see are counted under "(withheld)", never grouped by the withheld value.</remarks>
    public static async Task<List<LaneCount>> DistributionAsync(IQueryable<LaneDecision> scope, int days, CancellationToken ct, AccessPolicy? policy = null)
    {
        var last = await scope.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        if (last is null)
        {
            return [];
        }
        var from = last.Value.AddDays(-Math.Clamp(days, 1, 3660) + 1);
        var window = scope.Where(d => d.LodgedOn >= from);
        var seen = policy is null ? window : window.Where(policy.Sees<LaneDecision>(RecordTypes.LaneDecision, "office"));
        var rows = (await seen.GroupBy(d => new { d.Office, d.LodgedOn, d.Lane })
            .Select(g => new { g.Key.Office, g.Key.LodgedOn, g.Key.Lane, Count = g.Count() }).ToListAsync(ct))
            .Select(r => new LaneCount(r.Office, r.LodgedOn, r.Lane.Name(), r.Count)).ToList();
        if (policy is not null)
        {
            rows.AddRange((await window.Where(policy.Hides<LaneDecision>(RecordTypes.LaneDecision, "office")).GroupBy(d => new { d.LodgedOn, d.Lane })
                .Select(g => new { g.Key.LodgedOn, g.Key.Lane, Count = g.Count() }).ToListAsync(ct))
                .Select(r => new LaneCount("(withheld)", r.LodgedOn, r.Lane.Name(), r.Count)));
        }
        return rows.OrderBy(r => r.Office, StringComparer.Ordinal).ThenBy(r => r.Day).ThenBy(r => r.Lane, StringComparer.Ordinal).ToList();
    }
}
