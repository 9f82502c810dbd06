using System.Globalization;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Features;
using Cordon.Risk.Language;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Backtest;

/// <summary>One week of a backtest: how often the criterion fired and what those declarations turned out to be.</summary>
public sealed record BacktestWeek(DateOnly WeekOf, int Declarations, int Hits, int Irregular, double Revenue);

/// <summary>
/// What a criterion would have done over a past period: <see cref="Hits"/> declarations fired it (the inspection load),
/// <see cref="Inspected"/> of those have a known outcome, <see cref="Irregular"/> of those were irregular and raised <see cref="Revenue"/>.
/// </summary>
public sealed record BacktestResult(Guid CriterionId, string Name, int Version, string Status, DateOnly From, DateOnly To, int Days,
    int Declarations, int Hits, int Inspected, int Irregular, double Revenue, double HitRate, double Precision,
    double ShareOfIrregular, double ShareOfRevenue, double HitsPerDay, IReadOnlyList<BacktestWeek> Weeks);

public static class CriterionBacktest
{
    /// <summary>
    /// Evaluates the criterion (whatever its status, as if active) on the agency's declarations of the last
    /// <paramref name="days"/> days, each with the features and statistics known before its lodgement date.
    /// </summary>
    public static async Task<BacktestResult> RunAsync(CordonDb db, Actor actor, Guid criterionId, int days = 90, DateOnly? to = null, CancellationToken ct = default)
    {
        if (days is < 1 or > 3660)
        {
            throw Common.ValidationFailed.Field("days", "Backtest between 1 and 3660 days.");
        }
        var c = await RiskCriteria.GetAsync(db, actor, criterionId, ct);
        if (c.Subject != CriterionRules.SubjectName(CriterionSubject.Declaration))
        {
            throw Common.ValidationFailed.Field("criterion", $"'{c.Name}' judges travellers: a backtest replays declarations.");
        }
        LaneText.TryParse(c.Lane, out var lane);
        var definition = new CriterionDefinition(c.Id, c.Name, c.Version, c.Expression, CriterionStatus.Active, c.Weight ?? 1, c.Lane is null ? null : lane, c.ReferTo);
        var set = CriteriaSet.Compile([definition]);
        var last = to ?? await db.Declarations.Where(d => d.OwningAgencyId == c.OwningAgencyId).MaxAsync(d => (DateOnly?)d.LodgedOn, ct)
            ?? throw Common.ValidationFailed.Field("days", "The agency has no declarations to backtest on.");
        var from = last.AddDays(-days + 1);

        var history = new FeatureHistory();
        var scope = new EvaluationScope();
        int declarations = 0, hits = 0, inspected = 0, irregular = 0, allIrregular = 0;
        double revenue = 0, allRevenue = 0;
        var weeks = new SortedDictionary<DateOnly, (int Declarations, int Hits, int Irregular, double Revenue)>();
        await foreach (var chunk in RiskData.ChunksAsync(db, null, last, c.OwningAgencyId, ct: ct))
        {
            history.Run(chunk, row =>
            {
                if (row.LodgedOn < from)
                {
                    return;
                }
                declarations++;
                var week = row.LodgedOn.AddDays(-(((int)row.LodgedOn.DayOfWeek + 6) % 7));
                var w = weeks.GetValueOrDefault(week);
                w.Declarations++;
                if (row.Outcome is { Illicit: true } known)
                {
                    allIrregular++;
                    allRevenue += known.Revenue;
                }
                var fired = set.Evaluate(row.Facts, history, scope).Fired.Count > 0;
                if (fired)
                {
                    hits++;
                    w.Hits++;
                    if (row.Outcome is { } o)
                    {
                        inspected++;
                        if (o.Illicit)
                        {
                            irregular++;
                            revenue += o.Revenue;
                            w.Irregular++;
                            w.Revenue += o.Revenue;
                        }
                    }
                }
                weeks[week] = w;
            });
        }
        return new BacktestResult(c.Id, c.Name, c.Version, c.Status.ToString().ToLowerInvariant(), from, last, days, declarations, hits, inspected, irregular,
            Math.Round(revenue, 2), R(hits, declarations), R(irregular, inspected), R(irregular, allIrregular), allRevenue <= 0 ? 0 : Math.Round(revenue / allRevenue, 4),
            Math.Round((double)hits / days, 2), weeks.Select(w => new BacktestWeek(w.Key, w.Value.Declarations, w.Value.Hits, w.Value.Irregular, Math.Round(w.Value.Revenue, 2))).ToList());
    }

    public static string Describe(BacktestResult r) => string.Create(CultureInfo.InvariantCulture,
        $"'{r.Name}' v{r.Version} ({r.Status}) over {r.From:yyyy-MM-dd} … {r.To:yyyy-MM-dd}: fired on {r.Hits:N0} of {r.Declarations:N0} declarations ({r.HitRate:P1}, {r.HitsPerDay:N1} a day); " +
        $"{r.Irregular:N0} of {r.Inspected:N0} with a known outcome were irregular (precision {r.Precision:P1}), {r.ShareOfIrregular:P1} of all irregular ones; revenue {r.Revenue:N0} ({r.ShareOfRevenue:P1} of the period's).");

    private static double R(int a, int b) => b == 0 ? 0 : Math.Round((double)a / b, 4);
}
