using System.Text.Json;
using Cordon.Cases;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class SharingTests
{
    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Partner_abroad_sees_the_shared_seizure_without_names_and_not_the_strict_one(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await Cordon.Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            db.Declarations.Add(Declaration(nca.Id, "26NLTEST000001"));
            db.Declarations.Add(Declaration(nca.Id, "26NLTEST000002"));
            await db.SaveChangesAsync(Ct);
            await CaseDemo.SeedAsync(db, TestClock.Now, Ct);
            await CaseDemo.SeedAsync(db, TestClock.Now, Ct); // idempotent
            Assert.Equal(1, await db.Cases.CountAsync(Ct));
        }
        var pca = await host.AsAsync("pca.officer");
        pca.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        var rows = await (await pca.GetAsync("/api/seizures", Ct)).OkAsync<JsonElement[]>();
        var shared = Assert.Single(rows, r => r.GetProperty("commodities").GetString()!.StartsWith("cocaine 42", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.GetProperty("marking").GetString() is "TLP:AMBER+STRICT" or "TLP:RED");
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("owner").ValueKind));
        Assert.True(shared.GetProperty("redacted").GetBoolean());

        var one = await (await pca.GetAsync($"/api/seizures/{shared.GetProperty("id").GetString()}", Ct)).OkAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, one.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("witnesses").ValueKind);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("seizingOfficers").ValueKind);
        Assert.Contains("owner", one.GetProperty("_redacted").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("cocaine", one.GetProperty("items")[0].GetProperty("category").GetString());
        var body = one.GetRawText();
        Assert.DoesNotContain("Fresh Fruit", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Mira Jansen", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"officer\"", body, StringComparison.Ordinal);

        Guid strict;
        await using (var db = host.Store.Open())
        {
            strict = await db.Seizures.Where(s => s.Marking == Tlp.AmberStrict).Select(s => s.Id).SingleAsync(Ct);
        }
        var denied = await (await pca.GetAsync($"/api/seizures/{strict}", Ct)).ProblemAsync(403);
        Assert.Contains("TLP:AMBER+STRICT", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Statistics purpose is not in the agreement: nothing of NCA's.
        var stats = await host.AsAsync("pca.officer");
        stats.DefaultRequestHeaders.Add(PurposeNames.Header, "statistics");
        Assert.Empty(await (await stats.GetAsync("/api/seizures", Ct)).OkAsync<JsonElement[]>());

        // The owner sees everything, and the demo chain is intact.
        var nca2 = await host.AsAsync("officer");
        nca2.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        var all = await (await nca2.GetAsync("/api/seizures", Ct)).OkAsync<JsonElement[]>();
        Assert.Equal(6, all.Length);
        var verify = await (await nca2.GetAsync($"/api/seizures/{shared.GetProperty("id").GetString()}/verify", Ct)).OkAsync<JsonElement>();
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(8, verify.GetProperty("events").GetInt32());
        var demoCase = await (await nca2.GetAsync("/api/cases", Ct)).OkAsync<JsonElement[]>();
        var caseView = await (await nca2.GetAsync($"/api/cases/{demoCase.Single().GetProperty("reference").GetString()}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("forfeited", caseView.GetProperty("seizures")[0].GetProperty("state").GetString());
        Assert.Equal("completed", caseView.GetProperty("inspections")[0].GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Seizure_export_is_non_nominal_and_statistics_count_by_commodity(string store)
    {
        await using var s = await StoreAsync(store, declarations: 2);
        await using var db = s.Open();
        await CaseDemo.SeedAsync(db, TestClock.Now, Ct);
        var policy = await AccessPolicy.ForAsync(db, await s.ActorAsync("analyst"), Purpose.Statistics, ct: Ct);
        var rows = await SeizureReporting.RowsAsync(db, policy, ct: Ct);
        Assert.Equal(6, rows.Count);
        var csv = new StringWriter();
        await SeizureReporting.WriteCsvAsync(rows, csv);
        var text = csv.ToString();
        Assert.StartsWith(string.Join(',', SeizureReporting.CsvHeader), text, StringComparison.Ordinal);
        foreach (var personal in new[] { "Fresh Fruit", "Jan de Groot", "Mira Jansen", "officer", "supervisor" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }
        Assert.Contains(",EC,NL,cocaine,293972,42,kg,42.3,behind the cooling unit of a reefer container,", text, StringComparison.Ordinal);
        var stats = SeizureReporting.Statistics(rows);
        Assert.Equal(6, stats.Seizures);
        Assert.Equal(new StatisticsBar("cocaine", 2, 54.7m), stats.ByCommodity[0]);
        var deadlines = await Deadlines.ListAsync(db, policy, TestClock.Now, Ct);
        Assert.Contains(deadlines, d => d.What == "Task: Request the importer's bank records" && d.Overdue);
        Assert.Contains(deadlines, d => d.What == "Task: Check the driver's travel history" && !d.Overdue);
        Assert.Contains(deadlines, d => d.What == "Issue the seizure notice" && d.Overdue); // seized 75 days ago
        Assert.Contains(deadlines, d => d.What == "Issue the seizure notice" && !d.Overdue); // seized 2 days ago
        var forfeited = await db.Seizures.Where(x => x.LegalState == LegalState.Forfeited).Select(x => x.Reference).ToListAsync(Ct);
        Assert.NotEmpty(forfeited);
        Assert.DoesNotContain(deadlines, d => forfeited.Contains(d.Reference)); // forfeited: nothing due
    }
}
