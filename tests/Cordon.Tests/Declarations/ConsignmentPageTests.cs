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
}
