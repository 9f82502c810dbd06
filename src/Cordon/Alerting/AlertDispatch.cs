using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Alerting;

/// <summary>Delivery settings, from <see cref="AlertOptions"/>.</summary>
public sealed record AlertDeliveryOptions(TimeSpan WebhookTimeout, TimeSpan RetryBase, int MaxAttempts, TimeSpan Poll)
{
    public static readonly AlertDeliveryOptions Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 8, TimeSpan.FromSeconds(1));

    /// <summary>Exponential backoff: base, 2×base, 4×base... after the 1st, 2nd, 3rd failed attempt.</summary>
    public TimeSpan Backoff(int attempts) => RetryBase * Math.Pow(2, Math.Min(attempts - 1, 16));
}

/// <summary>
/// Fan-out: matches committed alerts to subscriptions and, through the access policy under each
/// subscription's purpose, creates one delivery per (alert, subscription) with the payload redacted
/// as the policy says. Nodes claim alerts with a lease (a conditional UPDATE that only one node's
/// statement can win), and the unique (alert, subscription) index makes a double delivery impossible
/// even if a lease expired mid-way.
/// </summary>
public static class AlertFanOut
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>One batch of up to <paramref name="batch"/> alerts; returns how many alerts it dispatched.</summary>
    public static async Task<int> DispatchAsync(CordonDb db, DateTimeOffset now, int batch = 50, CancellationToken ct = default)
    {
        var alerts = await ClaimAsync(db, now, batch, ct);
        if (alerts.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.AlertSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        // The policy depends on the reading agency and purpose only: one per pair, not one per subscriber.
        var policies = new Dictionary<(Guid, Purpose), AccessPolicy>();
        var quotes = new AlertQuotes(db);
        var created = 0;
        foreach (var alert in alerts)
        {
            var view = Alerts.View(alert, codes.GetValueOrDefault(alert.OwningAgencyId, "?"));
            var record = new RecordRef(RecordTypes.Alert, alert.OwningAgencyId, alert.Marking, alert.Caveats, alert.Id.ToString());
            foreach (var sub in subscriptions.Where(s => s.Matches(alert) && AlertAudience.Reaches(alert, s.AgencyId)))
            {
                if (!policies.TryGetValue((sub.AgencyId, sub.Purpose), out var policy))
                {
                    var actor = new Actor(sub.UserId, sub.AgencyId, Roles.None, $"subscription {sub.Name}", ActorKind.User);
                    policies[(sub.AgencyId, sub.Purpose)] = policy = await AccessPolicy.ForAsync(db, actor, sub.Purpose, now, ct);
                }
                var decision = policy.Decide(record);
                if (!decision.Allowed)
                {
                    continue; // Deny by default: no agreement, no alert.
                }
                var payload = Redaction.Apply(await quotes.ForReaderAsync(policy, alert, view, ct), decision.RedactedFields, Alerts.Json);
                if (!sub.MatchesAsRead(payload))
                {
                    continue;
                }
                Deliver(db, alert, sub, decision, payload, codes, now);
                created++;
            }
            alert.DispatchedAt = now;
            alert.ClaimedUntil = null;
        }
        // Analysts' conditions see each alert once, when it is dispatched; what they raise commits with this batch.
        var raised = await AlertConditions.EvaluateAsync(db, alerts, now, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (created > 0)
        {
            // Live streams on every node re-read their inbox (this node's at once, others' through NOTIFY on PostgreSQL).
            await AlertNotifications.NotifyAsync(db, AlertNotifications.Delivered, ct);
            AlertSignals.Delivered.Pulse();
        }
        if (raised > 0)
        {
            AlertSignals.Raised.Pulse();
        }
        return alerts.Count;
    }

    /// <summary>
    /// Claims up to <paramref name="batch"/> undispatched alerts, oldest first, with a lease: a conditional UPDATE only one node's
    /// statement wins; returns those this node won (tracked).
    /// </summary>
    private static async Task<List<Alert>> ClaimAsync(CordonDb db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var candidates = await db.Alerts.AsNoTracking()
            .Where(a => a.DispatchedAt == null && (a.ClaimedUntil == null || a.ClaimedUntil < now))
            .OrderBy(a => a.CreatedAt).Select(a => a.Id).Take(batch).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }
        // A lease value no other node will pick (random sub-millisecond ticks) identifies what this node won.
        var lease = now + Lease + TimeSpan.FromTicks(Random.Shared.Next(1, 10_000));
        await db.Alerts.Where(a => candidates.Contains(a.Id) && a.DispatchedAt == null && (a.ClaimedUntil == null || a.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ClaimedUntil, lease), ct);
        return await db.Alerts.Where(a => candidates.Contains(a.Id) && a.ClaimedUntil == lease).OrderBy(a => a.CreatedAt).ToListAsync(ct);
    }

    /// <summary>One subscription's delivery of an alert (delivered at once in the UI, pending for a webhook) and its audit entry.</summary>
    private static void Deliver(CordonDb db, Alert alert, AlertSubscription sub, AccessDecision decision, System.Text.Json.Nodes.JsonNode payload,
        Dictionary<Guid, string> codes, DateTimeOffset now)
    {
        db.AlertDeliveries.Add(new AlertDelivery
        {
            AlertId = alert.Id,
            SubscriptionId = sub.Id,
            AgencyId = sub.AgencyId,
            UserId = sub.UserId,
            Channel = sub.Channel,
            IdempotencyKey = $"{alert.Id:N}.{sub.Id:N}",
            Payload = payload.ToJsonString(),
            Redacted = decision.Kind == AccessKind.Redact,
            Status = sub.Channel == AlertChannel.Ui ? DeliveryStatus.Delivered : DeliveryStatus.Pending,
            DeliveredAt = sub.Channel == AlertChannel.Ui ? now : null,
            NextAttemptAt = sub.Channel == AlertChannel.Webhook ? now : null,
            CreatedAt = now,
        });
        if (sub.Channel == AlertChannel.Ui)
        {
            CordonTelemetry.AlertFanOutLatency.Record((now - alert.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("channel", "ui"));
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.System, "alert.deliver")
        {
            RecordType = RecordTypes.Alert,
            RecordId = alert.Id.ToString(),
            RecordAgencyId = alert.OwningAgencyId,
            Purpose = sub.Purpose.Name(),
            Decision = decision.Kind == AccessKind.Redact ? AuditDecision.Redact : AuditDecision.Allow,
            Details = new
            {
                subscription = sub.Id,
                agency = codes.GetValueOrDefault(sub.AgencyId),
                user = sub.UserId,
                channel = sub.Channel.ToString().ToLowerInvariant(),
                agreement = decision.AgreementId,
                redacted = decision.RedactedFields.Order(StringComparer.Ordinal).ToArray(),
            },
            Time = now,
        });
    }
}

/// <summary>
/// Webhook delivery: POSTs the payload with an HMAC-SHA256 signature and the idempotency key, retries
/// failures with exponential backoff, and dead-letters after the configured number of attempts. A batch
/// is sent concurrently and its outcomes saved together, so a crash re-sends at most that batch (the
/// receiver drops repeats by their idempotency key).
/// </summary>
public static class AlertWebhooks
{
    public const string SignatureHeader = "X-Cordon-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";
    /// <summary>Standard Webhooks (standardwebhooks.com): the message id (the idempotency key), its time, and the signature over both and the body.</summary>
    public const string IdHeader = "webhook-id", TimestampHeader = "webhook-timestamp", StandardSignatureHeader = "webhook-signature";

    /// <summary>
    /// The Standard Webhooks signature: "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key being the
    /// base64 after "whsec_". Receivers check it with any Standard Webhooks library and reject old timestamps (replays).
    /// </summary>
    public static string SignStandard(string secret, string id, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(SecretKey(secret), signed));
    }

    private static byte[] SecretKey(string secret)
    {
        var text = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }

    public static string Sign(string secret, byte[] body)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Why a delivery whose alert is not addressed to the subscriber's agency was dead-lettered unsent.</summary>
    private const string Refused = "not sent: the alert is not addressed to this agency";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Sends the webhook deliveries that are due; returns how many were attempted.</summary>
    public static async Task<int> SendDueAsync(CordonDb db, HttpClient http, AlertDeliveryOptions options, TimeProvider clock, int batch = 20,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var due = await db.AlertDeliveries.AsNoTracking()
            .Where(d => d.Channel == AlertChannel.Webhook && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
                        && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        var lease = now + options.WebhookTimeout * 2 + TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(Random.Shared.Next(1, 10_000));
        await db.AlertDeliveries.Where(d => due.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimedUntil, lease), ct);
        var claimed = await db.AlertDeliveries.Where(d => due.Contains(d.Id) && d.ClaimedUntil == lease).OrderBy(d => d.Id).ToListAsync(ct);
        var subIds = claimed.Select(d => d.SubscriptionId).Distinct().ToList();
        var subs = await db.AlertSubscriptions.AsNoTracking().Where(s => subIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var alertIds = claimed.Select(d => d.AlertId).Distinct().ToList();
        var alertsById = await db.Alerts.AsNoTracking().Where(a => alertIds.Contains(a.Id)).Select(a => new { a.Id, a.Recipients, a.CreatedAt }).ToDictionaryAsync(a => a.Id, ct);
        // Sent concurrently (a slow receiver does not hold up the others), outcomes saved together.
        using var gate = new SemaphoreSlim(8);
        var outcomes = await Task.WhenAll(claimed.Select(async delivery =>
        {
            delivery.Attempts++;
            await gate.WaitAsync(ct);
            try
            {
                // The address rule again at the door: a delivery the alert's address does not cover is never posted.
                using var activity = CordonTelemetry.Source.StartActivity("alert.webhook.send", System.Diagnostics.ActivityKind.Producer);
                activity?.SetTag("cordon.alert.id", delivery.AlertId);
                activity?.SetTag("cordon.alert.attempt", delivery.Attempts);
                var error = AlertAudience.Reaches(alertsById.GetValueOrDefault(delivery.AlertId)?.Recipients, delivery.AgencyId)
                    ? await PostAsync(http, subs[delivery.SubscriptionId], delivery, options.WebhookTimeout, clock, ct)
                    : Refused;
                if (error is not null)
                {
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
                }
                return (Delivery: delivery, Error: error);
            }
            finally
            {
                gate.Release();
            }
        }));
        var at = clock.GetUtcNow();
        foreach (var (delivery, error) in outcomes)
        {
            var sub = subs[delivery.SubscriptionId];
            delivery.ClaimedUntil = null;
            if (error is null)
            {
                CordonTelemetry.AlertFanOutLatency.Record((at - alertsById[delivery.AlertId].CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("channel", "webhook"));
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = at;
                delivery.NextAttemptAt = null;
                delivery.LastError = null;
            }
            else
            {
                CordonTelemetry.WebhookFailures.Add(1);
                delivery.LastError = error.Length > 1000 ? error[..1000] : error;
                if (delivery.Attempts >= options.MaxAttempts || error == Refused)
                {
                    delivery.Status = DeliveryStatus.DeadLetter;
                    delivery.NextAttemptAt = null;
                    AuditLog.Append(db, new AuditEvent(AuditActor.System, "alert.dead-letter")
                    {
                        RecordType = RecordTypes.Alert,
                        RecordId = delivery.AlertId.ToString(),
                        RecordAgencyId = sub.AgencyId,
                        Details = new { subscription = sub.Id, delivery = delivery.Id, attempts = delivery.Attempts, error = delivery.LastError },
                    });
                }
                else
                {
                    delivery.NextAttemptAt = at + options.Backoff(delivery.Attempts);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return claimed.Count;
    }

    private static Task<string?> PostAsync(HttpClient http, AlertSubscription sub, AlertDelivery delivery, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
        => sub.WebhookUrl is null || sub.WebhookSecret is null
            ? Task.FromResult<string?>("the subscription has no webhook URL")
            : PostSignedAsync(http, sub.WebhookUrl, sub.WebhookSecret, delivery.IdempotencyKey, Encoding.UTF8.GetBytes(delivery.Payload), "application/json",
                delivery.Attempts, [], timeout, clock, ct);

    /// <summary>
    /// The one way Cordon posts to a webhook: the body signed both ways (<see cref="SignatureHeader"/> and Standard Webhooks), its
    /// idempotency key, the attempt number and any headers of the caller's; null when the receiver answered 2xx, else why not.
    /// </summary>
    public static async Task<string?> PostSignedAsync(HttpClient http, string url, string secret, string id, byte[] body, string contentType, int attempt,
        IEnumerable<(string Name, string Value)> headers, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(secret, body));
        request.Headers.Add(IdempotencyHeader, id);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(IdHeader, id);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(StandardSignatureHeader, SignStandard(secret, id, timestamp, body));
        request.Headers.Add("X-Cordon-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no response within {timeout.TotalMilliseconds:0} ms";
        }
        catch (HttpRequestException e)
        {
            return $"connection failed: {e.Message}";
        }
        catch (Polly.ExecutionRejectedException e)
        {
            // The receiver's circuit is open (it kept failing) or the pipeline's timeout ran out: retried later.
            return $"not sent: {e.Message}";
        }
    }
}
