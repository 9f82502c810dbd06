using System.Text;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>PNRGOV pushes stored on both stores: versions, idempotency, refusals per message, screening, the card number's absence, and what a partner sees.</summary>
public sealed class PnrgovStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<PassengerImportResult> ImportAsync(TestStore store, string text)
    {
        await using var db = store.Open();
        var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await PassengerImport.ImportAsync(stream, PassengerFormat.Pnrgov, db, new ManifestContext(nca, Actor.LocalOperator, "pnrgov.edi", TravellerSamples.Cards), TestClock.Real, null, Ct);
    }

    private static async Task<TestStore> SeededAsync(string kind)
    {
        var store = await TestStore.CreateAsync(kind);
        await using var db = store.Open();
        db.Agencies.Add(new Agency { Code = "NCA", Name = "National Customs Administration", Kind = AgencyKind.Customs, Country = "NL" });
        await db.SaveChangesAsync(Ct);
        return store;
    }

    private static string Errors(PassengerImportResult r) => string.Join("; ", r.Lists.SelectMany(l => l.Errors).Concat(r.InterchangeErrors));

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_push_is_stored_once_beside_the_API_list_and_a_later_push_for_the_flight_replaces_it_as_version_2(string kind)
    {
        await using var store = await SeededAsync(kind);
        var first = await ImportAsync(store, PnrgovSamples.Klm);
        Assert.True((1, 3) == (first.Accepted, first.Travellers), Errors(first));
        var again = await ImportAsync(store, PnrgovSamples.Klm);
        Assert.Equal((0, 1, 0), (again.Accepted, again.Duplicates, again.Travellers));

        // The API list of the same flight is another list: neither replaces the other.
        await using (var db = store.Open())
        {
            var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
            var api = await ManifestIntake.StoreAsync(db, new ManifestContext(nca, Actor.LocalOperator, "api", TravellerSamples.Cards), new ManifestInput
            {
                Carrier = "KL", Transport = "KL642", List = ManifestLists.Passengers, Departure = "JFK", Arrival = "AMS", DepartureTime = new DateTime(2026, 12, 8, 17, 30, 0),
                MessageReference = "api-1", Travellers = [new TravellerInput { Role = TravellerRoles.Passenger, Surname = "VERMEER", GivenNames = "JOHANNES", Nationality = "NLD" }],
            }, TestClock.Real, Ct);
            Assert.Equal(ManifestOutcome.Accepted, api.Outcome);
        }

        // The push two hours before departure: a new interchange, O'Brien no longer booked.
        var later = PnrgovSamples.Counted(PnrgovSamples.KlmTemplate[..PnrgovSamples.KlmTemplate.LastIndexOf("SRC'", StringComparison.Ordinal)].Replace("KL0642A1", "KL0642A2", StringComparison.Ordinal)
            + "UNT+#+1'\nUNE+1+1'\nUNZ+1+KL0642A2'\n");
        var replaced = await ImportAsync(store, later);
        Assert.True(replaced.Replaced == 1, Errors(replaced));
        Assert.Equal(2, replaced.Lists[0].Version);

        await using var read = store.Open();
        var bookings = await read.PassengerManifests.SingleAsync(m => m.List == ManifestLists.Bookings, Ct);
        Assert.Equal((2, 2, "KL0642A2/1"), (bookings.Version, bookings.TravellerCount, bookings.MessageReference));
        Assert.Equal(3, await read.Travellers.CountAsync(Ct)); // two booked, one on the API list
        Assert.Contains("SIOBHAN", (await read.PassengerManifestVersions.SingleAsync(v => v.ManifestId == bookings.Id && v.Version == 1, Ct)).Content);
        var johannes = await read.Travellers.SingleAsync(t => t.ManifestId == bookings.Id && t.GivenNames == "JOHANNES", Ct);
        Assert.Equal(("X7KQ2P", "14C", 2), (johannes.BookingReference, johannes.Seat, johannes.Bags));
        Assert.Equal(["VERMEER, SASKIA"], johannes.Booking!.Companions);
        Assert.Equal(("CC", TravellerSamples.Cards.Key(BookingPayment.HashCard(PnrgovSamples.Card)!)), (johannes.Booking.Payments[0].Type, johannes.Booking.Payments[0].CardHash));
        Assert.Equal("IATA 12345675 (1A NYC)", johannes.Booking.Agency);
        Assert.Equal(["KL642", "KL565"], johannes.Booking.Itinerary.Select(f => f.Flight));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_carriers_style_lands_and_a_bad_message_is_refused_naming_its_segment_while_the_others_land(string kind)
    {
        await using var store = await SeededAsync(kind);
        foreach (var sample in new[] { PnrgovSamples.Emirates, PnrgovSamples.Lufthansa })
        {
            var result = await ImportAsync(store, sample);
            Assert.True(result.Accepted == 1, Errors(result));
        }
        var mixed = await ImportAsync(store, PnrgovSamples.ThreeWithOneBad);
        Assert.Equal((2, 1), (mixed.Accepted, mixed.Rejected));
        var refused = mixed.Lists.Single(l => l.Outcome == ManifestOutcome.Rejected);
        Assert.StartsWith("interchange KL3X, UNH 2 (K2), segment 8 TIF, element 1.1", Assert.Single(refused.Errors));

        await using var db = store.Open();
        Assert.Equal(["EK147", "KL1001", "KL1003", "LH992"], await db.PassengerManifests.OrderBy(m => m.Transport).Select(m => m.Transport).ToListAsync(Ct));
        Assert.Equal(6, await db.Travellers.CountAsync(Ct));
        var codeshare = (await db.Travellers.SingleAsync(t => t.BookingReference == "5HT2LM", Ct)).Booking!.Itinerary[0];
        Assert.Equal(("QF8415", "EK", "EK415"), (codeshare.Flight, codeshare.OperatingCarrier, codeshare.OperatingFlight));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Booked_travellers_are_checked_as_listed_ones_and_the_card_number_is_nowhere_in_the_store(string kind)
    {
        await using var store = await SeededAsync(kind);
        await using (var db = store.Open())
        {
            var lost = await LostDocumentImport.ImportAsync(db, Actor.LocalOperator with { AgencyId = await db.Agencies.Select(a => a.Id).SingleAsync(Ct) }, "national",
                new MemoryStream("number,issuing_state,type,status,reported\nNX4471920,NLD,P,stolen,2026-09-14\n"u8.ToArray()), "sltd.csv", TestClock.Real, Ct);
            Assert.Equal(1, lost.Added);
        }
        var result = await ImportAsync(store, PnrgovSamples.Klm);
        Assert.True(result.Accepted == 1, Errors(result));

        await using var read = store.Open();
        var travellers = await read.Travellers.AsNoTracking().OrderBy(t => t.Seq).ToListAsync(Ct);
        Assert.All(travellers, t => Assert.NotNull(t.CheckedAt));
        Assert.Equal([TravellerActions.ImmigrationReferral, TravellerActions.None, TravellerActions.None], travellers.Select(t => t.Action));
        Assert.Contains(travellers[0].Reasons!, r => r.Kind == "stolen-document");
        Assert.All(travellers, t => Assert.Equal(Caveats.PersonalData, t.Caveats));

        // The card number, in digits, in Latin-1/UTF-8 and as PostgreSQL prints bytea: in no row and not in the file.
        var digits = PnrgovSamples.Card;
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(digits));
        Assert.False(await read.AuditEntries.AnyAsync(e => e.Details != null && e.Details.Contains(digits), Ct));
        if (kind == TestStore.Sqlite)
        {
            await read.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", Ct);
            var file = await File.ReadAllBytesAsync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.Settings.ConnectionString).DataSource, Ct);
            Assert.True(file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(digits)) < 0, "the database file holds the card number");
            // Keyed: the plain SHA-256 of the digits (which anyone can compute for every card number) is nowhere.
            Assert.True(file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(BookingPayment.HashCard(digits)!)) < 0, "the unkeyed hash was stored");
            Assert.True(file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(TravellerSamples.Cards.Key(BookingPayment.HashCard(digits)!))) >= 0, "the keyed hash was not stored");
        }
        else
        {
            var rows = await read.Database.SqlQueryRaw<string>(
                "SELECT t::text AS \"Value\" FROM travellers t UNION ALL SELECT v::text FROM passenger_manifest_versions v UNION ALL SELECT m::text FROM passenger_manifests m UNION ALL SELECT a::text FROM audit_entries a")
                .ToListAsync(Ct);
            Assert.DoesNotContain(rows, r => r.Contains(digits, StringComparison.Ordinal) || r.Contains(hex, StringComparison.Ordinal));
            Assert.DoesNotContain(rows, r => r.Contains(BookingPayment.HashCard(digits)!, StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains(TravellerSamples.Cards.Key(BookingPayment.HashCard(digits)!), StringComparison.Ordinal));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_owner_sees_the_booking_on_the_API_and_pages_and_a_partner_without_personal_data_sees_none_of_it(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var officer = await host.AsAsync("officer");
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(PnrgovSamples.Klm));
        var upload = await (await officer.PostAsync("/api/travellers/manifests/import?format=pnrgov", body, Ct)).OkAsync<JsonElement>();
        var list = upload.GetProperty("lists")[0];
        Assert.Equal("accepted", list.GetProperty("outcome").GetString());
        var id = list.GetProperty("id").GetGuid();

        var own = await (await officer.GetAsync($"/api/travellers/manifests/{id}", Ct)).OkAsync<JsonElement>();
        var first = own.GetProperty("travellers")[0];
        Assert.Equal("VERMEER, SASKIA", first.GetProperty("booking").GetProperty("companions")[0].GetString());
        var travellerId = first.GetProperty("id").GetGuid();

        var flightPage = await officer.GetStringAsync($"/travellers/flights/{id}", Ct);
        Assert.Contains("X7KQ2P", flightPage);
        Assert.Contains("With VERMEER, SASKIA", flightPage);
        Assert.Contains("Paid by card", flightPage);
        Assert.Contains("Seat 14C, 2 bags", flightPage);
        Assert.Contains("Seat 14D<", flightPage); // bags unknown: not shown as none
        var travellerPage = await officer.GetStringAsync($"/travellers/{travellerId}", Ct);
        Assert.Contains("data-testid=\"booking\"", travellerPage);
        Assert.Contains("IATA 12345675 (1A NYC)", travellerPage);
        Assert.Contains("j_vermeer@example.nl", travellerPage);
        Assert.Contains("KL565 AMS → NBO", travellerPage);
        Assert.Contains("Checked in 2026-12-08 15:30", travellerPage);
        Assert.DoesNotContain(PnrgovSamples.Card, flightPage + travellerPage);

        // A partner under an agreement without the personal-data clause: the list, not the bookings.
        await host.AgreeAsync("admin", "pca.admin", new AgreementTerms("Travellers for the partner", "NCA", "PCA", [RecordTypes.Traveller], "TLP:AMBER", ["risk-analysis"], [], false, null, null));
        var partner = await host.AsAsync("pca.officer");
        var shared = await partner.GetStringAsync($"/api/travellers/{travellerId}", Ct);
        using var sharedJson = JsonDocument.Parse(shared);
        Assert.Equal(JsonValueKind.Null, sharedJson.RootElement.GetProperty("traveller").GetProperty("booking").ValueKind);
        Assert.Contains("booking", sharedJson.RootElement.GetProperty("redacted").EnumerateArray().Select(e => e.GetString()));
        var partnerPages = await partner.GetStringAsync($"/travellers/flights/{id}", Ct) + await partner.GetStringAsync($"/travellers/{travellerId}", Ct);
        foreach (var personal in new[] { "X7KQ2P", "SASKIA", "14C", "example.nl", "12345675", "Paid by" })
        {
            Assert.DoesNotContain(personal, partnerPages);
            Assert.DoesNotContain(personal, shared);
        }
        Assert.Contains("NLD", partnerPages);
    }

    private static Task<(int Exit, string Out, string Err)> Cli(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_CLI_imports_a_PNRGOV_file_with_each_flight_stored_or_refused_and_a_rerun_stores_nothing_twice(string kind)
    {
        await using var s = await TestStore.CreateAsync(kind);
        Assert.Equal(0, (await Cli(s, "db", "migrate")).Exit);
        Assert.Equal(0, (await Cli(s, "agencies", "add", "--code", "NBP", "--name", "National Border Police", "--kind", "border-police", "--country", "NL")).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"pnrgov-{Guid.NewGuid():N}.edi");
        await File.WriteAllTextAsync(file, PnrgovSamples.ThreeWithOneBad + PnrgovSamples.Klm, Encoding.UTF8, Ct);
        try
        {
            var first = await Cli(s, "import", "passengers", file, "--format", "pnrgov", "--agency", "NBP", "--json");
            Assert.True(first.Exit == 0, first.Err);
            using (var json = JsonDocument.Parse(first.Out))
            {
                var r = json.RootElement;
                Assert.Equal((3, 1, 5), (r.GetProperty("accepted").GetInt32(), r.GetProperty("rejected").GetInt32(), r.GetProperty("travellers").GetInt32()));
                var refused = r.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("outcome").GetString() == "rejected");
                Assert.StartsWith("interchange KL3X, UNH 2 (K2), segment 8 TIF", refused.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
            }
            var again = await Cli(s, "import", "passengers", file, "--format", "pnrgov", "--agency", "NBP");
            Assert.Equal(0, again.Exit);
            Assert.Contains("Duplicates", again.Out, StringComparison.Ordinal);
            await using var db = s.Open();
            Assert.Equal(5, await db.Travellers.CountAsync(Ct));
            Assert.Equal(3, await db.PassengerManifestVersions.CountAsync(Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
