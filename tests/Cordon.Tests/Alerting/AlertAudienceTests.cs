using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Alerting;

/// <summary>One address rule (<see cref="AlertAudience"/>) in the list, the inbox, the live stream, webhooks and counts.</summary>
public sealed class AlertAudienceTests
{
    /// <summary>The receivers here listen on loopback over http: allowed for these tests as an operator would allow-list them.</summary>
    private static readonly WebhookDestinationOptions LoopbackReceivers = new() { AllowHttp = true, AllowedNetworks = ["127.0.0.0/8"] };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Webhook receivers of three agencies' systems: the titles each one was sent.</summary>
    private sealed class Receivers : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public string Url { get; }
        public ConcurrentDictionary<string, ConcurrentBag<string>> Titles { get; } = new();

        private Receivers(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public static async Task<Receivers> StartAsync()
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var receivers = new Receivers(app, $"http://127.0.0.1:{port}");
            app.MapPost("/hook/{agency}", async (string agency, HttpContext http) =>
            {
                var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                receivers.Titles.GetOrAdd(agency, _ => []).Add(body.RootElement.GetProperty("title").GetString()!);
                return Results.Ok();
            });
            await app.StartAsync();
            return receivers;
        }

        public IReadOnlyList<string> Of(string agency) => Titles.TryGetValue(agency, out var bag) ? [.. bag] : [];

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>Reads a live stream's "alert" events until one titled <paramref name="until"/> arrives; returns every title seen.</summary>
    private static async Task<List<string>> ReadStreamUntilAsync(StreamReader reader, string until)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var titles = new List<string>();
        while (!titles.Contains(until))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended");
            if (line == "event: alert")
            {
                var data = (await reader.ReadLineAsync(timeout.Token))!["data: ".Length..];
                titles.Add(JsonDocument.Parse(data).RootElement.GetProperty("alert").GetProperty("title").GetString()!);
            }
        }
        return titles;
    }

    private static async Task<StreamReader> OpenStreamAsync(HttpClient client)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream"), HttpCompletionOption.ResponseHeadersRead, Ct);
        response.EnsureSuccessStatusCode();
        return new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
    }

    private static async Task<(int Unread, string Titles)> InboxAsync(HttpClient client)
    {
        var inbox = await (await client.GetAsync("/api/alerts/inbox?limit=500", Ct)).OkAsync<JsonElement>();
        return (inbox.GetProperty("unread").GetInt32(),
            string.Join(", ", inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert").GetProperty("title").GetString()!).Order(StringComparer.Ordinal)));
    }

    private static async Task<string[]> ListAsync(HttpClient client)
        => (await (await client.GetAsync("/api/alerts?limit=500", Ct)).OkAsync<JsonElement>()).EnumerateArray()
            .Select(a => a.GetProperty("title").GetString()!).Where(t => t.StartsWith("AUD-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_alert_addressed_to_one_agency_never_reaches_another_while_an_unaddressed_one_reaches_every_agency_the_policy_allows(string store)
    {
        await using var receivers = await Receivers.StartAsync();
        await using var host = await CordonHost.StartAsync(store, demo: false, "--Cordon:Alerts:PollMilliseconds=200", "--Cordon:Alerts:RetryBaseMilliseconds=200",
            // The receivers listen on loopback over http: the operator allows that here (by default webhooks go to public https only).
            "--Cordon:Alerts:Webhooks:AllowHttp=true", "--Cordon:Alerts:Webhooks:AllowedNetworks:0=127.0.0.0/8");
        Guid nca, nbp, nis;
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
            var codes = await db.Agencies.ToDictionaryAsync(a => a.Code, a => a.Id, Ct);
            (nca, nbp, nis) = (codes["NCA"], codes["NBP"], codes["NIS"]);
        }
        var ncaAdmin = await host.Store.ActorAsync("admin");
        // NCA shares its alerts with the border police (NBP) and the partner (PCA); the immigration service (NIS) has no agreement.
        await using (var db = host.Store.Open())
        {
            foreach (var (to, admin) in new[] { ("NBP", "bp.admin"), ("PCA", "pca.admin") })
            {
                var agreement = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms($"NCA alerts to {to}", "NCA", to, [RecordTypes.Alert], "TLP:AMBER",
                    ["risk-analysis"], [], false, null, null), TestClock.Now, Ct);
                await Agreements.ApproveAsync(db, await host.Store.ActorAsync(admin), agreement.Id, TestClock.Now, Ct);
            }
            foreach (var (code, user, agencyWide) in new[] { ("NBP", "bp.admin", true), ("PCA", "pca.admin", true), ("NIS", "nis.officer", false) })
            {
                var actor = await host.Store.ActorAsync(user);
                await AlertSubscriptions.CreateAsync(db, actor, new SubscriptionInput($"{code} inbox", [], null, null, "TLP:RED", null, "ui", null, agencyWide), Ct);
                await AlertSubscriptions.CreateAsync(db, actor, new SubscriptionInput($"{code} system", [], null, null, "TLP:RED", null, "webhook", $"{receivers.Url}/hook/{code}", agencyWide), Ct, LoopbackReceivers);
            }
        }
        var border = await host.AsAsync("bp.officer");
        var partner = await host.AsAsync("pca.officer");
        var immigration = await host.AsAsync("nis.officer");
        var owner = await host.AsAsync("admin");
        using var borderStream = await OpenStreamAsync(border);
        using var partnerStream = await OpenStreamAsync(partner);

        await using (var db = host.Store.Open())
        {
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "AUD-to-NBP", nca, Tlp.Green) { Recipients = [nbp] });
            // Addressed to an agency the policy denies: the address does not open what the policy closes.
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "AUD-to-NIS", nca, Tlp.Green) { Recipients = [nis] });
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "AUD-to-all", nca, Tlp.Green));
            await db.SaveChangesAsync(Ct);
        }

        // Live stream: the border police see both of theirs; the partner sees the unaddressed one and never the other.
        Assert.Equal(["AUD-to-NBP", "AUD-to-all"], (await ReadStreamUntilAsync(borderStream, "AUD-to-all")).Order(StringComparer.Ordinal));
        Assert.Equal(["AUD-to-all"], await ReadStreamUntilAsync(partnerStream, "AUD-to-all"));

        // Webhooks: wait until every alert is fanned out and every webhook delivery settled.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.Store.Open();
            return !await db.Alerts.AnyAsync(a => a.DispatchedAt == null, Ct) && !await db.AlertDeliveries.AnyAsync(d => d.Status != DeliveryStatus.Delivered, Ct)
                && receivers.Of("PCA").Count > 0;
        }, TimeSpan.FromSeconds(15), () => "the alerts were not all fanned out and delivered within 15 s");
        Assert.Equal(["AUD-to-NBP", "AUD-to-all"], receivers.Of("NBP").Order(StringComparer.Ordinal));
        Assert.Equal(["AUD-to-all"], receivers.Of("PCA"));
        Assert.Empty(receivers.Of("NIS"));

        // Inbox and its unread count.
        Assert.Equal((2, "AUD-to-NBP, AUD-to-all"), await InboxAsync(border));
        Assert.Equal((1, "AUD-to-all"), await InboxAsync(partner));
        Assert.Equal((0, ""), await InboxAsync(immigration));

        // The list: the same rule, then the policy. The owner is not on the addressed alerts' lists either.
        Assert.Equal(["AUD-to-NBP", "AUD-to-all"], await ListAsync(border));
        Assert.Equal(["AUD-to-all"], await ListAsync(partner));
        Assert.Empty(await ListAsync(immigration));
        Assert.Equal(["AUD-to-all"], await ListAsync(owner));

        await using (var db = host.Store.Open())
        {
            var addressed = await db.Alerts.SingleAsync(a => a.Title == "AUD-to-NBP", Ct);
            Assert.Equal([nbp], AlertAudience.Of(addressed));
            Assert.Equal([nbp], await db.AlertDeliveries.Where(d => d.AlertId == addressed.Id).Select(d => d.AgencyId).Distinct().ToListAsync(Ct));
            var denied = await db.Alerts.SingleAsync(a => a.Title == "AUD-to-NIS", Ct);
            Assert.False(await db.AlertDeliveries.AnyAsync(d => d.AlertId == denied.Id, Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_inbox_and_unread_count_recheck_the_address_of_every_delivery(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var ncaAdmin = await s.ActorAsync("admin");
        var bpAdmin = await s.ActorAsync("bp.admin");
        var bpOfficer = await s.ActorAsync("bp.officer");
        await using var db = s.Open();
        var sub = await AlertSubscriptions.CreateAsync(db, bpAdmin, new SubscriptionInput("Everything", [], null, null, "TLP:RED", null, "ui", null, true), Ct);
        var ours = Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "for NCA only", ncaAdmin.AgencyId!.Value, Tlp.Green) { Recipients = [ncaAdmin.AgencyId!.Value] });
        await db.SaveChangesAsync(Ct);
        // A delivery row that breaks the address (written by hand, as a bug or an old node might): readers still refuse it.
        db.AlertDeliveries.Add(new AlertDelivery
        {
            CreatedAt = TestClock.Now,
            AlertId = ours.Id, SubscriptionId = sub.Id, AgencyId = bpAdmin.AgencyId!.Value, Channel = AlertChannel.Ui, IdempotencyKey = $"{ours.Id:N}.{sub.Id:N}",
            Payload = "{\"title\":\"for NCA only\"}", Status = DeliveryStatus.Delivered, DeliveredAt = TestClock.Now,
        });
        await db.SaveChangesAsync(Ct);
        var inbox = await AlertSubscriptions.InboxAsync(db, bpOfficer, ct: Ct);
        Assert.Equal((0, 0), (inbox.Unread, inbox.Items.Count));
        Assert.Equal(0, await AlertSubscriptions.UnreadAsync(db, bpOfficer, Ct));
        Assert.Equal(0, await AlertSubscriptions.LatestAsync(db, bpOfficer, Ct));
        Assert.Equal(0, await AlertSubscriptions.MarkReadAsync(db, bpOfficer, null, Ct));
        // The webhook sender re-checks too: the forged webhook delivery is dead-lettered unsent (nothing listens on port 9).
        var hook = await AlertSubscriptions.CreateAsync(db, bpAdmin, new SubscriptionInput("SIEM", [], null, null, "TLP:RED", null, "webhook", "http://127.0.0.1:9/hook", true), Ct, LoopbackReceivers);
        db.AlertDeliveries.Add(new AlertDelivery
        {
            CreatedAt = TestClock.Now,
            AlertId = ours.Id, SubscriptionId = hook.Id, AgencyId = bpAdmin.AgencyId!.Value, Channel = AlertChannel.Webhook, IdempotencyKey = $"{ours.Id:N}.{hook.Id:N}",
            Payload = "{\"title\":\"for NCA only\"}", Status = DeliveryStatus.Pending, NextAttemptAt = TestClock.Now.AddSeconds(-1),
        });
        await db.SaveChangesAsync(Ct);
        using (var http = new HttpClient())
        {
            Assert.Equal(1, await AlertWebhooks.SendDueAsync(db, http, AlertDeliveryOptions.Default, TestClock.Real, ct: Ct));
        }
        var refused = await db.AlertDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == hook.Id, Ct);
        Assert.Equal((DeliveryStatus.DeadLetter, 1), (refused.Status, refused.Attempts));
        Assert.StartsWith("not sent: the alert is not addressed", refused.LastError, StringComparison.Ordinal);

        // The local operator (no agency) administers the installation: the address does not hide alerts from it.
        Assert.Equal(1, await db.Alerts.VisibleTo(Actor.LocalOperator).CountAsync(a => a.Id == ours.Id, Ct));
        Assert.Equal(0, await db.Alerts.VisibleTo(bpOfficer).CountAsync(a => a.Id == ours.Id, Ct));
        Assert.Equal(1, await db.Alerts.VisibleTo(ncaAdmin).CountAsync(a => a.Id == ours.Id, Ct));
    }
}
