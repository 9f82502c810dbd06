using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Tests.Support;
using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>The traveller API as devices and officers use it, on the demo (NBP receives the lists and records crossings; NIS is immigration).</summary>
public sealed class TravellerApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Immigration_sees_the_demo_referrals_and_overstayers_and_a_device_records_a_crossing_from_a_zone(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var immigration = await host.AsAsync("nis.officer", "investigation");
        var border = await host.AsAsync("bp.officer", "investigation");
        var alerts = await (await immigration.GetAsync("/api/alerts?limit=200", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var titles = alerts.EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Contains(titles, t => t!.StartsWith("Traveller referred to immigration: KL KL642", StringComparison.Ordinal));
        Assert.Contains(titles, t => t!.StartsWith("Overstay found at NLRTM", StringComparison.Ordinal));
        var overstayers = await (await immigration.GetAsync("/api/travellers/overstayers", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["MORALES"], overstayers.EnumerateArray().Select(o => o.GetProperty("surname").GetString()));

        // The demo's KLM push: the Johnsons' booking beside the passenger list, companions and the agency, never the card.
        var manifests = await (await border.GetAsync("/api/travellers/manifests?transport=KL642", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var raw = manifests.GetRawText();
        Assert.Contains("\"bookings\"", raw, StringComparison.Ordinal);
        var bookingsList = manifests.GetProperty("rows").EnumerateArray().Single(m => m.GetProperty("list").GetString() == "bookings");
        var pushed = await (await border.GetAsync($"/api/travellers/manifests/{bookingsList.GetProperty("id").GetGuid()}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Q7XK2P", pushed, StringComparison.Ordinal);
        Assert.Contains("\"companions\":[\"", pushed, StringComparison.Ordinal);
        Assert.Contains("12345675", pushed, StringComparison.Ordinal); // the agency by its IATA number
        Assert.DoesNotContain("4111111111111111", pushed, StringComparison.Ordinal);

        // A primary-line device: the zone of a passport on the demo list of lost and stolen documents.
        var zone = TravellerSamples.Td3("KRAUSE", "JONAS", "C01X00T47", "D", new DateOnly(1979, 10, 2), 'M', new DateOnly(2030, 1, 1));
        var check = await border.PostAsJsonAsync("/api/travellers/primary-line", new { mrz = zone }, Ct);
        Assert.True(check.StatusCode == HttpStatusCode.OK, await check.Content.ReadAsStringAsync(Ct));
        var answer = await check.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(TravellerActions.ImmigrationReferral, answer.GetProperty("action").GetString());
        Assert.Equal("stolen", answer.GetProperty("listedDocuments")[0].GetProperty("status").GetString());

        var recorded = await border.PostAsJsonAsync("/api/travellers/crossings", new { kind = "refusal", crossingPoint = "NLAMS", mrz = zone, refusalReason = "document reported stolen" }, Ct);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var bad = await border.PostAsJsonAsync("/api/travellers/crossings", new { kind = "visit", crossingPoint = "NLAMS", mrz = zone }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'visit' is not one of entry, exit, refusal", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // A lost and stolen edition uploaded as CSV.
        using var csv = new StringContent("number,issuing_state,status\nC01X00T47,D,stolen\nX0000001,NLD,lost\n", Encoding.UTF8, "text/csv");
        csv.Headers.Add("X-File-Name", "nbp-sltd-2.csv");
        var admin = await host.AsAsync("bp.admin", "investigation");
        var imported = await (await admin.PostAsync("/api/travellers/lost-documents/import?name=NBP%20lost%20and%20stolen", csv, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((2, 1, 4), (imported.GetProperty("version").GetInt32(), imported.GetProperty("added").GetInt32(), imported.GetProperty("removed").GetInt32()));
    }
}
