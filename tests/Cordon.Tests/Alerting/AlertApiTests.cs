using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Demo;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

public sealed class AlertApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_border_police_stream_receives_a_customs_alert_shared_under_an_agreement(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false, "--Cordon:Alerts:PollMilliseconds=200");
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var ncaAdmin = await host.Store.ActorAsync("admin");
        var bpAdmin = await host.Store.ActorAsync("bp.admin");
        await using (var db = host.Store.Open())
        {
            var agreement = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms("Alerts to border police", "NCA", "NBP", [RecordTypes.Alert], "TLP:AMBER",
                ["risk-analysis"], [], false, null, null), TestClock.Now, Ct);
            await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TestClock.Now, Ct);
        }
        var border = await host.AsAsync("bp.admin");
        var analyst = await host.AsAsync("analyst");

        var bad = await border.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "", channel = "pigeon", maxMarking = "TLP:PURPLE", agencyWide = true }, Ct);
        var problem = await bad.ProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("channel", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxMarking", out _));
        var filters = await (await border.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "Referrals to us", band = "Block", referredTo = "nbp", agencyWide = true }, Ct))
            .OkAsync<SubscriptionView>();
        Assert.Equal(("block", "NBP"), (filters.Band, filters.ReferredTo));
        var badFilters = await (await border.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "x", band = "red", referredTo = "NOPE", agencyWide = true }, Ct)).ProblemAsync(400);
        Assert.True(badFilters.GetProperty("errors").TryGetProperty("band", out _));
        Assert.True(badFilters.GetProperty("errors").TryGetProperty("referredTo", out _));
        (await border.DeleteAsync($"/api/alerts/subscriptions/{filters.Id}", Ct)).EnsureSuccessStatusCode();
        var sub = await (await border.PostAsJsonAsync("/api/alerts/subscriptions", new { name = "Customs alerts", kinds = new[] { "custom" }, agencyWide = true }, Ct)).OkAsync<SubscriptionView>();
        Assert.Equal("ui", sub.Channel);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        using var stream = await border.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));

        var officer = await host.AsAsync("officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/alerts", new { title = "x" }, Ct)).StatusCode);
        var raised = await (await analyst.PostAsJsonAsync("/api/alerts", new { title = "Watch vessel MSC Aurora", severity = "high", marking = "TLP:GREEN", office = "NLRTM" }, Ct)).OkAsync<JsonElement>();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended");
            if (line == "event: alert")
            {
                data = (await reader.ReadLineAsync(timeout.Token))!["data: ".Length..];
            }
        }
        var item = JsonDocument.Parse(data).RootElement;
        Assert.Equal(raised.GetProperty("id").GetGuid(), item.GetProperty("alert").GetProperty("id").GetGuid());
        Assert.Equal("NCA", item.GetProperty("alert").GetProperty("owner").GetString());

        var inbox = await (await border.GetAsync("/api/alerts/inbox", Ct)).OkAsync<JsonElement>();
        Assert.Equal(1, inbox.GetProperty("items").GetArrayLength());
        var list = await (await border.GetAsync("/api/alerts", Ct)).OkAsync<JsonElement>();
        Assert.Equal("Watch vessel MSC Aurora", list[0].GetProperty("title").GetString());
        await using var check = host.Store.Open();
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == "alert.deliver", Ct));
    }
}
