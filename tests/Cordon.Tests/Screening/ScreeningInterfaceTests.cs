using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Tests.Support;

namespace Cordon.Tests.Screening;

/// <summary>Screening through the API, the pages and the CLI, on both stores.</summary>
public sealed class ScreeningInterfaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Officers_screen_names_through_the_api_with_explained_hits(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.Un, "un-xml", "UN SC", "NCA"), null, Ct);
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.Ftm, "ftm", "OPENSANCTIONS", "NCA"), null, Ct);
        }
        var officer = await host.AsAsync("officer");

        var response = await officer.PostAsJsonAsync("/api/screening/search", new { name = "SALEK, Abdulhai", dob = "1965", country = "AF" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)))
        {
            var top = json.RootElement.GetProperty("hits")[0];
            Assert.Equal("ABDULHAI SALEK", top.GetProperty("name").GetString());
            Assert.Equal("block", top.GetProperty("band").GetString());
            Assert.Equal("UN SC", top.GetProperty("list").GetString());
            Assert.Equal(1, top.GetProperty("listVersion").GetInt32());
            Assert.Contains(top.GetProperty("explanation").EnumerateArray(), f => f.GetProperty("feature").GetString() == "dob");
            Assert.Equal(1, json.RootElement.GetProperty("lists").GetProperty("OPENSANCTIONS").GetInt32());
        }

        // A Cyrillic query finds the FtM entry's Latin name; a vessel is found by its IMO number.
        var cyrillic = await officer.PostAsJsonAsync("/api/screening/search", new { name = "Ирина Ковалёва", type = "person" }, Ct);
        Assert.Contains("\"sourceId\":\"NK-Dm5tHs8pKq2Wz7Xc3Vb9Ry\"", await cyrillic.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var vessel = await officer.PostAsJsonAsync("/api/screening/search",
            new { name = "OCEAN VOYAGR", type = "vessel", identifiers = new[] { new { kind = "imo", value = "IMO 9187629" } } }, Ct);
        using (var json = JsonDocument.Parse(await vessel.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Equal("block", json.RootElement.GetProperty("hits")[0].GetProperty("band").GetString());
        }

        // Batch: a bad query is refused by name and field; the others are screened.
        var batch = await officer.PostAsJsonAsync("/api/screening/search/batch", new
        {
            queries = new object[]
            {
                new { id = "p1", name = "Tharwat Salah Shihata", dob = "1960-06-29" },
                new { id = "p2", name = "Ingeborg Abrahamsen", dob = "1972-13-40" },
                new { id = "p3", name = "Ingeborg Abrahamsen", dob = "1972-11-21", country = "FR" },
            },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        using (var json = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(Ct)))
        {
            var results = json.RootElement.GetProperty("results");
            Assert.Equal("block", results[0].GetProperty("hits")[0].GetProperty("band").GetString());
            Assert.True(results[1].GetProperty("errors").TryGetProperty("queries[1].dob", out _));
            Assert.DoesNotContain(results[2].GetProperty("hits").EnumerateArray(), h => h.GetProperty("band").GetString() != "none");
        }

        var invalid = await officer.PostAsJsonAsync("/api/screening/search", new { name = "  ", country = "Atlantis" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync(Ct);
        Assert.Contains("name", problem, StringComparison.Ordinal);
        Assert.Contains("Atlantis", problem, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().PostAsJsonAsync("/api/screening/search", new { name = "x" }, Ct)).StatusCode);

        var lists = await officer.GetFromJsonAsync<JsonElement>("/api/screening/lists", Ct);
        // The two imported here, besides the demo list that --demo seeds.
        Assert.Equal(["DEMO NATIONAL", "OPENSANCTIONS", "UN SC"], lists.EnumerateArray().Select(l => l.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var history = await officer.GetFromJsonAsync<JsonElement>("/api/screening/lists/UN%20SC", Ct);
        Assert.Equal(1003, history.GetProperty("versions")[0].GetProperty("entries").GetInt32());

        // The pages: search with explained results, and list management with versions and history.
        var page = await officer.GetStringAsync("/screening/search?Name=Tharwat+Salah+Shihata&Dob=1960-06-29", Ct);
        Assert.Contains("THARWAT SALAH SHIHATA", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"screening-hits\"", page, StringComparison.Ordinal);
        Assert.Contains("date of birth 1960-06-29 is listed", page, StringComparison.Ordinal);
        var listsPage = await officer.GetStringAsync("/screening/lists?List=UN%20SC", Ct);
        Assert.Contains("dateGenerated 2026-02-27", listsPage, StringComparison.Ordinal);
        Assert.Contains("CDi.001", listsPage, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Entries_of_a_restricted_list_stay_with_its_owning_agency(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.National, "csv", "NL NATIONAL", "NCA", global::Cordon.Sharing.Tlp.Amber), null, Ct);
        }
        var own = await host.AsAsync("officer");
        var partner = await host.AsAsync("pca.officer");
        var query = new { name = "Pieter van den Berg", dob = "1962-04-17" };

        var ownHits = await (await own.PostAsJsonAsync("/api/screening/search", query, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("NL-0002", ownHits.GetProperty("hits")[0].GetProperty("sourceId").GetString());
        var partnerHits = await (await partner.PostAsJsonAsync("/api/screening/search", query, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, partnerHits.GetProperty("hits").GetArrayLength());

        var history = await partner.GetFromJsonAsync<JsonElement>("/api/screening/lists/NL%20NATIONAL", Ct);
        Assert.True(history.GetProperty("changesWithheld").GetBoolean());
        Assert.Equal(0, history.GetProperty("changes").GetArrayLength());
        Assert.DoesNotContain("van den Berg", await partner.GetStringAsync("/screening/lists?List=NL%20NATIONAL", Ct), StringComparison.Ordinal);
        Assert.Contains("van den Berg", await own.GetStringAsync("/screening/lists?List=NL%20NATIONAL", Ct), StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Lists_are_imported_and_names_screened_from_the_command_line(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "demo", "seed")).Exit);

        var import = await Cordon(s, "lists", "import", ListFiles.Ftm, "--format", "ftm", "--name", "OPENSANCTIONS", "--agency", "NCA", "--json");
        Assert.Equal(0, import.Exit);
        using (var json = JsonDocument.Parse(import.Out))
        {
            Assert.Equal(9, json.RootElement.GetProperty("entries").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        }
        var national = await Cordon(s, "lists", "import", ListFiles.National, "--format", "csv", "--name", "NL NATIONAL", "--agency", "NCA", "--marking", "amber");
        Assert.Equal(0, national.Exit);
        Assert.Contains("4 entries", national.Out, StringComparison.Ordinal);
        var again = await Cordon(s, "lists", "import", ListFiles.National, "--format", "csv", "--name", "NL NATIONAL");
        Assert.Contains("nothing changed", again.Out, StringComparison.Ordinal);

        var bad = await Cordon(s, "lists", "import", ListFiles.National, "--format", "xml", "--name", "X");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("ofac-csv", bad.Err, StringComparison.Ordinal);

        var list = await Cordon(s, "lists", "list", "--json");
        using (var json = JsonDocument.Parse(list.Out))
        {
            Assert.Equal(["NL NATIONAL", "OPENSANCTIONS"], json.RootElement.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
            Assert.Equal("TLP:AMBER", json.RootElement[0].GetProperty("marking").GetString());
        }

        var screen = await Cordon(s, "screen", "Viktor Bout", "--dob", "1967-01-13", "--country", "RU", "--type", "person", "--limit", "3", "--json");
        Assert.Equal(0, screen.Exit);
        using (var json = JsonDocument.Parse(screen.Out))
        {
            var root = json.RootElement;
            Assert.Equal(["hits"], root.EnumerateObject().Select(p => p.Name));
            var hit = root.GetProperty("hits")[0];
            Assert.Equal(["entityId", "list", "name", "matchedName", "score", "band", "explanation"], hit.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Viktor Anatolyevich Bout", hit.GetProperty("name").GetString());
            Assert.Equal("block", hit.GetProperty("band").GetString());
            Assert.True(hit.GetProperty("score").GetDouble() is > 0.9 and <= 1.0);
            Assert.True(root.GetProperty("hits").GetArrayLength() <= 3);
        }
        var human = await Cordon(s, "screen", "Pieter van den Berg");
        Assert.Contains("Pieter van den Berg", human.Out, StringComparison.Ordinal);
        Assert.Contains("block", human.Out, StringComparison.Ordinal);

        var dir = ListFiles.TempFolder();
        try
        {
            var queries = Path.Combine(dir, "queries.csv");
            File.WriteAllText(queries, "id,name,dob,country,type\nq1,Viktor Bout,1967,RU,person\nq2,Ingeborg Abrahamsen,,,\nq3,Someone,1980-02-31,,\nq4,OCEAN VOYAGER,,,vessel\n");
            var results = Path.Combine(dir, "results.jsonl");
            var batch = await Cordon(s, "screen", "--file", queries, "--out", results);
            Assert.Equal(2, batch.Exit);
            Assert.Contains("queries.csv line 4", batch.Err, StringComparison.Ordinal);
            Assert.Contains("3 of 4 queries screened", batch.Out, StringComparison.Ordinal);
            var lines = File.ReadAllLines(results).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["q1", "q2", "q3", "q4"], lines.Select(l => l.GetProperty("id").GetString()));
            Assert.Equal("block", lines[0].GetProperty("hits")[0].GetProperty("band").GetString());
            Assert.DoesNotContain(lines[1].GetProperty("hits").EnumerateArray(), h => h.GetProperty("band").GetString() != "none");
            Assert.True(lines[2].TryGetProperty("error", out _));
            Assert.Equal("OCEAN VOYAGER", lines[3].GetProperty("hits")[0].GetProperty("name").GetString());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
