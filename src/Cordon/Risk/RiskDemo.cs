using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk;

/// <summary>
/// Demo targeting on the demo declarations: a few criteria (active, shadow, draft to backtest), office capacity,
/// a model trained on everything but the last four weeks, lanes for those four weeks (so the worklist has work), and
/// those weeks' checks and releases for the performance view, and a measure evaluated on them.
/// </summary>
public static class RiskDemo
{
    public const int NewDays = 28;

    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        var agency = await db.Agencies.Where(a => a.Code == "NCA").Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (agency is null || await db.RiskModels.AnyAsync(m => m.OwningAgencyId == agency, ct))
        {
            return;
        }
        var analystUser = await db.Users.FirstOrDefaultAsync(u => u.UserName == "analyst", ct);
        var analyst = analystUser is null ? Actor.LocalOperator : new Actor(analystUser.Id, analystUser.AgencyId, analystUser.Roles | Roles.Supervisor, analystUser.UserName, ActorKind.User);
        var last = await LaneQueries.LastLodgementDayAsync(db, agency.Value, ct);
        if (last is null)
        {
            return;
        }
        if (!await db.RiskCriteria.AnyAsync(c => c.OwningAgencyId == agency, ct))
        {
            foreach (var request in new[]
            {
                new CriterionRequest("Undervalued against history", "item.unit_value < stats.p10(item.hs6, origin)",
                    "Declared unit value below the 10th percentile of earlier declarations of the same goods and origin.", Weight: 30, Status: "active", Agency: "NCA"),
                new CriterionRequest("Repeat offender", "features.trader_hit_rate > 0.3 and features.trader_inspections >= 3",
                    "Importer whose past inspections often found irregularities.", Weight: 40, Lane: "yellow", Status: "active", Agency: "NCA"),
                new CriterionRequest("Anti-dumping goods not declared from China", "origin != \"CN\" and item.hs4 in (\"8712\", \"7318\", \"6911\", \"7606\", \"7607\")",
                    "Goods under Chinese anti-dumping duty declared from any other country: origin may be misdeclared (on trial before it selects).", Weight: 25, Status: "shadow", Agency: "NCA"),
                new CriterionRequest("New importer, high value", "features.new_trader and total_cif > 50000",
                    "First declaration of an importer with a high customs value.", Weight: 15, Status: "draft", Agency: "NCA"),
            })
            {
                await RiskCriteria.CreateAsync(db, analyst, request, ct);
            }
        }
        await Lanes.Lanes.SetCapacityAsync(db, analyst, agency.Value, "NL000396", red: 2, yellow: 2, ct);
        var from = last.Value.AddDays(-NewDays + 1);
        // Fewer trees than the default: the demo store is small and the server waits for this at start.
        await RiskModels.TrainAsync(db, analyst, agency.Value, from, options: new TrainingOptions(Trees: 100), ct: ct);
        // The busiest importers hold AEO status in the demo, so the performance view compares them with the others. Its
        // offices lodge a few declarations a day: at the production exploration rates (0.5 and 1 %) four weeks would hold
        // no random pick, so the demo explores at 20 %.
        var aeo = await Performance.PerformanceDemo.AuthorisedOperatorsAsync(db, agency.Value, ct);
        await Lanes.Lanes.AssignAsync(db, analyst, agency.Value, from, last.Value,
            options: LaneOptions.Default with { AuthorisedOperators = aeo, RandomRedRate = 0.2, RandomYellowRate = 0.2 }, ct: ct);
        // The measure plants its effect in the outcomes before the performance view's checks are completed from them.
        await Measures.MeasureDemo.SeedAsync(db, analyst, agency.Value, from, last.Value, ct);
        await Performance.PerformanceDemo.SeedAsync(db, agency.Value, from, last.Value, ct);
        // The registry's weeks-after-training chart: the model's four weeks after its cut-off.
        await RiskModels.MeasureWeeksAsync(db, agency.Value, 12, ct: ct);
    }
}
