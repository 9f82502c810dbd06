using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cordon.Demo;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Identity;

/// <summary>
/// Statistics offices, trade ministries and the other kinds are created and changed through the API, the
/// command line and the agencies page; each change is on the audit log with the kind before and after.
/// </summary>
public sealed class AgencyKindTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_operator_creates_and_changes_a_statistics_office_and_a_trade_ministry_through_the_api(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var op = await host.AsAsync("operator");
        var stat = await (await op.PostAsJsonAsync("/api/agencies", new { code = "CBS", name = "Statistics Netherlands", kind = "statistics-office", country = "NL" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("StatisticsOffice", stat.GetProperty("kind").GetString());
        await (await op.PostAsJsonAsync("/api/agencies", new { code = "EZK", name = "Ministry of Economic Affairs", kind = "trade-ministry", country = "NL" }, Ct)).OkAsync<JsonElement>();

        var changed = await (await op.PutAsJsonAsync("/api/agencies/ezk", new { name = "Ministry of Trade", kind = "other-law-enforcement" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal(("Ministry of Trade", "OtherLawEnforcement", "NL"), (changed.GetProperty("name").GetString(), changed.GetProperty("kind").GetString(), changed.GetProperty("country").GetString()));
        var bad = await (await op.PutAsJsonAsync("/api/agencies/EZK", new { kind = "secret-service", country = "XX" }, Ct)).ProblemAsync(400);
        Assert.Equal(["country", "kind"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());
        await (await op.PutAsJsonAsync("/api/agencies/NOPE", new { name = "Nobody" }, Ct)).ProblemAsync(404);
        await (await (await host.AsAsync("admin")).PutAsJsonAsync("/api/agencies/EZK", new { kind = "customs" }, Ct)).ProblemAsync(403);

        var listed = await (await op.GetAsync("/api/agencies", Ct)).OkAsync<JsonElement>();
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("code").GetString() == "CBS" && a.GetProperty("kind").GetString() == "StatisticsOffice");

        await using var check = host.Store.Open();
        var ezk = await check.Agencies.SingleAsync(a => a.Code == "EZK", Ct);
        var entry = await check.AuditEntries.SingleAsync(e => e.Action == "agency.update" && e.RecordId == ezk.Id.ToString(), Ct);
        Assert.Equal("api-key", entry.ActorKind);
        Assert.Contains("\"kind\":{\"from\":\"TradeMinistry\",\"to\":\"OtherLawEnforcement\"}", entry.Details, StringComparison.Ordinal);
        Assert.Contains("\"name\":{\"from\":\"Ministry of Economic Affairs\",\"to\":\"Ministry of Trade\"}", entry.Details, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_command_line_adds_and_changes_agencies_of_every_kind(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "CBS", "--name", "Statistics Netherlands", "--kind", "statistics-office", "--country", "NL")).Exit);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "EZK", "--name", "Ministry of Economic Affairs", "--kind", "trade-ministry", "--country", "NL")).Exit);
        var changed = await Cordon(s, "agencies", "update", "CBS", "--kind", "trade-ministry", "--country", "BE", "--json");
        Assert.True(changed.Exit == 0, changed.Err);
        var refused = await Cordon(s, "agencies", "update", "CBS", "--kind", "navy");
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("kind", refused.Err, StringComparison.Ordinal);

        var list = await Cordon(s, "agencies", "list", "--json");
        var kinds = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!, a => (a.GetProperty("kind").GetString(), a.GetProperty("country").GetString()));
        Assert.Equal(("TradeMinistry", "BE"), kinds["CBS"]);
        Assert.Equal(("TradeMinistry", "NL"), kinds["EZK"]);
        await using var db = s.Open();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "agency.update", Ct);
        Assert.Equal("local-operator", entry.ActorKind);
        Assert.Contains("\"kind\":{\"from\":\"StatisticsOffice\",\"to\":\"TradeMinistry\"}", entry.Details, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_agencies_page_adds_and_changes_a_statistics_office(string store)
    {
        // Password sign-in as in the demo: the second factor for operators is another test's subject.
        await using var host = await CordonHost.StartAsync(store, false, "--Cordon:Identity:EnforceSecondFactor=false");
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        await using (var db = host.Store.Open())
        {
            // The first start made the operator with a one-time password: give it the demo one to sign in.
            var first = await db.Users.SingleAsync(u => u.UserName == "operator", Ct);
            first.PasswordHash = global::Cordon.Identity.PasswordPolicy.Hash(first, DemoSeed.Password);
            first.MustChangePassword = false;
            await db.SaveChangesAsync(Ct);
        }
        var op = await PageSession.SignInAsync(host, "operator");
        var page = await op.GetStringAsync("/admin/agencies");
        var added = await op.PostFormAsync(page, "/admin/agencies", new Dictionary<string, string>
        {
            ["Code"] = "CBS", ["Name"] = "Statistics Netherlands", ["Kind"] = "statistics-office", ["Country"] = "NL",
        });
        var addedHtml = await added.Content.ReadAsStringAsync(Ct);
        Assert.True(added.StatusCode == HttpStatusCode.OK, addedHtml);
        Assert.Contains("Agency CBS created.", addedHtml, StringComparison.Ordinal);
        Assert.Contains("<td>statistics-office</td>", addedHtml, StringComparison.Ordinal);

        var changed = await op.PostFormAsync(addedHtml, "/admin/agencies?handler=Change", new Dictionary<string, string>
        {
            ["ChangeCode"] = "CBS", ["ChangeName"] = "", ["ChangeKind"] = "trade-ministry", ["ChangeCountry"] = "",
        });
        var changedHtml = await changed.Content.ReadAsStringAsync(Ct);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, changedHtml);
        Assert.Contains("Agency CBS changed.", changedHtml, StringComparison.Ordinal);
        Assert.Contains("<td>Statistics Netherlands</td><td>trade-ministry</td><td>NL</td>", changedHtml, StringComparison.Ordinal);

        // An agency administrator sees the list (no 500 for any kind) but not the forms.
        var admin = await PageSession.SignInAsync(host, "admin");
        var adminView = await admin.GetStringAsync("/admin/agencies");
        Assert.Contains("<td>trade-ministry</td>", adminView, StringComparison.Ordinal);
        Assert.DoesNotContain("Change agency", adminView, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_file_imported_from_the_command_line_is_one_audit_entry_with_its_counts_and_hash(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "NCA", "--name", "National Customs", "--kind", "customs", "--country", "NL")).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"cordon-audit-{Guid.NewGuid():N}.csv");
        try
        {
            Assert.Equal(0, (await Cordon(s, "demo", "generate", "--declarations", "300", "--seed", "7", "--format", "csv", "--out", file)).Exit);
            var run = await Cordon(s, "import", "declarations", file, "--format", "csv", "--json");
            Assert.True(run.Exit == 0, run.Err);
            var accepted = JsonDocument.Parse(run.Out).RootElement.GetProperty("accepted").GetInt64();
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, Ct)));

            await using var db = s.Open();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "declarations.import", Ct);
            Assert.Equal("local-operator", entry.ActorKind);
            Assert.Contains($"\"sha256\":\"{sha256}\"", entry.Details, StringComparison.Ordinal);
            Assert.Contains($"\"accepted\":{accepted}", entry.Details, StringComparison.Ordinal);
            Assert.Contains("\"complete\":true", entry.Details, StringComparison.Ordinal);
            // The records themselves went through the bulk path: no entry per declaration.
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.RecordType == "declaration" && e.RecordId != null, Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
