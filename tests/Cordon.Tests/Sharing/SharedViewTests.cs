using System.Text.Json;
using Cordon.Alerting;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

/// <summary>
/// What an agreement withholds never reaches the reader: nested item fields and totals derivable from
/// withheld item values, on the read, the list, the CSV export and the page; filters never answer
/// questions about withheld values; break-glass stays within its bounds. NCA owns the records, PCA
/// (abroad) reads them.
/// </summary>
public sealed class SharedViewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Withheld_item_descriptions_and_the_item_values_that_add_up_to_a_withheld_total_never_reach_the_partner(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid id;
        await using (var db = host.Store.Open())
        {
            var (nca, pca) = await AgenciesAsync(db);
            db.SharingAgreements.Add(Agreement(nca, pca, new RedactionRule(["items.description", "totalCif"])));
            id = AddDeclaration(db, nca, "SV-NESTED", "NLSVNESTED1", office: "NL000396", description: "Canary-description-5521", cifs: [1234.56m, 7890.12m]);
            await db.SaveChangesAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer", "investigation");

        var read = await Ok(partner, $"/api/declarations/{id}");
        var redacted = JsonDocument.Parse(read).RootElement.GetProperty("redacted").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("items.cif", redacted);
        foreach (var body in new[]
                 {
                     read,
                     await Ok(partner, "/api/declarations?declarant=SVDECL"),
                     await Ok(partner, "/api/declarations/export.csv?declarant=SVDECL"),
                     await Ok(partner, $"/declarations/{id}"),
                 })
        {
            Assert.Contains("SV-NESTED", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Canary-description-5521", body, StringComparison.Ordinal);
            foreach (var value in new[] { "1234.56", "7890.12", "9124.68", "1,234.56", "7,890.12", "9,124.68" })
            {
                Assert.DoesNotContain(value, body, StringComparison.Ordinal);
            }
        }

        // The owner still reads every value.
        var own = await Ok(await host.AsAsync("analyst", "investigation"), $"/api/declarations/{id}");
        Assert.Contains("Canary-description-5521", own, StringComparison.Ordinal);
        Assert.Contains("7890.12", own, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_filter_on_a_withheld_field_answers_as_it_would_for_a_random_value(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            var (nca, pca) = await AgenciesAsync(db);
            // The importer is personal data (withheld abroad without a data-protection clause); the office is withheld by name.
            db.SharingAgreements.Add(Agreement(nca, pca, new RedactionRule(["office", "declarant"]), personalData: false));
            AddDeclaration(db, nca, "SV-FILTER-1", "NLSVFILTER1", office: "NLSVOFF1", description: "Cars", cifs: [10m], caveats: Caveats.PersonalData);
            AddDeclaration(db, nca, "SV-FILTER-2", "NLSVFILTER1", office: "NLSVOFF1", description: "Cars", cifs: [10m], caveats: Caveats.PersonalData);
            await db.SaveChangesAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer", "investigation");
        // The partner does read the records (by number), only not the withheld fields.
        Assert.Contains("SV-FILTER-1", await Ok(partner, "/api/declarations?number=SV-FILTER-1"), StringComparison.Ordinal);

        foreach (var (field, withheld, random) in new[]
                 {
                     ("importer", "NLSVFILTER1", "NLZZZRANDOM9"),
                     ("office", "NLSVOFF1", "NLZZZOFF9"),
                     ("declarant", "SVDECL", "ZZRANDOMDECL"),
                 })
        {
            var a = JsonDocument.Parse(await Ok(partner, $"/api/declarations?{field}={withheld}")).RootElement;
            var b = JsonDocument.Parse(await Ok(partner, $"/api/declarations?{field}={random}")).RootElement;
            Assert.True(a.GetProperty("total").GetInt32() == b.GetProperty("total").GetInt32(), $"?{field}= answers {a.GetProperty("total")} for the withheld value, {b.GetProperty("total")} for a random one");
            Assert.Equal(a.GetProperty("rows").GetArrayLength(), b.GetProperty("rows").GetArrayLength());
            var csvA = await Ok(partner, $"/api/declarations/export.csv?{field}={withheld}");
            var csvB = await Ok(partner, $"/api/declarations/export.csv?{field}={random}");
            Assert.Equal(csvB.Split('\n').Length, csvA.Split('\n').Length);
        }
        // The owner's own filter still finds its records.
        var owner = await host.AsAsync("analyst", "investigation");
        Assert.Equal(2, JsonDocument.Parse(await Ok(owner, "/api/declarations?importer=NLSVFILTER1")).RootElement.GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Break_glass_never_overrides_law_enforcement_only_never_works_from_an_api_key_and_alerts_the_owner_at_once(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid leo, open;
        Guid nca, stat, pca;
        await using (var db = host.Store.Open())
        {
            (nca, pca) = await AgenciesAsync(db);
            var office = new Agency { Code = "STAT", Name = "National Statistics Office", Kind = AgencyKind.StatisticsOffice, Country = "NL" };
            db.Agencies.Add(office);
            stat = office.Id;
            leo = AddDeclaration(db, nca, "SV-GLASS-LEO", "NLSVGLASS1", office: "NL000396", description: "Cars", cifs: [10m], caveats: Caveats.LawEnforcementOnly);
            open = AddDeclaration(db, nca, "SV-GLASS-OPEN", "NLSVGLASS2", office: "NL000396", description: "Cars", cifs: [10m]);
            await db.SaveChangesAsync(Ct);
        }
        const string why = "Imminent threat to life at the border crossing";

        // A statistics office's signed-in supervisor: the caveat holds, whatever the justification.
        await using (var db = host.Store.Open())
        {
            var supervisor = new Actor(Guid.NewGuid(), stat, Roles.Supervisor, "Stat Supervisor", ActorKind.User);
            var policy = await AccessPolicy.ForAsync(db, supervisor, Purpose.Investigation, ct: Ct);
            var denied = await Assert.ThrowsAsync<Cordon.Common.Forbidden>(() => DeclarationQueries.GetAsync(db, policy, leo.ToString(), Ct, why));
            Assert.Contains("cannot override law-enforcement-only", denied.Message, StringComparison.Ordinal);
        }
        // An API key with the supervisor role: refused, naming why.
        await using (var db = host.Store.Open())
        {
            var key = new Actor(null, pca, Roles.Supervisor, "key", ActorKind.ApiKey);
            var policy = await AccessPolicy.ForAsync(db, key, Purpose.Investigation, ct: Ct);
            var denied = await Assert.ThrowsAsync<Cordon.Common.Forbidden>(() => DeclarationQueries.GetAsync(db, policy, open.ToString(), Ct, why));
            Assert.Contains("never an API key", denied.Message, StringComparison.Ordinal);
        }
        var client = await host.AsAsync("pca.officer", "investigation");
        client.DefaultRequestHeaders.Add("X-Cordon-Break-Glass", why);
        await (await client.GetAsync($"/api/declarations/{open}", Ct)).ProblemAsync(403);
        await using (var db = host.Store.Open())
        {
            Assert.False(await db.BreakGlassAccesses.AnyAsync(Ct));
        }

        // A law-enforcement partner's signed-in supervisor breaks the glass: the owner is alerted at once and sees it in its review.
        await using (var db = host.Store.Open())
        {
            var supervisor = new Actor(Guid.NewGuid(), pca, Roles.Supervisor, "Partner Supervisor", ActorKind.User);
            var policy = await AccessPolicy.ForAsync(db, supervisor, Purpose.Investigation, ct: Ct);
            var read = await DeclarationQueries.GetAsync(db, policy, open.ToString(), Ct, why);
            Assert.True(read.BreakGlass);
        }
        await using (var db = host.Store.Open())
        {
            var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == AlertKinds.BreakGlass, Ct);
            Assert.Equal((nca, open.ToString()), (alert.OwningAgencyId, alert.RecordId));
            Assert.Contains(why, alert.Summary, StringComparison.Ordinal);
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", Ct);
            var review = await AccessReview.ForAgencyAsync(db, new Actor(admin.Id, nca, Roles.AgencyAdmin, "Ada Admin", ActorKind.User), null, null, null, 1, 50, Ct);
            Assert.Contains(review.BreakGlass, b => b.RecordId == open.ToString());
        }
        Assert.Contains("Break-glass read of your declaration by PCA", await Ok(await host.AsAsync("admin", "investigation"), "/api/alerts"), StringComparison.Ordinal);
    }

    internal static async Task<(Guid Nca, Guid Pca)> AgenciesAsync(CordonDb db)
        => ((await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id, (await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct)).Id);

    internal static SharingAgreement Agreement(Guid provider, Guid recipient, RedactionRule redaction, bool personalData = true, string[]? types = null) => new()
    {
        Title = "Shared view test",
        ProviderAgencyId = provider,
        RecipientAgencyId = recipient,
        RecordTypes = types ?? [RecordTypes.Declaration],
        MaxMarking = Tlp.Amber,
        Purposes = Enum.GetValues<Purpose>(),
        Redactions = [redaction],
        PersonalData = personalData,
        OnwardSharing = true, // the tests read the CSV export too
        ValidFrom = TestClock.Now.AddDays(-1),
        ValidUntil = TestClock.Now.AddDays(30),
        Status = AgreementStatus.Active,
        ProviderApprovedAt = TestClock.Now.AddDays(-1),
        RecipientApprovedAt = TestClock.Now.AddDays(-1),
    };

    private static Guid AddDeclaration(CordonDb db, Guid owner, string number, string importer, string office, string description, decimal[] cifs, Caveats caveats = Caveats.None)
    {
        var d = new Declaration
        {
            OwningAgencyId = owner, Marking = Tlp.Green, Caveats = caveats, Kind = DeclarationKind.Import, Office = office, Declarant = "SVDECL", Number = number,
            LodgedOn = new DateOnly(2026, 3, 1), ImporterCode = importer, ImporterName = "Importer " + number, ImporterCountry = "NL",
            OriginCountry = "CN", Currency = "EUR", TotalCif = cifs.Sum(), ItemCount = cifs.Length, ContentHash = new byte[32], UpdatedBy = "shared views",
            FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        var line = 0;
        foreach (var cif in cifs)
        {
            d.Items.Add(new DeclarationItem { Line = ++line, HsCode = "870323", Description = description, Cif = cif });
        }
        db.Declarations.Add(d);
        return d.Id;
    }

    private static async Task<string> Ok(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }
}
