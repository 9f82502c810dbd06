using System.Net;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>The targeting pages, signed in as the demo's analyst and officer.</summary>
public sealed class TargetingPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

        public async Task<string> GetStringAsync(string path, CancellationToken ct)
        {
            var response = await SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(ct);
        }
    }

    private static async Task<Browser> SignInAsync(CordonHost host, string user)
    {
        var browser = new Browser(host.Anonymous());
        var login = await browser.GetStringAsync("/login", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.SendAsync(HttpMethod.Post, "/login", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = CordonHost.DemoPassword, ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task Analyst_sees_evaluation_charts_lane_distribution_and_a_backtest_and_the_officer_a_worklist()
    {
        await using var host = await CordonHost.StartAsync("sqlite", true);
        var analyst = await SignInAsync(host, "analyst");
        var models = await analyst.GetStringAsync("/risk/models", Ct);
        Assert.Contains("data-chart=\"precision\"", models, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"revenue\"", models, StringComparison.Ordinal);
        Assert.Contains("<polyline", models, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=\"http", models, StringComparison.Ordinal);

        var lanes = await analyst.GetStringAsync("/risk/lanes", Ct);
        Assert.Contains("data-chart=\"lanes-", lanes, StringComparison.Ordinal);
        Assert.Contains("NL000396", lanes, StringComparison.Ordinal);

        Guid draft;
        await using (var db = host.Store.Open())
        {
            draft = await db.RiskCriteria.Where(c => c.Name == "Undervalued against history").Select(c => c.Id).SingleAsync(Ct);
        }
        var backtest = await analyst.GetStringAsync($"/risk/criteria/{draft}/backtest?days=120", Ct);
        var hits = System.Text.RegularExpressions.Regex.Match(backtest, "data-testid=\"hits\">([0-9,]+)<").Groups[1].Value;
        Assert.True(int.Parse(hits.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0, backtest);

        var officer = await SignInAsync(host, "officer");
        var worklist = await officer.GetStringAsync("/risk/worklist", Ct);
        Assert.Contains("data-testid=\"worklist\"", worklist, StringComparison.Ordinal);
        Assert.Contains("Model v1", worklist, StringComparison.Ordinal);

        // One worklist for the officer: the inspections are on it, one menu item leads there, and the old address follows.
        Assert.Contains("data-testid=\"inspections\"", worklist, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(worklist, "<a href=\"/risk/worklist\"[^>]*>Worklist</a>"));
        Assert.DoesNotContain("<a href=\"/cases/inspections\"", worklist, StringComparison.Ordinal);
        var old = await officer.SendAsync(HttpMethod.Get, "/cases/inspections?status=open");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal("/risk/worklist?status=open#inspections", old.Headers.Location!.OriginalString);
        var open = await officer.GetStringAsync("/risk/worklist?status=open", Ct);
        Assert.Contains("<option value=\"open\" selected=\"selected\">open</option>", open, StringComparison.Ordinal);
        Assert.DoesNotContain(">completed</td>", open, StringComparison.Ordinal);
    }
}
