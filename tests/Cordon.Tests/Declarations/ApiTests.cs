using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Tests.Support;

namespace Cordon.Tests.Declarations;

public sealed class DeclarationApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_declaration_posted_twice_is_created_once_and_a_change_becomes_version_2(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var created = await officer.PostAsJsonAsync("/api/declarations", Samples.Declaration("API-1"), Web, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await officer.PostAsJsonAsync("/api/declarations", Samples.Declaration("API-1"), Web, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("outcome").GetString());
        var changed = Samples.Declaration("API-1");
        changed.Items![0].Quantity = 11;
        var amended = await (await officer.PostAsJsonAsync("/api/declarations", changed, Web, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("amended", amended.GetProperty("outcome").GetString());
        Assert.Equal(2, amended.GetProperty("version").GetInt32());

        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/declarations/{amended.GetProperty("id").GetGuid()}", Ct);
        Assert.Equal(2, detail.GetProperty("versions").GetArrayLength());
        var v1 = await officer.GetStringAsync($"/api/declarations/{amended.GetProperty("id").GetGuid()}/versions/1", Ct);
        Assert.Contains("\"quantity\":10", v1, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_bad_declaration_gets_problem_details_naming_the_record_and_field(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var bad = Samples.Declaration("API-BAD");
        bad.Items![1].HsCode = "851799";
        var problem = await (await officer.PostAsJsonAsync("/api/declarations", bad, Web, Ct)).ProblemAsync(400);
        Assert.Equal("API-BAD", problem.GetProperty("number").GetString());
        Assert.Equal(0, problem.GetProperty("index").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[1].hsCode", out _));

        var wrongType = new StringContent("""{"number":"API-T","items":[{"quantity":"ten"}]}""", System.Text.Encoding.UTF8, "application/json");
        var typed = await (await officer.PostAsync("/api/declarations", wrongType, Ct)).ProblemAsync(400);
        Assert.True(typed.GetProperty("errors").TryGetProperty("items[0].quantity", out _));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_batch_returns_per_record_results_and_bad_records_can_be_corrected_from_quarantine(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var bad = Samples.Declaration("B-2");
        bad.Currency = "EURO";
        var body = new object[] { Samples.Declaration("B-1"), bad, "not an object", Samples.Declaration("B-1") };
        var batch = await (await officer.PostAsJsonAsync("/api/declarations/batch", body, Web, Ct)).OkAsync<JsonElement>();
        Assert.Equal(1, batch.GetProperty("accepted").GetInt32());
        Assert.Equal(2, batch.GetProperty("rejected").GetInt32());
        Assert.Equal(1, batch.GetProperty("duplicates").GetInt32());
        var results = batch.GetProperty("results");
        Assert.Equal(["accepted", "rejected", "rejected", "duplicate"], results.EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        var problem = results[1].GetProperty("problem");
        Assert.Equal(1, problem.GetProperty("index").GetInt32());
        Assert.Equal("B-2", problem.GetProperty("number").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("currency", out _));

        var quarantine = await officer.GetFromJsonAsync<JsonElement>("/api/quarantine", Ct);
        Assert.Equal(2, quarantine.GetProperty("total").GetInt32());
        var row = quarantine.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("number").GetString() == "B-2");
        var corrected = row.GetProperty("content").GetString()!.Replace("\"EURO\"", "\"EUR\"", StringComparison.Ordinal);
        var stillBad = await officer.PostAsync($"/api/quarantine/{row.GetProperty("id").GetGuid()}/resubmit",
            new StringContent(corrected.Replace("\"NL000396\"", "\"XX\"", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True((await stillBad.ProblemAsync(400)).GetProperty("errors").TryGetProperty("office", out _));
        var fixedUp = await officer.PostAsync($"/api/quarantine/{row.GetProperty("id").GetGuid()}/resubmit", new StringContent(corrected, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal("accepted", (await fixedUp.OkAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(1, (await officer.GetFromJsonAsync<JsonElement>("/api/quarantine", Ct)).GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Another_agency_cannot_see_a_declaration_in_lists_details_or_exports(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var created = await (await officer.PostAsJsonAsync("/api/declarations", Samples.Declaration("OWN-1"), Web, Ct)).OkAsync<JsonElement>();
        var partner = await host.AsAsync("pca.officer");
        Assert.Equal(0, (await partner.GetFromJsonAsync<JsonElement>("/api/declarations", Ct)).GetProperty("total").GetInt32());
        var denied = await (await partner.GetAsync($"/api/declarations/{created.GetProperty("id").GetGuid()}", Ct)).ProblemAsync(403);
        // The demo shares NCA's seizures with PCA, not its declarations: the denial names that agreement and what it lacks.
        Assert.EndsWith("does not cover declaration records.", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await partner.GetAsync("/api/declarations/OWN-1", Ct)).ProblemAsync(404); // numbers cannot be probed
        var export = await partner.GetStringAsync("/api/declarations/export.csv", Ct);
        Assert.Single(export.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var own = await officer.GetStringAsync("/api/declarations/export.csv?number=OWN-1", Ct);
        Assert.Equal(3, own.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Consignments_are_taken_in_singly_and_in_batches(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync("/api/consignments", Samples.Consignment("C-1"), Web, Ct)).StatusCode);
        var bad = Samples.Consignment("C-2");
        bad.Containers = ["CSQU3054384"];
        var batch = await (await officer.PostAsJsonAsync("/api/consignments/batch", new[] { Samples.Consignment("C-1"), bad }, Web, Ct)).OkAsync<JsonElement>();
        Assert.Equal(1, batch.GetProperty("duplicates").GetInt32());
        Assert.True(batch.GetProperty("results")[1].GetProperty("problem").GetProperty("errors").TryGetProperty("containers[0]", out _));
        Assert.Equal(1, (await officer.GetFromJsonAsync<JsonElement>("/api/consignments?reference=C-1", Ct)).GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_uploaded_file_is_imported_by_a_background_job_whose_progress_the_api_shows(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Jobs:PollMilliseconds=100", $"--Cordon:ImportDirectory={Path.Combine(Path.GetTempPath(), "cordon-test-imports")}");
        var officer = await host.AsAsync("officer");
        using var csv = new StringWriter();
        new Cordon.Demo.DeclarationGenerator(400, 2, amendments: false).Write(csv, FileFormat.Csv);
        // The demo store already holds generated declarations: give these numbers of their own.
        var text = csv.ToString().Replace(",24NL", ",T24NL", StringComparison.Ordinal).Replace(",25NL", ",T25NL", StringComparison.Ordinal);
        var upload = new StringContent(text, System.Text.Encoding.UTF8, "text/csv");
        upload.Headers.Add("X-File-Name", "demo.csv");
        var accepted = await officer.PostAsync("/api/declarations/import?format=csv", upload, Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = job.GetProperty("id").GetGuid();
        var state = await FileImports.FinishedJobAsync(officer, id, TimeSpan.FromSeconds(30), "the import", Ct);
        Assert.Equal("Succeeded", state.GetProperty("status").GetString());
        using var result = JsonDocument.Parse(state.GetProperty("result").GetString()!);
        Assert.Equal(400, result.RootElement.GetProperty("accepted").GetInt32());
        Assert.Contains("400 records", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        var firstNumber = text.Split('\n')[1].Split(',')[2];
        Assert.Equal(1, (await officer.GetFromJsonAsync<JsonElement>($"/api/declarations?number={firstNumber}", Ct)).GetProperty("total").GetInt32());
    }
}
