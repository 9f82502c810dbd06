using System.Text.Json;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Federation;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Federation.FederationWorld;

namespace Cordon.Tests.Federation;

public sealed class FederationTests
{
    private static Installation NewInstallation(string name) => Installation.Create(name, Path.Combine(Path.GetTempPath(), $"cordon-fed-{Guid.NewGuid():N}.key"));

    [Fact]
    public void Envelope_verifies_only_with_the_sender_key_for_the_named_receiver()
    {
        var alpha = NewInstallation("alpha");
        var mallory = NewInstallation("alpha"); // same name, another key
        var envelope = Envelopes.Seal(alpha, "beta", """{"v":1,"items":[]}""");

        Assert.Equal("alpha", Envelopes.ClaimedSender(envelope));
        Assert.Null(Envelopes.Verify(envelope, alpha.Signer.Verifier, "alpha", "beta"));
        Assert.Contains("not signed with alpha's federation key", Envelopes.Verify(envelope, mallory.Signer.Verifier, "alpha", "beta"), StringComparison.Ordinal);
        Assert.Contains("addressed to 'beta'", Envelopes.Verify(envelope, alpha.Signer.Verifier, "alpha", "gamma"), StringComparison.Ordinal);
        Assert.Contains("altered in transit", Envelopes.Verify(envelope with { Payload = """{"v":1,"items":[{}]}""" }, alpha.Signer.Verifier, "alpha", "beta"), StringComparison.Ordinal);
        Assert.Contains("not signed", Envelopes.Verify(envelope with { Signature = "cordon-federation/v1\nalpha\nbeta\nxx\n" }, alpha.Signer.Verifier, "alpha", "beta"), StringComparison.Ordinal);
        Assert.Contains("not signed", Envelopes.Verify(mallory is { } m ? Envelopes.Seal(m, "beta", envelope.Payload) : envelope, alpha.Signer.Verifier, "alpha", "beta"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Outbox_numbers_items_without_gaps_and_only_the_redacted_shared_seizure_leaves(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        var beta = NewInstallation("beta");
        var (partner, agreement) = await SenderAsync(db, "beta", beta.Signer.Verifier.ToString(), beta.Signer.Verifier.ToString());
        var officer = ActorOf(db, "officer");
        var shared = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        var secret = await Seizures.CreateAsync(db, officer, Seizure("TLP:RED", owner: "Red Owner"), Ct);

        Assert.Equal(2, await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct));
        Assert.Equal(0, await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct));
        var items = await db.FederationOutbox.AsNoTracking().Where(i => i.PartnerId == partner.Id).OrderBy(i => i.Sequence).ToListAsync(Ct);
        Assert.Equal([1L, 2L], items.Select(i => i.Sequence));
        Assert.Equal([ItemKinds.Agreement, ItemKinds.Record], items.Select(i => i.Kind));
        Assert.Equal(shared.Id.ToString(), items[1].RecordId);
        Assert.DoesNotContain(items, i => i.RecordId == secret.Id.ToString());
        var body = JsonDocument.Parse(items[1].Body).RootElement;
        Assert.Equal(2, body.GetProperty("seq").GetInt64());
        var view = body.GetProperty("view");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("witnesses").ValueKind);
        Assert.DoesNotContain("Jan Smuggler", items[1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Wendy Witness", items[1].Body, StringComparison.Ordinal);
        Assert.Equal("NLRTM", view.GetProperty("office").GetString());

        // A change of the seizure is queued again as its next version, after what is already queued.
        await Seizures.ActAsync(db, officer, shared.Id, LegalAction.IssueNotice, new LegalRequest("notice to the owner", null, null, null, null, null, null, null, null, shared.Version), Ct);
        Assert.Equal(1, await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct));
        var next = await db.FederationOutbox.AsNoTracking().SingleAsync(i => i.PartnerId == partner.Id && i.Sequence == 3, Ct);
        Assert.Equal(shared.Id.ToString(), next.RecordId);

        // Revoked: a revocation follows, and the queued record is withheld at the moment of sending.
        await Agreements.RevokeAsync(db, ActorOf(db, "admin"), agreement, "partner no longer needs it", TestClock.Now, Ct);
        Assert.Equal(1, await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct));
        var revocation = await db.FederationOutbox.AsNoTracking().SingleAsync(i => i.PartnerId == partner.Id && i.Sequence == 4, Ct);
        Assert.Equal(ItemKinds.Revocation, revocation.Kind);
        await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        Assert.Equal(0, await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Inbox_applies_each_item_once_refuses_gaps_and_the_mirror_decides_who_reads(string store)
    {
        await using var a = await TestStore.CreateAsync(store);
        await using var b = await TestStore.CreateAsync(store);
        var alpha = NewInstallation("alpha");
        var beta = NewInstallation("beta");
        FederationBatch batch;
        Guid sharedId;
        Guid agreement;
        await using (var db = a.Open())
        {
            (var partner, agreement) = await SenderAsync(db, "beta", beta.Signer.Verifier.ToString(), beta.Signer.Verifier.ToString());
            sharedId = (await Seizures.CreateAsync(db, ActorOf(db, "officer"), Seizure(), Ct)).Id;
            await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
            batch = await BatchAsync(db, partner.Id, 0);
        }
        await using var rdb = b.Open();
        await Demo.DemoSeed.SeedAsync(rdb, TestClock.Now, Ct);
        await FederationPartners.AddAsync(rdb, ActorOf(rdb, "operator"), beta,
            new NewPartner("alpha", "http://localhost", alpha.Signer.Verifier.ToString(), alpha.Signer.Verifier.ToString()), Now, Ct);
        var fromAlpha = await rdb.FederationPartners.AsNoTracking().SingleAsync(Ct);

        var first = await FederationInbox.ApplyAsync(rdb, fromAlpha, batch, Now, Ct);
        Assert.Equal((2L, 2, 0), (first.Cursor, first.Applied, first.Duplicates));
        var again = await FederationInbox.ApplyAsync(b.Open(), fromAlpha, batch, Now, Ct);
        Assert.Equal((2L, 0, 2), (again.Cursor, again.Applied, again.Duplicates));
        // An item after a gap is not applied: the cursor stays, and the sender resumes from it.
        var gap = await FederationInbox.ApplyAsync(b.Open(), fromAlpha, batch with { Items = [batch.Items[1] with { Seq = 5 }] }, Now, Ct);
        Assert.Equal((2L, 0), (gap.Cursor, gap.Applied));

        await using (var check = b.Open())
        {
            Assert.Equal(1, await check.FederationCopies.CountAsync(Ct));
            var copy = await check.Seizures.AsNoTracking().SingleAsync(x => x.Id == sharedId, Ct);
            var owner = await check.Agencies.AsNoTracking().SingleAsync(x => x.Id == copy.OwningAgencyId, Ct);
            Assert.Equal("ALPHA-NCA", owner.Code);
            Assert.Null(copy.Owner);
            Assert.Empty(copy.Witnesses);
            Assert.True(copy.Caveats.HasFlag(Caveats.NoOnwardSharing));
            Assert.StartsWith("ALPHA:SZ-", copy.Reference, StringComparison.Ordinal);

            var nca = await AccessPolicy.ForAsync(check, ActorOf(check, "officer"), Purpose.Investigation, ct: Ct);
            Assert.Equal(AccessKind.Redact, nca.Decide(Seizures.Ref(copy)).Kind);
            Assert.Single(await Seizures.ListAsync(check, nca, ct: Ct), r => r.Id == sharedId && r.Agency == "ALPHA-NCA");
            var stats = await AccessPolicy.ForAsync(check, ActorOf(check, "officer"), Purpose.Statistics, ct: Ct);
            Assert.False(stats.Decide(Seizures.Ref(copy)).Allowed);
            var border = await AccessPolicy.ForAsync(check, ActorOf(check, "bp.officer"), Purpose.Investigation, ct: Ct);
            Assert.False(border.Decide(Seizures.Ref(copy)).Allowed);
            Assert.Empty(await Seizures.ListAsync(check, border, ct: Ct));

            // No onward sharing: NCA here cannot make an agreement that passes alpha's records to NIS.
            var onwardTerms = Terms("NIS") with { Provider = "ALPHA-NCA", Recipient = "NIS" };
            await Assert.ThrowsAsync<Forbidden>(() => Agreements.ProposeAsync(check, ActorOf(check, "admin"), onwardTerms, TestClock.Now, Ct));
            // Even the operator's draft never comes into force: no one here speaks for alpha's agency.
            var onward = await Agreements.ProposeAsync(check, Cordon.Identity.Actor.LocalOperator, onwardTerms, TestClock.Now, Ct);
            await Assert.ThrowsAsync<Conflict>(() => FederationPartners.RecordPartnerApprovalAsync(check, ActorOf(check, "operator"), onward.Id, "none", Now, Ct));
            Assert.Equal("PendingApproval", onward.Status);
            // Nor forward them to another installation: the copy's owner provides nothing to anyone.
            var gamma = NewInstallation("gamma");
            await FederationPartners.AddAsync(check, ActorOf(check, "operator"), beta, new NewPartner("gamma", "http://localhost", gamma.Signer.Verifier.ToString(), gamma.Signer.Verifier.ToString()), Now, Ct);
            await FederationPartners.AddAgencyAsync(check, ActorOf(check, "operator"), "gamma", new NewPartnerAgency("GAMMA-NCA", "NCA", "Customs of gamma", "DE", null), Ct);
            var toGamma = await check.FederationPartners.SingleAsync(p => p.Name == "gamma", Ct);
            Assert.Equal(0, await FederationOutbox.EnqueueAsync(check, toGamma, Now, 100, Ct));
        }

        // The revocation at the sender reaches the mirror; the copies are no longer readable.
        await using (var db = a.Open())
        {
            await Agreements.RevokeAsync(db, ActorOf(db, "admin"), agreement, "investigation closed", TestClock.Now, Ct);
            var partner = await db.FederationPartners.SingleAsync(Ct);
            await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
            var revocation = await FederationInbox.ApplyAsync(b.Open(), fromAlpha, await BatchAsync(db, partner.Id, 2), Now, Ct);
            Assert.Equal((3L, 1), (revocation.Cursor, revocation.Applied));
        }
        await using (var check = b.Open())
        {
            var mirror = await check.SharingAgreements.AsNoTracking().SingleAsync(x => x.Id == agreement, Ct);
            Assert.Equal(AgreementStatus.Revoked, mirror.Status);
            var copy = await check.Seizures.AsNoTracking().SingleAsync(x => x.Id == sharedId, Ct);
            var nca = await AccessPolicy.ForAsync(check, ActorOf(check, "officer"), Purpose.Investigation, ct: Ct);
            Assert.Contains("revoked", nca.Decide(Seizures.Ref(copy)).Reason, StringComparison.Ordinal);
            Assert.Empty(await Seizures.ListAsync(check, nca, ct: Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task One_batch_holding_two_versions_and_the_revocation_applies_in_order(string store)
    {
        await using var a = await TestStore.CreateAsync(store);
        await using var b = await TestStore.CreateAsync(store);
        var beta = NewInstallation("beta");
        FederationBatch batch;
        Guid sharedId;
        await using (var db = a.Open())
        {
            var (partner, agreement) = await SenderAsync(db, "beta", beta.Signer.Verifier.ToString(), beta.Signer.Verifier.ToString());
            var officer = ActorOf(db, "officer");
            var shared = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
            sharedId = shared.Id;
            await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
            await Seizures.ActAsync(db, officer, shared.Id, LegalAction.IssueNotice, new LegalRequest("notice", null, null, null, null, null, null, null, null, shared.Version), Ct);
            await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
            await Agreements.RevokeAsync(db, ActorOf(db, "admin"), agreement, "closed", TestClock.Now, Ct);
            await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
            batch = await BatchAsync(db, partner.Id, 0);
        }
        Assert.Equal([ItemKinds.Agreement, ItemKinds.Record, ItemKinds.Record, ItemKinds.Revocation], batch.Items.Select(i => i.Kind));
        await using var rdb = b.Open();
        await Demo.DemoSeed.SeedAsync(rdb, TestClock.Now, Ct);
        var alpha = NewInstallation("alpha");
        await FederationPartners.AddAsync(rdb, ActorOf(rdb, "operator"), beta, new NewPartner("alpha", "http://localhost", alpha.Signer.Verifier.ToString(), alpha.Signer.Verifier.ToString()), Now, Ct);
        var receipt = await FederationInbox.ApplyAsync(rdb, await rdb.FederationPartners.AsNoTracking().SingleAsync(Ct), batch, Now, Ct);
        Assert.Equal((4L, 4), (receipt.Cursor, receipt.Applied));
        await using var check = b.Open();
        Assert.Equal(2, (await check.FederationCopies.SingleAsync(Ct)).Version);
        Assert.Equal(LegalState.NoticeIssued, (await check.Seizures.SingleAsync(x => x.Id == sharedId, Ct)).LegalState);
        Assert.Equal(AgreementStatus.Revoked, (await check.SharingAgreements.SingleAsync(Ct)).Status);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Record_withheld_while_the_agreement_awaited_reapproval_is_sent_once_it_is_back_in_force(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        var beta = NewInstallation("beta");
        var (partner, agreement) = await SenderAsync(db, "beta", beta.Signer.Verifier.ToString(), beta.Signer.Verifier.ToString());
        var shared = await Seizures.CreateAsync(db, ActorOf(db, "officer"), Seizure(), Ct);
        await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
        await Agreements.ChangeAsync(db, ActorOf(db, "admin"), agreement, Terms() with { Title = "Seizures for the partner, amended" }, TestClock.Now, Ct);

        // The partner is unreachable, but the record is withheld before anything is sent: the agreement is not in force.
        using var unreachable = new HttpClient();
        partner.BaseUrl = "http://127.0.0.1:9";
        Assert.Equal(0, await FederationOutbox.DeliverAsync(db, NewInstallation("alpha"), partner, unreachable, DeliveryOptions.Default, Now, Ct));
        Assert.NotNull(partner.LastError);
        Assert.Equal(ItemKinds.Withheld, (await db.FederationOutbox.AsNoTracking().SingleAsync(i => i.Sequence == 2, Ct)).Kind);

        await FederationPartners.RecordPartnerApprovalAsync(db, ActorOf(db, "operator"), agreement, "amended letter", Now, Ct);
        await FederationOutbox.EnqueueAsync(db, partner, Now, 100, Ct);
        var items = await db.FederationOutbox.AsNoTracking().Where(i => i.Sequence > 2).OrderBy(i => i.Sequence).ToListAsync(Ct);
        Assert.Contains(items, i => i.Kind == ItemKinds.Record && i.RecordId == shared.Id.ToString());
        Assert.Equal(Enumerable.Range(1, items.Count + 2).Select(i => (long)i), await db.FederationOutbox.AsNoTracking().OrderBy(i => i.Sequence).Select(i => i.Sequence).ToListAsync(Ct));
    }

    [Fact]
    public void Copy_references_name_their_origin_and_stay_within_the_column()
    {
        Assert.Equal("ALPHA:SZ-2026-0001", FederationInbox.CopyReference("alpha", "SZ-2026-0001", Guid.NewGuid()));
        var longer = FederationInbox.CopyReference("customs.example.org", "SZ-2026-000000001", Guid.NewGuid());
        Assert.Equal(20, longer.Length);
        Assert.StartsWith("CUSTOM:", longer, StringComparison.Ordinal);
    }

    private static async Task<FederationBatch> BatchAsync(CordonDb db, Guid partner, long after)
    {
        var bodies = await db.FederationOutbox.AsNoTracking().Where(i => i.PartnerId == partner && i.Sequence > after).OrderBy(i => i.Sequence).Select(i => i.Body).ToListAsync(Ct);
        return JsonSerializer.Deserialize<FederationBatch>($"{{\"v\":1,\"from\":\"alpha\",\"to\":\"beta\",\"items\":[{string.Join(',', bodies)}]}}", FederationJson.Options)!;
    }
}
