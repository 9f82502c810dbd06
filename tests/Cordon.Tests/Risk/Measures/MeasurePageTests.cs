using System.Net;
using System.Net.Http.Json;
using Cordon.Risk.Measures;
using Cordon.Tests.Support;

namespace Cordon.Tests.Risk.Measures;

/// <summary>The demo's measure through the API and its page (chart, estimate, caveats, reviews), and a new measure recorded and reviewed.</summary>
public sealed class MeasurePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_measure_shows_its_planted_effect_through_the_api_and_on_its_page(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var analyst = await host.AsAsync("analyst");
        var list = await (await analyst.GetAsync("/api/risk/measures", Ct)).OkAsync<List<MeasureView>>();
        var demo = Assert.Single(list, m => m.Title == MeasureDemo.Title);
        var report = await (await analyst.GetAsync($"/api/risk/measures/{demo.Id}", Ct)).OkAsync<MeasureReport>();
        Assert.Equal(("closed", 2), (report.Measure.Status, report.Measure.Reviews.Count));
        var e = report.Evaluation;
        Assert.True(e.Cells.ScopeDuring.DetectionRate > e.Cells.ScopeBefore.DetectionRate, $"{e.Cells}");
        var d = e.Detection!;
        Assert.True(d.Low > 0, $"the demo's planted effect is not shown: {d}");
        Assert.Equal("increase", d.Verdict);
        Assert.Contains(e.Caveats, c => c.Code == "own-criteria");
        Assert.NotNull(report.Measure.Criteria.Single().Name);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.AsAsync("officer")).GetAsync("/api/risk/measures", Ct)).StatusCode);

        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        Assert.Contains("href=\"/risk/measures\"", await supervisor.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(demo.Reference, await supervisor.GetStringAsync("/risk/measures"), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/risk/measures/{demo.Id}"));
        foreach (var chart in new[] { "measure-detection", "measure-inspection" })
        {
            Assert.Contains($"data-chart=\"{chart}\"", page, StringComparison.Ordinal);
        }
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("class=\"divider\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"estimate-detection-rate\"", page, StringComparison.Ordinal);
        Assert.Contains("data-caveat=\"own-criteria\"", page, StringComparison.Ordinal);
        Assert.Contains("Undervalued against history", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"review-form\"", page, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_measure_recorded_through_the_api_is_refused_by_field_and_reviewed_on_its_page(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var analyst = await host.AsAsync("analyst");
        var refused = await (await analyst.PostAsJsonAsync("/api/risk/measures", new { title = "Footwear", hsPrefixes = new[] { "6x" }, expectedPoints = 5 }, Ct)).ProblemAsync(400);
        var problem = refused.ToString();
        foreach (var field in new[] { "measure.hsPrefixes", "measure.objective", "measure.startsOn", "measure.endsOn", "measure.expectedEffect" })
        {
            Assert.Contains(field, problem, StringComparison.Ordinal);
        }
        var start = DateOnly.FromDateTime(TestClock.Now.UtcDateTime);
        var created = await analyst.PostAsJsonAsync("/api/risk/measures", new MeasureInput("Footwear from Viet Nam", "Misdeclared origin of footwear.", [], ["64"], ["VN"], [], [], [], [], [],
            start, start.AddDays(60), start.AddDays(30), "Detection rate +5 points.", "detection-rate", 5), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.OkAsync<MeasureView>();

        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        var path = $"/risk/measures/{view.Id}";
        var html = await supervisor.GetStringAsync(path);
        Assert.Contains("data-testid=\"review-form\"", html, StringComparison.Ordinal);
        var empty = await supervisor.PostFormAsync(html, path + "?handler=Review", [new("Kind", "interim"), new("Decision", "continue"), new("Text", "")]);
        var emptyPage = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Say what the review found and why", emptyPage, StringComparison.Ordinal);
        var done = await supervisor.PostFormAsync(html, path + "?handler=Review", [new("Kind", "interim"), new("Decision", "change"), new("Text", "Widen the scope to every origin.")]);
        var donePage = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync(Ct));
        Assert.Contains("data-testid=\"measure-done\"", donePage, StringComparison.Ordinal);
        Assert.Contains("Widen the scope to every origin.", donePage, StringComparison.Ordinal);
        var after = await (await analyst.GetAsync($"/api/risk/measures/{view.Id}", Ct)).OkAsync<MeasureReport>();
        Assert.Equal(("interim", "change", "supervisor"), (after.Measure.Reviews.Single().Kind, after.Measure.Reviews.Single().Decision, after.Measure.Reviews.Single().ReviewedBy));
    }
}
