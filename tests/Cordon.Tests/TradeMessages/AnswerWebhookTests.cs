using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Risk.Lanes;
using Cordon.Tests.Support;
using Cordon.TradeMessages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>A declarant's system that registered a webhook hears each answer pushed to it, in order, once per state change.</summary>
public sealed class AnswerWebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Lodged = new(2025, 3, 14);

    /// <summary>The receivers here listen on loopback over http: allowed for these tests as an operator would allow-list them.</summary>
    private static readonly WebhookDestinationOptions LoopbackReceivers = new() { AllowHttp = true, AllowedNetworks = ["127.0.0.0/8"] };

    private static readonly AnswerWebhookOptions Options = new() { RetryBaseMilliseconds = 60_000 };

    /// <summary>What the declarant's receiver got, in order: sequence, kind, state, idempotency key, whether the signature checks, content type, body.</summary>
    private static List<(long Sequence, string Kind, string State, string Key, bool Signed, string ContentType, string Body)> Got(WebhookReceiver receiver, string secret)
        => receiver.Received.Select(r => (long.Parse(r.Header(AnswerWebhooks.SequenceHeader), System.Globalization.CultureInfo.InvariantCulture),
            r.Header(AnswerWebhooks.KindHeader), r.Header(AnswerWebhooks.StateHeader), r.Header(AlertWebhooks.IdempotencyHeader),
            r.Header(AlertWebhooks.SignatureHeader) == AlertWebhooks.Sign(secret, r.Body), r.ContentType, Encoding.UTF8.GetString(r.Body))).ToList();

    /// <summary>A clock an hour ahead: every retry that backed off is due again.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TestClock.Now.AddHours(1);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_declarants_webhook_gets_CONTRL_acceptance_physical_inspection_and_release_in_order_once_each_and_a_refused_post_is_sent_again_not_skipped(string kind)
    {
        await using var s = await DemoActors.SeededStoreAsync(kind);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient(WebhookDestinations.CreateHandler(LoopbackReceivers));
        Guid agency;
        string secret;
        await using (var db = s.Open())
        {
            agency = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
            var hook = await AnswerWebhooks.RegisterAsync(db, await s.ActorAsync("admin"), new AnswerWebhookInput("NL123456789", receiver.Url, null), LoopbackReceivers, Ct);
            secret = hook.Secret!;
            // Another sender's webhook of the same agency: it must hear nothing of this declarant's answers.
            await AnswerWebhooks.RegisterAsync(db, await s.ActorAsync("admin"), new AnswerWebhookInput("NL999999999", receiver.Url + "?other", null), LoopbackReceivers, Ct);
        }

        // The first post is refused: nothing is marked delivered, and the answer is not skipped.
        receiver.Refuse = 1;
        await using (var db = s.Open())
        {
            await using var stream = CusdecSamples.Stream(
                CusdecSamples.Interchange("WH0001", SenderStyle.Broker, new() { Reference = "M1", Number = "24NL0000000000301" }), SenderStyle.Broker);
            await TradeMessageIntake.ReceiveAsync(stream, db, TradeMessageIntake.Through(s.Settings),
                new IntakeContext(agency, "broker", "edifact:test", TestClock.Now), TestClock.Real, null, Ct);
            Assert.Equal(0, await AnswerWebhooks.SendDueAsync(db, http, Options, TestClock.Real, Ct));
            var refused = (await AnswerWebhooks.ListAsync(db, await s.ActorAsync("admin"), Ct)).Single(w => w.Recipient == "NL123456789");
            Assert.Equal((0L, 2L, 1, "HTTP 503 Service Unavailable"), (refused.DeliveredThrough, refused.Waiting, refused.Attempts, refused.LastError));
            Assert.NotNull(refused.NextAttemptAt);
            // Not yet due again: nothing is posted before the backoff runs out.
            Assert.Equal(0, await AnswerWebhooks.SendDueAsync(db, http, Options, TestClock.Real, Ct));
            Assert.Empty(receiver.Received);
            Assert.Equal(2, await AnswerWebhooks.SendDueAsync(db, http, Options, new Later(), Ct));
        }

        // The lane, then the inspection's outcome, then the release: each state change is pushed as it happens.
        Guid declaration;
        await using (var db = s.Open())
        {
            declaration = await db.Declarations.Where(d => d.Number == "24NL0000000000301").Select(d => d.Id).SingleAsync(Ct);
            await ClearanceAnswerTests.ScreenedAsync(db, agency, declaration); // a block-band hit forces red
            await Lanes.AssignAsync(db, await s.ActorAsync("analyst"), agency, Lodged, Lodged, ct: Ct);
            Assert.Equal(1, await AnswerWebhooks.SendDueAsync(db, http, Options, TestClock.Real, Ct));
            var inspection = await db.Inspections.AsNoTracking().SingleAsync(i => i.DeclarationId == declaration, Ct);
            await Inspections.RecordOutcomeAsync(db, await s.ActorAsync("officer"), inspection.Id,
                new OutcomeRequest(null, null, "nothing irregular", false, [], 0, [], "release", null), Ct);
        }
        await using (var db = s.Open())
        {
            await Inspections.ReleaseAsync(db, await s.ActorAsync("officer"), declaration, new ReleaseRequest(null), Ct);
            Assert.Equal(1, await AnswerWebhooks.SendDueAsync(db, http, Options, TestClock.Real, Ct));
            // Exactly once: nothing more is waiting, so a further pass posts nothing.
            Assert.Equal(0, await AnswerWebhooks.SendDueAsync(db, http, Options, new Later(), Ct));
        }

        var received = Got(receiver, secret);
        Assert.Equal(["1 CONTRL acknowledged", "2 CUSRES accepted", "3 CUSRES physical", "4 CUSRES released"], received.Select(r => $"{r.Sequence} {r.Kind} {r.State}"));
        Assert.All(received, r => Assert.True(r.Signed, "the body is signed with the webhook's secret"));
        Assert.All(received, r => Assert.StartsWith(AnswerWebhooks.ContentType, r.ContentType, StringComparison.Ordinal));
        Assert.Equal(received.Count, received.Select(r => r.Key).Distinct().Count());
        await using (var db = s.Open())
        {
            var outbox = await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == agency).OrderBy(m => m.Sequence).ToListAsync(Ct);
            // What was pushed is the outbox's own text, keyed by the answer's id.
            Assert.Equal(outbox.Select(m => (m.Id.ToString(), m.Content)), received.Select(r => (r.Key, r.Body)));
            var views = await AnswerWebhooks.ListAsync(db, await s.ActorAsync("admin"), Ct);
            Assert.Equal((4L, 0L, 0, (string?)null), views.Single(w => w.Recipient == "NL123456789") is var v ? (v.DeliveredThrough, v.Waiting, v.Attempts, v.LastError) : default);
            Assert.All(views, w => Assert.Null(w.Secret));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_administrator_registers_a_senders_webhook_through_the_API_and_the_server_pushes_the_answers_of_an_interchange_posted_after(string kind)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await CordonHost.StartAsync(kind, true,
            [.. WebhookReceiver.HostArgs, "--Cordon:TradeMessages:Webhooks:PollMilliseconds=100"]);
        var admin = await host.AsAsync("admin");

        // Only administrators decide where answers go; the address is checked as an alert webhook's is.
        var officer = await host.AsAsync("officer");
        var refused = await officer.PostAsJsonAsync("/api/messages/webhooks", new { recipient = "NL123456789", url = receiver.Url }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/messages/webhooks", new { recipient = "", url = "ftp://example.org/x" }, Ct);
        var problem = await bad.ProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("recipient", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));

        var created = await admin.PostAsJsonAsync("/api/messages/webhooks", new { recipient = "NL123456789", url = receiver.Url }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secret = hook.GetProperty("secret").GetString()!;
        var twice = await admin.PostAsJsonAsync("/api/messages/webhooks", new { recipient = "NL123456789", url = receiver.Url }, Ct);
        Assert.True((await twice.ProblemAsync(400)).GetProperty("errors").TryGetProperty("recipient", out _));

        var text = CusdecSamples.Interchange("WH0002", SenderStyle.Broker, new() { Reference = "M1", Number = "26EDI000000000301" },
            new() { Reference = "M2", Number = "26EDI000000000302", Tariff = n => n == 2 ? "8517990000" : "8517130000" });
        using var body = new StringContent(text, Encoding.Latin1, "application/edifact");
        (await officer.PostAsync("/api/messages/edifact", body, Ct)).EnsureSuccessStatusCode();

        await Eventually.UntilAsync(() => receiver.Received.Count >= 3, TimeSpan.FromSeconds(30), () => $"the webhook received {receiver.Received.Count} of 3 answers in 30 s");
        Assert.Equal(["1 CONTRL acknowledged", "2 CUSRES accepted", "3 CUSRES rejected"], Got(receiver, secret).Select(r => $"{r.Sequence} {r.Kind} {r.State}"));
        Assert.All(Got(receiver, secret), r => Assert.True(r.Signed));

        // Listed without its secret, with nothing waiting; another agency's administrator sees none of it.
        var listed = await (await admin.GetAsync("/api/messages/webhooks", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal((3L, 0L), (row.GetProperty("deliveredThrough").GetInt64(), row.GetProperty("waiting").GetInt64()));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("secret").ValueKind);
        var theirs = await (await (await host.AsAsync("bp.admin")).GetAsync("/api/messages/webhooks", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, theirs.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.AsAsync("bp.admin")).DeleteAsync($"/api/messages/webhooks/{hook.GetProperty("id").GetGuid()}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/messages/webhooks/{hook.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        await using var db = host.Store.Open();
        Assert.Equal(["trade-answer-webhook.create", "trade-answer-webhook.delete"],
            await db.AuditEntries.Where(e => e.RecordType == "trade-answer-webhook").OrderBy(e => e.LeafIndex).Select(e => e.Action).ToListAsync(Ct));
    }
}
