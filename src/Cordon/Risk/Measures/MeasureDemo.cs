using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Measures;

/// <summary>
/// The demo's measure: undervaluation of goods from China, checked harder in the last two weeks of the demo's lane
/// period with the "Undervalued against history" criterion, evaluated against the first two weeks and the goods from
/// elsewhere, with an interim review and a final assessment. The demo generator knows nothing of the measure, so its
/// effect is planted: three of every four checks in scope during the measure that found nothing are recorded as irregular.
/// </summary>
public static class MeasureDemo
{
    public const string Title = "Undervaluation of goods from China";

    public static async Task SeedAsync(CordonDb db, Actor analyst, Guid agency, DateOnly from, DateOnly last, CancellationToken ct = default)
    {
        if (await db.Measures.AnyAsync(m => m.OwningAgencyId == agency, ct))
        {
            return;
        }
        var start = from.AddDays(Math.Max(1, (last.DayNumber - from.DayNumber + 1) / 2));
        var criterion = await db.RiskCriteria.Where(c => c.OwningAgencyId == agency && c.Name == "Undervalued against history").Select(c => c.Id).ToListAsync(ct);
        DateTimeOffset At(DateOnly d) => new(d.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var measure = await Measures.CreateAsync(db, analyst, new MeasureInput(Title,
            "Recover the duties lost on undervalued imports from China: documentary and physical checks aimed by the undervaluation criterion.",
            [], [], ["CN"], [], [], [.. criterion], [], [], start, last, start.AddDays(7),
            "More irregularities found per inspection of goods from China: detection rate +15 points.", "detection-rate", 15), At(start.AddDays(-2)), ct);

        var checkedInScope = await (from d in db.Declarations
                                    join l in db.LaneDecisions on d.Id equals l.DeclarationId
                                    where d.OwningAgencyId == agency && d.OriginCountry == "CN" && d.LodgedOn >= start && d.LodgedOn <= last && (l.Lane == Lane.Red || l.Lane == Lane.Yellow)
                                    select d.Id).ToListAsync(ct);
        var clean = await db.InspectionOutcomes.Where(o => checkedInScope.Contains(o.DeclarationId) && !o.Illicit).OrderBy(o => o.DeclarationId).ToListAsync(ct);
        for (var i = 0; i < clean.Count; i++)
        {
            if (i % 4 != 3)
            {
                clean[i].Illicit = true;
            }
        }
        await db.SaveChangesAsync(ct);

        await Measures.ReviewAsync(db, analyst, measure.Id, new MeasureReviewInput("interim", "continue",
            "One week in: more irregularities found in scope, the goods from elsewhere unchanged. Few inspections yet; continue to the planned end."), At(start.AddDays(7)), ct);
        await Measures.ReviewAsync(db, analyst, measure.Id, new MeasureReviewInput("final", "continue",
            "The detection rate of checks on goods from China rose well beyond the comparison's change. Keep the criterion active; review again with more inspections."), At(last.AddDays(1)), ct);
    }
}
