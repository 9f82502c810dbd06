using System.Net;
using System.Text.RegularExpressions;

namespace Cordon.Tests.Support;

/// <summary>
/// A signed-in browser session on the test server for the server-rendered pages: keeps the cookies
/// the test client does not, signs in through the login form, and follows links as a person would.
/// </summary>
public sealed partial class PageSession(HttpClient client)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private Dictionary<string, string> _cookies = [];

    /// <summary>Another session holding copies of this one's cookies (a stolen session).</summary>
    public PageSession Copy(HttpClient other) => new(other) { _cookies = new Dictionary<string, string>(_cookies) };

    /// <summary>Headers sent with every request of this session (a purpose, a break-glass justification).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    public static async Task<PageSession> SignInAsync(CordonHost host, string user)
    {
        var session = new PageSession(host.Anonymous());
        var login = await session.GetStringAsync("/login");
        var response = await session.SendAsync(HttpMethod.Post, "/login", new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = CordonHost.DemoPassword, ["__RequestVerificationToken"] = AntiforgeryToken(login),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null, string? accept = "text/html")
        => SendAsync(method, path, form is null ? null : new FormUrlEncodedContent(form), accept);

    /// <summary>Any body (a multipart upload, say) with the session's cookies.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? accept = "text/html")
    {
        using var request = Request(method, path, accept);
        request.Content = content;
        var response = await client.SendAsync(request, Ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var pair in cookies.Select(c => c.Split(';')[0].Split('=', 2)))
            {
                // An empty value is how the server deletes a cookie (sign-out).
                if (pair[1].Length == 0)
                {
                    _cookies.Remove(pair[0]);
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }
        }
        return response;
    }

    /// <summary>A request carrying the session's cookies and headers, for a test that sends it its own way.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? accept = "text/html")
    {
        var request = new HttpRequestMessage(method, path);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        foreach (var (name, value) in Headers)
        {
            request.Headers.Add(name, value);
        }
        return request;
    }

    /// <summary>A GET with the session's cookies that returns once the headers arrive (an event stream is read as it comes), cancelled by <paramref name="ct"/>.</summary>
    public async Task<HttpResponseMessage> GetHeadersAsync(string path, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, path);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>Picks the reader's language on the account page, as a user does (the culture cookie).</summary>
    public async Task ChooseLanguageAsync(string culture)
        => await PostFormAsync(await GetStringAsync("/account"), "/account", [new("Culture", culture)]);

    /// <summary>A page that must answer 200; its HTML.</summary>
    public async Task<string> GetStringAsync(string path)
    {
        var response = await SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>Opens the page, posts its form back with that page's antiforgery token, and gives the page that answers (200), HTML-decoded.</summary>
    public async Task<string> PostPageAsync(string path, Dictionary<string, string> fields)
    {
        var response = await PostFormAsync(await GetStringAsync(path), path, fields);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode}\n{body}");
        return WebUtility.HtmlDecode(body);
    }

    /// <summary>Posts a form to <paramref name="action"/> with the antiforgery token of the page it is on (<paramref name="pageHtml"/>); follows nothing.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageHtml, string action, IEnumerable<KeyValuePair<string, string>> fields)
        => await SendAsync(HttpMethod.Post, action, fields.Append(new("__RequestVerificationToken", AntiforgeryToken(pageHtml))));

    public static string AntiforgeryToken(string html)
        => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>The href of the link with rel="<paramref name="rel"/>" (e.g. next), HTML-decoded; null when there is none.</summary>
    public static string? Rel(string html, string rel)
        => Regex.Match(html, $"<a href=\"([^\"]*)\" rel=\"{rel}\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
