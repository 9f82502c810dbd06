using System.Globalization;
using System.Text;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.TradeMessages;

/// <summary>
/// Where a sender's system wants its answers pushed: the agency's outbox answers addressed to <see cref="Recipient"/>
/// (the UNB sender of the interchanges they answer) are POSTed to <see cref="Url"/> one by one in sequence order.
/// <see cref="DeliveredThrough"/> is the last sequence the receiver acknowledged; the next answer is not sent before it.
/// </summary>
public sealed class AnswerWebhook : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>The interchange sender (UNB 0004) whose answers go to this address.</summary>
    public required string Recipient { get; set; }
    public required string Url { get; set; }
    /// <summary>Signs every body (HMAC-SHA256, as alert webhooks); shown once, when registered.</summary>
    public required string Secret { get; set; }
    /// <summary>The outbox sequence of the last answer the receiver acknowledged (2xx).</summary>
    public long DeliveredThrough { get; set; }
    public DateTimeOffset? LastDeliveredAt { get; set; }
    /// <summary>Failed attempts at the next answer; 0 after a success.</summary>
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>A node's lease while it sends, so two nodes never send the same answers at once.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

internal sealed class AnswerWebhookConfiguration : IEntityTypeConfiguration<AnswerWebhook>
{
    public void Configure(EntityTypeBuilder<AnswerWebhook> b)
    {
        b.ToTable("trade_answer_webhooks");
        b.HasIndex(w => new { w.OwningAgencyId, w.Recipient }).IsUnique();
        b.Property(w => w.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(w => w.Recipient).HasMaxLength(35);
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Secret).HasMaxLength(200);
        b.Property(w => w.LastError).HasMaxLength(1000);
        b.Property(w => w.CreatedBy).HasMaxLength(200);
    }
}

/// <summary>A sender's webhook as its agency sees it (never the secret, except in the answer to its registration).</summary>
public sealed record AnswerWebhookView(Guid Id, string Recipient, string Url, long DeliveredThrough, long Waiting, DateTimeOffset? LastDeliveredAt,
    int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>Only in the answer to the registration: the receiver checks signatures with it.</summary>
    public string? Secret { get; init; }
}

public sealed record AnswerWebhookInput(string? Recipient, string? Url, long? After);

/// <summary><c>Cordon:TradeMessages:Webhooks</c>.</summary>
public sealed class AnswerWebhookOptions
{
    /// <summary>False: this node sends no answers by webhook (another node does).</summary>
    public bool Deliver { get; set; } = true;
    public int PollMilliseconds { get; set; } = 2_000;
    public int TimeoutMilliseconds { get; set; } = 10_000;
    /// <summary>The first retry's wait; each further one doubles it, up to <see cref="MaxRetryMinutes"/>.</summary>
    public int RetryBaseMilliseconds { get; set; } = 5_000;
    public int MaxRetryMinutes { get; set; } = 60;

    public TimeSpan Backoff(int attempts)
        => TimeSpan.FromMilliseconds(Math.Min(RetryBaseMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30)), MaxRetryMinutes * 60_000.0));

    public static IServiceCollection AddAnswerWebhookOptions(IServiceCollection services)
        => services.AddFeatureOptions<AnswerWebhookOptions>("Cordon:TradeMessages:Webhooks", o =>
            o.PollMilliseconds < 10 ? $"PollMilliseconds is {o.PollMilliseconds}: use 10 or more."
            : o.TimeoutMilliseconds is < 100 or > 120_000 ? $"TimeoutMilliseconds is {o.TimeoutMilliseconds}: use 100 to 120000."
            : o.RetryBaseMilliseconds < 1 ? $"RetryBaseMilliseconds is {o.RetryBaseMilliseconds}: use 1 or more."
            : o.MaxRetryMinutes < 1 ? $"MaxRetryMinutes is {o.MaxRetryMinutes}: use 1 or more."
            : null);
}

/// <summary>
/// Registration of senders' webhooks and the delivery of their answers: in sequence order, the next only after the
/// receiver acknowledged the one before, each answer once per state (the outbox holds one answer per state) and sent
/// again only when no acknowledgement came (the receiver drops a repeat by its <c>Idempotency-Key</c>, the answer's id).
/// A failing receiver is retried with backoff, never skipped: the answers wait in the outbox, where the API still reads them.
/// </summary>
public static class AnswerWebhooks
{
    public const string SequenceHeader = "X-Cordon-Sequence";
    public const string KindHeader = "X-Cordon-Answer";
    public const string StateHeader = "X-Cordon-State";
    /// <summary>RFC 1767's media type of an EDIFACT interchange.</summary>
    public const string ContentType = "application/EDIFACT";

    private static Guid AgencyOf(Actor actor)
        => actor.Has(Roles.AgencyAdmin) || actor.Has(Roles.Operator)
            ? actor.AgencyId ?? throw new Forbidden("A sender's webhook belongs to an agency: sign in as one of its administrators.")
            : throw new Forbidden("Only an agency administrator registers where a sender's answers go.");

    public static async Task<AnswerWebhookView> RegisterAsync(CordonDb db, Actor actor, AnswerWebhookInput input, WebhookDestinationOptions destinations,
        CancellationToken ct = default)
    {
        var agency = AgencyOf(actor);
        var errors = new FieldErrors();
        var recipient = input.Recipient?.Trim();
        if (string.IsNullOrEmpty(recipient))
        {
            errors.Add("recipient", "is required: the interchange sender (UNB sender identification) whose answers go to this address.");
        }
        else if (recipient.Length > 35)
        {
            errors.Add("recipient", $"{recipient.Length} characters: a UNB sender identification has at most 35.");
        }
        string? url = null;
        if (WebhookDestinations.Refusal(destinations, input.Url, out var uri) is { } refusal)
        {
            errors.Add("url", refusal);
        }
        else
        {
            url = uri!.ToString();
        }
        if (input.After is < 0)
        {
            errors.Add("after", $"{input.After} is not a sequence number: 0 sends every answer already in the outbox.");
        }
        errors.ThrowIfAny();
        if (await db.AnswerWebhooks.AnyAsync(w => w.OwningAgencyId == agency && w.Recipient == recipient, ct))
        {
            throw ValidationFailed.Field("recipient", $"{recipient} already has a webhook: remove it first to register another address.");
        }
        // By default only answers written from now on: the sender has read the earlier ones from the outbox.
        var after = input.After ?? await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == agency).MaxAsync(m => (long?)m.Sequence, ct) ?? 0;
        var hook = new AnswerWebhook
        {
            OwningAgencyId = agency,
            Recipient = recipient!,
            Url = url!,
            Secret = AlertWebhooks.NewSecret(),
            DeliveredThrough = after,
            CreatedAt = db.Clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        db.AnswerWebhooks.Add(hook);
        await db.SaveChangesAsync(ct);
        return (await ListAsync(db, actor, ct)).Single(v => v.Id == hook.Id) with { Secret = hook.Secret };
    }

    public static async Task<IReadOnlyList<AnswerWebhookView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var agency = AgencyOf(actor);
        return await db.AnswerWebhooks.AsNoTracking().Where(w => w.OwningAgencyId == agency).OrderBy(w => w.Recipient)
            .Select(w => new AnswerWebhookView(w.Id, w.Recipient, w.Url, w.DeliveredThrough,
                db.TradeMessageOutbox.Count(m => m.OwningAgencyId == agency && m.Recipient == w.Recipient && m.Sequence > w.DeliveredThrough),
                w.LastDeliveredAt, w.Attempts, w.NextAttemptAt, w.LastError, w.CreatedAt, w.CreatedBy))
            .ToListAsync(ct);
    }

    public static async Task RemoveAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var agency = AgencyOf(actor);
        var hook = await db.AnswerWebhooks.SingleOrDefaultAsync(w => w.Id == id && w.OwningAgencyId == agency, ct)
                   ?? throw new NotFound($"No webhook {id} in your agency.");
        db.AnswerWebhooks.Remove(hook);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sends what is waiting for each webhook that is due, in order; returns how many answers were delivered.</summary>
    public static async Task<int> SendDueAsync(CordonDb db, HttpClient http, AnswerWebhookOptions options, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        // Only a webhook with something waiting is claimed.
        var due = await db.AnswerWebhooks.AsNoTracking()
            .Where(w => (w.NextAttemptAt == null || w.NextAttemptAt <= now) && (w.ClaimedUntil == null || w.ClaimedUntil < now)
                        && db.TradeMessageOutbox.Any(m => m.OwningAgencyId == w.OwningAgencyId && m.Recipient == w.Recipient && m.Sequence > w.DeliveredThrough))
            .OrderBy(w => w.NextAttemptAt).ThenBy(w => w.Id).Select(w => w.Id).Take(20).ToListAsync(ct);
        var delivered = 0;
        foreach (var id in due)
        {
            var lease = now + timeout * 60 + TimeSpan.FromTicks(Random.Shared.Next(1, 10_000));
            if (await db.AnswerWebhooks.Where(w => w.Id == id && (w.ClaimedUntil == null || w.ClaimedUntil < now))
                    .ExecuteUpdateAsync(u => u.SetProperty(w => w.ClaimedUntil, lease), ct) == 0)
            {
                continue; // another node took it
            }
            delivered += await SendAsync(db, http, id, options, timeout, clock, ct);
        }
        return delivered;
    }

    private static async Task<int> SendAsync(CordonDb db, HttpClient http, Guid id, AnswerWebhookOptions options, TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        var hook = await db.AnswerWebhooks.AsNoTracking().SingleAsync(w => w.Id == id, ct);
        var answers = await db.TradeMessageOutbox.AsNoTracking()
            .Where(m => m.OwningAgencyId == hook.OwningAgencyId && m.Recipient == hook.Recipient && m.Sequence > hook.DeliveredThrough)
            .OrderBy(m => m.Sequence).Take(50).ToListAsync(ct);
        var sent = 0;
        string? error = null;
        foreach (var answer in answers)
        {
            using var activity = CordonTelemetry.Source.StartActivity("trade.answer.webhook.send", System.Diagnostics.ActivityKind.Producer);
            activity?.SetTag("cordon.answer.sequence", answer.Sequence);
            error = await AlertWebhooks.PostSignedAsync(http, hook.Url, hook.Secret, answer.Id.ToString(), Encoding.UTF8.GetBytes(answer.Content), ContentType,
                hook.Attempts + 1,
                [
                    (SequenceHeader, answer.Sequence.ToString(CultureInfo.InvariantCulture)),
                    (KindHeader, answer.Kind),
                    (StateHeader, answer.State),
                ], timeout, clock, ct);
            if (error is not null)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
                break;
            }
            // Saved after each acknowledgement: a node that dies mid-batch sends again at most the answer it was sending.
            var at = clock.GetUtcNow();
            await db.AnswerWebhooks.Where(w => w.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(w => w.DeliveredThrough, answer.Sequence).SetProperty(w => w.LastDeliveredAt, at)
                .SetProperty(w => w.Attempts, 0).SetProperty(w => w.LastError, (string?)null).SetProperty(w => w.NextAttemptAt, (DateTimeOffset?)null), ct);
            hook.Attempts = 0;
            sent++;
        }
        if (error is not null)
        {
            CordonTelemetry.WebhookFailures.Add(1);
            var attempts = hook.Attempts + 1;
            var next = clock.GetUtcNow() + options.Backoff(attempts);
            var text = error.Length > 1000 ? error[..1000] : error;
            await db.AnswerWebhooks.Where(w => w.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(w => w.Attempts, attempts).SetProperty(w => w.LastError, text).SetProperty(w => w.NextAttemptAt, next)
                .SetProperty(w => w.ClaimedUntil, (DateTimeOffset?)null), ct);
        }
        else
        {
            await db.AnswerWebhooks.Where(w => w.Id == id).ExecuteUpdateAsync(u => u.SetProperty(w => w.ClaimedUntil, (DateTimeOffset?)null), ct);
        }
        return sent;
    }
}

/// <summary>
/// Sends senders' answers by webhook every <c>Cordon:TradeMessages:Webhooks:PollMilliseconds</c> (default 2000);
/// <c>Deliver=false</c> turns it off on a node.
/// </summary>
public sealed class AnswerWebhookWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AnswerWebhookOptions> options, IHttpClientFactory clients,
    ILogger<AnswerWebhookWorker> log) : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Delivered {Count} trade-message answer(s) by webhook.";
    protected override bool Enabled => options.Value.Deliver;
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => AnswerWebhooks.SendDueAsync(db, clients.CreateClient(WebhookDestinations.ClientName), options.Value, Clock, ct);
}
