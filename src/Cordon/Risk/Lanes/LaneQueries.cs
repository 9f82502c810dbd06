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
    public static async Task<List<LaneDecisionView>> WorklistAsync(IQueryable<LaneDecision> scope, string? office, DateOnly? day, int limit, CancellationToken ct)
    {
        var query = scope.AsNoTracking().Where(d => d.Lane == Lane.Red || d.Lane == Lane.Yellow);
        if (!string.IsNullOrWhiteSpace(office))
        {
            query = query.Where(d => d.Office == office);
        }
        day ??= await query.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        if (day is null)
        {
            return [];
        }
        var rows = await query.Where(d => d.LodgedOn == day).OrderByDescending(d => d.ExpectedRevenue ?? -1).ThenByDescending(d => d.Priority).ThenBy(d => d.DeclarationNumber)
            .Take(Math.Clamp(limit, 1, 5_000)).ToListAsync(ct);
        return rows.Select(LaneDecisionView.Of).ToList();
    }

    /// <summary>Decisions per office, day and lane over the last <paramref name="days"/> days that have decisions.</summary>
    public static async Task<List<LaneCount>> DistributionAsync(IQueryable<LaneDecision> scope, int days, CancellationToken ct)
    {
        var last = await scope.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        if (last is null)
        {
            return [];
        }
        var from = last.Value.AddDays(-Math.Clamp(days, 1, 3660) + 1);
        var rows = await scope.Where(d => d.LodgedOn >= from).GroupBy(d => new { d.Office, d.LodgedOn, d.Lane })
            .Select(g => new { g.Key.Office, g.Key.LodgedOn, g.Key.Lane, Count = g.Count() }).ToListAsync(ct);
        return rows.Select(r => new LaneCount(r.Office, r.LodgedOn, r.Lane.Name(), r.Count)).OrderBy(r => r.Office, StringComparer.Ordinal).ThenBy(r => r.Day).ThenBy(r => r.Lane, StringComparer.Ordinal).ToList();
    }
}
