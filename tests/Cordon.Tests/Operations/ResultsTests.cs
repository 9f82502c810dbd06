using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

public sealed class ResultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Results_count_incidents_and_coverage_shows_patrolled_hours_and_gaps(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var bp = await s.ActorAsync("bp.officer");
        var policy = await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, ct: Ct);
        var operation = await db.Operations.SingleAsync(Ct);
        var patrol = await db.Patrols.SingleAsync(Ct);

        var r = await OperationResults.ForAsync(db, policy, operation.Id, Ct);
        Assert.Equal(1, r.Incidents);
        Assert.Equal([new CountBy("illegal-crossing", 1)], r.IncidentsByType);
        Assert.Equal(TimeSpan.FromMinutes(10), r.MedianDetectionToResponse);
        Assert.Equal([new CountBy("NBP", 8)], r.PatrolHoursByAgency);
        // The day patrol covers the whole operation area for its 8 hours; every other hour is a gap.
        var covered = r.Coverage.Where(c => c.Covered > 0).ToList();
        Assert.Equal(8, covered.Count);
        Assert.All(covered, c => Assert.Equal(1.0, c.Covered));
        Assert.Equal(patrol.StartsAt, covered[0].Hour);
        Assert.Equal(r.Coverage.Count - 8, r.GapHours);

        var csv = await OperationResults.IncidentsCsvAsync(db, policy, operation.Id, Ct);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(",600,", lines[1], StringComparison.Ordinal);
    }
}
