using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Operations;

/// <summary>The watched-area, qualification and training pages as a browser uses them (cookie sign-in, antiforgery tokens).</summary>
public sealed partial class PageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    /// <summary>The text of the refusal list beside one section of a form.</summary>
    private static string Beside(string html, string section)
    {
        var m = Regex.Match(html, $"data-testid=\"refusal-{Regex.Escape(section)}\">(.*?)</ul>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no refusal beside '{section}'");
        return m.Groups[1].Value;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Supervisor_watches_an_area_records_a_qualification_and_a_training_with_refusals_beside_each_field(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var page = await PageSession.SignInAsync(host, "supervisor");

        // Watched area: a position outside -90..90 is refused beside the area; a closed ring is created and listed.
        var bad = await page.PostPageAsync("/operations/watched-areas", new()
        {
            ["Name"] = "Hazeldonk truck stop", ["IncidentType"] = "smuggling-attempt", ["Severity"] = "medium", ["Marking"] = "amber",
            ["Area"] = """{"type":"Polygon","coordinates":[[[4.75,51.49],[4.77,51.49],[4.77,95],[4.75,51.49]]]}""",
        });
        Assert.Contains("latitude 95 is outside -90..90", Beside(bad, "area"), StringComparison.Ordinal);
        var good = await page.PostPageAsync("/operations/watched-areas", new()
        {
            ["Name"] = "Hazeldonk truck stop", ["IncidentType"] = "smuggling-attempt", ["Severity"] = "medium", ["Marking"] = "amber",
            ["Area"] = """{"type":"Polygon","coordinates":[[[4.75,51.49],[4.77,51.49],[4.77,51.5],[4.75,51.49]]]}""",
        });
        Assert.Contains("Watched area 'Hazeldonk truck stop' created", good, StringComparison.Ordinal);
        var areas = await (await (await host.AsAsync("supervisor")).GetAsync("/api/operations/watched-areas", Ct)).OkAsync<JsonElement>();
        var area = areas.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Hazeldonk truck stop");
        Assert.Equal(("smuggling-attempt", "medium", "NCA"), (area.GetProperty("incidentType").GetString(), area.GetProperty("severity").GetString(), area.GetProperty("agency").GetString()));
        Assert.Equal(["entry"], area.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()));

        // Watched movement patterns from the same form: a crossing point that is not 'name, lat, lon, radius'
        // is refused beside its field; a border-crossing watch with a crossing point is created and listed.
        var ring = """{"type":"Polygon","coordinates":[[[4.90,51.43],[4.96,51.43],[4.96,51.46],[4.90,51.43]]]}""";
        var badPoint = await page.PostPageAsync("/operations/watched-areas", new()
        {
            ["Name"] = "Baarle border strip", ["IncidentType"] = "illegal-crossing", ["Severity"] = "high", ["Marking"] = "amber",
            ["Area"] = ring, ["Patterns"] = "border-crossing", ["CrossingPoints"] = "Baarle road crossing, 51.442",
        });
        Assert.Contains("crossingPoints[0]: write 'name, latitude, longitude, radius in metres'", Beside(badPoint, "crossingPoints"), StringComparison.Ordinal);
        var watched = await page.PostPageAsync("/operations/watched-areas", new()
        {
            ["Name"] = "Baarle border strip", ["IncidentType"] = "illegal-crossing", ["Severity"] = "high", ["Marking"] = "amber",
            ["Area"] = ring, ["Patterns"] = "border-crossing", ["CrossingPoints"] = "Baarle road crossing, 51.4420, 4.9290, 300",
        });
        Assert.Contains("<td>Baarle border strip</td><td>border-crossing</td>", watched, StringComparison.Ordinal);
        areas = await (await (await host.AsAsync("supervisor")).GetAsync("/api/operations/watched-areas", Ct)).OkAsync<JsonElement>();
        var strip = areas.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Baarle border strip");
        Assert.Equal(["border-crossing"], strip.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(300, strip.GetProperty("crossingPoints")[0].GetProperty("radiusMetres").GetDouble());

        // Qualification: an unknown officer beside the user, another agency's officer refused; own officer recorded and flagged as expiring.
        var soon = TestClock.Now.UtcDateTime.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var unknown = await page.PostPageAsync("/operations/qualifications", new() { ["UserName"] = "nobody", ["Kind"] = "boat-licence", ["ValidUntil"] = soon });
        Assert.Contains("'nobody' is not a known user", Beside(unknown, "user"), StringComparison.Ordinal);
        var partner = await page.PostPageAsync("/operations/qualifications", new() { ["UserName"] = "bp.officer", ["Kind"] = "boat-licence", ["ValidUntil"] = soon });
        Assert.Contains("Qualifications are recorded by the officer's own agency.", partner, StringComparison.Ordinal);
        var recorded = await page.PostPageAsync("/operations/qualifications", new() { ["UserName"] = "officer", ["Kind"] = "boat-licence", ["ValidUntil"] = soon, ["Evidence"] = "VAR-1" });
        Assert.Contains($"Recorded: officer, boat-licence, valid until {soon}", recorded, StringComparison.Ordinal);
        Assert.Matches(new Regex("<td>officer</td><td>boat-licence</td><td>" + soon + "</td><td>VAR-1</td>\\s*<td>\\s*<span class=\"badge warn\">expires within 30 days"), recorded);

        // Training: a qualifying session needs its validity; recorded, it counts towards each participant's qualification.
        var noMonths = await page.PostPageAsync("/operations/trainings", new()
        {
            ["Title"] = "Joint drone exercise", ["HeldAt"] = "2026-11-20T09:00", ["Trains"] = "drone-pilot", ["ValidForMonths"] = "", ["Participants"] = "officer\npca.officer",
        });
        Assert.Contains("1 to 120 months", Beside(noMonths, "validForMonths"), StringComparison.Ordinal);
        var session = await page.PostPageAsync("/operations/trainings", new()
        {
            ["Title"] = "Joint drone exercise", ["HeldAt"] = "2026-11-20T09:00", ["Trains"] = "drone-pilot", ["ValidForMonths"] = "12", ["Participants"] = "officer\npca.officer",
        });
        Assert.Contains("Recorded 'Joint drone exercise' with 2 participant(s); each now holds drone-pilot until 2027-11-20", session, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"<td>Joint drone exercise</td><td>2026-11-20 09:00 UTC</td><td>drone-pilot, 12 months</td>\s*<td>officer, pca.officer</td>"), session);
        var qualifications = WebUtility.HtmlDecode(await page.GetStringAsync("/operations/qualifications"));
        Assert.Contains("<td>officer</td><td>drone-pilot</td><td>2027-11-20</td><td>training 'Joint drone exercise' 2026-11-20</td>", qualifications, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Navigation_shows_the_operations_pages_by_role(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = WebUtility.HtmlDecode(await (await PageSession.SignInAsync(host, "bp.officer")).GetStringAsync("/operations/overview"));
        var admin = WebUtility.HtmlDecode(await (await PageSession.SignInAsync(host, "bp.admin")).GetStringAsync("/alerts"));
        var auditor = WebUtility.HtmlDecode(await (await PageSession.SignInAsync(host, "auditor")).GetStringAsync("/audit"));
        foreach (var href in new[] { "/operations/new", "/operations/watched-areas", "/operations/qualifications", "/operations/trainings" })
        {
            Assert.Contains($"href=\"{href}\"", officer, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("href=\"/operations/response-plans\" class", officer, StringComparison.Ordinal);
        Assert.Contains("href=\"/operations/response-plans\"", admin, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/operations/new\"", admin, StringComparison.Ordinal);
        Assert.DoesNotContain("/operations/", auditor, StringComparison.Ordinal);
    }
}
