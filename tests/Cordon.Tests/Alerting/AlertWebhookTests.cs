using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Alerting;

public sealed class AlertWebhookTests
{
    /// <summary>The receivers here listen on loopback over http: allowed for these tests as an operator would allow-list them.</summary>
    private static readonly WebhookDestinationOptions LoopbackReceivers = new() { AllowHttp = true, AllowedNetworks = ["127.0.0.0/8"] };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A partner's receiver: fails, then hangs past the timeout, then accepts; dedups by idempotency key.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public string Url { get; }
        public ConcurrentDictionary<string, string> Received { get; } = new();
        public ConcurrentBag<(string Key, bool SignatureValid)> Accepted { get; } = [];
        public int Calls;
        public volatile bool Down = true;
        public string Secret { get; set; } = "";

        private Receiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public static async Task<Receiver> StartAsync()
        {
            var port = FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var receiver = new Receiver(app, $"http://127.0.0.1:{port}");
            app.MapPost("/flaky", async (HttpContext http) =>
            {
                var call = Interlocked.Increment(ref receiver.Calls);
                if (call == 1)
                {
                    return Results.StatusCode(500);
                }
                if (call == 2)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted); // past the sender's timeout
                }
                return await receiver.AcceptAsync(http);
            });
            app.MapPost("/down", async (HttpContext http) => receiver.Down ? Results.StatusCode(503) : await receiver.AcceptAsync(http));
            await app.StartAsync();
            return receiver;
        }

        private async Task<IResult> AcceptAsync(HttpContext http)
        {
            using var ms = new MemoryStream();
            await http.Request.Body.CopyToAsync(ms);
            var body = ms.ToArray();
            var key = http.Request.Headers[AlertWebhooks.IdempotencyHeader].ToString();
            var id = http.Request.Headers[AlertWebhooks.IdHeader].ToString();
            var timestamp = long.Parse(http.Request.Headers[AlertWebhooks.TimestampHeader].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            // Both the Cordon signature and the Standard Webhooks one (id = idempotency key, a recent timestamp) check out.
            var valid = http.Request.Headers[AlertWebhooks.SignatureHeader].ToString() == AlertWebhooks.Sign(Secret, body)
                        && id == key && Math.Abs(TestClock.Now.ToUnixTimeSeconds() - timestamp) < 300
                        && http.Request.Headers[AlertWebhooks.StandardSignatureHeader].ToString() == AlertWebhooks.SignStandard(Secret, id, timestamp, body);
            Accepted.Add((key, valid));
            Received.TryAdd(key, System.Text.Encoding.UTF8.GetString(body)); // a repeat with the same key is acknowledged, not applied twice
            return Results.Ok();
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Webhooks_survive_failure_and_timeout_signed_once_each_and_dead_letters_retry_on_request(string store)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("admin");
        await using var db = s.Open();
        var flaky = await AlertSubscriptions.CreateAsync(db, admin, new SubscriptionInput("SIEM", [], null, null, "TLP:RED", null, "webhook", receiver.Url + "/flaky", true), Ct, LoopbackReceivers);
        Assert.StartsWith("whsec_", flaky.Secret);
        receiver.Secret = flaky.Secret!;
        var down = await AlertSubscriptions.CreateAsync(db, admin, new SubscriptionInput("Case system", [], null, null, "TLP:RED", null, "webhook", receiver.Url + "/down", true), Ct, LoopbackReceivers);
        Assert.Null((await AlertSubscriptions.ListAsync(db, admin, Ct)).Single(v => v.Id == flaky.Id).Secret); // shown once
        for (var i = 0; i < 3; i++)
        {
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, $"Alert {i}", admin.AgencyId!.Value, Tlp.Green));
        }
        await db.SaveChangesAsync(Ct);
        await AlertFanOut.DispatchAsync(db, TestClock.Now, ct: Ct);

        var options = new AlertDeliveryOptions(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(50), 4, TimeSpan.FromMilliseconds(50));
        using var http = new HttpClient();
        async Task PumpUntil(Func<Task<bool>> done)
        {
            await Eventually.UntilAsync(async () =>
            {
                if (await done())
                {
                    return true;
                }
                await using var worker = s.Open();
                await AlertWebhooks.SendDueAsync(worker, http, options, TestClock.Real, ct: Ct);
                return false;
            }, TimeSpan.FromSeconds(30), () => "webhook deliveries did not settle within 30 s", TimeSpan.FromMilliseconds(20));
        }
        await PumpUntil(async () => await s.Open().AlertDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct) == 0);

        var deliveries = await s.Open().AlertDeliveries.AsNoTracking().ToListAsync(Ct);
        var toFlaky = deliveries.Where(d => d.SubscriptionId == flaky.Id).ToList();
        Assert.Equal(3, toFlaky.Count);
        Assert.All(toFlaky, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        Assert.Equal(toFlaky.Select(d => d.IdempotencyKey).Order(), receiver.Received.Keys.Order()); // nothing lost
        Assert.All(receiver.Accepted, a => Assert.True(a.SignatureValid));
        Assert.Equal(3, receiver.Accepted.Select(a => a.Key).Distinct().Count());
        Assert.Equal(5, receiver.Calls); // 1 failure + 1 timeout + 3 accepted: the timed-out one was not also applied

        var dead = deliveries.Where(d => d.SubscriptionId == down.Id).ToList();
        Assert.All(dead, d => Assert.Equal(DeliveryStatus.DeadLetter, d.Status));
        Assert.All(dead, d => Assert.Equal(4, d.Attempts));
        var health = (await AlertSubscriptions.ListAsync(s.Open(), admin, Ct)).Single(v => v.Id == down.Id);
        Assert.Equal(3, health.DeadLetters);
        Assert.Contains("503", health.LastError);
        Assert.Equal(4, health.LastAttempts);

        receiver.Down = false;
        Assert.Equal(3, await AlertSubscriptions.RetryAsync(s.Open(), admin, down.Id, TestClock.Now, Ct));
        await PumpUntil(async () => await s.Open().AlertDeliveries.CountAsync(d => d.Status != DeliveryStatus.Delivered, Ct) == 0);
        Assert.Equal(6, receiver.Received.Count);
        Assert.Equal(2, await s.Open().AuditEntries.CountAsync(e => e.Action == "alert.subscribe", Ct));
        Assert.Equal(3, await s.Open().AuditEntries.CountAsync(e => e.Action == "alert.dead-letter", Ct));
    }
}
