using System.Text.Json;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

public sealed class AlertFanOutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertDraft CocaineSeizure(Guid owner, Tlp marking = Tlp.Amber) => new(AlertKinds.Seizure, "Cocaine seizure at Rotterdam", owner, marking)
    {
        RecordType = RecordTypes.Seizure,
        RecordId = "SZ-2026-0042",
        Severity = AlertSeverity.High,
        Office = "NLRTM",
        Commodity = "cocaine",
        Summary = "412 kg in a reefer container",
        Data = new { quantityKg = 412, owner = "Jan Jansen" },
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_alert_exists_only_if_the_triggering_write_commits(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("officer");
        await using (var db = s.Open())
        {
            Alerts.Raise(db, CocaineSeizure(officer.AgencyId!.Value));
            // No SaveChanges: the caller's write did not happen, so neither did the alert.
        }
        await using (var db = s.Open())
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            Alerts.Raise(db, CocaineSeizure(officer.AgencyId!.Value));
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
        }
        await using (var db = s.Open())
        {
            Assert.Equal(0, await db.Alerts.CountAsync(Ct));
            var alert = Alerts.Raise(db, CocaineSeizure(officer.AgencyId!.Value));
            await db.SaveChangesAsync(Ct);
            var stored = await s.Open().Alerts.SingleAsync(Ct);
            Assert.Equal(alert.Id, stored.Id);
            Assert.Equal(Tlp.Amber, stored.Marking);
            Assert.Equal("NLRTM", stored.Office);
            Assert.Null(stored.DispatchedAt);
        }
        await using (var db = s.Open())
        {
            var bad = Assert.Throws<ValidationFailed>(() => Alerts.Raise(db, new AlertDraft("Not A Kind", " ", officer.AgencyId!.Value, Tlp.Green)));
            Assert.Contains("kind", bad.Errors.Keys);
            Assert.Contains("title", bad.Errors.Keys);
            var crowd = Assert.Throws<ValidationFailed>(() => Alerts.Raise(db, CocaineSeizure(officer.AgencyId!.Value) with
            {
                Recipients = Enumerable.Range(0, 28).Select(_ => Guid.NewGuid()).ToList(),
            }));
            Assert.Contains("recipients", crowd.Errors.Keys);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Subscribers_of_other_agencies_receive_an_alert_only_under_an_agreement_with_its_redactions(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var ncaAdmin = await s.ActorAsync("admin");
        var officer = await s.ActorAsync("officer");
        var bpAdmin = await s.ActorAsync("bp.admin");
        var pcaAdmin = await s.ActorAsync("pca.admin");
        await using var db = s.Open();
        var agreement = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms("Alerts to border police", "NCA", "NBP", [RecordTypes.Alert], "TLP:AMBER",
            ["risk-analysis"], [new RedactionRule([RedactionRule.PersonalData])], false, null, null), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TestClock.Now, Ct);

        var own = await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("Narcotics", [AlertKinds.Seizure], null, "coca", null, null, "ui", null, false), Ct);
        var border = await AlertSubscriptions.CreateAsync(db, bpAdmin, new SubscriptionInput("All seizures", [AlertKinds.Seizure], "nlrtm", null, "TLP:AMBER", null, "ui", null, true), Ct);
        var partner = await AlertSubscriptions.CreateAsync(db, pcaAdmin, new SubscriptionInput("Everything", [], null, null, "TLP:RED", null, "ui", null, true), Ct);
        var tobacco = await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("Tobacco", [], null, "2402", null, null, "ui", null, false), Ct);

        var alert = Alerts.Raise(db, CocaineSeizure(ncaAdmin.AgencyId!.Value));
        await db.SaveChangesAsync(Ct);
        await using (var worker = s.Open())
        {
            Assert.Equal(1, await AlertFanOut.DispatchAsync(worker, TestClock.Now, ct: Ct));
            Assert.Equal(0, await AlertFanOut.DispatchAsync(worker, TestClock.Now, ct: Ct)); // claimed once, dispatched once
        }

        await using var check = s.Open();
        var deliveries = await check.AlertDeliveries.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(new[] { own.Id, border.Id }.Order(), deliveries.Select(d => d.SubscriptionId).Order());
        Assert.DoesNotContain(deliveries, d => d.SubscriptionId == partner.Id || d.SubscriptionId == tobacco.Id);
        var ownPayload = JsonDocument.Parse(deliveries.Single(d => d.SubscriptionId == own.Id).Payload).RootElement;
        Assert.Equal("Jan Jansen", ownPayload.GetProperty("data").GetProperty("owner").GetString());
        var borderDelivery = deliveries.Single(d => d.SubscriptionId == border.Id);
        Assert.True(borderDelivery.Redacted);
        var borderPayload = JsonDocument.Parse(borderDelivery.Payload).RootElement;
        Assert.Equal(JsonValueKind.Null, borderPayload.GetProperty("data").ValueKind);
        // The alert names a seizure the store does not hold (SZ-2026-0042), so nothing can show what the border
        // police may see of it: the title quotes nothing of it (AlertQuotes), only its kind, type and owner.
        Assert.Equal("seizure: seizure record of NCA", borderPayload.GetProperty("title").GetString());
        Assert.Equal("NCA", borderPayload.GetProperty("owner").GetString());
        Assert.DoesNotContain("Jansen", borderDelivery.Payload, StringComparison.Ordinal);
        Assert.Equal($"{alert.Id:N}.{border.Id:N}", borderDelivery.IdempotencyKey);

        var audited = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "alert.deliver").ToListAsync(Ct);
        Assert.Equal(2, audited.Count);
        Assert.All(audited, e => Assert.Equal(ncaAdmin.AgencyId, e.RecordAgencyId));
        Assert.All(audited, e => Assert.Equal(alert.Id.ToString(), e.RecordId));

        // A TLP:RED alert is beyond the agreement (AMBER at most): the partner subscribed up to RED still
        // gets nothing, and neither does the border police; an own-agency subscription up to RED does.
        var red = await AlertSubscriptions.CreateAsync(check, officer, new SubscriptionInput("Red too", [], null, null, "TLP:RED", null, "ui", null, false), Ct);
        var redBorder = await AlertSubscriptions.CreateAsync(check, bpAdmin, new SubscriptionInput("Red border", [], null, null, "TLP:RED", null, "ui", null, true), Ct);
        Alerts.Raise(check, CocaineSeizure(ncaAdmin.AgencyId!.Value, Tlp.Red));
        await check.SaveChangesAsync(Ct);
        await AlertFanOut.DispatchAsync(check, TestClock.Now, ct: Ct);
        var before = deliveries.Max(x => x.Id);
        var later = await check.AlertDeliveries.AsNoTracking().Where(d => d.Id > before).ToListAsync(Ct);
        Assert.Equal([red.Id], later.Select(d => d.SubscriptionId));
        Assert.NotEqual(Guid.Empty, redBorder.Id);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_inbox_counts_unread_per_user_and_marking_read_is_idempotent(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("admin");
        var officer = await s.ActorAsync("officer");
        var analyst = await s.ActorAsync("analyst");
        await using var db = s.Open();
        await AlertSubscriptions.CreateAsync(db, admin, new SubscriptionInput("Agency-wide", [], null, null, "TLP:RED", null, "ui", null, true), Ct);
        var raised = await Alerts.RaiseCustomAsync(db, analyst, new CustomAlertRequest(null, "Watch vessel MSC Aurora", "Tip from liaison officer", "high", "TLP:GREEN", "NLRTM", null, null), Ct);
        await Assert.ThrowsAsync<Forbidden>(() => Alerts.RaiseCustomAsync(db, officer, new CustomAlertRequest(null, "x", null, null, null, null, null, null), Ct));
        await AlertFanOut.DispatchAsync(db, TestClock.Now, ct: Ct);

        var inbox = await AlertSubscriptions.InboxAsync(db, officer, ct: Ct);
        Assert.Equal(1, inbox.Unread);
        Assert.Equal(raised.Id, inbox.Items.Single().Alert.GetProperty("id").GetGuid());
        Assert.Equal(1, await AlertSubscriptions.MarkReadAsync(db, officer, null, Ct));
        Assert.Equal(0, await AlertSubscriptions.MarkReadAsync(db, officer, null, Ct));
        Assert.Equal(0, await AlertSubscriptions.UnreadAsync(db, officer, Ct));
        Assert.Equal(1, await AlertSubscriptions.UnreadAsync(db, analyst, Ct)); // read state is per user
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Two_dispatcher_nodes_deliver_each_alert_once_per_subscription(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("admin");
        await using (var db = s.Open())
        {
            for (var i = 0; i < 5; i++)
            {
                await AlertSubscriptions.CreateAsync(db, admin, new SubscriptionInput($"Desk {i}", [], null, null, "TLP:RED", null, "ui", null, true), Ct);
            }
            for (var i = 0; i < 40; i++)
            {
                Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, $"Alert {i}", admin.AgencyId!.Value, Tlp.Green));
            }
            await db.SaveChangesAsync(Ct);
        }
        async Task<int> Node()
        {
            var dispatched = 0;
            while (true)
            {
                await using var db = s.Open();
                int n;
                try
                {
                    n = await AlertFanOut.DispatchAsync(db, TestClock.Now, batch: 5, ct: Ct);
                }
                catch (DbUpdateException)
                {
                    continue; // SQLite's single writer: the other node held the lock; try again as the worker does
                }
                if (n == 0 && !await db.Alerts.AnyAsync(a => a.DispatchedAt == null, Ct))
                {
                    return dispatched;
                }
                dispatched += n;
            }
        }
        var counts = await Task.WhenAll(Task.Run(Node, Ct), Task.Run(Node, Ct));
        Assert.Equal(40, counts.Sum());
        await using var check = s.Open();
        Assert.Equal(200, await check.AlertDeliveries.CountAsync(Ct));
        Assert.Equal(200, await check.AlertDeliveries.Select(d => d.IdempotencyKey).Distinct().CountAsync(Ct));
        Assert.Equal(200, await check.AuditEntries.CountAsync(e => e.Action == "alert.deliver", Ct));
    }
}
