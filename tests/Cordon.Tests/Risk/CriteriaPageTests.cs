using System.Net;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Risk;

/// <summary>The criteria pages as a browser uses them: sign in with a cookie, post forms with antiforgery tokens.</summary>
public sealed partial class CriteriaPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Browser(HttpClient client)
    {
        private readonly Dictionary<string, string> _cookies = [];

        public async Task<(HttpStatusCode Status, string Html, string? Location)> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }
            using var response = await client.SendAsync(request, Ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    var pair = cookie.Split(';')[0].Split('=', 2);
                    _cookies[pair[0]] = pair[1];
                }
            }
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location?.ToString());
        }

        public async Task<string> GetAsync(string path) => (await SendAsync(HttpMethod.Get, path)).Html;

        public async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string path, string pageWithForm, Dictionary<string, string> form)
        {
            form["__RequestVerificationToken"] = Token().Match(pageWithForm).Groups[1].Value;
            return await SendAsync(HttpMethod.Post, path, form);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_editor_shows_errors_with_their_position_and_saves_versions_listed_on_the_criteria_page(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var browser = new Browser(host.Anonymous());
        var login = await browser.GetAsync("/login");
        var signedIn = await browser.PostAsync("/login", login, new() { ["UserName"] = "analyst", ["Password"] = CordonHost.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);

        var editor = await browser.GetAsync("/risk/criteria/edit");
        var form = new Dictionary<string, string>
        {
            ["Name"] = "Undervalued cars",
            ["Expression"] = "origin == \"CN\" and\n  item.unit_valu < stats.p10(item.hs6, origin)",
            ["Weight"] = "40",
            ["Status"] = "draft",
        };
        var checkedPage = await browser.PostAsync("/risk/criteria/edit?handler=Check", editor, new(form));
        Assert.Contains("data-line=\"2\" data-column=\"8\"", checkedPage.Html, StringComparison.Ordinal);
        Assert.Contains("line 2, column 8: item has no field &#x27;unit_valu&#x27;", checkedPage.Html, StringComparison.Ordinal);
        Assert.Contains("^^^^^^^^^", checkedPage.Html, StringComparison.Ordinal);

        var refused = await browser.PostAsync("/risk/criteria/edit?handler=Save", checkedPage.Html, new(form));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("data-testid=\"check-errors\"", refused.Html, StringComparison.Ordinal);

        form["Expression"] = "item.hs4 == \"8703\" and item.unit_value < stats.p10(item.hs6, origin)";
        var saved = await browser.PostAsync("/risk/criteria/edit?handler=Save", refused.Html, new(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await browser.GetAsync(saved.Location!);
        Assert.Contains("as version 1 (draft)", page, StringComparison.Ordinal);

        form["Status"] = "active";
        form["Lane"] = "yellow";
        form["ExpectedVersion"] = "1";
        form["Note"] = "Go live";
        var second = await browser.PostAsync(saved.Location! + "?handler=Save", page, new(form));
        Assert.Equal(HttpStatusCode.Redirect, second.Status);
        page = await browser.GetAsync(second.Location!);
        Assert.Contains("as version 2 (active)", page, StringComparison.Ordinal);
        Assert.Contains("Go live", page, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await browser.GetAsync("/risk/criteria"));
        Assert.Contains("data-criterion=\"Undervalued cars\"", list, StringComparison.Ordinal);
        Assert.Contains("score +40, lane yellow", list, StringComparison.Ordinal);
        // This one and the demo's two active criteria (src/Cordon/Risk/RiskDemo.cs).
        Assert.Contains("active (3)", list, StringComparison.Ordinal);

        var missing = await browser.SendAsync(HttpMethod.Get, $"/risk/criteria/edit/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }
}
