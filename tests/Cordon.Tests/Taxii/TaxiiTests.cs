using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Sharing;
using Cordon.Taxii;
using Cordon.Tests.Screening;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Taxii;

public sealed class TaxiiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Objects = $"{TaxiiEndpoints.Root}/collections/{TaxiiEndpoints.WatchListCollection}/objects/";

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_taxii_client_pages_through_watch_list_entries_without_skipping_or_repeating_while_a_list_is_imported(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        int before; // the demo's own public list
        await using (var db = host.Store.Open())
        {
            before = await db.ListedEntities.CountAsync(Ct);
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.Un, "un-xml", "UN SC", "NCA"), null, Ct);
        }
        var client = await TaxiiClientAsync(host, "pca.officer");

        var discovery = await GetAsync(client, "/taxii2/");
        Assert.Equal($"{TaxiiEndpoints.Root}/", discovery.GetProperty("api_roots")[0].GetString());
        var root = await GetAsync(client, $"{TaxiiEndpoints.Root}/");
        Assert.Equal(TaxiiEndpoints.MediaType, root.GetProperty("versions")[0].GetString());
        var collections = await GetAsync(client, $"{TaxiiEndpoints.Root}/collections/");
        Assert.Equal(TaxiiEndpoints.WatchListCollection, collections.GetProperty("collections")[0].GetProperty("id").GetString());

        var seen = new List<string>();
        var first = await GetAsync(client, $"{Objects}?limit=400");
        Assert.True(first.GetProperty("more").GetBoolean());
        seen.AddRange(first.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
        var next = first.GetProperty("next").GetString();

        // A new list arrives between pages: its entries come after everything already there.
        await using (var db = host.Store.Open())
        {
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.National, "csv", "National", "NCA"), null, Ct);
        }
        while (next is not null)
        {
            var page = await GetAsync(client, $"{Objects}?limit=400&next={next}");
            seen.AddRange(page.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            next = page.GetProperty("more").GetBoolean() ? page.GetProperty("next").GetString() : null;
        }
        Assert.Equal(before + 1003 + 4, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var one = await GetAsync(client, $"{Objects}{seen[0]}/");
        var identity = Assert.Single(one.GetProperty("objects").EnumerateArray());
        Assert.Equal("identity", identity.GetProperty("type").GetString());
        Assert.Equal(Stix.MarkingId(Tlp.Clear), identity.GetProperty("object_marking_refs")[0].GetString());
        var manifest = await GetAsync(client, $"{TaxiiEndpoints.Root}/collections/{TaxiiEndpoints.WatchListCollection}/manifest/?limit=5");
        Assert.Equal(seen.Take(5), manifest.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
        Assert.Empty((await GetAsync(client, $"{Objects}?match[type]=indicator")).GetProperty("objects").EnumerateArray());

        var wrongMedia = new HttpRequestMessage(HttpMethod.Get, "/taxii2/");
        wrongMedia.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        Assert.Equal(HttpStatusCode.NotAcceptable, (await client.SendAsync(wrongMedia, Ct)).StatusCode);
        await TaxiiSeizureTests.TaxiiErrorAsync(await client.GetAsync($"{Objects}?next=garbage", Ct), 400);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/taxii2/", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_restricted_list_is_served_to_its_owner_only(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.National, "csv", "National", "NCA", Tlp.Amber), null, Ct);
        }
        static List<JsonElement> National(JsonElement page)
            => page.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("x_cordon_list").GetString() == "National").ToList();
        var owner = National(await GetAsync(await TaxiiClientAsync(host, "officer"), Objects));
        Assert.Equal(4, owner.Count);
        Assert.All(owner, o => Assert.Equal(Stix.MarkingId(Tlp.Amber), o.GetProperty("object_marking_refs")[0].GetString()));
        var partner = National(await GetAsync(await TaxiiClientAsync(host, "pca.officer"), Objects));
        Assert.Empty(partner);
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
