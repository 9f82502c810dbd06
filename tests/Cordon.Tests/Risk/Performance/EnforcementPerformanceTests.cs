using System.Net;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Risk.Performance;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk.Performance;

/// <summary>
/// The enforcement performance view on a small dataset whose every figure is worked out by hand, its filters, what
/// another agency counts under a statistics agreement (and without one), and the CSV against the API.
/// </summary>
public sealed class EnforcementPerformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Monday = new(2026, 3, 2);
    private static readonly PerformanceQuery TwoWeeks = new(Monday, Monday.AddDays(13));

    private enum Why { None, Random, Screening, Criteria, ForcedByCriterion, Model }

    /// <summary>
    /// Eleven NCA declarations lodged over two weeks (and one the day after), with their lanes, outcomes and release hours:
    /// <code>
    ///  #  day  office hs   lane    why        aeo outcome          released after
    ///  1  W1   PFA    0901 red     random         irregular, 300   10 h
    ///  2  W1   PFA    0901 red     criteria       nothing          20 h
    ///  3  W1   PFA    0901 yellow  model          irregular, 100    6 h
    ///  4  W1   PFA    0901 red     screening      irregular, 0     (detained)
    ///  5  W1   PFA    0901 green              yes                   1 h
    ///  6  W1   PFA    0901 green                                    2 h
    ///  7  W2   PFB    8703 red     random     yes nothing          30 h
    ///  8  W2   PFB    8703 yellow  criterion      (awaiting)
    ///  9  W2   PFB    8703 blue                                     1 h
    /// 10  W2   PFB    8703 green                                    3 h
    /// 11  W2   PFB    8703 (no lane yet)
    /// 12  day after the period: red, random, irregular (never counted)
    /// </code>
    /// and two seizures: EC → NL cocaine at PFA in week 1, CN → NL cigarettes at PFB in week 2.
    /// </summary>
    private static async Task<TestStore> HandComputedAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("officer");
        var nca = officer.AgencyId!.Value;
        await using (var db = s.Open())
        {
            var n = 0;
            void Add(int day, string office, string hs, Lane? lane, Why why, bool aeo, bool? irregular, decimal revenue, double? releasedAfter)
            {
                var lodged = Monday.AddDays(day);
                var received = new DateTimeOffset(lodged.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
                var d = new Declaration
                {
                    OwningAgencyId = nca, Kind = DeclarationKind.Import, Office = office, Declarant = "PERF", Number = $"PERF-{++n}", LodgedOn = lodged,
                    OriginCountry = "CN", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32], UpdatedBy = "test",
                    FirstReceivedAt = received, UpdatedAt = received, Items = [new DeclarationItem { Line = 1, HsCode = hs + "000000" }],
                };
                db.Declarations.Add(d);
                if (lane is { } l)
                {
                    db.LaneDecisions.Add(new LaneDecision
                    {
                        DeclarationId = d.Id, OwningAgencyId = nca, Office = office, DeclarationNumber = d.Number, LodgedOn = lodged, Lane = l, Aeo = aeo,
                        RandomPick = why == Why.Random, Forced = why is Why.Screening or Why.ForcedByCriterion, CriteriaScore = why == Why.Criteria ? 30 : 0,
                        Explanation = why switch
                        {
                            Why.Screening => """{"lane":"red","reason":"Watch-list block hit (1 party): always red, referred to NBP."}""",
                            Why.ForcedByCriterion => """{"lane":"yellow","reason":"Forced yellow by criterion Repeat offender."}""",
                            _ => "{}",
                        },
                        DecidedAt = received, DecidedBy = "test",
                    });
                }
                if (irregular is { } found)
                {
                    db.InspectionOutcomes.Add(new InspectionOutcome { DeclarationId = d.Id, OwningAgencyId = nca, Illicit = found, Revenue = revenue, RecordedAt = received, Source = "test" });
                }
                if (releasedAfter is { } hours)
                {
                    db.DeclarationReleases.Add(new DeclarationRelease { DeclarationId = d.Id, OwningAgencyId = nca, ReleasedAt = received.AddHours(hours), ReleasedBy = "test" });
                }
            }
            Add(0, "PFA", "0901", Lane.Red, Why.Random, false, true, 300, 10);
            Add(1, "PFA", "0901", Lane.Red, Why.Criteria, false, false, 0, 20);
            Add(2, "PFA", "0901", Lane.Yellow, Why.Model, false, true, 100, 6);
            Add(3, "PFA", "0901", Lane.Red, Why.Screening, false, true, 0, null);
            Add(4, "PFA", "0901", Lane.Green, Why.None, true, null, 0, 1);
            Add(5, "PFA", "0901", Lane.Green, Why.None, false, null, 0, 2);
            Add(7, "PFB", "8703", Lane.Red, Why.Random, true, false, 0, 30);
            Add(8, "PFB", "8703", Lane.Yellow, Why.ForcedByCriterion, false, null, 0, null);
            Add(9, "PFB", "8703", Lane.Blue, Why.None, false, null, 0, 1);
            Add(10, "PFB", "8703", Lane.Green, Why.None, false, null, 0, 3);
            Add(11, "PFB", "8703", null, Why.None, false, null, 0, null);
            Add(14, "PFB", "8703", Lane.Red, Why.Random, false, true, 500, 5);
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = s.Open())
        {
            foreach (var (day, office, from, hs, category) in new[] { (1, "PFA", "EC", "090121", "cocaine"), (8, "PFB", "CN", "240220", "cigarettes") })
            {
                await Seizures.CreateAsync(db, officer, new NewSeizure
                {
                    Office = office, Place = "scanner bay", SeizedAt = new DateTimeOffset(Monday.AddDays(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                    RouteFrom = from, RouteTo = "NL", Items = [new SeizedItemRequest("found in the load", hs, 10, "kg", 10m, 1000m, "EUR", category)],
                    SeizingOfficers = ["officer"], LegalBasis = "Customs Act art. 1:33", Marking = "TLP:AMBER",
                }, Ct);
            }
        }
        return s;
    }

    private static CheckFigures Checks(int inspected, int awaiting, int irregular, double? rate, double revenue, double? perInspection)
        => new(inspected, awaiting, irregular, rate, revenue, perInspection);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_figure_of_a_hand_computed_dataset_comes_out_exactly(string store)
    {
        await using var s = await HandComputedAsync(store);
        await using var db = s.Open();
        var r = await EnforcementPerformance.ReportAsync(db, await s.ActorAsync("analyst"), TwoWeeks, Ct);

        // Declarations 1–11 (12 is lodged after the period); 1–10 have a lane; 1, 2, 3, 4, 7, 8 are red or yellow: 6 of 10 checked.
        Assert.Equal((11, 10, 6), (r.Declarations, r.Decided, r.Checked));
        Assert.Equal(0.6, r.InspectionRate);
        // Outcomes of 1, 2, 3, 4, 7 (8 awaits one); 1, 3, 4 irregular: 3 / 5; revenue 300 + 100 = 400, per inspection 400 / 5.
        Assert.Equal(Checks(5, 1, 3, 0.6, 400, 80), r.Checks);

        // red 1, 2, 4, 7: 4 of 10; irregular 1, 4 of 4; 300 / 4; released 1, 2, 7 after 10, 20, 30 h: median 20, p90 20 + 0.8 × 10.
        // yellow 3, 8: 3 inspected (irregular, 100), 8 awaiting; released 3 after 6 h.
        // blue 9 (1 h); green 5, 6, 10 (1, 2, 3 h: median 2, p90 2 + 0.8 × 1).
        Assert.Equal(
        [
            new LanePerformance("red", 4, 0.4, Checks(4, 0, 2, 0.5, 300, 75), 3, 20, 28),
            new LanePerformance("yellow", 2, 0.2, Checks(1, 1, 1, 1, 100, 100), 1, 6, 6),
            new LanePerformance("blue", 1, 0.1, Checks(0, 0, 0, null, 0, null), 1, 1, 1),
            new LanePerformance("green", 3, 0.3, Checks(0, 0, 0, null, 0, null), 3, 2, 2.8),
        ], r.ByLane);

        // random 1 (irregular, 300) and 7 (nothing); screening 4 (irregular, no revenue); criteria 2 (nothing) and 8 (forced
        // by a criterion, awaiting); model 3 (irregular, 100). Nothing is withheld from the owner.
        Assert.Equal(
        [
            new ReasonPerformance("random", Checks(2, 0, 1, 0.5, 300, 150)),
            new ReasonPerformance("screening", Checks(1, 0, 1, 1, 0, 0)),
            new ReasonPerformance("criteria", Checks(1, 1, 0, 0, 0, 0)),
            new ReasonPerformance("model", Checks(1, 0, 1, 1, 100, 100)),
        ], r.ByReason);

        // AEO: 5 (green) and 7 (red) of the 10 with a lane; 1 of 2 checked; the other 8 had 5 checks.
        Assert.Equal(new AeoPerformance(2, 0.2, 1, 0.5, 8, 5, 5 / 8.0), r.Aeo);
        // Found nothing: 2 and 7, of 5 inspected; both released, after 20 and 30 h: 50 h in all, median 25.
        Assert.Equal(new ComplianceBurden(2, 0.4, 2, 50, 25), r.Burden);

        // Week 1: 1–6 (all with a lane), checks 1–4, outcomes 3 of 4 irregular, 400 / 4; releases after 10, 20, 6, 1, 2 h: median 6.
        // Week 2: 7–11, 7–10 with a lane, checks 7 and 8; 7 found nothing; releases after 30, 1, 3 h: median 3.
        Assert.Equal(
        [
            new WeekPerformance(Monday, Monday.AddDays(6), 6, 6, 4, 4 / 6.0, Checks(4, 0, 3, 0.75, 400, 100), 1, 6),
            new WeekPerformance(Monday.AddDays(7), Monday.AddDays(13), 5, 4, 2, 0.5, Checks(1, 1, 0, 0, 0, 0), 1, 3),
        ], r.Weeks);

        Assert.Equal(2, r.Seizures.Seizures);
        Assert.Equal([("cigarettes", 1), ("cocaine", 1)], r.Seizures.ByCommodity.Select(b => (b.Key, b.Seizures)).Order());
        Assert.Equal([("CN → NL", 1), ("EC → NL", 1)], r.Seizures.ByRoute.Select(b => (b.Key, b.Seizures)).Order());
        Assert.Equal([("PFA", 1), ("PFB", 1)], r.Seizures.ByOffice.Select(b => (b.Key, b.Seizures)).Order());
        Assert.Equal([new PerformanceSource("NCA", 11, 10, 5, 8)], r.Sources);
        Assert.Equal("statistics", r.Purpose);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_office_lane_commodity_and_agency_filters_narrow_every_figure_and_bad_ones_are_refused_by_field(string store)
    {
        await using var s = await HandComputedAsync(store);
        await using var db = s.Open();
        var analyst = await s.ActorAsync("analyst");

        // Office PFB: declarations 7–11; 7–10 with a lane; checks 7 and 8; 7 inspected, found nothing; one seizure there.
        var pfb = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Office = "pfb" }, Ct);
        Assert.Equal((5, 4, 2, 0.5), (pfb.Declarations, pfb.Decided, pfb.Checked, pfb.InspectionRate));
        Assert.Equal(Checks(1, 1, 0, 0, 0, 0), pfb.Checks);
        Assert.Equal([("PFB", 1)], pfb.Seizures.ByOffice.Select(b => (b.Key, b.Seizures)));

        // Red lane: 1, 2, 4, 7, all checked.
        var red = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Lane = "RED" }, Ct);
        Assert.Equal((4, 4, 4, 1.0), (red.Declarations, red.Decided, red.Checked, red.InspectionRate));
        Assert.Equal(Checks(4, 0, 2, 0.5, 300, 75), red.Checks);

        // HS chapter 09 and heading 0901: declarations 1–6 and the cocaine seizure (its item is 0901.21).
        foreach (var hs in new[] { "09", "0901", "09.01" })
        {
            var coffee = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Hs = hs }, Ct);
            Assert.Equal((6, 6, 4), (coffee.Declarations, coffee.Decided, coffee.Checked));
            Assert.Equal(["cocaine"], coffee.Seizures.ByCommodity.Select(b => b.Key));
        }
        var cars = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Hs = "8703" }, Ct);
        Assert.Equal(5, cars.Declarations);

        var nca = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Agency = "nca" }, Ct);
        Assert.Equal((11, 2), (nca.Declarations, nca.Seizures.Seizures));
        var police = await EnforcementPerformance.ReportAsync(db, analyst, TwoWeeks with { Agency = "NBP" }, Ct);
        Assert.Equal((0, 0, 0), (police.Declarations, police.Decided, police.Seizures.Seizures));

        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => EnforcementPerformance.ReportAsync(db, analyst,
            new PerformanceQuery(Monday, Monday.AddDays(-1), Lane: "purple", Hs: "9", Agency: "NOPE"), Ct));
        Assert.Equal(["agency", "hs", "lane", "to"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'purple' is not a lane", refused.Errors["lane"][0], StringComparison.Ordinal);
        Assert.Contains("NOPE", refused.Errors["agency"][0], StringComparison.Ordinal);
        var officer = await s.ActorAsync("officer");
        await Assert.ThrowsAsync<Forbidden>(() => EnforcementPerformance.ReportAsync(db, officer, TwoWeeks, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Another_agency_counts_only_what_its_statistics_agreement_lets_it_and_nothing_without_one(string store)
    {
        await using var s = await HandComputedAsync(store);
        var now = TestClock.Now;
        var admin = await s.ActorAsync("admin");
        var statistician = await s.ActorAsync("nso.analyst");
        var police = await s.ActorAsync("bp.admin");
        async Task<PerformanceReport> Report(Actor a)
        {
            await using var db = s.Open();
            return await EnforcementPerformance.ReportAsync(db, a, TwoWeeks, Ct);
        }
        async Task Agree(Actor recipient, string code, string[] types, string[] purposes)
        {
            await using var db = s.Open();
            var proposed = await Agreements.ProposeAsync(db, admin, new AgreementTerms($"NCA figures for {code} ({string.Join(", ", purposes)})", "NCA", code, types, "TLP:AMBER",
                purposes, [], false, now.AddDays(-1), now.AddYears(1)), now, Ct);
            await Agreements.ApproveAsync(db, recipient, proposed.Id, now, Ct);
        }
        static void Nothing(PerformanceReport r)
        {
            Assert.Equal((0, 0, 0, 0), (r.Declarations, r.Decided, r.Checks.Inspected, r.Seizures.Seizures));
            Assert.Empty(r.Sources);
        }

        // No agreement: nothing of NCA's counts.
        Nothing(await Report(statistician));
        Nothing(await Report(police));

        // An agreement for investigations only: still nothing, the figures are read for statistics.
        await Agree(police, "NBP", [RecordTypes.Declaration, RecordTypes.LaneDecision, RecordTypes.Inspection, RecordTypes.Seizure], ["investigation"]);
        Nothing(await Report(police));

        // The statistics office's agreement covers declarations and lanes: it counts the declarations, but lane decisions are
        // law-enforcement-only and it is not law enforcement, so no lane, check or outcome counts.
        await Agree(statistician, "NSO", [RecordTypes.Declaration, RecordTypes.LaneDecision, RecordTypes.Inspection], ["statistics"]);
        var nso = await Report(statistician);
        Assert.Equal((11, 0, 0, 0), (nso.Declarations, nso.Decided, nso.Checks.Inspected, nso.Seizures.Seizures));
        // Releases are part of the declaration: their hours count by week (as in the owner's report), by no lane.
        Assert.Equal([new PerformanceSource("NCA", 11, 0, 0, 8)], nso.Sources);
        Assert.Equal([6.0, 3.0], nso.Weeks.Select(w => w.MedianReleaseHours));
        Assert.All(nso.ByLane, l => Assert.Equal(0, l.Released));

        // The border police's statistics agreement covers declarations, lanes, inspections and seizures but not NCA's risk
        // criteria: every count is there, but why a risk pick was chosen is withheld (random picks stay random).
        await Agree(police, "NBP", [RecordTypes.Declaration, RecordTypes.LaneDecision, RecordTypes.Inspection, RecordTypes.Seizure], ["statistics"]);
        var nbp = await Report(police);
        Assert.Equal((11, 10, 6), (nbp.Declarations, nbp.Decided, nbp.Checked));
        Assert.Equal(Checks(5, 1, 3, 0.6, 400, 80), nbp.Checks);
        Assert.Equal(2, nbp.Seizures.Seizures);
        Assert.Equal(
        [
            new ReasonPerformance("random", Checks(2, 0, 1, 0.5, 300, 150)),
            new ReasonPerformance("screening", Checks(0, 0, 0, null, 0, null)),
            new ReasonPerformance("criteria", Checks(0, 0, 0, null, 0, null)),
            new ReasonPerformance("model", Checks(0, 0, 0, null, 0, null)),
            // 2, 3 and 4 inspected (3 and 4 irregular, 100), 8 awaiting.
            new ReasonPerformance("withheld", Checks(3, 1, 2, 2 / 3.0, 100, 33.33)),
        ], nbp.ByReason);

        // What was counted lands in NCA's access review: one entry per record type, with how many.
        await using var check = s.Open();
        var reads = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "records.statistics" && e.ActorAgencyId == police.AgencyId).ToListAsync(Ct);
        Assert.Equal([RecordTypes.Declaration, "declaration-release", RecordTypes.Inspection, RecordTypes.LaneDecision], reads.Select(e => e.RecordType!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(reads, e => Assert.Equal(admin.AgencyId, e.RecordAgencyId));
        Assert.Contains(reads, e => e.RecordType == RecordTypes.Declaration && e.Details!.Contains("\"rows\":11", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_csv_export_has_the_apis_figures_row_for_row_and_the_demo_gives_every_figure(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var analyst = await host.AsAsync("analyst", purpose: null);
        var json = await analyst.GetStringAsync("/api/risk/performance", Ct);
        var report = JsonSerializer.Deserialize<PerformanceReport>(json, JsonSerializerOptions.Web)!;

        // The default period is the twelve weeks to the latest lodgement day: the demo's lane period, with checks, outcomes, releases and AEO importers.
        Assert.True(report.Declarations > 0 && report.Checked > 0 && report.Checks.Inspected > 0 && report.Checks.Irregular > 0, json[..Math.Min(400, json.Length)]);
        Assert.True(report.Aeo.Declarations > 0 && report.Burden.FoundNothing > 0 && report.Burden.Released > 0);
        Assert.Contains(report.ByLane, l => l.Lane == "red" && l.MedianReleaseHours > 0 && l.P90ReleaseHours >= l.MedianReleaseHours);
        Assert.Contains(report.ByReason, x => x.Reason == "random" && x.Checks.Inspected > 0);

        var response = await analyst.GetAsync($"/api/risk/performance/export.csv?from={report.From:yyyy-MM-dd}&to={report.To:yyyy-MM-dd}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync(Ct);
        var expected = new StringWriter { NewLine = "\n" };
        await EnforcementPerformance.WriteCsvAsync(report, expected);
        var lines = csv.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("section,key,measure,value", lines[0]);
        Assert.Equal(expected.ToString().TrimEnd('\n').Split('\n'), lines);
        Assert.Contains($"total,,declarations,{report.Declarations}", lines);
        Assert.Contains($"lane,red,declarations,{report.ByLane.Single(l => l.Lane == "red").Declarations}", lines);
        Assert.Equal(report.Weeks.Count, lines.Count(l => l.StartsWith("week,", StringComparison.Ordinal) && l.Split(',')[2] == "declarations"));

        var refused = await analyst.GetAsync("/api/risk/performance?hs=x", Ct);
        var problem = await refused.ProblemAsync(400);
        Assert.Contains("hs", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.AsAsync("officer")).GetAsync("/api/risk/performance", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_page_shows_the_demos_figures_and_charts_and_the_statistics_office_only_declarations(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        var overview = await supervisor.GetStringAsync("/");
        Assert.Contains("href=\"/risk/performance\"", overview, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/risk/performance"));
        foreach (var chart in new[] { "performance-rates", "performance-volumes", "performance-reasons", "performance-revenue", "performance-release", "performance-seizures-commodity" })
        {
            Assert.Contains($"data-chart=\"{chart}\"", page, StringComparison.Ordinal);
        }
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"performance-lanes\"", page, StringComparison.Ordinal);
        Assert.Contains("/api/risk/performance/export.csv?from=", page, StringComparison.Ordinal);
        var refused = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/risk/performance?Hs=abc"));
        Assert.Contains("'abc' is not an HS prefix", refused, StringComparison.Ordinal);

        // The statistics office's demo agreement covers NCA's declarations for statistics: it counts them, and no lane.
        var statistician = await PageSession.SignInAsync(host, "nso.analyst");
        var theirs = WebUtility.HtmlDecode(await statistician.GetStringAsync("/risk/performance"));
        var sources = theirs[theirs.IndexOf("data-testid=\"performance-sources\"", StringComparison.Ordinal)..];
        Assert.Matches("<td>NCA</td><td>[1-9][0-9]*</td><td>0</td><td>0</td>", sources);
    }
}
