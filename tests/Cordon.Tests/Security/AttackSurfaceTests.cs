using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Cordon.Screening.Lists;
using Cordon.Tests.Support;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Security;

/// <summary>
/// Issue 17, the items of the penetration test that held, kept from coming back: antiforgery on every form,
/// SQL injection over every filter, path traversal in file names and file routes, oversized and deeply nested
/// bodies, and XML entities in list imports. The routes, pages and forms are found, never listed.
/// </summary>
public sealed class AttackSurfaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly HtmlParser Html = new();

    /// <summary>Users of every role and agency kind: between them they see every form the server renders.</summary>
    private static readonly string[] Crawlers = ["operator", "admin", "supervisor", "analyst", "auditor", "bp.officer", "pca.officer"];

    [Fact]
    public async Task Every_form_post_and_every_page_route_without_the_antiforgery_token_is_refused_with_400()
    {
        await using var host = await CordonHost.StartAsync("sqlite");
        var forms = new Dictionary<string, (string User, string Page, List<KeyValuePair<string, string>> Fields)>(StringComparer.Ordinal);
        foreach (var user in Crawlers)
        {
            var session = await PageSession.SignInAsync(host, user);
            foreach (var (page, document) in await CrawlAsync(session, user))
            {
                foreach (var form in document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
                {
                    Assert.True(form.Elements["__RequestVerificationToken"] is not null, $"{page}: a POST form without an antiforgery token ({form.Action})");
                    var action = Target(page, form.GetAttribute("action"));
                    forms.TryAdd(action, (user, page, Fields(form)));
                }
            }
        }
        Assert.True(forms.Count >= 40, $"only {forms.Count} distinct POST forms found: the crawl is not reaching the pages");

        var accepted = new List<string>();
        foreach (var (action, (user, page, fields)) in forms)
        {
            // A fresh session per post: a form that (wrongly) went through must not change what the next one meets.
            var session = await PageSession.SignInAsync(host, user);
            await session.SendAsync(HttpMethod.Get, page); // the antiforgery cookie, as a browser would hold it
            var response = await session.SendAsync(HttpMethod.Post, action, fields);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{action} (form on {page} as {user}): {(int)response.StatusCode}");
            }
        }

        // And every page route the server maps, whether or not a crawled page links to it.
        var operatorSession = await PageSession.SignInAsync(host, "operator");
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor)
            .Select(e => Fill(e.RoutePattern.RawText ?? ""))
            .Distinct().ToList();
        Assert.True(routes.Count >= 30, $"only {routes.Count} page routes");
        foreach (var route in routes)
        {
            var response = await operatorSession.SendAsync(HttpMethod.Post, route, [new("Anything", "x")]);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"page route {route}: {(int)response.StatusCode}");
            }
        }
        Assert.True(accepted.Count == 0, "posted without an antiforgery token and not refused:\n" + string.Join("\n", accepted));
        TestContext.Current.SendDiagnosticMessage($"{forms.Count} forms and {routes.Count} page routes refused without their token");
    }

    /// <summary>The user's navigation pages and the pages they link to (no sign-out, no API).</summary>
    private static async Task<List<(string Page, IHtmlDocument Document)>> CrawlAsync(PageSession session, string user)
    {
        var queue = new Queue<string>(["/"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<(string, IHtmlDocument)>();
        while (queue.Count > 0 && seen.Count < 160)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path))
            {
                continue;
            }
            var response = await session.SendAsync(HttpMethod.Get, path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var document = await Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
            pages.Add((path, document));
            foreach (var href in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/api/", StringComparison.Ordinal)
                    && !href.Contains("logout", StringComparison.OrdinalIgnoreCase) && !href.Contains("/login", StringComparison.OrdinalIgnoreCase)
                    && !href.Contains("/taxii", StringComparison.OrdinalIgnoreCase))
                {
                    queue.Enqueue(href);
                }
            }
        }
        Assert.True(pages.Count > 5, $"{user} reached only {pages.Count} pages");
        return pages;
    }

    /// <summary>Where a form posts: its action, or the page itself (Razor forms without one post back).</summary>
    private static string Target(string page, string? action)
        => string.IsNullOrEmpty(action) ? page : WebUtility.HtmlDecode(action);

    /// <summary>The values a person would send, without the token.</summary>
    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form)
        => form.Elements.OfType<AngleSharp.Dom.IElement>()
            .Where(e => e.GetAttribute("name") is { Length: > 0 } n && n != "__RequestVerificationToken")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e switch
            {
                IHtmlTextAreaElement t => t.Value,
                IHtmlSelectElement s => s.Options.FirstOrDefault()?.Value ?? "",
                _ => e.GetAttribute("value") ?? "x",
            }))
            .ToList();

    private static string Fill(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:?]+)(:[^}?]+)?\??\}", m =>
            m.Groups[2].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
            : m.Groups[2].Value.Contains("int", StringComparison.Ordinal) ? "1" : "x");
    }

    // ------------------------------------------------------------------ SQL injection

    private static readonly string[] Injections =
    [
        "' OR '1'='1",
        "x' OR 1=1 --",
        "%' OR '%'='",
        "1; DROP TABLE \"Users\"; --",
        "') UNION SELECT \"PasswordHash\" FROM \"Users\" --",
        "\" OR \"\"=\"",
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Sql_injection_in_any_filter_or_search_finds_nothing_more_than_a_random_value_and_breaks_nothing(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        int users, declarations;
        await using (var db = host.Store.Open())
        {
            (users, declarations) = (await db.Users.CountAsync(Ct), await db.Declarations.CountAsync(Ct));
        }
        var findings = new List<string>();
        var probes = 0;

        // The API: every query parameter of every GET route in the OpenAPI document.
        var api = await host.AsAsync("supervisor");
        using var openApi = JsonDocument.Parse(await (await api.GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        var routes = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.Contains('{') && p.Value.TryGetProperty("get", out _))
            .Select(p => (Path: p.Name, Query: QueryParameters(p.Value.GetProperty("get"))))
            .Where(r => r.Query.Count > 0)
            .ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} GET routes with query parameters");
        foreach (var (path, query) in routes)
        {
            foreach (var parameter in query)
            {
                // What any non-matching value finds: one baseline per parameter (its length does not matter).
                var (_, baseline) = await ShapeAsync(api, $"{path}?{parameter}=qqqqqqqqqqqq");
                foreach (var injection in Injections)
                {
                    var (status, shape) = await ShapeAsync(api, $"{path}?{parameter}={Uri.EscapeDataString(injection)}");
                    probes++;
                    // Refusing the value (4xx) is fine; answering it must find what any non-matching value finds.
                    if (status >= 500 || (status < 400 && shape != baseline))
                    {
                        findings.Add($"{path}?{parameter}={injection}: {status} {shape}, a non-matching value: {baseline}");
                    }
                }
            }
        }

        // The pages: every field of every GET (filter and search) form on the supervisor's and analyst's pages.
        foreach (var user in new[] { "supervisor", "analyst", "auditor" })
        {
            var session = await PageSession.SignInAsync(host, user);
            foreach (var (page, document) in await CrawlAsync(session, user))
            {
                foreach (var form in document.Forms.Where(f => !f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
                {
                    var action = Target(page, form.GetAttribute("action")).Split('?')[0];
                    foreach (var field in Fields(form).Select(f => f.Key).Distinct())
                    {
                        var response = await session.SendAsync(HttpMethod.Get, $"{action}?{field}={Uri.EscapeDataString(Injections[1])}");
                        probes++;
                        if ((int)response.StatusCode >= 500)
                        {
                            findings.Add($"page {action}?{field}=: {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        await using (var db = host.Store.Open())
        {
            Assert.Equal(users, await db.Users.CountAsync(Ct));
            Assert.Equal(declarations, await db.Declarations.CountAsync(Ct));
        }
        Assert.True(probes > 200, $"only {probes} probes");
        Assert.True(findings.Count == 0, $"{findings.Count} injections changed an answer:\n" + string.Join("\n", findings.Take(60)));
        TestContext.Current.SendDiagnosticMessage($"{store}: {probes} injection probes, none changed an answer");
    }

    private static async Task<(int Status, string Shape)> ShapeAsync(HttpClient client, string url)
    {
        // An event stream never ends: known by its content type, not by a timeout (a slow machine is not a stream).
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Ct);
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return (status, "stream");
        }
        var body = await response.Content.ReadAsStringAsync(Ct);
        try
        {
            using var json = JsonDocument.Parse(body);
            return (status, Count(json.RootElement));
        }
        catch (JsonException)
        {
            return (status, $"{body.Count(c => c == '\n')} lines");
        }
    }

    private static string Count(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => $"[{e.GetArrayLength()}]",
        JsonValueKind.Object => string.Join(",", e.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Array || (p.Value.ValueKind == JsonValueKind.Number && p.Name is "total" or "count"))
            .Select(p => p.Value.ValueKind == JsonValueKind.Array ? $"{p.Name}[{p.Value.GetArrayLength()}]" : $"{p.Name}={p.Value}")),
        _ => "",
    };

    private static List<string> QueryParameters(JsonElement operation)
        => operation.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)
                .Where(n => n is not ("purpose" or "breakGlass")).ToList()
            : [];

    // ------------------------------------------------------------------ path traversal

    private static readonly string[] Traversals =
    [
        "../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "....//....//etc/passwd",
        "..\\..\\..\\appsettings.json", "%2e%2e%5c%2e%2e%5cappsettings.json", "/etc/passwd", "..", ".",
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task File_names_and_file_routes_never_reach_outside_their_place(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        Guid seizure;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
            seizure = await db.Seizures.Where(s => s.OwningAgencyId == nca).Select(s => s.Id).FirstAsync(Ct);
        }
        var passwd = File.Exists("/etc/passwd") ? "root:" : "\u0000never";

        // Downloads: an attachment is addressed by its hash, static files by their path; neither walks up.
        foreach (var t in Traversals)
        {
            foreach (var url in new[] { $"/api/seizures/{seizure}/attachments/{t}", $"/css/{t}", $"/{t}", $"/lib/{t}" })
            {
                var response = await officer.GetAsync(url, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.False(body.Contains(passwd, StringComparison.Ordinal) || body.Contains("\"ConnectionStrings\"", StringComparison.Ordinal)
                    || body.Contains("\"Logging\"", StringComparison.Ordinal), $"{url}: {(int)response.StatusCode} served a file outside its place");
                Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
            }
        }

        // Uploads: a file name is a name, never a path; what is stored and shown has no directory in it.
        foreach (var t in Traversals.Where(t => t is not (".." or ".")))
        {
            var upload = new ByteArrayContent(Encoding.UTF8.GetBytes("evidence photo"));
            upload.Headers.ContentType = new("image/png");
            var response = await officer.PostAsync($"/api/seizures/{seizure}/attachments?fileName={Uri.EscapeDataString(t)}", upload, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{t}: {(int)response.StatusCode} {body}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var name = JsonDocument.Parse(body).RootElement.GetProperty("fileName").GetString()!;
                Assert.DoesNotContain('/', name);
                Assert.DoesNotContain('\\', name);
                Assert.NotEqual("..", name);
            }
        }
        foreach (var t in new[] { "..", "." })
        {
            var upload = new ByteArrayContent(Encoding.UTF8.GetBytes("evidence photo"));
            upload.Headers.ContentType = new("image/png");
            var problem = await (await officer.PostAsync($"/api/seizures/{seizure}/attachments?fileName={Uri.EscapeDataString(t)}", upload, Ct)).ProblemAsync(400);
            Assert.Contains("fileName", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }

        // A watch-list upload named ".." or "" is refused by name, and nothing is written beside the upload folder.
        var analyst = await PageSession.SignInAsync(host, "analyst");
        var page = await analyst.GetStringAsync("/screening/lists");
        var before = Directory.GetFiles(Path.GetTempPath()).ToHashSet();
        foreach (var name in new[] { "..", "../../cordon-traversal.xml", "." })
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(PageSession.AntiforgeryToken(page)), "__RequestVerificationToken" },
                { new StringContent("Traversal list"), "ListName" },
                { new StringContent("un-xml"), "Format" },
            };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("<CONSOLIDATED_LIST/>"));
            form.Add(file, "Files", name);
            var response = await analyst.SendAsync(HttpMethod.Post, "/screening/lists?handler=Import", form);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
            Assert.Contains("validation-summary-errors", html, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "cordon-traversal.xml")));
        // Other tests write to the temp folder meanwhile, so look for this upload's bytes rather than count files.
        var written = Directory.GetFiles(Path.GetTempPath()).Except(before)
            .Where(f => HoldsUpload(f));
        Assert.Empty(written);

        static bool HoldsUpload(string file)
        {
            try { return new FileInfo(file).Length < 64 && File.ReadAllText(file) == "<CONSOLIDATED_LIST/>"; }
            catch (IOException) { return false; } // another test's file, gone meanwhile
            catch (UnauthorizedAccessException) { return false; }
        }
    }

    // ------------------------------------------------------------------ bodies

    [Fact]
    public async Task Oversized_bodies_get_413_and_deeply_nested_json_gets_400_on_every_json_route_never_500()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        await using (var db = host.Store.Open())
        {
            await Cordon.Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var clients = new[] { await host.AsAsync("supervisor"), await host.AsAsync("analyst"), await host.AsAsync("admin"), await host.AsAsync("bp.officer") };
        using var openApi = JsonDocument.Parse(await (await clients[0].GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        var posts = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => new[] { "post", "put", "patch" }.Where(m => p.Value.TryGetProperty(m, out _))
                .Select(m => (Method: m, Path: Fill(p.Name), TakesJson: TakesJson(p.Value.GetProperty(m)))))
            .ToList();
        Assert.True(posts.Count >= 30, $"only {posts.Count} write routes");
        var depth = 100_000;
        var nestedArray = new string('[', depth) + new string(']', depth);
        var nestedObject = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var failures = new List<string>();
        foreach (var (method, path, takesJson) in posts)
        {
            foreach (var client in clients)
            {
                foreach (var body in new[] { nestedArray, nestedObject })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path)
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    using var response = await client.SendAsync(request, Ct);
                    // A route that reads no JSON (a file upload, a trigger) may take the bytes; none may fail on them.
                    if ((int)response.StatusCode >= 500 || (takesJson && response.IsSuccessStatusCode))
                    {
                        failures.Add($"{method} {path} nested: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                    }
                }
            }
        }
        // Past the 10 MB limit: 413 Problem Details before anything is read, on the raw and the typed routes.
        var huge = "[" + string.Join(",", Enumerable.Repeat("{\"number\":\"BIG\"}", 700_000)) + "]";
        foreach (var (method, path, _) in posts.Where(p => p.Path is "/api/declarations" or "/api/declarations/batch" or "/api/seizures" or "/api/detections" or "/api/risk/criteria"))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
            using var response = await clients[0].SendAsync(request, Ct);
            if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge)
            {
                failures.Add($"{method} {path} oversized: {(int)response.StatusCode}");
            }
            else
            {
                await response.ProblemAsync(413);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    private static bool TakesJson(JsonElement operation)
        => operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
           && content.EnumerateObject().Any(c => c.Name.Contains("json", StringComparison.Ordinal));

    // ------------------------------------------------------------------ XML list imports

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_xml_list_with_a_document_type_is_refused_naming_the_file_and_line_before_any_entity_is_expanded(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var folder = Directory.CreateTempSubdirectory("cordon-xxe-");
        try
        {
            var secret = Path.Combine(folder.FullName, "secret.txt");
            await File.WriteAllTextAsync(secret, "SECRET-FROM-DISK", Ct);
            var attacks = new Dictionary<string, string>
            {
                ["laughs.xml"] = """
                    <?xml version="1.0"?>
                    <!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
                      <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
                    <CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&f;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
                    """,
                ["external.xml"] = $"""
                    <?xml version="1.0"?>
                    <!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file://{secret}">]>
                    <CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
                    """,
                ["parameter.xml"] = $"""
                    <?xml version="1.0"?>
                    <!DOCTYPE CONSOLIDATED_LIST [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>
                    <CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS/></CONSOLIDATED_LIST>
                    """,
            };
            var analyst = await s.ActorAsync("analyst");
            foreach (var (file, xml) in attacks)
            {
                var path = Path.Combine(folder.FullName, file);
                await File.WriteAllTextAsync(path, xml, Ct);
                await using var db = s.Open();
                var refused = await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() =>
                    ListImport.ImportAsync(db, analyst, new ListImportRequest(path, "un-xml", "XXE " + file, "NCA"), null, Ct));
                Assert.Contains(file, refused.Message, StringComparison.Ordinal);
                Assert.Contains("DTD", refused.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("SECRET-FROM-DISK", refused.Message, StringComparison.Ordinal);
                Assert.False(await db.WatchLists.AnyAsync(l => l.Name == "XXE " + file, Ct));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
