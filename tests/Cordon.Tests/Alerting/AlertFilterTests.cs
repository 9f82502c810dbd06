using Cordon.Alerting;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Screening.Hits;
using Cordon.Screening.Lists;
using Cordon.Storage;
using Cordon.Tests.Declarations;
using Cordon.Tests.Risk;
using Cordon.Tests.Screening;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

/// <summary>Subscriptions and conditions that pick screening alerts by office and band, and referrals by the referred agency.</summary>
public sealed class AlertFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string WatchList = """
        id,name,type,aliases,dob,country,identifiers
        N-3,Ocean Breeze,vessel,,,,imo:9074729
        """;

    private static async Task DispatchAllAsync(CordonDb db)
    {
        while (await AlertFanOut.DispatchAsync(db, TestClock.Now, batch: 10_000, ct: Ct) > 0)
        {
        }
    }

    private static async Task<Guid> DeclareAsync(TestStore s, Guid agency, string number, string office, string hsCode)
    {
        var d = Samples.Declaration(number, items: 1);
        d.Office = office;
        d.Items![0].HsCode = hsCode;
        var results = await Intake.SubmitDeclarationsAsync(s.Settings, new IntakeContext(agency, "test", "test", TestClock.Now), [Samples.Candidate(d)], Ct);
        Assert.Null(results[0].Errors);
        return results[0].Id!.Value;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_subscription_for_one_office_gets_that_offices_block_hit_and_not_another_offices(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("officer");
        var analyst = await s.ActorAsync("analyst");
        var nca = officer.AgencyId!.Value;
        var path = Path.Combine(ListFiles.TempFolder(), "national.csv");
        await File.WriteAllTextAsync(path, WatchList, Ct);
        await using (var db = s.Open())
        {
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(path, "csv", "NATIONAL", "NCA"), null, Ct);
        }
        // Both declarations arrive on the listed vessel (IMO 9074729): a block-band hit at each office.
        var atA = await DeclareAsync(s, nca, "SCR-A", "NL000396", "2402200000");
        var atB = await DeclareAsync(s, nca, "SCR-B", "NL000854", "8517130000");
        Guid officeA, officeABand, officeAReview;
        await using (var db = s.Open())
        {
            officeA = (await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("Block hits at A", [AlertKinds.ScreeningBlock], "nl000396", null, "TLP:RED", null, "ui", null, false), Ct)).Id;
            officeABand = (await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("Block band at A", [], "NL000396", null, "TLP:RED", null, "ui", null, false, Band: "BLOCK"), Ct)).Id;
            officeAReview = (await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("Review band at A", [], "NL000396", null, "TLP:RED", null, "ui", null, false, Band: "review"), Ct)).Id;
            // An analyst's condition on office B's block hits, for tobacco only: B's hit is of phones, so it stays quiet.
            await AlertConditions.CreateAsync(db, analyst, new ConditionInput("Block hit at B", AlertKinds.ScreeningBlock, "NL000854", null, null, null, null, null, null, null, Band: "block"), Ct);
            await AlertConditions.CreateAsync(db, analyst, new ConditionInput("Tobacco block hit at B", null, "NL000854", "2402", null, null, null, null, null, null, Band: "block"), Ct);
            var bad = await Assert.ThrowsAsync<ValidationFailed>(() => AlertSubscriptions.CreateAsync(db, officer,
                new SubscriptionInput("x", [], null, null, null, null, "ui", null, false, Band: "purple", ReferredTo: "XYZ"), Ct));
            Assert.Contains("band", bad.Errors.Keys);
            Assert.Contains("referredTo", bad.Errors.Keys);
            var badCondition = await Assert.ThrowsAsync<ValidationFailed>(() => AlertConditions.CreateAsync(db, analyst,
                new ConditionInput("x", AlertKinds.Seizure, null, null, null, null, null, null, null, null, Band: "block"), Ct));
            Assert.Contains("band", badCondition.Errors.Keys);
        }
        await ScreeningRuns.DrainBacklogAsync(s.Open, null, null, Ct);

        await using (var db = s.Open())
        {
            var hits = await db.ScreeningHits.AsNoTracking().Where(h => h.Band == "block").ToListAsync(Ct);
            var alerts = await db.Alerts.AsNoTracking().Where(a => a.Kind == AlertKinds.ScreeningBlock).ToListAsync(Ct);
            var hitA = hits.Single(h => h.RecordId == atA);
            var hitB = hits.Single(h => h.RecordId == atB);
            var alertA = alerts.Single(a => a.RecordId == hitA.Id.ToString());
            var alertB = alerts.Single(a => a.RecordId == hitB.Id.ToString());
            Assert.Equal(("NL000396", "block", "2402200000"), (alertA.Office, alertA.Band, alertA.Commodity));
            Assert.Equal(("NL000854", "block", "8517130000"), (alertB.Office, alertB.Band, alertB.Commodity));

            await DispatchAllAsync(db);
            var delivered = await db.AlertDeliveries.AsNoTracking().Select(d => new { d.AlertId, d.SubscriptionId }).ToListAsync(Ct);
            Assert.Equal([alertA.Id], delivered.Where(d => d.SubscriptionId == officeA).Select(d => d.AlertId));
            Assert.Equal([alertA.Id], delivered.Where(d => d.SubscriptionId == officeABand).Select(d => d.AlertId));
            Assert.DoesNotContain(delivered, d => d.SubscriptionId == officeAReview);

            // The office-B condition fired on B's hit only; the tobacco one on nothing (B's goods are phones).
            var custom = await db.Alerts.AsNoTracking().Where(a => a.Kind == AlertKinds.Custom && a.RaisedBy == "condition").ToListAsync(Ct);
            var fired = Assert.Single(custom);
            Assert.Equal((alertB.RecordId, "block", "NL000854"), (fired.RecordId, fired.Band, fired.Office));
            Assert.StartsWith("Block hit at B:", fired.Title, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_subscription_can_follow_the_referrals_to_one_agency(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 400);
        var analyst = await s.ActorAsync("analyst");
        Guid toBorder, toImmigration, all;
        await using (var db = s.Open())
        {
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Chinese origin to border police", Expression: "origin == \"CN\"",
                Weight: 5, ReferTo: "NBP", Status: "active"), Ct);
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "American origin to immigration", Expression: "origin == \"US\"",
                Weight: 5, ReferTo: "NIS", Status: "active"), Ct);
            toBorder = (await AlertSubscriptions.CreateAsync(db, analyst, new SubscriptionInput("Referrals to NBP", [AlertKinds.CriterionReferral], null, null, null, null, "ui", null, false, ReferredTo: "nbp"), Ct)).Id;
            toImmigration = (await AlertSubscriptions.CreateAsync(db, analyst, new SubscriptionInput("Referrals to NIS", [], null, null, null, null, "ui", null, false, ReferredTo: "NIS"), Ct)).Id;
            all = (await AlertSubscriptions.CreateAsync(db, analyst, new SubscriptionInput("All referrals", [AlertKinds.CriterionReferral], null, null, null, null, "ui", null, false), Ct)).Id;
            var views = await AlertSubscriptions.ListAsync(db, analyst, Ct);
            Assert.Equal("NBP", views.Single(v => v.Id == toBorder).ReferredTo);
        }
        await using (var db = s.Open())
        {
            await Lanes.AssignAsync(db, analyst, agency, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31), ct: Ct);
        }
        await using (var db = s.Open())
        {
            var referrals = await db.Alerts.AsNoTracking().Where(a => a.Kind == AlertKinds.CriterionReferral).ToListAsync(Ct);
            var toNbp = referrals.Where(a => a.ReferredTo == "NBP").Select(a => a.Id).Order().ToList();
            var toNis = referrals.Where(a => a.ReferredTo == "NIS").Select(a => a.Id).Order().ToList();
            Assert.NotEmpty(toNbp);
            Assert.NotEmpty(toNis);
            Assert.Equal(referrals.Count, toNbp.Count + toNis.Count);
            Assert.All(referrals, a => Assert.StartsWith($"Referral to {a.ReferredTo}", a.Title, StringComparison.Ordinal));

            await DispatchAllAsync(db);
            var delivered = await db.AlertDeliveries.AsNoTracking().Select(d => new { d.AlertId, d.SubscriptionId }).ToListAsync(Ct);
            Assert.Equal(toNbp, delivered.Where(d => d.SubscriptionId == toBorder).Select(d => d.AlertId).Order());
            Assert.Equal(toNis, delivered.Where(d => d.SubscriptionId == toImmigration).Select(d => d.AlertId).Order());
            Assert.Equal(referrals.Count, delivered.Count(d => d.SubscriptionId == all));
        }
    }
}
