using System.Text.Json;
using Cordon.Alerting;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>A criterion that refers a declaration to an agency raises a <c>criterion.referral</c> alert with the lane decision.</summary>
public sealed class ReferralAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Referring_criterion_raises_an_alert_with_the_lane_decision_that_the_referred_agency_receives(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 400);
        var analyst = await s.ActorAsync("analyst");
        var ncaAdmin = await s.ActorAsync("admin");
        var bpAdmin = await s.ActorAsync("bp.admin");
        var from = new DateOnly(2025, 12, 1);
        var to = new DateOnly(2025, 12, 31);
        Guid borderSub, ownSub;
        await using (var db = s.Open())
        {
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Chinese origin to border police", Expression: "origin == \"CN\"",
                Weight: 5, ReferTo: "NBP", Status: "active"), Ct);
            // A shadow criterion is evaluated and recorded but refers nobody.
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Everything to immigration (shadow)", Expression: "true",
                ReferTo: "NIS", Status: "shadow"), Ct);
            var agreement = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms("Alerts to border police", "NCA", "NBP", [RecordTypes.Alert], "TLP:AMBER",
                ["risk-analysis"], [], false, null, null), TestClock.Now, Ct);
            await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TestClock.Now, Ct);
            borderSub = (await AlertSubscriptions.CreateAsync(db, bpAdmin, new SubscriptionInput("Referrals", [AlertKinds.CriterionReferral], null, null, "TLP:AMBER", null, "ui", null, true), Ct)).Id;
            ownSub = (await AlertSubscriptions.CreateAsync(db, analyst, new SubscriptionInput("Our referrals", [AlertKinds.CriterionReferral], null, null, null, null, "ui", null, false), Ct)).Id;
        }
        await using (var db = s.Open())
        {
            await Lanes.AssignAsync(db, analyst, agency, from, to, ct: Ct);
        }
        await using (var db = s.Open())
        {
            var referred = await db.LaneDecisions.AsNoTracking().Where(d => d.Referrals.Contains("NBP")).ToListAsync(Ct);
            Assert.NotEmpty(referred);
            Assert.DoesNotContain(await db.LaneDecisions.Select(d => d.Referrals).ToListAsync(Ct), r => r.Contains("NIS", StringComparison.Ordinal));
            var alerts = await db.Alerts.AsNoTracking().Where(a => a.Kind == AlertKinds.CriterionReferral).ToListAsync(Ct);
            Assert.Equal(referred.Count, alerts.Count);
            Assert.Equal(referred.Select(d => d.Id.ToString()).Order(), alerts.Select(a => a.RecordId!).Order());
            foreach (var a in alerts)
            {
                Assert.Equal(RecordTypes.LaneDecision, a.RecordType);
                Assert.Equal(agency, a.OwningAgencyId);
                Assert.StartsWith("Referral to NBP", a.Title, StringComparison.Ordinal);
                Assert.Equal("NBP", JsonDocument.Parse(a.Data).RootElement.GetProperty("referredTo").GetString());
            }
            Assert.True(await AlertFanOut.DispatchAsync(db, TestClock.Now, batch: 10_000, ct: Ct) >= alerts.Count);
            var deliveries = await db.AlertDeliveries.AsNoTracking().ToListAsync(Ct);
            Assert.Equal(alerts.Count, deliveries.Count(d => d.SubscriptionId == borderSub));
            Assert.Equal(alerts.Count, deliveries.Count(d => d.SubscriptionId == ownSub));
        }
        // Re-running decides nothing twice, so no alert is raised twice.
        await using (var db = s.Open())
        {
            var before = await db.Alerts.CountAsync(Ct);
            await Lanes.AssignAsync(db, analyst, agency, from, to, ct: Ct);
            Assert.Equal(before, await db.Alerts.CountAsync(Ct));
        }
    }
}
