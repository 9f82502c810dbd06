using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>Passenger and crew lists stored on both stores: versions, idempotency, refusals per message, and sharing.</summary>
public sealed class ManifestStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<PassengerImportResult> ImportAsync(TestStore store, string text, string source = "test.edi")
    {
        await using var db = store.Open();
        var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        using var stream = new MemoryStream(Encoding.Latin1.GetBytes(text));
        return await PassengerImport.ImportAsync(stream, PassengerFormat.Paxlst, db, new ManifestContext(nca, Actor.LocalOperator, source, TravellerSamples.Cards), TestClock.Real, null, Ct);
    }

    private static async Task<TestStore> SeededAsync(string kind)
    {
        var store = await TestStore.CreateAsync(kind);
        await using var db = store.Open();
        db.Agencies.Add(new Agency { Code = "NCA", Name = "National Customs Administration", Kind = AgencyKind.Customs, Country = "NL" });
        await db.SaveChangesAsync(Ct);
        return store;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_list_is_stored_once_and_a_later_list_for_the_flight_replaces_it_as_version_2(string kind)
    {
        await using var store = await SeededAsync(kind);
        var first = await ImportAsync(store, PaxlstSamples.UnitedStates);
        Assert.Equal((1, 0, 2), (first.Accepted, first.Rejected, first.Travellers));
        Assert.Empty(first.InterchangeErrors);

        var again = await ImportAsync(store, PaxlstSamples.UnitedStates);
        Assert.Equal((0, 1, 0), (again.Accepted, again.Duplicates, again.Travellers));

        // The carrier's update: Jane Smith is off the flight; a new interchange and message reference.
        var updated = PaxlstSamples.UnitedStates
            .Replace("000000001", "000000002", StringComparison.Ordinal).Replace("PAX001", "PAX002", StringComparison.Ordinal)
            .Replace("NAD+FL+++SMITH:JANE'\nATT+2++F'\nDTM+329:19850302:102'\nNAT+2+GBR'\nRFF+AVF:ABC123'\nDOC+P+123456789'\nDTM+36:20120101:102'\nLOC+91+GBR'\n", "", StringComparison.Ordinal)
            .Replace("CNT+42:2'", "CNT+42:1'", StringComparison.Ordinal).Replace("UNT+33+", "UNT+25+", StringComparison.Ordinal);
        var replaced = await ImportAsync(store, updated);
        Assert.True(replaced.Replaced == 1, string.Join("; ", replaced.Lists.SelectMany(l => l.Errors).Concat(replaced.InterchangeErrors)));
        Assert.Equal(2, replaced.Lists[0].Version);

        await using var db = store.Open();
        var manifest = await db.PassengerManifests.SingleAsync(Ct);
        Assert.Equal((2, 1, "000000002/PAX002", "YVR JFK"), (manifest.Version, manifest.TravellerCount, manifest.MessageReference, manifest.Route));
        var traveller = await db.Travellers.Include(t => t.Documents).SingleAsync(Ct);
        Assert.Equal(("DOE", 2, "MB140241"), (traveller.Surname, traveller.ManifestVersion, traveller.Documents.Single().Number));
        Assert.Equal(1, await db.TravelDocuments.CountAsync(Ct));
        Assert.Equal([1, 2], await db.PassengerManifestVersions.OrderBy(v => v.Version).Select(v => v.Version).ToListAsync(Ct));
        // The first version is still there to read, with Jane Smith on it.
        Assert.Contains("SMITH", (await db.PassengerManifestVersions.SingleAsync(v => v.Version == 1, Ct)).Content);

        // The earlier interchange re-sent late is the same list as version 1: not a new version.
        var late = await ImportAsync(store, PaxlstSamples.UnitedStates);
        Assert.Equal(1, late.Duplicates + late.Replaced);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_crew_list_for_the_same_flight_does_not_replace_its_passenger_list(string kind)
    {
        await using var store = await SeededAsync(kind);
        var crewOnUa123 = PaxlstSamples.EuropeanCrew.Replace("KL1234+++KL", "UA123+++UA", StringComparison.Ordinal)
            .Replace("LOC+125+AMS'DTM+189:202612061030:203'", "LOC+125+YVR'DTM+189:200704291230:203'", StringComparison.Ordinal)
            .Replace("LOC+87+LHR'", "LOC+87+JFK'", StringComparison.Ordinal);
        Assert.Equal(1, (await ImportAsync(store, PaxlstSamples.UnitedStates)).Accepted);
        Assert.Equal(1, (await ImportAsync(store, crewOnUa123)).Accepted);
        await using var db = store.Open();
        Assert.Equal([(ManifestLists.Crew, 2), (ManifestLists.Passengers, 2)],
            (await db.PassengerManifests.OrderBy(m => m.List).Select(m => new { m.List, m.TravellerCount }).ToListAsync(Ct)).Select(m => (m.List, m.TravellerCount)));
        Assert.Equal(4, await db.Travellers.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_good_messages_of_an_interchange_land_and_the_bad_one_is_refused_naming_its_segment(string kind)
    {
        await using var store = await SeededAsync(kind);
        var result = await ImportAsync(store, PaxlstSamples.ThreeWithOneBad);
        Assert.Equal((2, 1), (result.Accepted, result.Rejected));
        var refused = result.Lists.Single(l => l.Outcome == ManifestOutcome.Rejected);
        Assert.Equal("ACM000099/A2", refused.MessageReference);
        Assert.StartsWith("interchange ACM000099, UNH 2 (A2), segment 12 UNT, element 1", Assert.Single(refused.Errors));
        await using var db = store.Open();
        Assert.Equal(["AC100", "AC104"], await db.PassengerManifests.OrderBy(m => m.Transport).Select(m => m.Transport).ToListAsync(Ct));
        Assert.Equal(2, await db.Travellers.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_style_of_sample_loads_on_the_store(string kind)
    {
        await using var store = await SeededAsync(kind);
        foreach (var sample in new[] { PaxlstSamples.EuropeanCrew, PaxlstSamples.MultiLeg, PaxlstSamples.SeaCrew })
        {
            var result = await ImportAsync(store, sample);
            Assert.True(result.Accepted == 1, string.Join("; ", result.Lists.SelectMany(l => l.Errors).Concat(result.InterchangeErrors)));
        }
        await using var db = store.Open();
        Assert.Equal(6, await db.Travellers.CountAsync(Ct));
        Assert.Equal("O'BRIEN", await db.Travellers.Where(t => t.GivenNames == "SIOBHAN").Select(t => t.Surname).SingleAsync(Ct));
    }

    private static object JsonList(string flight) => new
    {
        carrier = "LH", transport = flight, mode = "air", list = "passengers", departure = "FRA", departureTime = "2026-12-06T09:40:00", arrival = "AMS",
        messageReference = "json-1",
        travellers = new object[]
        {
            new
            {
                role = "passenger", surname = "Canarysurname7781", givenNames = "ANNA", gender = "F", birthDate = "1990-02-03", nationality = "DEU",
                documents = new[] { new { type = "P", number = "CANARYDOC7781", issuingState = "D", expiry = "2030-01-01" } },
            },
        },
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_list_sent_as_JSON_is_read_by_the_owner_in_full_and_by_a_partner_only_as_its_agreement_says(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var officer = await host.AsAsync("officer");
        var created = await officer.PostAsJsonAsync("/api/travellers/manifests", JsonList("LH992"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync("/api/travellers/manifests", JsonList("LH992"), Ct)).StatusCode);

        var own = await (await officer.GetAsync($"/api/travellers/manifests/{id}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("Canarysurname7781", own.GetProperty("travellers")[0].GetProperty("surname").GetString());

        // No agreement covers travellers yet: the partner sees neither the list nor its people.
        var partner = await host.AsAsync("pca.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/api/travellers/manifests/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await partner.GetStringAsync("/api/travellers/manifests", Ct));

        // An agreement for travellers without the personal-data clause: the partner sees the list, not who is on it.
        await host.AgreeAsync("admin", "pca.admin", new AgreementTerms("Travellers for the partner", "NCA", "PCA", [RecordTypes.Traveller], "TLP:AMBER", ["risk-analysis"], [], false, null, null));
        var shared = await partner.GetStringAsync($"/api/travellers/manifests/{id}", Ct);
        Assert.Contains("DEU", shared);
        Assert.DoesNotContain("Canarysurname7781", shared);
        Assert.DoesNotContain("CANARYDOC7781", shared);
        var travellerId = JsonDocument.Parse(shared).RootElement.GetProperty("travellers")[0].GetProperty("id").GetGuid();
        var one = await partner.GetStringAsync($"/api/travellers/{travellerId}", Ct);
        Assert.DoesNotContain("Canarysurname7781", one);
        Assert.Contains("surname", JsonDocument.Parse(one).RootElement.GetProperty("redacted").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_PAXLST_upload_answers_per_message_and_a_bad_JSON_list_names_its_fields(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var officer = await host.AsAsync("officer");
        using var body = new ByteArrayContent(Encoding.Latin1.GetBytes(PaxlstSamples.ThreeWithOneBad));
        var upload = await (await officer.PostAsync("/api/travellers/manifests/import?format=paxlst", body, Ct)).OkAsync<JsonElement>();
        Assert.Equal(["accepted", "rejected", "accepted"], upload.GetProperty("lists").EnumerateArray().Select(l => l.GetProperty("outcome").GetString()));

        var bad = await officer.PostAsJsonAsync("/api/travellers/manifests", new { carrier = "LH", transport = "LH1", list = "passengers", departure = "FRA", arrival = "AMS", departureTime = "2026-12-06T09:40:00", travellers = new[] { new { role = "passenger", nationality = "QQQ" } } }, Ct);
        var problem = await bad.ProblemAsync(400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("travellers[0].surname", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("travellers[0].nationality", out _), problem.ToString());
    }
}
