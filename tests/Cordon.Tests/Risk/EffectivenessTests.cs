using System.Net;
using System.Text.Json;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>Per-criterion effectiveness by week, the registry's weeks after training and its retraining schedule, over the demo.</summary>
public sealed class EffectivenessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Shadow_criterion_effectiveness_by_week_matches_the_recorded_decisions_and_the_registry_charts_weeks_after_training(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        Guid shadow;
        int expectedFired;
        await using (var db = host.Store.Open())
        {
            shadow = await db.RiskCriteria.Where(c => c.Name == "Anti-dumping goods not declared from China").Select(c => c.Id).SingleAsync(Ct);
            var explanations = await db.LaneDecisions.AsNoTracking().Select(d => d.Explanation).ToListAsync(Ct);
            expectedFired = explanations.Count(e => JsonSerializer.Deserialize<LaneExplanation>(e, RiskModels.Json)!.Criteria.Fired.Any(f => f.Id == shadow));
        }
        var analyst = await host.AsAsync("analyst");
        var result = await (await analyst.GetAsync($"/api/risk/criteria/{shadow}/effectiveness?weeks=8", Ct)).OkAsync<JsonElement>();
        Assert.Equal("shadow", result.GetProperty("status").GetString());
        var weeks = result.GetProperty("byWeek").EnumerateArray().ToList();
        Assert.Equal(8, weeks.Count);
        Assert.Equal(expectedFired, result.GetProperty("fired").GetInt32());
        Assert.True(expectedFired > 0, "the demo's shadow criterion fires on some of the last two weeks' declarations");
        Assert.Equal(weeks.Sum(w => w.GetProperty("decisions").GetInt32()), await CountDecisionsAsync(host));
        foreach (var w in weeks)
        {
            Assert.True(w.GetProperty("inspected").GetInt32() <= w.GetProperty("fired").GetInt32());
            if (w.GetProperty("hitRate").ValueKind == JsonValueKind.Number)
            {
                Assert.InRange(w.GetProperty("hitRate").GetDouble(), 0, 1);
            }
        }
        // Another agency does not see the criterion at all.
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.AsAsync("pca.officer")).GetAsync($"/api/risk/criteria/{shadow}/effectiveness", Ct)).StatusCode);

        // The demo's model: its weeks after training are stored; retraining is off by default.
        var stored = await (await analyst.GetAsync("/api/risk/models/weeks", Ct)).OkAsync<JsonElement>();
        Assert.NotEmpty(stored.EnumerateArray());
        Assert.All(stored.EnumerateArray(), w => Assert.Equal(1, w.GetProperty("modelVersion").GetInt32()));
        var schedule = await (await analyst.GetAsync("/api/risk/models/schedule", Ct)).OkAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("every").ValueKind);
        Assert.Contains("5 %", schedule.GetProperty("rule").GetString(), StringComparison.Ordinal);
    }

    private static async Task<int> CountDecisionsAsync(CordonHost host)
    {
        await using var db = host.Store.Open();
        return await db.LaneDecisions.CountAsync(Ct);
    }

    [Fact]
    public async Task Registry_page_shows_schedule_and_weeks_charts_and_the_effectiveness_page_its_charts()
    {
        await using var host = await CordonHost.StartAsync("sqlite", true, "--Risk:RetrainEvery=7.00:00:00");
        var browser = new Browser(host.Anonymous());
        await browser.SignInAsync("analyst");
        var models = await browser.GetStringAsync("/risk/models");
        Assert.Contains("data-chart=\"weeks-precision\"", models, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"weeks-revenue\"", models, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"next-due\">[0-9]{4}-[0-9]{2}-[0-9]{2}", models);
        Guid id;
        await using (var db = host.Store.Open())
        {
            id = await db.RiskCriteria.Where(c => c.Name == "Undervalued against history").Select(c => c.Id).SingleAsync(Ct);
        }
        var page = await browser.GetStringAsync($"/risk/criteria/{id}/effectiveness");
        Assert.Contains("data-chart=\"criterion-weeks\"", page, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"criterion-revenue\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"effectiveness\"", await browser.GetStringAsync("/risk/criteria"), StringComparison.Ordinal);
    }

    /// <summary>A signed-in browser: keeps the cookies the test client does not.</summary>
    private sealed class Browser(HttpClient client)
    {
        private readonly Dictionary<string, string> _cookies = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            var response = await client.SendAsync(request, Ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var pair in cookies.Select(c => c.Split(';')[0].Split('=', 2)))
                {
                    _cookies[pair[0]] = pair[1];
                }
            }
            return response;
        }

        public async Task<string> GetStringAsync(string path)
        {
            var response = await SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        public async Task SignInAsync(string user)
        {
            var login = await GetStringAsync("/login");
            var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var response = await SendAsync(HttpMethod.Post, "/login", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = CordonHost.DemoPassword, ["__RequestVerificationToken"] = token });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }
}
