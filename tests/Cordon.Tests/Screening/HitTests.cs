using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Screening.Hits;
using Cordon.Screening.Lists;
using Cordon.Sharing;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Screening;

public sealed class HitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Header = "id,name,type,aliases,dob,country,identifiers";

    private const string Edition1 = Header + """

        N-1,Zarubezhneft Maritime Holdings,organisation,,,RU,
        N-2,Kasimir Andrejevic Volkov,person,,1961-04-02,RS,
        N-3,Ocean Breeze,vessel,,,,imo:9074729
        """;

    // N-1 changed (a new alias), N-2 removed, N-4 added.
    private const string Edition2 = Header + """

        N-1,Zarubezhneft Maritime Holdings,organisation,ZMH Shipping,,RU,
        N-3,Ocean Breeze,vessel,,,,imo:9074729
        N-4,Holland Trading,organisation,,,NL,
        """;

    private static async Task<string> ListFileAsync(string content)
    {
        var path = Path.Combine(ListFiles.TempFolder(), "national.csv");
        await File.WriteAllTextAsync(path, content, Ct);
        return path;
    }

    private static async Task<ListImportResult> ImportAsync(TestStore s, string content)
    {
        await using var db = s.Open();
        return await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(await ListFileAsync(content), "csv", "NATIONAL", "NCA"), null, Ct);
    }

    private static async Task<Guid> AgencyAsync(TestStore s, string code)
    {
        await using var db = s.Open();
        return await db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync(Ct);
    }

    private static async Task<Guid> SubmitAsync(TestStore s, DeclarationInput input)
    {
        var context = new IntakeContext(await AgencyAsync(s, "NCA"), "test", "test", TestClock.Now);
        var results = await Intake.SubmitDeclarationsAsync(s.Settings, context, [Samples.Candidate(input)], Ct);
        Assert.Null(results[0].Errors);
        return results[0].Id!.Value;
    }

    private static DeclarationInput Declaration(string number, string importer, string? exporter = null)
    {
        var d = Samples.Declaration(number);
        d.Importer!.Name = importer;
        d.Importer.Country = "RU";
        if (exporter is not null)
        {
            d.Exporter!.Name = exporter;
            d.Exporter.Country = "RS";
        }
        return d;
    }

    private static Task<ScreeningCounts> DrainAsync(TestStore s) => ScreeningRuns.DrainBacklogAsync(s.Open, null, null, Ct);

    private static async Task<RescreenResult> RunRescreenJobAsync(TestStore s, int version)
    {
        await using var db = s.Open();
        var job = await db.Jobs.SingleAsync(j => j.Kind == ScreeningRuns.RescreenKind && j.Title.Contains($"version {version} "), Ct);
        var payload = JsonSerializer.Deserialize<RescreenPayload>(job.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return await ScreeningRuns.RescreenAsync(s.Open, payload, null, null, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Intake_screens_every_party_and_stores_hits_with_the_list_version(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await ImportAsync(s, Edition1);
        var id = await SubmitAsync(s, Declaration("SCR-1", "ZARUBEZHNEFT MARITIME HOLDINGS LTD"));
        await using (var db = s.Open())
        {
            // Intake committed the record and its backlog row together.
            Assert.Equal(1, await db.ScreeningBacklog.CountAsync(e => e.RecordId == id && e.Version == 1, Ct));
        }

        var counts = await DrainAsync(s);
        Assert.Equal((1, 2), (counts.Records, counts.Raised));
        var nca = await AgencyAsync(s, "NCA");
        await using (var db = s.Open())
        {
            Assert.Equal(0, await db.ScreeningBacklog.CountAsync(Ct));
            var hits = await db.ScreeningHits.Where(h => h.RecordId == id).OrderBy(h => h.PartyRole).ToListAsync(Ct);
            Assert.Equal(["conveyance", "importer"], hits.Select(h => h.PartyRole));
            var vessel = hits[0];
            Assert.Equal(("N-3", "block", 1.0, "IMO 9074729"), (vessel.EntrySourceId, vessel.Band, vessel.Score, vessel.PartyName));
            var importer = hits[1];
            Assert.Equal(("N-1", "NATIONAL", 1, HitStatus.Open), (importer.EntrySourceId, importer.ListName, importer.ListVersion, importer.Status));
            Assert.True(importer.Score >= 0.75, $"score {importer.Score}");
            Assert.Equal((nca, Tlp.AmberStrict, RecordTypes.Declaration, "NL000396/NL123456789/SCR-1"),
                (importer.OwningAgencyId, importer.Marking, importer.RecordType, importer.RecordReference));
            Assert.Contains("\"feature\":\"name\"", importer.Explanation, StringComparison.Ordinal);

            // For the risk lanes: the declaration's open hits, block band first.
            var open = await DeclarationScreening.OpenHitsAsync(db, id, Ct);
            Assert.Equal(("block", "NATIONAL", "conveyance"), (open[0].Band, open[0].List, open[0].PartyRole));
            Assert.Equal(2, open.Count);
        }

        // Screening the same parties against the same version again changes nothing.
        var again = await ScreeningRuns.RescreenAsync(s.Open, new RescreenPayload((await ListIdAsync(s)), 1), null, null, Ct);
        Assert.Equal((0, 0, 0), (again.Counts.Raised, again.Counts.Updated, again.Counts.Reopened));
        await using (var db = s.Open())
        {
            Assert.Equal(2, await db.ScreeningHits.CountAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Consignment_parties_and_vessels_are_screened_at_intake_too(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await ImportAsync(s, Edition1);
        var consignment = Samples.Consignment("MAEU-SCR-1");
        consignment.Consignor!.Name = "Zarubezhneft Maritime Holdings";
        consignment.Consignor.Country = "RU";
        var context = new IntakeContext(await AgencyAsync(s, "NCA"), "test", "test", TestClock.Now);
        var results = await Intake.SubmitConsignmentsAsync(s.Settings, context, [Samples.Candidate(consignment)], Ct);
        var id = results[0].Id!.Value;
        var counts = await DrainAsync(s);
        Assert.Equal((1, 2), (counts.Records, counts.Raised));
        await using var db = s.Open();
        var hits = await db.ScreeningHits.Where(h => h.RecordId == id).OrderBy(h => h.PartyRole).ToListAsync(Ct);
        Assert.Equal([("consignor", "N-1"), ("conveyance", "N-3")], hits.Select(h => (h.PartyRole, h.EntrySourceId)));
        Assert.All(hits, h => Assert.Equal((RecordTypes.Consignment, "NL000396/DK12345678/MAEU-SCR-1"), (h.RecordType, h.RecordReference)));
    }

    private static Task<(int Exit, string Out, string Err)> CordonAsync(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Hits_are_screened_listed_and_reviewed_from_the_command_line(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await ImportAsync(s, Edition1);
        await SubmitAsync(s, Declaration("SCR-CLI", "Zarubezhneft Maritime Holdings"));
        var run = await CordonAsync(s, "screening", "run", "--json");
        Assert.Equal(0, run.Exit);
        Assert.Equal(2, JsonDocument.Parse(run.Out).RootElement.GetProperty("backlog").GetProperty("raised").GetInt32());

        var list = await CordonAsync(s, "screening", "hits", "list", "--json");
        Assert.Equal(0, list.Exit);
        var hits = JsonDocument.Parse(list.Out).RootElement.GetProperty("hits");
        Assert.Equal(2, hits.GetArrayLength());
        var importer = hits.EnumerateArray().Single(h => h.GetProperty("partyRole").GetString() == "importer").GetProperty("id").GetString()!;

        var bad = await CordonAsync(s, "screening", "hits", "review", importer, "--dismiss", "--confirm", "--reason", "both");
        Assert.Equal(2, bad.Exit);
        var review = await CordonAsync(s, "screening", "hits", "review", importer, "--dismiss", "--reason", "Cyprus broker, not the listed firm", "--as", "analyst");
        Assert.Equal(0, review.Exit);
        Assert.Contains("is now dismissed", review.Out, StringComparison.Ordinal);
        var dismissed = await CordonAsync(s, "screening", "hits", "list", "--status", "dismissed", "--json");
        var row = JsonDocument.Parse(dismissed.Out).RootElement.GetProperty("hits")[0];
        Assert.Equal(("analyst", "Cyprus broker, not the listed firm"), (row.GetProperty("reviewedBy").GetString(), row.GetProperty("reviewReason").GetString()));
    }

    private static async Task<Guid> ListIdAsync(TestStore s)
    {
        await using var db = s.Open();
        return await db.WatchLists.Select(l => l.Id).SingleAsync(Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_new_list_edition_rescreens_stored_parties_against_its_changes_only(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await ImportAsync(s, Edition1);
        var first = await SubmitAsync(s, Declaration("SCR-1", "Zarubezhneft Maritime Holdings", exporter: "Kasimir A. Volkov"));
        var second = await SubmitAsync(s, Samples.Declaration("SCR-2"));
        await DrainAsync(s);
        await using (var db = s.Open())
        {
            Assert.Contains(await db.ScreeningHits.Where(h => h.RecordId == first).Select(h => h.EntrySourceId).ToListAsync(Ct), e => e == "N-2");
            Assert.Equal(["N-3"], await db.ScreeningHits.Where(h => h.RecordId == second).Select(h => h.EntrySourceId).ToListAsync(Ct));
        }

        var v2 = await ImportAsync(s, Edition2);
        Assert.Equal((2, 1, 1, 1), (v2.Version, v2.Added, v2.Changed, v2.Removed));
        await using (var db = s.Open())
        {
            // The import queued its re-screening job in the same transaction.
            var job = await db.Jobs.SingleAsync(j => j.Kind == ScreeningRuns.RescreenKind && j.Title.Contains("version 2 "), Ct);
            Assert.Equal(JobStatus.Queued, job.Status);
        }
        var result = await RunRescreenJobAsync(s, 2);
        Assert.Equal((2, 1, 1L), (result.ChangedEntries, result.RemovedEntries, result.ClosedForRemoval));
        await using (var db = s.Open())
        {
            var removed = await db.ScreeningHits.SingleAsync(h => h.RecordId == first && h.EntrySourceId == "N-2", Ct);
            Assert.Equal(HitStatus.Closed, removed.Status);
            Assert.Contains("removed from NATIONAL in version 2", removed.StatusNote, StringComparison.Ordinal);
            // The added entry is found on the stored declaration (its importer is Holland Trading B.V.).
            var added = await db.ScreeningHits.SingleAsync(h => h.RecordId == second && h.EntrySourceId == "N-4", Ct);
            Assert.Equal((HitStatus.Open, 2, "importer"), (added.Status, added.ListVersion, added.PartyRole));
            // The changed entry's hit now records version 2; the unchanged vessel entry keeps version 1.
            Assert.Equal(2, (await db.ScreeningHits.SingleAsync(h => h.RecordId == first && h.EntrySourceId == "N-1", Ct)).ListVersion);
            Assert.Equal(1, (await db.ScreeningHits.SingleAsync(h => h.RecordId == second && h.EntrySourceId == "N-3", Ct)).ListVersion);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_dismissal_is_remembered_for_the_party_until_the_entry_changes(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await ImportAsync(s, Edition1);
        var first = await SubmitAsync(s, Declaration("SCR-1", "Zarubezhneft Maritime Holdings"));
        await DrainAsync(s);
        var analyst = await s.ActorAsync("analyst");
        Guid hitId;
        await using (var db = s.Open())
        {
            hitId = await db.ScreeningHits.Where(h => h.RecordId == first && h.EntrySourceId == "N-1").Select(h => h.Id).SingleAsync(Ct);
            var refused = await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => HitReview.ReviewAsync(db, analyst, hitId, new HitReviewRequest("dismiss", ""), Ct));
            Assert.True(refused.Errors.ContainsKey("reason"));
            await Assert.ThrowsAsync<Cordon.Common.Forbidden>(() => HitReview.ReviewAsync(db, Actor.LocalOperator with { Roles = Roles.Officer, Kind = ActorKind.User }, hitId,
                new HitReviewRequest("dismiss", "not them"), Ct));
            var reviewed = await HitReview.ReviewAsync(db, analyst, hitId, new HitReviewRequest("dismiss", "Different company: Russian state oil firm, ours is a Cyprus broker"), Ct);
            Assert.Equal("dismissed", reviewed.Hit.Status);
        }
        await using (var db = s.Open())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "screening-hit.dismiss", Ct);
            Assert.Equal(hitId.ToString(), entry.RecordId);
        }

        // The same party on a new declaration is not raised again.
        var second = await SubmitAsync(s, Declaration("SCR-2", "Zarubezhneft Maritime Holdings"));
        var counts = await DrainAsync(s);
        Assert.Equal(1, counts.KeptDismissed);
        await using (var db = s.Open())
        {
            var kept = await db.ScreeningHits.SingleAsync(h => h.RecordId == second && h.EntrySourceId == "N-1", Ct);
            Assert.Equal(HitStatus.Dismissed, kept.Status);
            Assert.DoesNotContain(await DeclarationScreening.OpenHitsAsync(db, second, Ct), h => h.EntrySourceId == "N-1");
        }

        // The entry changes: both hits are raised again.
        await ImportAsync(s, Edition2);
        var result = await RunRescreenJobAsync(s, 2);
        Assert.Equal(2, result.Counts.Reopened);
        await using (var db = s.Open())
        {
            var reopened = await db.ScreeningHits.Where(h => h.EntrySourceId == "N-1").ToListAsync(Ct);
            Assert.All(reopened, h => Assert.Equal(HitStatus.Open, h.Status));
            Assert.All(reopened, h => Assert.Contains("entry changed", h.StatusNote, StringComparison.Ordinal));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Hits_are_screened_after_an_API_submission_listed_through_the_policy_and_reviewed(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Screening:PollMilliseconds=200", "--Cordon:Jobs:PollMilliseconds=200");
        await ImportAsync(host.Store, Edition1);
        var officer = await host.AsAsync("officer");
        // The demo's own screening ran before this test (the demo store is seeded once and its backlog screened): only a later job counts.
        var jobsBefore = (await (await host.AsAsync("analyst")).GetFromJsonAsync<JsonElement>("/api/jobs", Ct)).EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).ToHashSet();
        var created = await (await officer.PostAsJsonAsync("/api/declarations", Declaration("SCR-API", "Zarubezhneft Maritime Holdings"), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();

        var withoutPurpose = await host.AsAsync("analyst", purpose: null);
        Assert.Equal(400, (int)(await withoutPurpose.GetAsync($"/api/screening/hits?record={id}", Ct)).StatusCode);
        var analyst = await host.AsAsync("analyst");
        JsonElement page = default;
        await Eventually.UntilAsync(async () => (page = await analyst.GetFromJsonAsync<JsonElement>($"/api/screening/hits?record={id}", Ct)).GetProperty("total").GetInt32() == 2,
            TimeSpan.FromSeconds(30), () => $"the record has {page.GetProperty("total").GetInt32()} hits after 30 s, not 2");
        var importer = page.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("partyRole").GetString() == "importer");
        Assert.Equal(("NATIONAL", 1, "Zarubezhneft Maritime Holdings"), (importer.GetProperty("list").GetString(), importer.GetProperty("listVersion").GetInt32(),
            importer.GetProperty("partyName").GetString()));
        Assert.True(importer.GetProperty("explanation").GetArrayLength() > 0);

        // The review queue page shows the hit with its explanation and the review form.
        var html = await analyst.GetStringAsync($"/screening/hits?record={id}", Ct);
        Assert.Contains("Zarubezhneft Maritime Holdings", html, StringComparison.Ordinal);
        Assert.Contains($"data-hit-id=\"{importer.GetProperty("id").GetGuid()}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"dismiss\"", html, StringComparison.Ordinal);

        // Another agency without an agreement sees none of them.
        var border = await host.AsAsync("bp.officer");
        Assert.Equal(0, (await border.GetFromJsonAsync<JsonElement>($"/api/screening/hits?record={id}&status=all", Ct)).GetProperty("total").GetInt32());
        var hitId = importer.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await border.GetAsync($"/api/screening/hits/{hitId}", Ct)).StatusCode);

        // An officer may not review; the analyst confirms.
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync($"/api/screening/hits/{hitId}/review", new { decision = "confirm", reason = "match" }, Ct)).StatusCode);
        var review = await (await analyst.PostAsJsonAsync($"/api/screening/hits/{hitId}/review", new { decision = "confirm", reason = "Same registration number in the annex" }, Ct))
            .OkAsync<JsonElement>();
        Assert.Equal("confirmed", review.GetProperty("hit").GetProperty("status").GetString());
        var single = await analyst.GetFromJsonAsync<JsonElement>($"/api/screening/hits/{hitId}", Ct);
        Assert.Equal("Same registration number in the annex", single.GetProperty("reviewReason").GetString());

        // Progress of the screening ran through the job table.
        await Eventually.UntilAsync(async () => (await analyst.GetFromJsonAsync<JsonElement>("/api/jobs", Ct)).EnumerateArray()
            .Any(j => j.GetProperty("kind").GetString() == ScreeningRuns.IntakeKind && j.GetProperty("status").GetString() == "Succeeded" && !jobsBefore.Contains(j.GetProperty("id").GetGuid())),
            TimeSpan.FromSeconds(10), () => "no new screening job succeeded within 10 s");
    }
}
