using System.Net;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>What a person reads: error pages in a browser (Problem Details stay for the API), one way of writing times, a favicon.</summary>
public sealed class ReadablePagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_browser_gets_pages_for_not_found_forbidden_and_missing_records_while_the_api_keeps_problem_details()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var officer = await PageSession.SignInAsync(host, "officer");

        var missing = await officer.SendAsync(HttpMethod.Get, "/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var page = await missing.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Page not found", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">Back to the overview</a>", page, StringComparison.Ordinal);

        var record = await officer.SendAsync(HttpMethod.Get, $"/declarations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal("text/html", record.Content.Headers.ContentType?.MediaType);

        var denied = await officer.SendAsync(HttpMethod.Get, "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("Not allowed", await officer.GetStringAsync(denied.Headers.Location!.PathAndQuery), StringComparison.Ordinal);

        var api = await officer.SendAsync(HttpMethod.Get, "/api/no-such-thing", accept: "application/json");
        await api.ProblemAsync(404);
        var apiFromBrowser = await officer.SendAsync(HttpMethod.Get, "/api/no-such-thing");
        await apiFromBrowser.ProblemAsync(404);
    }

    [Fact]
    public async Task Times_are_written_one_way_with_their_zone_and_pages_have_a_favicon()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var auditor = await PageSession.SignInAsync(host, "auditor");
        var log = await auditor.GetStringAsync("/audit");
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", log);
        Assert.DoesNotMatch(@"\d\d:\d\d(:\d\d)? ?(AM|PM)", log);
        var admin = await PageSession.SignInAsync(host, "admin");
        var keys = await admin.GetStringAsync("/admin/apikeys");
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\d \d\d:\d\d(?!:| UTC)", keys);

        var login = await new PageSession(host.Anonymous()).GetStringAsync("/login");
        var icon = Regex.Match(login, "<link rel=\"icon\" href=\"([^\"?]+)").Groups[1].Value;
        Assert.NotEmpty(icon);
        var favicon = await host.Anonymous().GetAsync(icon, Ct);
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.True((await favicon.Content.ReadAsByteArrayAsync(Ct)).Length > 0);
    }
}
