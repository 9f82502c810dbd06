using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

public sealed class ModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TrainingOptions Quick = new(Trees: 40, Leaves: 15, LearningRate: 0.1);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Evaluation_never_sees_the_test_windows_outcomes(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 3000);
        var trainUntil = new DateOnly(2025, 7, 1);
        var testTo = new DateOnly(2025, 9, 30);
        (EvaluationReport Report, IReadOnlyDictionary<Guid, double> Scores) first;
        await using (var db = s.Open())
        {
            first = await RiskModels.EvaluateWithScoresAsync(db, agency, trainUntil, trainUntil, testTo, options: Quick, ct: Ct);
        }
        var r = first.Report;
        var trainRows = 0;
        await using (var db = s.Open())
        {
            trainRows = await db.InspectionOutcomes.CountAsync(o => db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn < trainUntil), Ct);
            // Turn the test window's outcomes upside down: the model's scores must not move.
            await db.InspectionOutcomes.Where(o => db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn >= trainUntil))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Illicit, o => !o.Illicit).SetProperty(o => o.Revenue, 5_000m), Ct);
        }
        Assert.Equal(trainRows, r.Train.Rows);
        Assert.Equal(first.Scores.Count, r.Test.Rows);
        (EvaluationReport Report, IReadOnlyDictionary<Guid, double> Scores) second;
        await using (var db = s.Open())
        {
            second = await RiskModels.EvaluateWithScoresAsync(db, agency, trainUntil, trainUntil, testTo, options: Quick, ct: Ct);
        }
        Assert.Equal(first.Scores, second.Scores);
        Assert.NotEqual(first.Report.Model.N["5"], second.Report.Model.N["5"]);

        foreach (var q in new[] { r.Model, r.Baselines.Random, r.Baselines.Criteria })
        {
            Assert.Equal(["1", "2", "5", "10"], q.N.Keys);
            Assert.All(q.N.Values, v => { Assert.InRange(v.Precision, 0, 1); Assert.InRange(v.Recall, 0, 1); Assert.InRange(v.Revenue, 0, 1); });
            Assert.InRange(q.Auc, 0, 1);
        }
        // The generated data has learnable fraud: the model beats random selection at 5 %.
        Assert.True(r.Model.N["5"].Revenue > r.Baselines.Random.N["5"].Revenue, $"model {r.Model.N["5"]} vs random {r.Baselines.Random.N["5"]}");
        Assert.True(r.Model.Auc > 0.6, $"AUC {r.Model.Auc}");
    }

    [Fact]
    public async Task Test_window_must_not_overlap_training()
    {
        var e = await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => RiskModels.EvaluateAsync(null!, Guid.Empty, new DateOnly(2025, 7, 1), new DateOnly(2025, 6, 1), new DateOnly(2025, 8, 1), ct: Ct));
        Assert.Contains("testFrom", e.Errors.Keys);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Training_registers_versions_with_one_active_and_the_stored_trees_score_the_same(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 2000);
        var analyst = await s.ActorAsync("analyst");
        await using var db = s.Open();
        var v1 = await RiskModels.TrainAsync(db, analyst, agency, new DateOnly(2025, 10, 1), options: Quick, ct: Ct);
        var v2 = await RiskModels.TrainAsync(db, analyst, agency, options: Quick, ct: Ct);
        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.Equal(new DateOnly(2025, 10, 1), v1.TrainUntil);
        Assert.True(v2.TrainingRows > v1.TrainingRows);
        Assert.Equal(ModelInput.Names, v2.Features);
        Assert.NotNull(v2.Evaluation);
        Assert.Equal(v2.TrainUntil.AddDays(-RiskModels.HoldoutDays), v2.Evaluation.TestFrom);
        var list = await RiskModels.ListAsync(db, analyst, ct: Ct);
        Assert.Equal([2, 1], list.Select(m => m.Version));
        Assert.Equal([true, false], list.Select(m => m.Active));

        await RiskModels.ActivateAsync(db, analyst, agency, 1, Ct);
        var active = await RiskModels.ActiveAsync(db, agency, Ct);
        Assert.Equal(1, active!.Value.Version);
        var model = active.Value.Model;
        var copy = RiskModel.FromBytes(model.ToBytes());
        var x = new float[ModelInput.Count];
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            for (var j = 0; j < x.Length; j++)
            {
                x[j] = random.Next(4) == 0 ? ModelInput.Missing : (float)(random.NextDouble() * 10);
            }
            Assert.Equal(model.Score(x), copy.Score(x));
            Assert.InRange(model.Score(x).Probability, 0, 1);
        }

        // v1 stopped learning on 2025-10-01: measure it on the four weeks after, with outcomes known now.
        var after = await RiskModels.AfterTrainingAsync(db, agency, 1, weeks: 4, Ct);
        Assert.Equal(new DateOnly(2025, 10, 1), after.From);
        Assert.Equal(new DateOnly(2025, 10, 28), after.To);
        Assert.Equal(await db.InspectionOutcomes.CountAsync(o => db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn >= after.From && d.LodgedOn <= after.To), Ct), after.Rows);
        Assert.InRange(after.Model.Auc, 0, 1);

        var officer = await s.ActorAsync("officer");
        await Assert.ThrowsAsync<Cordon.Common.Forbidden>(() => RiskModels.TrainAsync(db, officer, agency, options: Quick, ct: Ct));
    }
}
