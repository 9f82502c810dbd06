using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Sharing;
using Cordon.Taxii;
using Cordon.Tests.Cases;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Taxii;

public sealed class TaxiiSeizureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Objects = $"{TaxiiEndpoints.Root}/collections/{TaxiiEndpoints.SeizureCollection}/objects/";
    private const string Settle = "--Cordon:Taxii:SettleMilliseconds=300";

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_pages_through_shared_seizures_while_new_ones_arrive_without_skips_repeats_or_personal_data(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, Settle);
        var officer = await host.AsAsync("officer");
        for (var i = 0; i < 5; i++)
        {
            (await officer.PostAsJsonAsync("/api/seizures", CaseWorld.Seizure(owner: "Karel Smit"), Ct)).EnsureSuccessStatusCode();
        }
        await Task.Delay(400, Ct);
        var partner = await TaxiiClientAsync(host, "pca.officer");

        var seen = new List<JsonElement>();
        var first = await GetAsync(partner, $"{Objects}?limit=4");
        Assert.True(first.GetProperty("more").GetBoolean());
        seen.AddRange(first.GetProperty("objects").EnumerateArray());
        var next = first.GetProperty("next").GetString();
        var pages = 1;
        var arrived = false;
        while (next is not null)
        {
            var page = await GetAsync(partner, $"{Objects}?limit=4&next={next}");
            seen.AddRange(page.GetProperty("objects").EnumerateArray());
            next = page.GetProperty("more").GetBoolean() ? page.GetProperty("next").GetString() : null;
            pages++;
            if (!arrived)
            {
                // New seizures are recorded while the client is between pages: they come after its cursor.
                arrived = true;
                for (var i = 0; i < 3; i++)
                {
                    (await officer.PostAsJsonAsync("/api/seizures", CaseWorld.Seizure(owner: "Karel Smit"), Ct)).EnsureSuccessStatusCode();
                }
                await Task.Delay(400, Ct);
                next ??= page.GetProperty("next").GetString();
            }
        }
        Assert.True(pages >= 3, $"{pages} pages");
        var ids = seen.Select(o => o.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        await using var db = host.Store.Open();
        var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
        var shared = (await db.Seizures.Where(s => s.OwningAgencyId == nca.Id).Select(s => new { s.Id, s.Marking }).ToListAsync(Ct))
            .Where(s => s.Marking <= Tlp.Amber).Select(s => $"incident--{s.Id}").Order().ToList();
        Assert.True(shared.Count >= 8);
        Assert.Equal(shared, ids.Where(i => i.StartsWith("incident--", StringComparison.Ordinal)).Order().ToList());
        Assert.Equal(Enum.GetValues<Tlp>().Select(Stix.MarkingId).Order(), ids.Where(i => i.StartsWith("marking-definition--", StringComparison.Ordinal)).Order());
        Assert.Contains(StixSeizures.ExtensionId, ids);

        // The agreement removes personal data: the STIX objects never carry it.
        var incidents = seen.Where(o => o.GetProperty("type").GetString() == "incident").ToList();
        Assert.All(incidents, o =>
        {
            var raw = o.GetRawText();
            Assert.DoesNotContain("Karel Smit", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("Mira Jansen", raw, StringComparison.Ordinal);
            var ext = o.GetProperty("extensions").GetProperty(StixSeizures.ExtensionId);
            Assert.False(ext.TryGetProperty("owner", out _));
            Assert.False(ext.TryGetProperty("witnesses", out _));
            Assert.False(ext.TryGetProperty("seizing_officers", out _));
            Assert.Contains("owner", ext.GetProperty("redacted").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains(o.GetProperty("object_marking_refs")[0].GetString(), Enum.GetValues<Tlp>().Select(Stix.MarkingId));
        });
        var mine = incidents.First(o => o.GetRawText().Contains("white powder bricks", StringComparison.Ordinal));
        Assert.Equal(Stix.MarkingId(Tlp.Amber), mine.GetProperty("object_marking_refs")[0].GetString());
        Assert.Equal("NL000396", mine.GetProperty("extensions").GetProperty(StixSeizures.ExtensionId).GetProperty("office").GetString());

        // The owning agency's own client sees the full record; one object and the manifest agree with the pages.
        var own = await TaxiiClientAsync(host, "officer");
        var id = mine.GetProperty("id").GetString()!;
        var single = Assert.Single((await GetAsync(own, $"{Objects}{id}/")).GetProperty("objects").EnumerateArray());
        Assert.Equal("Karel Smit", single.GetProperty("extensions").GetProperty(StixSeizures.ExtensionId).GetProperty("owner").GetString());
        var manifest = await GetAsync(partner, $"{TaxiiEndpoints.Root}/collections/{TaxiiEndpoints.SeizureCollection}/manifest/?limit=10");
        Assert.Equal(ids.Take(10), manifest.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
        var later = await GetAsync(partner, $"{Objects}?added_after={Uri.EscapeDataString(first.GetProperty("objects").EnumerateArray().Last().GetProperty("created").GetString()!)}&match[type]=incident&limit=1000");
        Assert.DoesNotContain(later.GetProperty("objects").EnumerateArray(), o => o.GetProperty("type").GetString() != "incident");
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_without_a_seizure_agreement_sees_no_seizures(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, Settle);
        var officer = await host.AsAsync("officer");
        var created = await (await officer.PostAsJsonAsync("/api/seizures", CaseWorld.Seizure(), Ct)).OkAsync<JsonElement>();
        await Task.Delay(400, Ct);
        var immigration = await TaxiiClientAsync(host, "nis.officer");
        var page = await GetAsync(immigration, $"{Objects}?limit=1000");
        Assert.DoesNotContain(page.GetProperty("objects").EnumerateArray(), o => o.GetProperty("type").GetString() == "incident");
        var one = await immigration.GetAsync($"{Objects}incident--{created.GetProperty("id").GetGuid()}/", Ct);
        await TaxiiErrorAsync(one, 404);
        var manifest = await GetAsync(immigration, $"{TaxiiEndpoints.Root}/collections/{TaxiiEndpoints.SeizureCollection}/manifest/?match[type]=incident");
        Assert.Empty(manifest.GetProperty("objects").EnumerateArray());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Taxii_errors_are_taxii_error_messages(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var client = await TaxiiClientAsync(host, "pca.officer");

        var anonymous = host.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd(TaxiiEndpoints.MediaType);
        await TaxiiErrorAsync(await anonymous.GetAsync("/taxii2/", Ct), 401);
        var write = new StringContent("""{"objects":[]}""", MediaTypeHeaderValue.Parse(TaxiiEndpoints.MediaType));
        var forbidden = await TaxiiErrorAsync(await client.PostAsync(Objects, write, Ct), 403);
        Assert.Contains("read-only", forbidden.GetProperty("description").GetString(), StringComparison.Ordinal);
        var missing = await TaxiiErrorAsync(await client.GetAsync($"{TaxiiEndpoints.Root}/collections/{Guid.NewGuid()}/objects/", Ct), 404);
        Assert.Contains("collections", missing.GetProperty("description").GetString(), StringComparison.Ordinal);
        var html = new HttpRequestMessage(HttpMethod.Get, "/taxii2/");
        html.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        await TaxiiErrorAsync(await client.SendAsync(html, Ct), 406);
        var bad = await TaxiiErrorAsync(await client.GetAsync($"{Objects}?limit=0&next=garbage", Ct), 400);
        Assert.True(bad.GetProperty("details").GetProperty("errors").TryGetProperty("next", out _));
    }

    internal static async Task<JsonElement> TaxiiErrorAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "2.1");
        var error = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("title").GetString()));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("http_status").GetString());
        Assert.False(error.TryGetProperty("type", out _)); // not Problem Details
        return error;
    }

    private static async Task<HttpClient> TaxiiClientAsync(CordonHost host, string user)
    {
        var client = await host.AsAsync(user, purpose: null);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/taxii+json") { Parameters = { new NameValueHeaderValue("version", "2.1") } });
        return client;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
