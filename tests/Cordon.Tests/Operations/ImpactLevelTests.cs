using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Operations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

/// <summary>Impact levels per border section: who sets them, how long they hold, the coverage they require, who sees them; and incidents' confidence.</summary>
public sealed class ImpactLevelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static string Box(double west, double east, double south = 51.40, double north = 51.50)
        => string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Shortfall_is_exact_for_a_hand_made_patrol_plan_day_by_day()
    {
        var section = BorderSections.Draw("Baarle centre", Box(4.90, 4.95))!;
        section.Level = ImpactLevel.High;
        section.LevelFrom = Day;
        section.LevelUntil = Day.AddDays(2); // high (12 h a day) on the first two days, low (0 h) on the third
        var agency = Guid.NewGuid();
        Patrol P(string name, string area, DateTimeOffset from, DateTimeOffset to) => new() { CreatedAt = TestClock.Now, Name = name, AreaGeoJson = area, StartsAt = from, EndsAt = to, OwningAgencyId = agency };
        var plan = new[]
        {
            P("day shift", OperationsDemo.OperationArea, Day.AddHours(6), Day.AddHours(14)),                      // day 1: 8 h
            P("night shift", OperationsDemo.OperationArea, Day.AddDays(1).AddHours(20), Day.AddDays(2).AddHours(2)), // day 2: 4 h, day 3: 2 h
            P("inland", Box(5.30, 5.40, 51.60, 51.70), Day.AddHours(0), Day.AddDays(3)),                           // far from the section: none
        };

        var coverage = BorderSections.Cover([section], plan, Day, Day.AddDays(3), Day.AddDays(2).AddHours(10), ImpactRules.Default).Single();

        Assert.Equal(["day shift", "night shift"], coverage.Patrols);
        Assert.Equal(
            [new SectionDay(new DateOnly(2026, 11, 23), "high", 12, 8, 4), new SectionDay(new DateOnly(2026, 11, 24), "high", 12, 4, 8), new SectionDay(new DateOnly(2026, 11, 25), "low", 0, 2, 0)],
            coverage.Days);
        Assert.Equal((24, 14, 12), (coverage.RequiredHours, coverage.PlannedHours, coverage.ShortfallHours));
        // At the time asked (day 3) the level has expired: the section is back at low, needing nothing.
        Assert.Equal(("low", 0.0), (coverage.Level, coverage.RequiredHoursPerDay));
    }

    [Fact]
    public void A_day_the_window_only_partly_holds_needs_at_most_its_hours_and_the_rule_follows_the_settings()
    {
        var section = BorderSections.Draw("Baarle centre", Box(4.90, 4.95))!;
        (section.Level, section.LevelFrom, section.LevelUntil) = (ImpactLevel.Critical, Day, Day.AddDays(30));
        var rules = new ImpactLevelOptions { CriticalHours = 20 }.Rules;
        var coverage = BorderSections.Cover([section], [], Day.AddHours(18), Day.AddDays(1).AddHours(6), Day, rules).Single();
        Assert.Equal([6.0, 6.0], coverage.Days.Select(d => d.RequiredHours)); // 18:00–24:00 and 00:00–06:00
        Assert.Equal(12, coverage.ShortfallHours);
        Assert.Equal(20, coverage.RequiredHoursPerDay);
        Assert.Null(ImpactLevelOptions.Check(new ImpactLevelOptions()));
        Assert.NotNull(ImpactLevelOptions.Check(new ImpactLevelOptions { HighHours = 30 }));
        Assert.NotNull(ImpactLevelOptions.Check(new ImpactLevelOptions { MediumHours = 14 })); // above high
    }

    [Fact]
    public void An_area_without_a_land_border_makes_no_section()
        => Assert.Null(BorderSections.Draw("Veluwe", Box(5.7, 5.9, 52.1, 52.3)));

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Analysts_set_a_level_with_a_reason_until_after_from_officers_cannot_and_the_store_audits_each_version(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await host.AsAsync("analyst", "investigation");
        var created = await (await analyst.PostAsJsonAsync("/api/operations/border-sections", new { name = "Test section", area = Json(Box(4.86, 4.99, 51.41, 51.49)) }, Ct)).OkAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("BE–NL", created.GetProperty("border").GetString());
        Assert.Equal("low", created.GetProperty("level").GetString());
        var now = TestClock.Now;
        var path = $"/api/operations/border-sections/{id}/impact-level";

        var officer = await host.AsAsync("officer", "investigation");
        await (await officer.PutAsJsonAsync(path, new { level = "high", reason = "tracks", validUntil = now.AddDays(7) }, Ct)).ProblemAsync(403);

        var noReason = await (await analyst.PutAsJsonAsync(path, new { level = "high", reason = " ", validUntil = now.AddDays(7) }, Ct)).ProblemAsync(400);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _), noReason.ToString());
        var backwards = await (await analyst.PutAsJsonAsync(path, new { level = "high", reason = "tracks", validFrom = now.AddDays(3), validUntil = now.AddDays(2) }, Ct)).ProblemAsync(400);
        Assert.True(backwards.GetProperty("errors").TryGetProperty("validUntil", out _), backwards.ToString());
        var badLevel = await (await analyst.PutAsJsonAsync(path, new { level = "severe", reason = "tracks", validUntil = now.AddDays(2) }, Ct)).ProblemAsync(400);
        Assert.True(badLevel.GetProperty("errors").TryGetProperty("level", out _), badLevel.ToString());

        var set = await (await analyst.PutAsJsonAsync(path, new { level = "high", reason = "Night crossings seen on radar", evidence = new[] { "incident 4711", "detections nbp-radar-1.t9" }, validUntil = now.AddDays(7) }, Ct)).OkAsync<JsonElement>();
        Assert.Equal(("high", 12.0, 2), (set.GetProperty("level").GetString(), set.GetProperty("requiredHoursPerDay").GetDouble(), set.GetProperty("version").GetInt32()));
        Assert.Equal(["incident 4711", "detections nbp-radar-1.t9"], set.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        var read = await (await analyst.GetAsync($"/api/operations/border-sections/{id}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("Night crossings seen on radar", read.GetProperty("reason").GetString());
        Assert.Contains("analyst", read.GetProperty("setBy").GetString(), StringComparison.Ordinal);
        // A second level keeps the first in the section's history.
        await (await analyst.PutAsJsonAsync(path, new { level = "critical", reason = "Group crossing expected", validUntil = now.AddDays(3) }, Ct)).OkAsync<JsonElement>();
        var history = (await (await analyst.GetAsync($"/api/operations/border-sections/{id}", Ct)).OkAsync<JsonElement>()).GetProperty("history").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("level").GetString(), v.GetProperty("reason").GetString())).ToList();
        Assert.Equal([(3, "critical", "Group crossing expected"), (2, "high", "Night crossings seen on radar")], history);

        await using var db = host.Store.Open();
        var audited = await db.AuditEntries.Where(e => e.RecordId == id.ToString()).OrderBy(e => e.LeafIndex).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["border-section.create", "border-section.update", "border-section.update"], audited);
        Assert.Equal(1, await db.BorderSections.CountAsync(s => s.Id == id && s.Version == 3, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_expired_level_falls_back_to_low_and_a_later_one_is_not_yet_in_force(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var supervisor = await host.AsAsync("supervisor", "investigation");
        var created = await (await supervisor.PostAsJsonAsync("/api/operations/border-sections", new { name = "Expiring", area = Json(Box(4.86, 4.99, 51.41, 51.49)) }, Ct)).OkAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var now = TestClock.Now;
        var expired = await (await supervisor.PutAsJsonAsync($"/api/operations/border-sections/{id}/impact-level",
            new { level = "critical", reason = "last week's operation", validFrom = now.AddDays(-9), validUntil = now.AddDays(-2) }, Ct)).OkAsync<JsonElement>();
        Assert.Equal(("low", 0.0, "critical"), (expired.GetProperty("level").GetString(), expired.GetProperty("requiredHoursPerDay").GetDouble(), expired.GetProperty("setLevel").GetString()));
        var later = await (await supervisor.PutAsJsonAsync($"/api/operations/border-sections/{id}/impact-level",
            new { level = "medium", reason = "from next week", validFrom = now.AddDays(5), validUntil = now.AddDays(9) }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("low", later.GetProperty("level").GetString());
        var listed = (await (await supervisor.GetAsync("/api/operations/border-sections", Ct)).OkAsync<JsonElement>()).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(("low", "medium"), (listed.GetProperty("level").GetString(), listed.GetProperty("setLevel").GetString()));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_sections_show_todays_shortfall_on_the_map_and_the_coverage_report_to_an_agency_with_an_agreement_only(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        // Customs named the sections; the border police have customs' operations records under an agreement, the partner abroad has none from customs.
        var bp = await host.AsAsync("bp.officer", "investigation");
        var map = await (await bp.GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>();
        var sections = map.GetProperty("borderSections").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["Baarle centre", "Baarle east", "Baarle west"], sections.Keys.Order());
        // The demo's day patrol (06:00–14:00 UTC today) covers the whole area: 8 h planned on every section.
        Assert.Equal(("critical", 24.0, 8, 16.0), Figures(sections["Baarle centre"]));
        Assert.Equal(("medium", 4.0, 8, 0.0), Figures(sections["Baarle west"]));
        Assert.Equal(("low", 0.0, 8, 0.0), Figures(sections["Baarle east"]));

        var operation = map.GetProperty("operations")[0].GetProperty("id").GetString();
        var report = await (await bp.GetAsync($"/api/operations/{operation}/border-coverage", Ct)).OkAsync<JsonElement>();
        var centre = report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Baarle centre");
        Assert.Equal("critical", centre.GetProperty("level").GetString());
        Assert.True(centre.GetProperty("shortfallHours").GetDouble() >= 16, centre.ToString());

        var partner = await host.AsAsync("pca.officer", "investigation");
        Assert.Empty((await (await partner.GetAsync("/api/operations/border-sections", Ct)).OkAsync<JsonElement>()).EnumerateArray());
        Assert.Empty((await (await partner.GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>()).GetProperty("borderSections").EnumerateArray());
        var centreId = sections["Baarle centre"].GetProperty("id").GetGuid();
        await (await partner.GetAsync($"/api/operations/border-sections/{centreId}", Ct)).ProblemAsync(404);
        // Nor may another agency's analyst change it.
        var partnerAnalyst = await host.AsAsync("pca.officer", "investigation");
        await (await partnerAnalyst.PutAsJsonAsync($"/api/operations/border-sections/{centreId}/impact-level",
            new { level = "low", reason = "not ours", validUntil = TestClock.Now.AddDays(1) }, Ct)).ProblemAsync(404);
    }

    private static (string?, double, int, double) Figures(JsonElement s)
        => (s.GetProperty("level").GetString(), s.GetProperty("requiredHours").GetDouble(), s.GetProperty("plannedHours").GetInt32(), s.GetProperty("shortfallHours").GetDouble());

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_incidents_confidence_round_trips_and_a_sensors_is_possible(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await host.AsAsync("bp.officer", "investigation");
        var created = await (await bp.PostAsJsonAsync("/api/incidents", new { type = "illegal-crossing", latitude = 51.44, longitude = 4.93, title = "Footprints at the Mark", confidence = "probable" }, Ct)).OkAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("probable", (await (await bp.GetAsync($"/api/incidents/{id}", Ct)).OkAsync<JsonElement>()).GetProperty("confidence").GetString());
        var listed = (await (await bp.GetAsync("/api/incidents", Ct)).OkAsync<JsonElement>()).EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("probable", listed.GetProperty("confidence").GetString());
        var unsaid = await (await bp.PostAsJsonAsync("/api/incidents", new { type = "seizure", latitude = 51.44, longitude = 4.93 }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("confirmed", unsaid.GetProperty("confidence").GetString());
        var refused = await (await bp.PostAsJsonAsync("/api/incidents", new { type = "seizure", latitude = 51.44, longitude = 4.93, confidence = "sure" }, Ct)).ProblemAsync(400);
        Assert.True(refused.GetProperty("errors").TryGetProperty("confidence", out _), refused.ToString());
        // The demo's radar track raised its incident: a sensor's word is possible until someone looks.
        await using var db = host.Store.Open();
        var sensed = await db.Incidents.Where(i => i.Pattern != null).ToListAsync(Ct);
        Assert.NotEmpty(sensed);
        Assert.All(sensed, i => Assert.Equal(IncidentConfidence.Possible, i.Confidence));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Pages_set_a_level_refuse_on_the_form_and_show_the_shortfall_and_the_confidence(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await PageSession.SignInAsync(host, "analyst");
        var list = WebUtility.HtmlDecode(await analyst.GetStringAsync("/operations/border-sections"));
        Assert.Contains("Baarle centre", list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"level-form\"", list, StringComparison.Ordinal);
        await using var db = host.Store.Open();
        var east = await db.BorderSections.SingleAsync(s => s.Name == "Baarle east", Ct);

        var refused = await analyst.PostPageAsync("/operations/border-sections?handler=Level",
            new() { ["Section"] = east.Id.ToString(), ["Level"] = "high", ["Reason"] = "", ["ValidUntil"] = "2099-01-01" });
        Assert.Contains("data-testid=\"section-refused\"", refused, StringComparison.Ordinal);
        Assert.Contains("say why the section has this level", refused, StringComparison.Ordinal);
        Assert.Contains("Baarle centre", refused, StringComparison.Ordinal); // the page reloaded its list

        var saved = await analyst.PostPageAsync("/operations/border-sections?handler=Level",
            new() { ["Section"] = east.Id.ToString(), ["Level"] = "high", ["Reason"] = "Vans seen loading at the farm track", ["Evidence"] = "incident 12\nnote NCA-INT-7", ["ValidUntil"] = "2099-01-01" });
        Assert.Contains("data-testid=\"section-saved\"", saved, StringComparison.Ordinal);
        Assert.Contains("Vans seen loading at the farm track", saved, StringComparison.Ordinal);
        Assert.Equal(ImpactLevel.High, (await db.BorderSections.AsNoTracking().SingleAsync(s => s.Id == east.Id, Ct)).Level);

        var officer = await PageSession.SignInAsync(host, "bp.officer");
        Assert.DoesNotContain("data-testid=\"level-form\"", await officer.GetStringAsync("/operations/border-sections"), StringComparison.Ordinal);
        var operation = await db.Operations.Select(o => o.Id).FirstAsync(Ct);
        var results = WebUtility.HtmlDecode(await officer.GetStringAsync($"/operations/{operation}/results"));
        Assert.Contains("data-testid=\"section-coverage\"", results, StringComparison.Ordinal);
        Assert.Matches("data-section=\"Baarle centre\" class=\"short\"", results);

        var incident = await db.Incidents.Where(i => i.Pattern != null).Select(i => i.Id).FirstAsync(Ct);
        var page = await officer.GetStringAsync($"/operations/incidents/{incident}");
        var at = page.IndexOf("incident-confidence", StringComparison.Ordinal);
        Assert.True(at > 0, page);
        Assert.Matches("data-testid=\"incident-confidence\">possible<", page[(at - 40)..(at + 60)]);
    }
}
