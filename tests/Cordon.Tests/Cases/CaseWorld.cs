using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Cases;

/// <summary>A demo-seeded store with NCA declarations, and the demo users as actors.</summary>
internal static class CaseWorld
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TestStore> StoreAsync(string kind, int declarations = 3)
    {
        var s = await DemoActors.SeededStoreAsync(kind);
        await using var db = s.Open();
        var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
        for (var i = 1; i <= declarations; i++)
        {
            db.Declarations.Add(Declaration(nca.Id, $"26NLTEST{i:D6}"));
        }
        await db.SaveChangesAsync(Ct);
        return s;
    }

    public static Declaration Declaration(Guid agency, string number) => new()
    {
        OwningAgencyId = agency,
        Office = "NL000396",
        Declarant = "NL987654321",
        Number = number,
        LodgedOn = DateOnly.FromDateTime(TestClock.Now.UtcDateTime),
        ImporterCode = "NL123456789",
        ImporterName = "Fresh Fruit Import B.V.",
        OriginCountry = "EC",
        Currency = "EUR",
        TotalCif = 48_000m,
        ItemCount = 1,
        ContentHash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(number)),
        UpdatedBy = "test",
        Items = [new DeclarationItem { Line = 1, HsCode = "0803901000", Description = "Bananas, fresh", Quantity = 20_000, Unit = "kg", NetKg = 20_000, Cif = 48_000m }],
    };

    public static async Task<Guid> DeclarationIdAsync(CordonDb db, int n = 1)
        => await db.Declarations.Where(d => d.Number == $"26NLTEST{n:D6}").Select(d => d.Id).SingleAsync(Ct);

    public static NewSeizure Seizure(Guid? caseId = null, string marking = "TLP:AMBER", bool perishable = false, decimal paymentDue = 0, string owner = "Jan de Groot") => new()
    {
        CaseId = caseId,
        Office = "NL000396",
        Place = "Maasvlakte scanner bay 3",
        Latitude = 51.95,
        Longitude = 4.04,
        SeizedAt = TestClock.Now.AddHours(-1),
        RouteFrom = "EC",
        RouteTo = "NL",
        Items = [new SeizedItemRequest("white powder bricks", "293972", 42, "kg", 42.3m, 2_100_000m, "EUR", "cocaine")],
        SeizingOfficers = ["officer"],
        Witnesses = ["Mira Jansen"],
        Owner = owner,
        LegalBasis = "Opium Act art. 2",
        ConcealmentMethod = "behind the cooling unit",
        DetectionMethod = "X-ray scanner",
        SealNumbers = ["SEAL-1", "SEAL-2"],
        Perishable = perishable,
        PaymentDue = paymentDue,
        AppealPeriodDays = 30,
        Marking = marking,
    };

    public static async Task<(Actor Officer, Actor Supervisor)> OfficersAsync(TestStore s) => (await s.ActorAsync("officer"), await s.ActorAsync("supervisor"));
}
