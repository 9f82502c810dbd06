using System.Net;
using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>
/// Traveller statistics on a small dataset whose every figure is worked out by hand, its filters, what a partner counts
/// without an agreement (nothing) and with one for statistics (counts, never reasons or hits), and the CSV against the API.
/// </summary>
public sealed class TravellerStatisticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Monday = new(2026, 11, 2);
    private static readonly TravellerStatisticsQuery Week = new(Monday, Monday.AddDays(6));

    /// <summary>
    /// NBP's records: the lost and stolen list (X4471920 NLD stolen, K0082213 UTO lost), the NCA WANTED watch list (Volkov), and
    /// <code>
    ///  crossings                     lists (all checked on intake)
    ///  Mon NLAMS entry, entry, exit  Tue KL642 JFK→AMS: DE VRIES (stolen passport: referral), JANSEN (none),
    ///  Tue NLAMS entry, refusal A        OKAFOR (expired passport: secondary inspection), VOLKOV (NCA WANTED: alert to NCA)
    ///  Tue NLRTM refusal A, refusal B Wed KL900 JFK→RTM: BAKKER (lost passport: referral)
    ///  next Tue NLAMS entry (after)  next Thu KL644: DE VRIES again (after the week)
    /// </code>
    /// (A "no valid visa", B "document reported stolen"), and one NCA crossing on Monday that NBP may not count.
    /// </summary>
    private static async Task<TestStore> HandComputedAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("bp.officer");
        var nbp = officer.AgencyId!.Value;
        await using (var db = s.Open())
        {
            await LostDocumentImport.ImportAsync(db, await s.ActorAsync("bp.admin"), "NBP lost and stolen", TravellerSamples.Csv(TravellerSamples.StolenList), "nbp-sltd.csv", TestClock.Real, Ct);
        }
        var path = Path.Combine(Cordon.Tests.Screening.ListFiles.TempFolder(), "wanted.csv");
        await File.WriteAllTextAsync(path, """
            id,name,type,aliases,dob,country,identifiers
            W-1,Kasimir Andrejevic Volkov,person,,1961-04-02,RS,passport:RS0044179
            """, Ct);
        await using (var db = s.Open())
        {
            await ListImport.ImportAsync(db, await s.ActorAsync("analyst"), new ListImportRequest(path, "csv", "NCA WANTED", "NCA", Tlp.Amber), null, Ct);
        }
        async Task Receive(string transport, DateOnly day, string arrival, params TravellerInput[] travellers)
        {
            await using var db = s.Open();
            var list = TravellerSamples.Flight(transport, day.ToDateTime(new TimeOnly(9, 40)), travellers);
            list.Arrival = arrival;
            list.Route = [list.Departure!, arrival];
            Assert.Equal(ManifestOutcome.Accepted, (await ManifestIntake.StoreAsync(db, new ManifestContext(nbp, officer, "test", TravellerSamples.Cards), list, TestClock.Real, Ct)).Outcome);
        }
        await Receive("KL642", Monday.AddDays(1), "AMS",
            TravellerSamples.Person("DE VRIES", "ANNA", "NLD", new DateOnly(1980, 3, 1), "X4471920", "NLD"),
            TravellerSamples.Person("JANSEN", "PIETER", "NLD", new DateOnly(1975, 6, 9), "X9000001", "NLD"),
            TravellerSamples.Person("OKAFOR", "CHIDI", "NGA", new DateOnly(1990, 1, 20), "A0771234", "NGA", expiry: new DateOnly(2026, 1, 31)),
            TravellerSamples.Person("VOLKOV", "KASIMIR ANDREJEVIC", "SRB", new DateOnly(1961, 4, 2), "RS0044179", "SRB"));
        await Receive("KL900", Monday.AddDays(2), "RTM", TravellerSamples.Person("BAKKER", "SANNE", "UTO", new DateOnly(1995, 9, 30), "K0082213", "UTO"));
        await Receive("KL644", Monday.AddDays(10), "AMS", TravellerSamples.Person("DE VRIES", "ANNA", "NLD", new DateOnly(1980, 3, 1), "X4471920", "NLD"));

        await using (var db = s.Open())
        {
            var nca = (await s.ActorAsync("officer")).AgencyId!.Value;
            var n = 0;
            void Cross(Guid owner, int day, string point, string kind, string? reason = null)
            {
                var at = new DateTimeOffset(Monday.AddDays(day).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).AddMinutes(++n);
                db.BorderCrossings.Add(new BorderCrossing
                {
                    OwningAgencyId = owner, Kind = kind, CrossingPoint = point, At = at, Day = Monday.AddDays(day), Officer = "test", RefusalReason = reason,
                    Purpose = reason is null ? "tourism" : null, Surname = $"PERSON{n}", Nationality = "UTO", DocumentType = "P", DocumentNumber = $"P{n:0000000}",
                    PersonKey = $"person-{n}", Source = "api",
                });
            }
            Cross(nbp, 0, "NLAMS", CrossingKinds.Entry);
            Cross(nbp, 0, "NLAMS", CrossingKinds.Entry);
            Cross(nbp, 0, "NLAMS", CrossingKinds.Exit);
            Cross(nbp, 1, "NLAMS", CrossingKinds.Entry);
            Cross(nbp, 1, "NLAMS", CrossingKinds.Refusal, "no valid visa");
            Cross(nbp, 1, "NLRTM", CrossingKinds.Refusal, "no valid visa");
            Cross(nbp, 1, "NLRTM", CrossingKinds.Refusal, "document reported stolen");
            Cross(nbp, 8, "NLAMS", CrossingKinds.Entry);
            Cross(nca, 0, "NLAMS", CrossingKinds.Entry);
            await db.SaveChangesAsync(Ct);
        }
        return s;
    }

    private static async Task<TravellerStatisticsReport> ReportAsync(TestStore s, Actor actor, TravellerStatisticsQuery query)
    {
        await using var db = s.Open();
        return await TravellerStatistics.ReportAsync(db, actor, query, Ct);
    }

    private static List<DecisionCount> Decisions(int none, int secondary, int alert, int referral) =>
    [
        new(TravellerActions.None, none), new(TravellerActions.SecondaryInspection, secondary), new(TravellerActions.AgencyAlert, alert),
        new(TravellerActions.ImmigrationReferral, referral),
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_figure_of_a_hand_computed_dataset_comes_out_exactly(string store)
    {
        await using var s = await HandComputedAsync(store);
        var r = await ReportAsync(s, await s.ActorAsync("bp.officer"), Week);

        // Seven NBP crossings in the week (the one after it and NCA's are not counted): entries 2 + 1, one exit, three refusals.
        Assert.Equal((7, 3, 1, 3), (r.Crossings, r.Entries, r.Exits, r.Refusals));
        Assert.Equal(
        [
            new PointDay("NLAMS", Monday, 2, 1, 0), new PointDay("NLAMS", Monday.AddDays(1), 1, 0, 1), new PointDay("NLRTM", Monday.AddDays(1), 0, 0, 2),
        ], r.ByPointAndDay);
        Assert.Equal([new PointTotal("NLAMS", 3, 1, 1), new PointTotal("NLRTM", 0, 0, 2)], r.ByPoint);
        Assert.Equal([new RefusalReasonCount("no valid visa", 2), new RefusalReasonCount("document reported stolen", 1)], r.RefusalsByReason);

        // KL642's four and KL900's one (KL644 departs after the week): De Vries and Bakker referred, Okafor to secondary, Volkov an alert to NCA.
        Assert.Equal(5, r.Travellers);
        Assert.Equal(Decisions(1, 1, 1, 2), r.ByDecision);
        Assert.Equal([new WatchListHitCount("NCA WANTED", 1, 0, 0)], r.WatchListHits);
        Assert.Equal([new DocumentHitCount("NBP lost and stolen", "lost", 1), new DocumentHitCount("NBP lost and stolen", "stolen", 1)], r.DocumentHits);
        Assert.Equal([new TravellerStatisticsSource("NBP", 7, 5, 1, 2)], r.Sources);
        Assert.Equal(("statistics", Monday, Monday.AddDays(6)), (r.Purpose, r.From, r.To));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_crossing_point_or_an_agency_narrows_every_figure_and_bad_filters_are_refused_by_name(string store)
    {
        await using var s = await HandComputedAsync(store);
        var officer = await s.ActorAsync("bp.officer");

        // Rotterdam: its two refusals, and the list arriving at RTM (the UN/LOCODE's last three letters): Bakker, lost passport.
        var rotterdam = await ReportAsync(s, officer, Week with { Point = "nlrtm" });
        Assert.Equal(("NLRTM", 2, 0, 2), (rotterdam.Point, rotterdam.Crossings, rotterdam.Entries, rotterdam.Refusals));
        Assert.Equal([new RefusalReasonCount("document reported stolen", 1), new RefusalReasonCount("no valid visa", 1)], rotterdam.RefusalsByReason);
        Assert.Equal(Decisions(0, 0, 0, 1), rotterdam.ByDecision);
        Assert.Equal([new DocumentHitCount("NBP lost and stolen", "lost", 1)], rotterdam.DocumentHits);
        Assert.Empty(rotterdam.WatchListHits);

        // NCA's records are not NBP's to count: narrowed to NCA, nothing.
        var nca = await ReportAsync(s, officer, Week with { Agency = "NCA" });
        Assert.Equal((0, 0), (nca.Crossings, nca.Travellers));
        Assert.Empty(nca.Sources);

        await using var db = s.Open();
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => TravellerStatistics.ReportAsync(db, officer,
            new TravellerStatisticsQuery(Monday, Monday.AddDays(-1), "NL AMS", "NOPE"), Ct));
        Assert.Equal(["agency", "point", "to"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'NL AMS' is not a crossing point code", refused.Errors["point"][0], StringComparison.Ordinal);
        Assert.Contains("NOPE", refused.Errors["agency"][0], StringComparison.Ordinal);
        var year = await Assert.ThrowsAsync<ValidationFailed>(() => TravellerStatistics.ReportAsync(db, officer, new TravellerStatisticsQuery(Monday, Monday.AddDays(400)), Ct));
        Assert.Contains("at most a year", year.Errors["to"][0], StringComparison.Ordinal);
        // An agency administrator does not work on travellers.
        var admin = await s.ActorAsync("bp.admin");
        await Assert.ThrowsAsync<Forbidden>(() => TravellerStatistics.ReportAsync(db, admin, Week, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_without_an_agreement_counts_none_of_ours_and_with_a_statistics_agreement_counts_but_never_sees_reasons_or_hits(string store)
    {
        await using var s = await HandComputedAsync(store);
        var immigration = await s.ActorAsync("nis.officer");
        static void Nothing(TravellerStatisticsReport r)
        {
            Assert.Equal((0, 0), (r.Crossings, r.Travellers));
            Assert.Empty(r.ByPointAndDay);
            Assert.Empty(r.RefusalsByReason);
            Assert.Empty(r.WatchListHits);
            Assert.Empty(r.DocumentHits);
            Assert.Empty(r.Sources);
            Assert.All(r.ByDecision, d => Assert.Equal(0, d.Travellers));
        }
        Nothing(await ReportAsync(s, immigration, Week));

        async Task Agree(string[] purposes)
        {
            await using var db = s.Open();
            var now = TestClock.Now;
            var proposed = await Agreements.ProposeAsync(db, await s.ActorAsync("bp.admin"), new AgreementTerms($"NBP travellers for NIS ({string.Join(", ", purposes)})", "NBP", "NIS",
                [RecordTypes.Traveller], "TLP:AMBER", purposes, [], false, now.AddDays(-1), now.AddYears(1), PersonalData: true), now, Ct);
            await Agreements.ApproveAsync(db, await s.ActorAsync("nis.admin"), proposed.Id, now, Ct);
        }
        // Investigations only (even with personal data): the figures are read for statistics, so still nothing.
        await Agree(["investigation"]);
        Nothing(await ReportAsync(s, immigration, Week));

        // For statistics: every crossing and traveller counts, but a refusal's reason (free text about a person) is withheld,
        // which documents were reported is the travellers' reasons (personal, withheld for statistics), and hits are not covered.
        await Agree(["statistics"]);
        var nis = await ReportAsync(s, immigration, Week);
        Assert.Equal((7, 3, 1, 3, 5), (nis.Crossings, nis.Entries, nis.Exits, nis.Refusals, nis.Travellers));
        Assert.Equal([new PointTotal("NLAMS", 3, 1, 1), new PointTotal("NLRTM", 0, 0, 2)], nis.ByPoint);
        Assert.Equal([new RefusalReasonCount(TravellerStatistics.Withheld, 3)], nis.RefusalsByReason);
        Assert.Equal(Decisions(1, 1, 1, 2), nis.ByDecision);
        Assert.Empty(nis.WatchListHits);
        Assert.Empty(nis.DocumentHits);
        Assert.Equal([new TravellerStatisticsSource("NBP", 7, 5, 0, 0)], nis.Sources);

        // What was counted lands in NBP's access review, with how many.
        await using var check = s.Open();
        var reads = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "records.statistics" && e.ActorAgencyId == immigration.AgencyId).ToListAsync(Ct);
        var nbp = (await s.ActorAsync("bp.officer")).AgencyId;
        Assert.Equal(2, reads.Count);
        Assert.All(reads, e => Assert.Equal((RecordTypes.Traveller, nbp), (e.RecordType!, e.RecordAgencyId)));
        Assert.Contains(reads, e => e.Details!.Contains("\"rows\":7", StringComparison.Ordinal) && e.Details.Contains("border crossings", StringComparison.Ordinal));
        Assert.Contains(reads, e => e.Details!.Contains("\"rows\":5", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_csv_export_has_the_apis_figures_row_for_row_and_the_page_draws_the_demos_charts(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var officer = await host.AsAsync("bp.officer", purpose: null);
        var json = await officer.GetStringAsync("/api/travellers/statistics", Ct);
        var report = JsonSerializer.Deserialize<TravellerStatisticsReport>(json, JsonSerializerOptions.Web)!;
        // The demo's last four weeks: crossings at Schiphol with a refusal, today's lists with their decisions and hits.
        Assert.True(report.Entries > 0 && report.Refusals > 0 && report.Travellers > 0, json[..Math.Min(400, json.Length)]);
        Assert.Contains(report.RefusalsByReason, x => x.Reason == "document reported invalidated");
        Assert.Contains(report.ByDecision, d => d.Action == TravellerActions.ImmigrationReferral && d.Travellers > 0);
        Assert.NotEmpty(report.DocumentHits);
        Assert.NotEmpty(report.WatchListHits);

        var response = await officer.GetAsync($"/api/travellers/statistics/export.csv?from={report.From:yyyy-MM-dd}&to={report.To:yyyy-MM-dd}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var expected = new StringWriter { NewLine = "\n" };
        await TravellerStatistics.WriteCsvAsync(report, expected);
        Assert.Equal(expected.ToString().TrimEnd('\n').Split('\n'), lines);
        Assert.Equal("section,key,measure,value", lines[0]);
        Assert.Contains($"total,,crossings,{report.Crossings}", lines);
        Assert.Contains("refusal_reason,document reported invalidated,refusals,1", lines);

        var refused = await officer.GetAsync("/api/travellers/statistics?point=x", Ct);
        Assert.Contains("point", (await refused.ProblemAsync(400)).ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.AsAsync("bp.admin")).GetAsync("/api/travellers/statistics", Ct)).StatusCode);

        var session = await PageSession.SignInAsync(host, "bp.officer");
        Assert.Contains("href=\"/travellers/statistics\"", await session.GetStringAsync("/"), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await session.GetStringAsync("/travellers/statistics"));
        foreach (var chart in new[] { "traveller-crossings", "traveller-refusals", "traveller-decisions", "traveller-watch-list-hits", "traveller-document-hits" })
        {
            Assert.Contains($"data-chart=\"{chart}\"", page, StringComparison.Ordinal);
        }
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("/api/travellers/statistics/export.csv?from=", page, StringComparison.Ordinal);
        var wrong = WebUtility.HtmlDecode(await session.GetStringAsync("/travellers/statistics?Point=a+b"));
        Assert.Contains("'a b' is not a crossing point code", wrong, StringComparison.Ordinal);
    }
}
