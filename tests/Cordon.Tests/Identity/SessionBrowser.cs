using System.Net;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Identity;

/// <summary>A browser as the server sees it: a cookie jar, antiforgery tokens from the page, no redirect following.</summary>
internal sealed class SessionBrowser(PageSession session)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SessionBrowser(HttpClient client) : this(new PageSession(client))
    {
    }

    /// <summary>Another browser holding copies of this one's cookies (a stolen session).</summary>
    public SessionBrowser Copy(HttpClient other) => new(session.Copy(other));

    public HttpRequestMessage Request(HttpMethod method, string path) => session.Request(method, path, accept: null);

    public async Task<(HttpStatusCode Status, string Html, string? Location)> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
    {
        using var response = await session.SendAsync(method, path, form, accept: null);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), response.Headers.Location?.OriginalString);
    }

    public Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Posts a form with the antiforgery token taken from <paramref name="html"/> (the page the form is on).</summary>
    public Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string path, string html, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = PageSession.AntiforgeryToken(html);
        return SendAsync(HttpMethod.Post, path, form);
    }

    /// <summary>Opens the page, then posts its form.</summary>
    public async Task<(HttpStatusCode Status, string Html, string? Location)> SubmitAsync(string path, Dictionary<string, string> form)
        => await PostAsync(path, (await GetAsync(path)).Html, form);

    public static async Task<(SessionBrowser Browser, HttpStatusCode Status, string Html, string? Location)> SignInAsync(CordonHost host, string user, string? password = null)
    {
        var browser = new SessionBrowser(host.Anonymous());
        var (status, html, location) = await browser.SubmitAsync("/login", new() { ["UserName"] = user, ["Password"] = password ?? CordonHost.DemoPassword });
        return (browser, status, html, location);
    }

    public static async Task<SessionBrowser> SignedInAsync(CordonHost host, string user)
    {
        var (browser, status, html, _) = await SignInAsync(host, user);
        Assert.True(status == HttpStatusCode.Redirect, $"sign-in as {user} answered {(int)status}: {html}");
        return browser;
    }

    public static string Hidden(string html, string name)
    {
        var m = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        Assert.True(m.Success, $"no hidden field {name}");
        return m.Groups[1].Value;
    }
}
