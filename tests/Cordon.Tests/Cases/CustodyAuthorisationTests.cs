using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

/// <summary>Issue 17, custody chain takeover: custody goes to users the owner can name, and only they record what they do with the goods.</summary>
public sealed class CustodyAuthorisationTests
{
    private static async Task ShareSeizuresWithPcaAsync(TestStore s)
    {
        await using var db = s.Open();
        var proposed = await Agreements.ProposeAsync(db, await s.ActorAsync("admin"), new AgreementTerms("NCA seizures for the PCA laboratory", "NCA", "PCA",
            [RecordTypes.Seizure], "TLP:AMBER", ["investigation"], [], false, TestClock.Now.AddDays(-1), TestClock.Now.AddYears(1)), TestClock.Now, Ct);
        await Agreements.ApproveAsync(db, await s.ActorAsync("pca.admin"), proposed.Id, TestClock.Now, Ct);
    }

    private static HandoverRequest To(string who, string purpose = "laboratory") => new(who, "Amsterdam", purpose, null, ["SEAL-1", "SEAL-2"], null);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Custody_goes_only_to_users_of_the_owner_or_of_an_agency_the_seizure_is_shared_with(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, _) = await OfficersAsync(s);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);

        // A free-text custodian is refused: anyone could later create a user of that name.
        var freeText = await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("lab.amsterdam"), Ct));
        Assert.Contains("to", freeText.Errors.Keys);

        // Another agency's admin creates that user: still refused, with the same answer (no oracle of user names).
        var nbp = await db.Agencies.SingleAsync(a => a.Code == "NBP", Ct);
        db.Users.Add(new User { UserName = "lab.amsterdam", DisplayName = "Not a lab", AgencyId = nbp.Id, Roles = Roles.Officer, PasswordHash = "" });
        await db.SaveChangesAsync(Ct);
        var planted = await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("lab.amsterdam"), Ct));
        Assert.Equal(freeText.Errors["to"].Single().Replace("'lab.amsterdam'", "", StringComparison.Ordinal),
            planted.Errors["to"].Single().Replace("'lab.amsterdam'", "", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("pca.officer"), Ct));
        // Users of the owner without an operational role do not hold evidence either.
        await Assert.ThrowsAsync<ValidationFailed>(() => Custody.HandoverAsync(db, officer, seizure.Id, To("auditor"), Ct));

        // Under an agreement that shares the seizure for investigation, the partner's officer may receive it.
        await ShareSeizuresWithPcaAsync(s);
        var handover = await Custody.HandoverAsync(db, officer, seizure.Id, To("PCA.Officer"), Ct);
        Assert.Equal("pca.officer", handover.To);
        Assert.True((await Custody.VerifyAsync(db, seizure.Id, Ct)).Intact);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_the_authenticated_recipient_answers_and_records_samples_and_results(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        await ShareSeizuresWithPcaAsync(s);
        var (officer, supervisor) = await OfficersAsync(s);
        var partner = await s.ActorAsync("pca.officer");
        var partnerAdmin = await s.ActorAsync("pca.admin");
        var partnerKey = new Actor(null, partner.AgencyId, Roles.Officer, "api-key:lab", ActorKind.ApiKey);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        await Custody.HandoverAsync(db, officer, seizure.Id, To("pca.officer"), Ct);

        // The handing officer cannot write "pca.officer accepted the goods", nor can a supervisor, the partner's admin or a key.
        foreach (var impostor in new[] { officer, supervisor, partnerAdmin, partnerKey })
        {
            await Assert.ThrowsAsync<Forbidden>(() => Custody.AnswerAsync(db, impostor, seizure.Id, new AnswerRequest(true, null, null, null), Ct));
        }
        Assert.Equal(new Custody.CustodyPermissions(false, false, false), await Custody.PermissionsAsync(db, officer, seizure.Id, Ct));
        Assert.Equal(new Custody.CustodyPermissions(false, true, false), await Custody.PermissionsAsync(db, partner, seizure.Id, Ct));
        await Custody.AnswerAsync(db, partner, seizure.Id, new AnswerRequest(true, null, ["SEAL-1", "SEAL-2"], "intact"), Ct);

        // Now the partner holds the goods: only they take samples and record results.
        var sample = new SampleRequest([new CustodySample("S1", "one brick", "1 kg")], ["SEAL-3"], "analysis");
        await Assert.ThrowsAsync<Forbidden>(() => Custody.SampleAsync(db, officer, seizure.Id, sample, Ct));
        await Assert.ThrowsAsync<Forbidden>(() => Custody.SampleAsync(db, partnerAdmin, seizure.Id, sample, Ct));
        await Custody.SampleAsync(db, partner, seizure.Id, sample, Ct);
        await Assert.ThrowsAsync<Forbidden>(() => Custody.LabResultAsync(db, supervisor, seizure.Id, new LabResultRequest("S1", "sugar"), Ct));
        await Custody.LabResultAsync(db, partner, seizure.Id, new LabResultRequest("S1", "cocaine hydrochloride 87 %"), Ct);
        Assert.Equal(new Custody.CustodyPermissions(true, false, false), await Custody.PermissionsAsync(db, officer, seizure.Id, Ct));
        Assert.Equal(new Custody.CustodyPermissions(true, false, true), await Custody.PermissionsAsync(db, partner, seizure.Id, Ct));
        Assert.Equal(new Custody.CustodyPermissions(false, false, false), await Custody.PermissionsAsync(db, partnerAdmin, seizure.Id, Ct));

        var events = await db.CustodyEvents.AsNoTracking().Where(e => e.SeizureId == seizure.Id).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal(["officer", "officer", "pca.officer", "pca.officer", "pca.officer"], events.Select(e => Custody.View(e).RecordedBy));
        Assert.True((await Custody.VerifyAsync(db, seizure.Id, Ct)).Intact);
    }
}
