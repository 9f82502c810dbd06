using System.Text.Json;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Criteria;

/// <summary>
/// One week of a criterion's record in the lane decisions: how often it fired, and of the declarations it fired on
/// that were inspected, how many were irregular (hit rate) and the revenue raised per inspection.
/// </summary>
public sealed record CriterionWeek(DateOnly From, DateOnly To, int Decisions, int Fired, double FireRate, int Inspected, int Irregular,
    double? HitRate, double Revenue, double? RevenuePerInspection, int RedOrYellow);

public sealed record CriterionEffectivenessView(Guid Id, string Name, string Status, int Weeks, IReadOnlyList<CriterionWeek> ByWeek,
    int Fired, int Inspected, int Irregular, double? HitRate, double? RevenuePerInspection, string Source);

/// <summary>
/// Per-criterion effectiveness over time, from what was recorded: every lane decision keeps the criteria that fired
/// (shadow ones included: they are evaluated and recorded but change no lane), and inspection outcomes say what
/// inspecting found. Weeks run Monday to Sunday by lodgement date.
/// </summary>
public static class CriterionEffectiveness
{
    public const string Source = "Lane decisions (criteria fired, recorded with each decision) joined to inspection outcomes; shadow criteria included.";

    public static async Task<CriterionEffectivenessView> WeeklyAsync(CordonDb db, Actor actor, AccessPolicy policy, Guid criterionId, int weeks = 12, CancellationToken ct = default)
    {
        if (weeks is < 1 or > 104)
        {
            throw Common.ValidationFailed.Field("weeks", "Between 1 and 104 weeks.");
        }
        // Reading the criterion goes through its own rules (another agency's criterion is not found).
        var criterion = await RiskCriteria.GetAsync(db, actor, criterionId, ct);
        var decisions = policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision);
        var last = await decisions.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        var byWeek = new List<CriterionWeek>();
        if (last is { } lastDay)
        {
            var end = lastDay.AddDays(6 - ((int)lastDay.DayOfWeek + 6) % 7);
            var start = end.AddDays(-7 * weeks + 1);
            var totals = (await decisions.Where(d => d.LodgedOn >= start && d.LodgedOn <= end).Select(d => d.LodgedOn).ToListAsync(ct))
                .GroupBy(d => Week(d, start)).ToDictionary(g => g.Key, g => g.Count());
            var key = criterionId.ToString();
            // The id narrows in the database; the explanation says whether this criterion (not a mention elsewhere) fired.
            var candidates = await decisions.Where(d => d.LodgedOn >= start && d.LodgedOn <= end && d.Explanation.Contains(key))
                .Select(d => new { d.DeclarationId, d.LodgedOn, d.Lane, d.Explanation }).ToListAsync(ct);
            var fired = candidates.Where(c => JsonSerializer.Deserialize<LaneExplanation>(c.Explanation, RiskModels.Json)!.Criteria.Fired.Any(f => f.Id == criterionId)).ToList();
            var ids = fired.Select(f => f.DeclarationId).ToList();
            var outcomes = new Dictionary<Guid, (bool Illicit, decimal Revenue)>();
            foreach (var chunk in ids.Chunk(1000))
            {
                foreach (var o in await db.InspectionOutcomes.AsNoTracking().Where(o => chunk.Contains(o.DeclarationId)).Select(o => new { o.DeclarationId, o.Illicit, o.Revenue }).ToListAsync(ct))
                {
                    outcomes[o.DeclarationId] = (o.Illicit, o.Revenue);
                }
            }
            for (var w = 0; w < weeks; w++)
            {
                var from = start.AddDays(7 * w);
                var these = fired.Where(f => Week(f.LodgedOn, start) == w).ToList();
                var inspected = these.Where(f => outcomes.ContainsKey(f.DeclarationId)).Select(f => outcomes[f.DeclarationId]).ToList();
                var irregular = inspected.Count(o => o.Illicit);
                var revenue = (double)inspected.Where(o => o.Illicit).Sum(o => o.Revenue);
                var total = totals.GetValueOrDefault(w);
                byWeek.Add(new CriterionWeek(from, from.AddDays(6), total, these.Count, total == 0 ? 0 : Math.Round((double)these.Count / total, 4),
                    inspected.Count, irregular, inspected.Count == 0 ? null : Math.Round((double)irregular / inspected.Count, 4),
                    Math.Round(revenue, 2), inspected.Count == 0 ? null : Math.Round(revenue / inspected.Count, 2), these.Count(f => f.Lane is Lane.Red or Lane.Yellow)));
            }
        }
        var allInspected = byWeek.Sum(w => w.Inspected);
        var allIrregular = byWeek.Sum(w => w.Irregular);
        var allRevenue = byWeek.Sum(w => w.Revenue);
        return new CriterionEffectivenessView(criterion.Id, criterion.Name, criterion.Status.ToString().ToLowerInvariant(), weeks, byWeek, byWeek.Sum(w => w.Fired),
            allInspected, allIrregular, allInspected == 0 ? null : Math.Round((double)allIrregular / allInspected, 4),
            allInspected == 0 ? null : Math.Round(allRevenue / allInspected, 2), Source);
    }

    private static int Week(DateOnly day, DateOnly start) => (day.DayNumber - start.DayNumber) / 7;
}
