using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

public sealed class MarkingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Raising_a_marking_above_the_agreement_withdraws_the_record_from_the_partner_at_once(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var ncaAdmin = await host.AsAsync("admin");
        await host.AgreeAsync("admin", "pca.admin", new AgreementTerms("Declarations for the partner", "NCA", "PCA", [RecordTypes.Declaration], "TLP:AMBER", ["risk-analysis"], [], false, null, null));
        Guid id;
        await using (var db = host.Store.Open())
        {
            id = await db.Declarations.Where(d => d.Marking == Tlp.Amber).Select(d => d.Id).FirstAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer");
        (await partner.GetAsync($"/api/declarations/{id}", Ct)).EnsureSuccessStatusCode();

        var officer = await host.AsAsync("officer");
        await (await officer.PutAsJsonAsync($"/api/declarations/{id}/marking", new { marking = "TLP:RED", reason = "Linked to an open investigation" }, Ct)).ProblemAsync(403);
        await (await partner.PutAsJsonAsync($"/api/declarations/{id}/marking", new { marking = "TLP:CLEAR", reason = "We would like to see more" }, Ct)).ProblemAsync(403);
        var analyst = await host.AsAsync("analyst");
        var bad = await (await analyst.PutAsJsonAsync($"/api/declarations/{id}/marking", new { marking = "secret", reason = "Linked to an open investigation" }, Ct)).ProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("marking", out _));
        await (await analyst.PutAsJsonAsync($"/api/declarations/{id}/marking", new { marking = "TLP:RED" }, Ct)).ProblemAsync(400);
        var changed = await (await analyst.PutAsJsonAsync($"/api/declarations/{id}/marking", new { marking = "TLP:RED", reason = "Linked to an open investigation" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("TLP:RED", changed.GetProperty("marking").GetString());

        var denied = await (await partner.GetAsync($"/api/declarations/{id}", Ct)).ProblemAsync(403);
        Assert.Contains("covers records up to TLP:AMBER; this record is TLP:RED", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await partner.GetAsync("/api/declarations?pageSize=500", Ct);
        var list = await listed.Content.ReadAsStringAsync(Ct);
        Assert.True(listed.IsSuccessStatusCode, list);
        Assert.DoesNotContain(id.ToString(), list, StringComparison.Ordinal);

        await using var check = host.Store.Open();
        var entry = await check.AuditEntries.SingleAsync(e => e.Action == "marking.change", Ct);
        Assert.Equal(id.ToString(), entry.RecordId);
        Assert.Contains("Linked to an open investigation", entry.Details, StringComparison.Ordinal);
    }
}
