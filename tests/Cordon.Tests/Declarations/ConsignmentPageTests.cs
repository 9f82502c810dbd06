using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Declarations;

public sealed class ConsignmentPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_has_consignments_an_officer_finds_by_container_and_opens(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        string container;
        await using (var db = host.Store.Open())
        {
            Assert.Equal(400, await db.Consignments.CountAsync(Ct));
            Assert.All(await db.ConsignmentContainers.Select(c => c.ContainerNumber).ToListAsync(Ct), n => Assert.True(CheckDigits.IsValidContainerNumber(n), n));
            container = await db.ConsignmentContainers.OrderBy(c => c.ContainerNumber).Select(c => c.ContainerNumber).FirstAsync(Ct);
        }
        var officer = await host.AsAsync("officer");
        var found = await officer.GetFromJsonAsync<JsonElement>($"/api/consignments?container={container.ToLowerInvariant()}", Ct);
        var row = Assert.Single(found.GetProperty("rows").EnumerateArray());
        Assert.Equal("NCA", row.GetProperty("owner").GetString());
        var id = row.GetProperty("id").GetGuid();

        var list = await officer.GetStringAsync($"/consignments?container={container}", Ct);
        Assert.Contains($"/consignments/{id}", list, StringComparison.Ordinal);
        var detail = await officer.GetStringAsync($"/consignments/{id}", Ct);
        Assert.Contains(container, detail, StringComparison.Ordinal);
        Assert.Contains("Version history", detail, StringComparison.Ordinal);

        var partner = await host.AsAsync("pca.officer");
        Assert.Equal(0, (await partner.GetFromJsonAsync<JsonElement>($"/api/consignments?container={container}", Ct)).GetProperty("total").GetInt32());
        var denied = await partner.GetAsync($"/consignments/{id}", Ct);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("does not cover consignment records", await denied.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_consignment_sent_with_its_notify_party_ports_and_seals_shows_them_to_the_officer_and_a_partner_without_personal_data_gets_no_notify_party(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer");
        var input = Samples.Consignment("MAEU777000111");
        input.Consignee!.Id = "NL987654321";
        input.NotifyParty = new PartyInput { Id = "NL111222333", Name = "Rotterdam Forwarding B.V.", Country = "NL" };
        input.PortOfLoading = "CNSHA";
        input.PortOfDischarge = "NLRTM";
        input.Seals = [new SealInput { Container = "CSQU3054383", Number = "SL000001" }, new SealInput { Container = "CSQU3054383", Number = "SL000002" }];
        var id = (await (await officer.PostAsJsonAsync("/api/consignments", input, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();

        var detail = await officer.GetStringAsync($"/consignments/{id}", Ct);
        foreach (var shown in new[] { "Rotterdam Forwarding B.V.", "NL111222333", "NL987654321", "CNSHA", "NLRTM", "SL000001, SL000002" })
        {
            Assert.Contains(shown, detail, StringComparison.Ordinal);
        }
        var api = await officer.GetFromJsonAsync<JsonElement>($"/api/consignments/{id}", Ct);
        var containers = api.GetProperty("consignment").GetProperty("containers");
        Assert.Equal("SL000001 SL000002", containers[0].GetProperty("seals").GetString());

        // A partner whose agreement withholds personal data reads the ports and seals but not who is to be notified.
        await host.AgreeAsync("admin", "pca.admin", new Cordon.Sharing.AgreementTerms("Consignments for risk analysis", "NCA", "PCA", ["consignment"], "TLP:AMBER",
            ["risk-analysis"], [], false, TestClock.Now.AddMinutes(-1), TestClock.Now.AddYears(1)));
        var partner = await host.AsAsync("pca.officer");
        var theirs = await partner.GetFromJsonAsync<JsonElement>($"/api/consignments/{id}", Ct);
        var c = theirs.GetProperty("consignment");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "NLRTM"), (c.GetProperty("notifyName").ValueKind, c.GetProperty("consigneeCode").ValueKind, c.GetProperty("portOfDischarge").GetString()));
        var page = await partner.GetStringAsync($"/consignments/{id}", Ct);
        Assert.DoesNotContain("Rotterdam Forwarding", page, StringComparison.Ordinal);
        Assert.Contains("SL000001", page, StringComparison.Ordinal);
    }
}
