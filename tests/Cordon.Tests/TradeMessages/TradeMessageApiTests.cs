using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>A declarant's system posting an interchange to the server and polling its outbox.</summary>
public sealed class TradeMessageApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_interchange_posted_to_the_API_is_answered_in_the_agencys_outbox_in_order_and_another_agency_sees_none_of_it(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var declarant = await host.AsAsync("officer");
        int Imports()
        {
            using var db = host.Store.Open();
            return db.AuditEntries.Count(e => e.Action == "declarations.import");
        }
        var importsBefore = Imports();
        var text = CusdecSamples.Interchange("API0001", SenderStyle.Broker, new() { Reference = "M1", Number = "26EDI000000000001" },
            new() { Reference = "M2", Number = "26EDI000000000002", Tariff = n => n == 2 ? "8517990000" : "8517130000" });
        using var body = new StringContent(text, Encoding.Latin1, "application/edifact");
        var posted = await declarant.PostAsync("/api/messages/edifact", body, Ct);
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync(Ct));
        var receipt = await posted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((1, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("rejected").GetInt32()));
        Assert.Contains("UCM+M2+CUSDEC:D:96B:UN+7'", receipt.GetProperty("contrl")[0].GetString(), StringComparison.Ordinal);
        var error = receipt.GetProperty("messages")[1].GetProperty("errors")[0];
        Assert.Equal("CST items[1].hsCode", $"{error.GetProperty("tag").GetString()} {error.GetProperty("field").GetString()}");

        var outbox = await (await declarant.GetAsync("/api/messages/outbox", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["1 CONTRL acknowledged", "2 CUSRES accepted", "3 CUSRES rejected"],
            outbox.EnumerateArray().Select(a => $"{a.GetProperty("sequence").GetInt64()} {a.GetProperty("kind").GetString()} {a.GetProperty("state").GetString()}"));
        var later = await (await declarant.GetAsync("/api/messages/outbox?after=2", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal([3L], later.EnumerateArray().Select(a => a.GetProperty("sequence").GetInt64()));

        var partner = await host.AsAsync("pca.officer");
        var theirs = await (await partner.GetAsync("/api/messages/outbox", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, theirs.GetArrayLength());

        // The receipt is one intake entry; each answer written is an audited change of a trade-message-answer.
        Assert.Equal(importsBefore + 1, Imports());
        await using var check = host.Store.Open();
        Assert.Equal(3, await check.AuditEntries.CountAsync(e => e.RecordType == "trade-message-answer", Ct));
    }
}
