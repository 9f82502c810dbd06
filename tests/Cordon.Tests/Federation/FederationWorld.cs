using Cordon.Cases;
using Cordon.Federation;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Federation;

/// <summary>What the federation tests set up on a store: demo agencies, a partner, its agency, an agreement in force.</summary>
public static class FederationWorld
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The time operations are given: the demo agencies and agreements are seeded relative to the real clock.</summary>
    public static DateTimeOffset Now => TestClock.Now;

    public static NewSeizure Seizure(string marking = "TLP:AMBER", string owner = "Jan Smuggler") => new()
    {
        Office = "NLRTM",
        Place = "Maasvlakte terminal",
        Latitude = 51.95,
        Longitude = 4.05,
        RouteFrom = "CO",
        RouteTo = "NL",
        Items = [new SeizedItemRequest("cocaine bricks in banana boxes", null, 12, "kg", 12.4m, 480000, "EUR", "cocaine")],
        SeizingOfficers = ["Oscar Officer"],
        Witnesses = ["Wendy Witness"],
        Owner = owner,
        LegalBasis = "Customs Act art. 1:33",
        ConcealmentMethod = "false floor",
        DetectionMethod = "x-ray",
        SealNumbers = ["SEAL-1"],
        StorageLocation = "Vault 3",
        Marking = marking,
    };

    public static AgreementTerms Terms(string recipient = "BETA-NCA") => new(
        "Seizures for the partner's investigations", "NCA", recipient, [RecordTypes.Seizure], "TLP:AMBER", ["investigation"],
        [new RedactionRule([RedactionRule.PersonalData])], false, null, null);

    public static Actor ActorOf(CordonDb db, string userName)
    {
        var user = db.Users.Single(u => u.UserName == userName);
        return new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
    }

    /// <summary>At the sending store: partner <paramref name="partner"/>, its agency NCA as BETA-NCA, and an agreement NCA → BETA-NCA in force.</summary>
    public static async Task<(FederationPartner Partner, Guid Agreement)> SenderAsync(CordonDb db, string partner, string federationKey, string auditKey)
    {
        await Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        var op = ActorOf(db, "operator");
        var self = Installation.Create("alpha", Path.Combine(Path.GetTempPath(), $"cordon-fed-{Guid.NewGuid():N}.key"));
        await FederationPartners.AddAsync(db, op, self, new NewPartner(partner, "http://localhost", federationKey, auditKey), Now, Ct);
        await FederationPartners.AddAgencyAsync(db, op, partner, new NewPartnerAgency("BETA-NCA", "NCA", "National Customs Administration of beta", "BE", null), Ct);
        var agreement = await Agreements.ProposeAsync(db, ActorOf(db, "admin"), Terms(), TestClock.Now, Ct);
        await FederationPartners.RecordPartnerApprovalAsync(db, op, agreement.Id, "letter 2026/17", Now, Ct);
        return (await db.FederationPartners.SingleAsync(p => p.Name == partner, Ct), agreement.Id);
    }
}
