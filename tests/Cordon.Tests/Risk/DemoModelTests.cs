using Cordon.Identity;
using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>The demo's figures must be believable: generated trade carries the noise of real trade, so its model is good, not perfect.</summary>
public sealed class DemoModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_model_ranks_its_holdout_well_but_not_perfectly(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using var db = host.Store.Open();
        var agency = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        var model = (await RiskModels.ListAsync(db, Actor.LocalOperator, agency, Ct)).Single(m => m.Active);
        var holdout = model.Evaluation ?? throw new InvalidOperationException("the demo model has no holdout evaluation");
        var auc = holdout.Report.Model.Auc;
        var irregular = await db.InspectionOutcomes.CountAsync(o => o.Illicit && db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn >= holdout.TestFrom && d.LodgedOn <= holdout.TestTo), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"demo model v{model.Version}: holdout AUC {auc:0.000} on {holdout.Report.Test.Rows} declarations ({irregular} irregular) from {holdout.TestFrom:yyyy-MM-dd} to {holdout.TestTo:yyyy-MM-dd}; "
            + $"trained on {model.TrainingRows} ({model.TrainingIrregular} irregular); precision at 5 % {holdout.Report.Model.N["5"].Precision:0.00}, random {holdout.Report.Baselines.Random.N["5"].Precision:0.00}");
        Assert.InRange(auc, 0.6, 0.95);
    }
}
