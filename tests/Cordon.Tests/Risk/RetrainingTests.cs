using Cordon.Jobs;
using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Risk;

/// <summary>Scheduled retraining with an injected clock, the promotion rule, and each model's stored weeks after training.</summary>
public sealed class RetrainingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TrainingOptions Small = new(Trees: 30, Leaves: 15, LearningRate: 0.1);

    [Fact]
    public void Retraining_is_off_unless_configured()
    {
        Assert.Null(RetrainOptions.From(new ConfigurationBuilder().Build()).Every);
        var on = RetrainOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Risk:RetrainEvery"] = "7.00:00:00", ["Risk:PromoteMinGain"] = "0.01",
        }).Build());
        Assert.Equal(TimeSpan.FromDays(7), on.Every);
        Assert.Equal(0.01, on.MinGain);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Retraining_is_enqueued_when_due_and_the_candidate_is_promoted_only_if_it_beats_the_active_model(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 3000);
        var analyst = await s.ActorAsync("analyst");
        var every = new RetrainOptions { Every = TimeSpan.FromDays(7), AssessWeeks = 8 };
        RiskModelView first;
        await using (var db = s.Open())
        {
            first = await RiskModels.TrainAsync(db, analyst, agency, new DateOnly(2025, 11, 1), options: Small, ct: Ct);
            Assert.Empty(await Retraining.EnqueueDueAsync(db, new ManualClock(first.TrainedAt.AddDays(30)), new RetrainOptions(), Ct)); // off
            Assert.Equal(first.TrainedAt + TimeSpan.FromDays(7), (await Retraining.NextDueAsync(db, agency, every, Ct))!.Value, TimeSpan.FromMilliseconds(1));
            var clock = new ManualClock(first.TrainedAt.AddDays(6));
            Assert.Empty(await Retraining.EnqueueDueAsync(db, clock, every, Ct));
            clock.Now = first.TrainedAt.AddDays(7);
            Assert.Equal([agency], await Retraining.EnqueueDueAsync(db, clock, every, Ct));
            // Already queued: not twice.
            Assert.Empty(await Retraining.EnqueueDueAsync(db, clock, every, Ct));
            var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == RetrainModelJob.JobKind, Ct);
            Assert.Equal(agency, job.OwningAgencyId);
            Assert.Equal(JobStatus.Queued, job.Status);
        }

        // An impossible minimum gain: the candidate is registered but the active model stays.
        await using (var db = s.Open())
        {
            var kept = await Retraining.RetrainAsync(db, agency, every with { MinGain = 1.0 }, Small, ct: Ct);
            Assert.NotNull(kept.Candidate.Evaluation);
            Assert.Equal("schedule", kept.Candidate.Origin);
            Assert.False(kept.Decision.Promoted);
            Assert.False(kept.Candidate.Active);
            Assert.Equal(first.Version, kept.Decision.ActiveVersion);
            Assert.NotNull(kept.Decision.ActiveRevenueAt5);
            Assert.NotNull(kept.Decision.CandidateRevenueAt5);
            Assert.Contains("5 %", kept.Decision.Rule, StringComparison.Ordinal);
            Assert.Equal(first.Version, (await RiskModels.ActiveAsync(db, agency, Ct))!.Value.Version);
            Assert.NotNull((await RiskModels.ListAsync(db, analyst, ct: Ct)).Single(m => m.Version == kept.Candidate.Version).Promotion);

            // No gain required: promoted exactly when its revenue at 5 % is higher than the active model's on the same window.
            var next = await Retraining.RetrainAsync(db, agency, every, Small, ct: Ct);
            Assert.Equal(next.Decision.CandidateRevenueAt5 > next.Decision.ActiveRevenueAt5, next.Decision.Promoted);
            var active = (await RiskModels.ActiveAsync(db, agency, Ct))!.Value.Version;
            Assert.Equal(next.Decision.Promoted ? next.Candidate.Version : first.Version, active);
        }

        // Each model's weeks after its cut-off are stored: the first model (cut-off 1 November) has several weeks of December outcomes.
        await using (var check = s.Open())
        {
            var weeks = await RiskModels.WeeksAsync(check, agency, Ct);
            var v1 = weeks.Where(w => w.ModelVersion == first.Version).ToList();
            Assert.True(v1.Count >= 4, $"{v1.Count} weeks stored");
            Assert.All(v1, w =>
            {
                Assert.Equal(first.TrainUntil.AddDays(7 * (w.Week - 1)), w.From);
                Assert.True(w.Rows > 0);
                Assert.InRange(w.RevenueAt5, 0, 1);
            });
            // Measuring again replaces, never duplicates.
            var stored = await check.RiskModelWeeks.CountAsync(Ct);
            await RiskModels.MeasureWeeksAsync(check, agency, 8, ct: Ct);
            Assert.Equal(stored, await check.RiskModelWeeks.CountAsync(Ct));
        }
    }
}
