using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

/// <summary>Issue 17: custody goes to a user or to a named post held by users, with the same eligibility either way.</summary>
public sealed class CustodyPostTests
{
    private static HandoverRequest To(string who, string purpose = "storage") => new(who, "Rotterdam evidence store, room 2", purpose, null, ["SEAL-1", "SEAL-2"], null);

    private static readonly AnswerRequest Accept = new(true, null, ["SEAL-1", "SEAL-2"], "intact");

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Goods_handed_to_a_post_are_answered_and_sampled_by_whoever_holds_the_post_when_they_act(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        var admin = await s.ActorAsync("admin");
        await using var db = s.Open();
        var post = await CustodyPosts.SaveAsync(db, admin, "NCA", "Evidence-Store.Rotterdam", new CustodyPostInput("Rotterdam evidence store", ["supervisor"]), Ct);
        Assert.Equal("evidence-store.rotterdam", post.Name);
        Assert.Equal(["supervisor"], post.Holders);
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);

        var handover = await Custody.HandoverAsync(db, officer, seizure.Id, To("evidence-store.rotterdam"), Ct);
        Assert.Equal("evidence-store.rotterdam", handover.To);
        // The handing officer does not hold the post: he cannot record its acceptance, and is not offered the form.
        await Assert.ThrowsAsync<Forbidden>(() => Custody.AnswerAsync(db, officer, seizure.Id, Accept, Ct));
        Assert.Equal(new Custody.CustodyPermissions(false, false, false), await Custody.PermissionsAsync(db, officer, seizure.Id, Ct));
        Assert.Equal(new Custody.CustodyPermissions(false, true, false), await Custody.PermissionsAsync(db, supervisor, seizure.Id, Ct));
        var accepted = await Custody.AnswerAsync(db, supervisor, seizure.Id, Accept, Ct);
        Assert.Equal("supervisor", accepted.RecordedBy);

        // The post holds the goods: its holder samples them, the owner's other officers do not.
        var sample = new SampleRequest([new CustodySample("S1", "one brick", "1 kg")], ["SEAL-3"], "analysis");
        await Assert.ThrowsAsync<Forbidden>(() => Custody.SampleAsync(db, officer, seizure.Id, sample, Ct));
        await Custody.SampleAsync(db, supervisor, seizure.Id, sample, Ct);

        // The shift changes: holding is checked when one acts, not when the goods arrived.
        await CustodyPosts.SaveAsync(db, admin, "NCA", "evidence-store.rotterdam", new CustodyPostInput("Rotterdam evidence store", ["officer"]), Ct);
        await Assert.ThrowsAsync<Forbidden>(() => Custody.LabResultAsync(db, supervisor, seizure.Id, new LabResultRequest("S1", "cocaine HCl 81%"), Ct));
        await Custody.LabResultAsync(db, officer, seizure.Id, new LabResultRequest("S1", "cocaine HCl 81%"), Ct);
        Assert.Equal(new Custody.CustodyPermissions(true, false, true), await Custody.PermissionsAsync(db, officer, seizure.Id, Ct));

        // Handing the goods back to the post that holds them is refused, naming it.
        var again = await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("evidence-store.rotterdam"), Ct));
        Assert.Contains("already holds", again.Errors["to"].Single(), StringComparison.Ordinal);
        Assert.True((await Custody.VerifyAsync(db, seizure.Id, Ct)).Intact);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partners_post_receives_custody_only_under_an_agreement_and_nobody_can_take_a_posts_name(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, _) = await OfficersAsync(s);
        var partnerAdmin = await s.ActorAsync("pca.admin");
        var bpAdmin = await s.ActorAsync("bp.admin");
        await using var db = s.Open();

        // Holders are the post's own agency's officers or supervisors; an admin sets only their own agency's posts.
        var foreign = await Assert.ThrowsAsync<ValidationFailed>(() =>
            CustodyPosts.SaveAsync(db, partnerAdmin, "PCA", "lab.pca", new CustodyPostInput("PCA laboratory", ["officer"]), Ct));
        Assert.Contains("holders[0]", foreign.Errors.Keys);
        await Assert.ThrowsAsync<Forbidden>(() => CustodyPosts.SaveAsync(db, bpAdmin, "PCA", "lab.pca", new CustodyPostInput("PCA laboratory", ["pca.officer"]), Ct));
        var userName = await Assert.ThrowsAsync<ValidationFailed>(() =>
            CustodyPosts.SaveAsync(db, partnerAdmin, "PCA", "pca.officer", new CustodyPostInput("PCA laboratory", ["pca.officer"]), Ct));
        Assert.Contains("name", userName.Errors.Keys);
        await CustodyPosts.SaveAsync(db, partnerAdmin, "PCA", "lab.pca", new CustodyPostInput("PCA laboratory, Antwerp", ["pca.officer"]), Ct);

        // Another agency can take the name neither as a post nor as a user (the takeover of issue 17, by a post's name).
        var post = await Assert.ThrowsAsync<ValidationFailed>(() =>
            CustodyPosts.SaveAsync(db, bpAdmin, "NBP", "lab.pca", new CustodyPostInput("Not a lab", ["bp.officer"]), Ct));
        Assert.Contains("name", post.Errors.Keys);
        var user = await Assert.ThrowsAsync<ValidationFailed>(() =>
            UserAdministration.CreateAsync(db, bpAdmin, new NewUser("lab.pca", "Not a lab", "NBP", ["officer"], "Border-Lab-Pass-2026!"), Ct));
        Assert.Contains("userName", user.Errors.Keys);

        // Without an agreement the partner's post is refused as the partner's users are; with one, it receives.
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("lab.pca", "laboratory"), Ct));
        Assert.Contains("custody post", refused.Errors["to"].Single(), StringComparison.Ordinal);
        var proposed = await Agreements.ProposeAsync(db, await s.ActorAsync("admin"), new AgreementTerms("NCA seizures for the PCA laboratory", "NCA", "PCA",
            [RecordTypes.Seizure], "TLP:AMBER", ["investigation"], [], false, TestClock.Now.AddDays(-1), TestClock.Now.AddYears(1)), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, partnerAdmin, proposed.Id, TestClock.Now, Ct);
        await Custody.HandoverAsync(db, officer, seizure.Id, To("LAB.PCA", "laboratory"), Ct);
        await Assert.ThrowsAsync<Forbidden>(() => Custody.AnswerAsync(db, partnerAdmin, seizure.Id, Accept, Ct));
        await Custody.AnswerAsync(db, await s.ActorAsync("pca.officer"), seizure.Id, Accept, Ct);

        // Each agency lists its own posts only.
        Assert.Equal(["lab.pca"], (await CustodyPosts.ListAsync(db, partnerAdmin, Ct)).Select(p => p.Name));
        Assert.Empty(await CustodyPosts.ListAsync(db, bpAdmin, Ct));
        Assert.True((await Custody.VerifyAsync(db, seizure.Id, Ct)).Intact);
    }
}
