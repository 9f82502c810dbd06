using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cordon.Tests.Travellers;

/// <summary>
/// Privacy by design for travellers (decision 030): each kind of personal data masked after its period unless a hit or an open
/// case holds the traveller, unmasked only under a supervisor's recorded authorisation (audited, in the owner's access review),
/// and everything deleted after five years with no row and no name left in the store.
/// </summary>
public sealed class TravellerRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T = TestClock.Fixed;
    private static readonly ChannelKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string[] Names = ["JOHANNES", "SASKIA", "SIOBHAN", "PRINSENGRACHT", "EXAMPLE.NL"];

    private static async Task<Guid> ImportKlmAsync(TestStore store, TimeProvider clock)
    {
        await using var db = store.Open();
        var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        // Johannes's passport is reported stolen: a referral, its reason and an alert quote the traveller.
        var lost = await LostDocumentImport.ImportAsync(db, Actor.LocalOperator with { AgencyId = nca }, "national",
            new MemoryStream("number,issuing_state,type,status,reported\nNX4471920,NLD,P,stolen,2026-05-14\n"u8.ToArray()), "sltd.csv", clock, Ct);
        Assert.Equal(1, lost.Added);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(PnrgovSamples.Klm));
        var result = await PassengerImport.ImportAsync(stream, PassengerFormat.Pnrgov, db, new ManifestContext(nca, Actor.LocalOperator, "pnrgov.edi", TravellerSamples.Cards), clock, null, Ct);
        Assert.Equal(1, result.Accepted);
        return result.Lists[0].Id!.Value;
    }

    private static async Task<Traveller> TravellerAsync(TestStore s, string givenNamesOrSurname)
    {
        await using var db = s.Open();
        return await db.Travellers.AsNoTracking().Include(t => t.Documents)
            .SingleAsync(t => t.GivenNames == givenNamesOrSurname || t.Surname == givenNamesOrSurname, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Each_kind_is_masked_after_its_period_unless_a_hit_or_open_case_holds_the_traveller_and_after_five_years_nothing_is_left(string kind)
    {
        await using var s = await DemoActors.SeededStoreAsync(kind);
        var clock = new ManualClock(T);
        var manifest = await ImportKlmAsync(s, clock);
        var (johannes, saskia, siobhan) = (await TravellerAsync(s, "JOHANNES"), await TravellerAsync(s, "SASKIA"), await TravellerAsync(s, "SIOBHAN"));
        var officer = await s.ActorAsync("officer");
        Guid caseId;
        await using (var db = s.Open())
        {
            // Saskia resembles a listed person and nobody has reviewed it yet; Siobhan is named in an open case.
            db.ScreeningHits.Add(new PartyHit
            {
                RecordType = RecordTypes.Traveller, RecordId = saskia.Id, OwningAgencyId = saskia.OwningAgencyId, RecordReference = "KL KL0642 #2", PartyRole = PartyRoles.Traveller,
                PartyName = "SASKIA VERMEER", PartyIdentifiers = "passport:NV1234567", PartyKey = new string('a', 64), ListName = "NL NATIONAL", EntrySourceId = "NL-1",
                EntryName = "SASKIA VERMEER-DE WIT", MatchedName = "SASKIA VERMEER", EntryContentHash = new string('b', 64), Band = "review",
                Explanation = """[{"feature":"name","effect":0.4,"detail":"SASKIA VERMEER ~ SASKIA VERMEER-DE WIT"}]""", CreatedAt = T, UpdatedAt = T,
            });
            var open = new Case { Reference = "C-PRIV-1", Title = "Courier network", OwningAgencyId = officer.AgencyId!.Value, Status = CaseStatus.Open, CreatedAt = T, CreatedBy = "test", UpdatedAt = T, UpdatedBy = "test" };
            db.Cases.Add(open);
            await db.SaveChangesAsync(Ct);
            caseId = open.Id;
            var view = await EnforcementCases.AddPersonAsync(db, officer, caseId, new NewPerson("suspect", "O'B. courier", null, "IE", false, siobhan.Id), Ct);
            Assert.Equal(siobhan.Id, Assert.Single(view.Persons!).Traveller);
        }

        async Task<IReadOnlyList<RetentionReport>> SweepAt(DateTimeOffset at)
        {
            clock.Now = at;
            await using var db = s.Open();
            return await TravellerRetention.SweepAsync(db, new TravellerRetentionOptions(), Keys, at, ct: Ct);
        }

        // Six months less a day: nothing is due.
        Assert.All(await SweepAt(T.AddDays(182)), r => Assert.Equal(0, r.Masked));
        Assert.Equal("JOHANNES", (await TravellerAsync(s, "JOHANNES")).GivenNames);

        // Six months: Johannes is masked; Saskia (hit under review) and Siobhan (open case) are held and counted.
        var report = Assert.Single(await SweepAt(T.AddDays(183)));
        Assert.Equal(("NCA", 1, 2, 0, 1), (report.AgencyCode, report.Masked, report.Held, report.Deleted, report.ListContentsErased));
        Assert.Equal([johannes.Id], report.MaskedIds);
        Assert.Equal(new[] { saskia.Id, siobhan.Id }.Order(), report.HeldIds.Order());
        await using (var db = s.Open())
        {
            var masked = await db.Travellers.AsNoTracking().Include(t => t.Documents).SingleAsync(t => t.Id == johannes.Id, Ct);
            Assert.Equal(("names contact payment documents", T.AddDays(183)), (masked.Masked, masked.MaskedAt));
            Assert.Equal((TravellerMasking.Marker, null, null, null, null), (masked.Surname, masked.GivenNames, masked.BirthDate, masked.BirthPlace, masked.PersonKey));
            Assert.Empty(masked.Booking!.Companions);
            Assert.Equal((0, 0, 0, null), (masked.Booking.Phones.Count, masked.Booking.Emails.Count, masked.Booking.Payments.Count, masked.Booking.Address));
            Assert.Equal((TravellerMasking.Marker, (DateOnly?)null), (masked.Documents[0].Number, masked.Documents[0].Expiry));
            // What analysis needs stays: route, dates, nationality, document type and issuer, seat, the booking's itinerary, the decision's kind.
            Assert.Equal(("NLD", "M", "X7KQ2P", "14C", "P", "NLD"), (masked.Nationality, masked.Gender, masked.BookingReference, masked.Seat, masked.Documents[0].Type, masked.Documents[0].IssuingState));
            Assert.Equal(["KL642", "KL565"], masked.Booking.Itinerary.Select(f => f.Flight));
            Assert.Equal(("stolen-document", TravellerMasking.Marker), (masked.Reasons![0].Kind, masked.Reasons[0].Detail));
            Assert.Equal(4, await db.TravellerMasks.CountAsync(m => m.TravellerId == johannes.Id, Ct));
            Assert.All(await db.Alerts.AsNoTracking().Where(a => a.RecordId == johannes.Id.ToString()).ToListAsync(Ct), a => Assert.Equal(TravellerMasking.Marker, a.Summary));
            // The list as received named everyone: erased; the held travellers' rows are untouched.
            Assert.All(await db.PassengerManifestVersions.AsNoTracking().Where(v => v.ManifestId == manifest).ToListAsync(Ct), v => Assert.Equal("", v.Content));
            Assert.Equal("SASKIA", (await TravellerAsync(s, "SASKIA")).GivenNames);
            Assert.Equal("SIOBHAN", (await TravellerAsync(s, "SIOBHAN")).GivenNames);
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "travellers.retention", Ct);
            Assert.Equal(("system", report.Agency), (entry.ActorKind, entry.RecordAgencyId));
            Assert.Contains($"\"maskedIds\":[\"{johannes.Id}\"]", entry.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("JOHANNES", entry.Details, StringComparison.Ordinal);

            // The analyst dismisses Saskia's hit: the hold ends with it.
            var hit = await db.ScreeningHits.SingleAsync(h => h.RecordId == saskia.Id, Ct);
            hit.Status = HitStatus.Dismissed;
            await db.SaveChangesAsync(Ct);
        }
        var next = Assert.Single(await SweepAt(T.AddDays(184)));
        Assert.Equal([saskia.Id], next.MaskedIds);
        Assert.Equal([siobhan.Id], next.HeldIds);
        await using (var db = s.Open())
        {
            // Her hit no longer says who was screened.
            var hit = await db.ScreeningHits.AsNoTracking().SingleAsync(h => h.RecordId == saskia.Id, Ct);
            Assert.Equal((TravellerMasking.Marker, null, "[]"), (hit.PartyName, hit.PartyIdentifiers, hit.Explanation));
        }

        // Five years: Johannes and Saskia go; the open case still holds Siobhan, and so her list.
        var deletion = Assert.Single(await SweepAt(T.AddDays(5 * 365)));
        Assert.Equal((2, 1, 0), (deletion.Deleted, deletion.Held, deletion.ManifestsDeleted));
        Assert.Equal("SIOBHAN", (await TravellerAsync(s, "SIOBHAN")).GivenNames);
        await using (var db = s.Open())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == caseId, Ct);
            c.Status = CaseStatus.Closed;
            await db.SaveChangesAsync(Ct);
        }
        var last = Assert.Single(await SweepAt(T.AddDays(5 * 365 + 1)));
        Assert.Equal((1, 0, 1), (last.Deleted, last.Held, last.ManifestsDeleted));

        await using var read = s.Open();
        // No row about them in any table: travellers, documents, sealed originals, hits, alerts and deliveries, the list and its versions.
        Assert.False(await read.Travellers.AnyAsync(Ct));
        Assert.False(await read.TravelDocuments.AnyAsync(Ct));
        Assert.False(await read.TravellerMasks.AnyAsync(Ct));
        Assert.False(await read.ScreeningHits.AnyAsync(h => h.RecordType == RecordTypes.Traveller, Ct));
        Assert.False(await read.Alerts.AnyAsync(a => a.RecordType == RecordTypes.Traveller, Ct));
        Assert.False(await read.AlertDeliveries.AnyAsync(Ct));
        Assert.False(await read.PassengerManifests.AnyAsync(Ct));
        Assert.False(await read.PassengerManifestVersions.AnyAsync(Ct));
        // The closed case keeps its person, no longer linked to a traveller that is gone.
        Assert.Null((await read.CasePersons.SingleAsync(p => p.CaseId == caseId, Ct)).TravellerId);
        // The log keeps that it happened (counts and ids), never who.
        var entries = await read.AuditEntries.AsNoTracking().Where(e => e.Action == "travellers.retention").ToListAsync(Ct);
        Assert.Equal(4, entries.Count);
        Assert.Contains(entries, e => e.Details!.Contains($"\"deletedIds\":[\"{siobhan.Id}\"]", StringComparison.Ordinal));

        // No deleted name in the store, as the file holds it (SQLite, its free space zeroed) or as PostgreSQL prints the rows.
        if (kind == TestStore.Sqlite)
        {
            await read.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", Ct);
            var file = await File.ReadAllBytesAsync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(s.Settings.ConnectionString).DataSource, Ct);
            Assert.All(Names, name => Assert.True(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) < 0, $"the database file still holds {name}"));
        }
        else
        {
            var rows = await read.Database.SqlQueryRaw<string>(
                """
                SELECT t::text AS "Value" FROM travellers t UNION ALL SELECT d::text FROM travel_documents d UNION ALL SELECT v::text FROM passenger_manifest_versions v
                UNION ALL SELECT h::text FROM screening_hits h UNION ALL SELECT a::text FROM alerts a UNION ALL SELECT p::text FROM case_persons p
                UNION ALL SELECT e::text FROM audit_entries e
                """).ToListAsync(Ct);
            Assert.All(Names, name => Assert.DoesNotContain(rows, r => r.Contains(name, StringComparison.Ordinal)));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_masked_traveller_is_shown_masked_everywhere_and_unmasked_only_under_a_supervisors_authorisation_that_the_audit_log_and_access_review_show(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var officer = await host.AsAsync("officer");
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(PnrgovSamples.Klm));
        var upload = await (await officer.PostAsync("/api/travellers/manifests/import?format=pnrgov", body, Ct)).OkAsync<JsonElement>();
        var manifest = upload.GetProperty("lists")[0].GetProperty("id").GetGuid();
        var johannes = (await TravellerAsync(host.Store, "JOHANNES")).Id;

        // The server's own sweep, six months and a day after the list arrived (the lists were received now).
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Cordon.Storage.CordonDb>();
            await TravellerRetention.SweepAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<TravellerRetentionOptions>>().Value,
                scope.ServiceProvider.GetRequiredService<ChannelKeys>(), TestClock.Now.AddDays(184), ct: Ct);
        }

        // The pass is reported to operators (every agency) and to the owner's reviewers, on the API and the page.
        var runs = await (await (await host.AsAsync("operator")).GetAsync("/api/travellers/retention", Ct)).OkAsync<JsonElement>();
        Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("agency").GetString() == "NCA" && r.GetProperty("masked").GetInt32() + r.GetProperty("held").GetInt32() == 3);

        // The API (one traveller, the list) and the pages show the marker, never the names.
        var one = await (await officer.GetAsync($"/api/travellers/{johannes}", Ct)).OkAsync<JsonElement>();
        var shown = one.GetProperty("traveller");
        Assert.Equal((TravellerMasking.Marker, "names contact payment documents", JsonValueKind.Null),
            (shown.GetProperty("surname").GetString(), shown.GetProperty("masked").GetString(), shown.GetProperty("givenNames").ValueKind));
        var list = await (await officer.GetAsync($"/api/travellers/manifests/{manifest}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.All(Names, name => Assert.DoesNotContain(name, list, StringComparison.Ordinal));
        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        var page = System.Net.WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/travellers/{johannes}"));
        Assert.Contains("[masked]", page, StringComparison.Ordinal);
        Assert.DoesNotContain("JOHANNES", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Show the masked data", page, StringComparison.Ordinal);
        Assert.Contains("Authorise unmasking", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"runs\"", await supervisor.GetStringAsync("/travellers/retention"), StringComparison.Ordinal);

        // Without an authorisation: refused, naming what is missing; an officer may not authorise.
        var refused = await (await supervisor.SendAsync(HttpMethod.Get, $"/api/travellers/{johannes}/unmasked", (HttpContent?)null, "application/json")).ProblemAsync(403);
        Assert.Contains("needs an authorisation in force, recorded with a reason by a supervisor of NCA", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notSupervisor = await officer.PostAsJsonAsync("/api/travellers/unmask-authorisations", new { traveller = johannes, grantee = "officer", reason = "Case C-2026-0042", days = 3 }, Ct);
        Assert.Contains("Only a supervisor", (await notSupervisor.ProblemAsync(403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var apiSupervisor = await host.AsAsync("supervisor");
        var tooLong = await apiSupervisor.PostAsJsonAsync("/api/travellers/unmask-authorisations", new { traveller = johannes, grantee = "supervisor", reason = "Case C-2026-0042", days = 90 }, Ct);
        Assert.Contains("an authorisation lasts 1 to 30 days", (await tooLong.ProblemAsync(400)).GetRawText(), StringComparison.Ordinal);

        // The supervisor records one on the page (for themself), then sees the data there and on the API; each reading is audited.
        var recorded = await supervisor.PostPageAsync($"/travellers/{johannes}?handler=Authorise",
            new() { ["reason"] = "Case C-2026-0042: the stolen passport's holder", ["days"] = "3", ["grantee"] = "" });
        Assert.Contains("Unmasking authorised for supervisor until", recorded, StringComparison.Ordinal);
        var unmaskedPage = await supervisor.PostPageAsync($"/travellers/{johannes}?handler=Unmask", []);
        Assert.Contains("VERMEER, JOHANNES", unmaskedPage, StringComparison.Ordinal);
        Assert.Contains("NX4471920", unmaskedPage, StringComparison.Ordinal);
        var unmasked = await (await supervisor.SendAsync(HttpMethod.Get, $"/api/travellers/{johannes}/unmasked", (HttpContent?)null, "application/json")).OkAsync<JsonElement>();
        var original = unmasked.GetProperty("traveller");
        Assert.Equal(("VERMEER", "JOHANNES", "NX4471920"),
            (original.GetProperty("surname").GetString(), original.GetProperty("givenNames").GetString(), original.GetProperty("documents")[0].GetProperty("number").GetString()));
        Assert.Equal(["VERMEER, SASKIA"], original.GetProperty("booking").GetProperty("companions").EnumerateArray().Select(c => c.GetString()));
        var authorisation = unmasked.GetProperty("authorisation").GetProperty("id").GetGuid();

        // Everyone else still sees it masked: the officer (not named), and the supervisor's API key (a machine never unmasks).
        await (await officer.GetAsync($"/api/travellers/{johannes}/unmasked", Ct)).ProblemAsync(403);
        await (await apiSupervisor.GetAsync($"/api/travellers/{johannes}/unmasked", Ct)).ProblemAsync(403);
        Assert.Equal(TravellerMasking.Marker, (await (await officer.GetAsync($"/api/travellers/{johannes}", Ct)).OkAsync<JsonElement>()).GetProperty("traveller").GetProperty("surname").GetString());

        await using (var db = host.Store.Open())
        {
            var granted = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "traveller-unmask-authorisation.create", Ct);
            Assert.Contains("Case C-2026-0042", granted.Details, StringComparison.Ordinal);
            var uses = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "travellers.unmask" && e.RecordId == johannes.ToString()).ToListAsync(Ct);
            Assert.Equal(2, uses.Count);
            Assert.All(uses, e => Assert.Equal("supervisor", e.ActorName));
            Assert.All(uses, e => Assert.Contains(authorisation.ToString(), e.Details, StringComparison.Ordinal));
            Assert.All(uses, e => Assert.DoesNotContain("JOHANNES", e.Details, StringComparison.Ordinal));
        }
        // The owner's access review lists the authorisation with its two uses.
        var review = await (await apiSupervisor.GetAsync("/api/sharing/access-review", Ct)).OkAsync<JsonElement>();
        var listed = review.GetProperty("unmasking").EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == authorisation);
        Assert.Equal(("supervisor", 2), (listed.GetProperty("grantee").GetString(), listed.GetProperty("uses").GetInt32()));
        var reviewPage = System.Net.WebUtility.HtmlDecode(await supervisor.GetStringAsync("/sharing/access-review"));
        Assert.Contains("Case C-2026-0042: the stolen passport's holder", reviewPage, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_scheduled_sweep_masks_what_is_due_on_the_injected_clock_and_reports_it_as_the_system(string kind)
    {
        await using var s = await DemoActors.SeededStoreAsync(kind);
        await ImportKlmAsync(s, new ManualClock(T));
        var johannes = (await TravellerAsync(s, "JOHANNES")).Id;
        var services = new ServiceCollection();
        services.AddScoped(_ => s.Open());
        await using var provider = services.BuildServiceProvider();
        using var worker = new TravellerRetentionWorker(provider.GetRequiredService<IServiceScopeFactory>(), new ManualClock(T.AddDays(200)),
            Options.Create(new TravellerRetentionOptions()), Keys, Microsoft.Extensions.Logging.Abstractions.NullLogger<TravellerRetentionWorker>.Instance);
        await worker.StartAsync(Ct);
        async Task<string?> Masked()
        {
            await using var db = s.Open();
            return await db.Travellers.Where(t => t.Id == johannes).Select(t => t.Masked).SingleAsync(Ct);
        }
        async Task<bool> Reported()
        {
            await using var db = s.Open();
            return await db.AuditEntries.AnyAsync(e => e.Action == "travellers.retention", Ct);
        }
        // The pass reports after it masked (and erased the lists' contents): stopping the worker between the two lost the report.
        await Eventually.UntilAsync(async () => await Masked() is not null && await Reported(), TimeSpan.FromSeconds(10),
            () => "the retention worker did not mask the traveller and report it within 10 s", TimeSpan.FromMilliseconds(50));
        await worker.StopAsync(Ct);
        await using var read = s.Open();
        var entry = await read.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "travellers.retention", Ct);
        Assert.Equal("system", entry.ActorKind);
        Assert.Contains("\"masked\":3", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_settings_default_to_the_EU_PNR_periods_and_a_wrong_one_stops_the_start_naming_the_key()
    {
        static IOptions<TravellerRetentionOptions> Options(Dictionary<string, string?> settings)
        {
            var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            return TravellerRetentionOptions.Add(services).BuildServiceProvider().GetRequiredService<IOptions<TravellerRetentionOptions>>();
        }
        var defaults = Options([]).Value;
        Assert.Equal((183, 183, 183, 183, 1825), (defaults.MaskNamesAfterDays, defaults.MaskContactAfterDays, defaults.MaskPaymentAfterDays, defaults.MaskDocumentsAfterDays, defaults.DeleteAfterDays));
        Assert.Equal(30, Options(new() { ["Cordon:Travellers:Retention:MaskPaymentAfterDays"] = "30" }).Value.MaskAfterDays(MaskedData.Payment));
        var wrong = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Cordon:Travellers:Retention:MaskNamesAfterDays"] = "4000" }).Value);
        Assert.Contains("Cordon:Travellers:Retention:MaskNamesAfterDays is 4000: use 1 to DeleteAfterDays (1825)", wrong.Message, StringComparison.Ordinal);
        var sweep = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Cordon:Travellers:Retention:SweepSeconds"] = "0" }).Value);
        Assert.Contains("Cordon:Travellers:Retention:SweepSeconds is 0", sweep.Message, StringComparison.Ordinal);
    }
}
