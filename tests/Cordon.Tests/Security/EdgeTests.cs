using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Security;

/// <summary>
/// Issue 17, the edges: security headers on every response, no inline script in any page, rate limits with
/// 429 Problem Details, raw-body endpoints that take only their content types, and no key oracle.
/// </summary>
public sealed partial class EdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<CordonHost> HostAsync(string store, params string[] args)
    {
        var host = await CordonHost.StartAsync(store, demo: false, args);
        await using var db = host.Store.Open();
        await Cordon.Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        return host;
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        await using var host = await HostAsync("sqlite");
        var client = host.Anonymous();
        foreach (var path in new[] { "/login", "/api/me", "/health/live", "/css/site.css", "/api/federation/identity", "/no-such-page" })
        {
            using var response = await client.GetAsync(path, Ct);
            var headers = response.Headers;
            var csp = string.Join(" ", headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public void No_page_has_inline_script_or_event_handler_attributes()
    {
        var root = Repository.Root;
        var pages = Directory.GetFiles(Path.Combine(root, "src", "Cordon.Server", "Pages"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(pages);
        var offenders = new List<string>();
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            foreach (Match m in Regex.Matches(text, @"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase))
            {
                offenders.Add($"{Path.GetRelativePath(root, page)}: {m.Value.Trim()}");
            }
        }
        Assert.Empty(offenders);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Sign_in_is_rate_limited_per_client_with_429_problem_details_and_the_audit_log_stops_growing(string store)
    {
        await using var host = await HostAsync(store, "--Cordon:Edge:RateLimits:Enabled=true", "--Cordon:Edge:RateLimits:SignInPerMinute=3");
        var client = host.Anonymous();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8; i++)
        {
            using var page = await client.GetAsync("/login", Ct);
            var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            var html = await page.Content.ReadAsStringAsync(Ct);
            using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = $"nobody{i}", ["Password"] = "wrong", ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
                }),
            };
            post.Headers.Add("Cookie", cookie);
            last?.Dispose();
            last = await client.SendAsync(post, Ct);
            statuses.Add(last.StatusCode);
        }
        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("\"status\":429", await last.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        last.Dispose();
        // Anonymous attempts past the limit leave no trace in the audit log.
        await using var db = host.Store.Open();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "signin.failure", Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Api_keys_taxii_sensor_ingest_and_anonymous_federation_each_have_their_limit(string store)
    {
        await using var host = await HostAsync(store, "--Cordon:Edge:RateLimits:Enabled=true", "--Cordon:Edge:RateLimits:ApiPerMinute=4",
            "--Cordon:Edge:RateLimits:TaxiiPerMinute=2", "--Cordon:Edge:RateLimits:SensorIngestPerMinute=2", "--Cordon:Edge:RateLimits:FederationPerMinute=3");
        async Task<int> AllowedAsync(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> send, int tries)
        {
            var allowed = 0;
            for (var i = 0; i < tries; i++)
            {
                using var response = await send(client);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                    break;
                }
                allowed++;
            }
            return allowed;
        }
        var officer = await host.AsAsync("officer");
        Assert.Equal(4, await AllowedAsync(officer, c => c.GetAsync("/api/me", Ct), 10));
        // Per key: another client is not held back by the first.
        var analyst = await host.AsAsync("analyst");
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/me", Ct)).StatusCode);

        var taxii = await host.AsAsync("analyst");
        taxii.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/taxii+json"));
        Assert.Equal(2, await AllowedAsync(taxii, c => c.GetAsync("/taxii2/", Ct), 10));

        var sensor = await host.AsAsync("bp.officer");
        Assert.Equal(2, await AllowedAsync(sensor, c => c.PostAsync("/api/detections?sensor=cam-9",
            new StringContent("""{"type":"FeatureCollection","features":[]}""", Encoding.UTF8, "application/geo+json"), Ct), 10));

        var anonymous = host.Anonymous();
        Assert.Equal(3, await AllowedAsync(anonymous, c => c.GetAsync("/api/federation/checkpoint", Ct), 10));
        await using var db = host.Store.Open();
        Assert.True(await db.AuditCheckpoints.CountAsync(Ct) <= 3);
    }

    [Fact]
    public async Task Raw_body_endpoints_take_only_their_declared_content_types()
    {
        await using var host = await HostAsync("sqlite");
        var officer = await host.AsAsync("officer");
        var json = """{"number":"CT-1"}""";
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data" })
        {
            var declaration = await officer.PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, type), Ct);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, declaration.StatusCode);
            Assert.Equal("application/problem+json", declaration.Content.Headers.ContentType?.MediaType);
            var batch = await officer.PostAsync("/api/declarations/batch", new StringContent("[" + json + "]", Encoding.UTF8, type), Ct);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, batch.StatusCode);
        }
        var bp = await host.AsAsync("bp.officer");
        var detection = await bp.PostAsync("/api/detections", new StringContent("<events/>", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, detection.StatusCode);
        var accepted = await bp.PostAsync("/api/detections", new StringContent("<events/>", Encoding.UTF8, "application/xml"), Ct);
        Assert.NotEqual(HttpStatusCode.UnsupportedMediaType, accepted.StatusCode);
    }

    [Fact]
    public void Sensor_xml_with_a_document_type_is_refused_before_any_entity_is_expanded()
    {
        var laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE events [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
            <events><event version="2.0" uid="&d;" type="&x;" time="2026-01-01T00:00:00Z" start="2026-01-01T00:00:00Z" stale="2026-01-01T00:05:00Z" how="m-g"><point lat="51" lon="5" hae="0" ce="1" le="1"/></event></events>
            """;
        var parsed = Assert.Single(Cordon.Operations.Detections.SensorMessages.ReadCot(laughs, "cam-1"));
        Assert.Contains("DTD", Assert.Single(parsed.Errors), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Revoking_another_agencys_key_answers_exactly_like_an_unknown_key(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var ncaKey = await ApiKeys.CreateAsync(db, await s.ActorAsync("admin"), new NewApiKey("NCA manifest feed", "NCA", ["officer"]), Ct);
        var bpAdmin = await s.ActorAsync("bp.admin");
        var unknown = Guid.NewGuid();
        var notFound = await Assert.ThrowsAsync<NotFound>(() => ApiKeys.RevokeAsync(db, bpAdmin, unknown.ToString(), Ct));
        var notYours = await Assert.ThrowsAsync<NotFound>(() => ApiKeys.RevokeAsync(db, bpAdmin, ncaKey.Key.Id.ToString(), Ct));
        Assert.Equal(notFound.Message.Replace(unknown.ToString(), "#", StringComparison.Ordinal), notYours.Message.Replace(ncaKey.Key.Id.ToString(), "#", StringComparison.Ordinal));
        Assert.Null((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == ncaKey.Key.Id, Ct)).RevokedAt);
    }
}
