using System.Net;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Alerting;

/// <summary>The alert conditions page as a browser uses it: cookie sign-in, forms with antiforgery tokens.</summary>
public sealed partial class ConditionPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_analyst_saves_a_condition_on_the_page_and_sees_errors_by_field(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var client = host.Anonymous();
        var cookies = new Dictionary<string, string>();
        async Task<(HttpStatusCode Status, string Html)> Send(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }
            using var response = await client.SendAsync(request, Ct);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var login = (await Send(HttpMethod.Get, "/login")).Html;
        Assert.Equal(HttpStatusCode.Redirect, (await Send(HttpMethod.Post, "/login",
            new() { ["UserName"] = "analyst", ["Password"] = CordonHost.DemoPassword, ["__RequestVerificationToken"] = Token().Match(login).Groups[1].Value })).Status);

        var page = (await Send(HttpMethod.Get, "/alerts/conditions")).Html;
        Assert.Contains("data-condition=\"Large cigarette seizure\"", page, StringComparison.Ordinal); // the demo's
        var refused = await Send(HttpMethod.Post, "/alerts/conditions?handler=Create", new()
        {
            ["name"] = "Cigarettes",
            ["minQuantity"] = "lots",
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("&#x27;lots&#x27; is not a number.", refused.Html, StringComparison.Ordinal);

        var saved = await Send(HttpMethod.Post, "/alerts/conditions?handler=Create", new()
        {
            ["name"] = "Cigarettes by HS code",
            ["commodity"] = "2402",
            ["minQuantity"] = "10,000",
            ["unit"] = "pieces",
            ["maxMarking"] = "TLP:AMBER",
            ["purpose"] = "risk-analysis",
            ["severity"] = "high",
            ["__RequestVerificationToken"] = Token().Match(refused.Html).Groups[1].Value,
        });
        Assert.Contains("data-condition=\"Cigarettes by HS code\"", saved.Html, StringComparison.Ordinal);
        Assert.Contains("seizure alerts of HS code or category starting 2402 above 10000 pieces marked up to TLP:AMBER", saved.Html, StringComparison.Ordinal);

        var band = await Send(HttpMethod.Post, "/alerts/conditions?handler=Create", new()
        {
            ["name"] = "Block hits at Rotterdam",
            ["kind"] = "screening.block",
            ["office"] = "nl000396",
            ["band"] = "block",
            ["__RequestVerificationToken"] = Token().Match(saved.Html).Groups[1].Value,
        });
        Assert.Contains("screening.block alerts in the block band at NL000396", band.Html, StringComparison.Ordinal);
    }
}
