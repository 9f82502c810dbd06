using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Alerting;

public sealed record SubscriptionInput(
    string? Name, string[]? Kinds, string? Office, string? Commodity, string? MaxMarking, string? Purpose, string? Channel, string? WebhookUrl, bool AgencyWide,
    string? Band = null, string? ReferredTo = null);

/// <summary>A subscription with its webhook health: what the subscriber's admin needs to see failures.</summary>
public sealed record SubscriptionView(
    Guid Id, string Name, string Agency, string? User, bool AgencyWide, string[] Kinds, string? Office, string? Commodity, string? Band, string? ReferredTo, string MaxMarking,
    string Purpose, string Channel, string? WebhookUrl, bool Active, DateTimeOffset CreatedAt,
    int Delivered, int Pending, int DeadLetters, int? LastAttempts, string? LastError, DateTimeOffset? LastErrorAt)
{
    /// <summary>Only in the answer to the creation: the webhook signing secret, shown once.</summary>
    public string? Secret { get; init; }
}

public sealed record InboxItem(long DeliveryId, bool Read, DateTimeOffset DeliveredAt, JsonElement Alert);

public sealed record Inbox(int Unread, IReadOnlyList<InboxItem> Items);

/// <summary>
/// Subscriptions (agency-admins manage their agency's, everyone their own) and the UI inbox: the
/// deliveries of the actor's own subscriptions and of their agency's agency-wide UI subscriptions.
/// </summary>
public static class AlertSubscriptions
{
    /// <summary>Creates a subscription; a webhook's URL must be a destination <paramref name="destinations"/> allows (default: https, public addresses).</summary>
    public static async Task<SubscriptionView> CreateAsync(CordonDb db, Actor actor, SubscriptionInput input, CancellationToken ct = default,
        WebhookDestinationOptions? destinations = null)
    {
        var agency = Subscriber(actor, input);
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "A subscription needs a name of 1 to 200 characters.");
        }
        var kinds = (input.Kinds ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct().ToArray();
        foreach (var k in kinds.Where(k => k.Length > 64 || k.Contains(',', StringComparison.Ordinal)))
        {
            errors.Add("kinds", $"'{k}' is not an alert kind.");
        }
        var marking = MaxMarking(input.MaxMarking, errors);
        var purpose = Purpose.RiskAnalysis;
        if (input.Purpose is { Length: > 0 } p && !PurposeNames.TryParse(p, out purpose))
        {
            errors.Add("purpose", $"'{p}' is not a purpose: {string.Join(", ", PurposeNames.All.Select(x => x.Name))}.");
        }
        var channel = AlertChannel.Ui;
        if (input.Channel is { Length: > 0 } c && !EnumText.TryParse(c, out channel))
        {
            errors.Add("channel", $"'{c}' is not a channel: ui, webhook.");
        }
        var url = channel == AlertChannel.Webhook ? WebhookUrl(input.WebhookUrl, destinations, errors) : null;
        var band = AlertBands.Parse(input.Band, errors);
        var referredTo = string.IsNullOrWhiteSpace(input.ReferredTo) ? null : input.ReferredTo.Trim().ToUpperInvariant();
        if (referredTo is not null && !await db.Agencies.AnyAsync(a => a.Code == referredTo, ct))
        {
            errors.Add("referredTo", $"'{referredTo}' is not an agency code: the agency a criterion refers to (e.g. NBP).");
        }
        errors.ThrowIfAny();
        var sub = new AlertSubscription
        {
            CreatedAt = db.Clock.GetUtcNow(),
            AgencyId = agency,
            UserId = input.AgencyWide ? null : actor.UserId,
            Name = name,
            Kinds = string.Join(',', kinds),
            Office = string.IsNullOrWhiteSpace(input.Office) ? null : input.Office.Trim().ToUpperInvariant(),
            CommodityPrefix = string.IsNullOrWhiteSpace(input.Commodity) ? null : input.Commodity.Trim(),
            Band = band,
            ReferredTo = referredTo,
            MaxMarking = marking,
            Purpose = purpose,
            Channel = channel,
            WebhookUrl = url,
            WebhookSecret = channel == AlertChannel.Webhook ? AlertWebhooks.NewSecret() : null,
            CreatedBy = actor.Name,
        };
        db.AlertSubscriptions.Add(sub);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "alert.subscribe")
        {
            RecordAgencyId = agency,
            Details = new { subscription = sub.Id, sub.Name, kinds, sub.Office, commodity = sub.CommodityPrefix, band, referredTo, maxMarking = marking.Label(), purpose = purpose.Name(), channel = channel.ToString().ToLowerInvariant(), url },
        });
        await db.SaveChangesAsync(ct);
        var view = (await ListAsync(db, actor, ct)).Single(v => v.Id == sub.Id);
        return view with { Secret = sub.WebhookSecret };
    }

    /// <summary>The subscribing agency: an agency-wide subscription is an agency-admin's, a personal one a user's (an API key is none).</summary>
    private static Guid Subscriber(Actor actor, SubscriptionInput input)
    {
        if (actor.AgencyId is not { } agency)
        {
            throw new Forbidden("Subscriptions belong to an agency; the local operator has none.");
        }
        if (input.AgencyWide && !actor.Has(Roles.AgencyAdmin))
        {
            throw new Forbidden("Only an agency-admin subscribes the whole agency; subscribe yourself instead.");
        }
        if (!input.AgencyWide && actor.UserId is null)
        {
            throw ValidationFailed.Field("agencyWide", "An API key is not a user: subscribe the agency (agencyWide) with an agency-admin key.");
        }
        return agency;
    }

    private static Tlp MaxMarking(string? text, FieldErrors errors)
    {
        if (text is not { Length: > 0 } m)
        {
            return Tlp.Amber;
        }
        try
        {
            return Markings.Parse(m, "maxMarking");
        }
        catch (ValidationFailed e)
        {
            errors.Add("maxMarking", e.Wordings.Values.SelectMany(v => v).First());
            return Tlp.Amber;
        }
    }

    /// <summary>A webhook's URL, when <paramref name="destinations"/> allows it (default: https, public addresses).</summary>
    private static string? WebhookUrl(string? given, WebhookDestinationOptions? destinations, FieldErrors errors)
    {
        if (WebhookDestinations.Refusal(destinations ?? WebhookDestinationOptions.Strict, given, out var uri) is { } refusal)
        {
            errors.Add("webhookUrl", refusal);
            return null;
        }
        return uri!.ToString();
    }

    /// <summary>Admins: all their agency's; others: their own and the agency-wide ones.</summary>
    public static async Task<IReadOnlyList<SubscriptionView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var query = db.AlertSubscriptions.AsNoTracking();
        query = actor.IsOperator && actor.AgencyId is null ? query
            : actor.Has(Roles.AgencyAdmin) ? query.Where(s => s.AgencyId == actor.AgencyId)
            : query.Where(s => s.AgencyId == actor.AgencyId && (s.UserId == null || s.UserId == actor.UserId));
        var subs = await query.OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        var ids = subs.Select(s => s.Id).ToList();
        var counts = await db.AlertDeliveries.AsNoTracking().Where(d => ids.Contains(d.SubscriptionId))
            .GroupBy(d => new { d.SubscriptionId, d.Status }).Select(g => new { g.Key.SubscriptionId, g.Key.Status, N = g.Count() }).ToListAsync(ct);
        var failing = await db.AlertDeliveries.AsNoTracking().Where(d => ids.Contains(d.SubscriptionId) && d.LastError != null)
            .GroupBy(d => d.SubscriptionId).Select(g => g.Max(d => d.Id)).ToListAsync(ct);
        var lastFailures = await db.AlertDeliveries.AsNoTracking().Where(d => failing.Contains(d.Id)).ToDictionaryAsync(d => d.SubscriptionId, ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var userIds = subs.Where(s => s.UserId != null).Select(s => s.UserId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        int Count(Guid id, DeliveryStatus st) => counts.Where(c => c.SubscriptionId == id && c.Status == st).Sum(c => c.N);
        return subs.Select(s =>
        {
            var last = lastFailures.GetValueOrDefault(s.Id);
            return new SubscriptionView(s.Id, s.Name, codes.GetValueOrDefault(s.AgencyId, "?"), s.UserId is { } u ? users.GetValueOrDefault(u) : null, s.UserId is null,
                [.. s.KindList], s.Office, s.CommodityPrefix, s.Band, s.ReferredTo, s.MaxMarking.Label(), s.Purpose.Name(), s.Channel.ToString().ToLowerInvariant(), s.WebhookUrl, s.Active, s.CreatedAt,
                Count(s.Id, DeliveryStatus.Delivered), Count(s.Id, DeliveryStatus.Pending), Count(s.Id, DeliveryStatus.DeadLetter),
                last?.Attempts, last?.LastError, last?.NextAttemptAt ?? last?.CreatedAt);
        }).ToList();
    }

    public static async Task CancelAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var sub = await ManagedAsync(db, actor, id, ct);
        sub.Active = false;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "alert.unsubscribe") { RecordAgencyId = sub.AgencyId, Details = new { subscription = sub.Id, sub.Name } });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>"Retry now": dead letters and waiting retries of the subscription are sent at the next pass, with a fresh attempt budget.</summary>
    public static async Task<int> RetryAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var sub = await ManagedAsync(db, actor, id, ct);
        var n = await db.AlertDeliveries
            .Where(d => d.SubscriptionId == sub.Id && d.Channel == AlertChannel.Webhook && (d.Status == DeliveryStatus.DeadLetter || d.Status == DeliveryStatus.Pending))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.Attempts, 0), ct);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "alert.retry") { RecordAgencyId = sub.AgencyId, Details = new { subscription = sub.Id, deliveries = n } });
        await db.SaveChangesAsync(ct);
        AlertSignals.Raised.Pulse();
        return n;
    }

    private static async Task<AlertSubscription> ManagedAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var sub = await db.AlertSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        var mayManage = sub is not null && (actor.IsOperator && actor.AgencyId is null
            || sub.AgencyId == actor.AgencyId && (actor.Has(Roles.AgencyAdmin) || sub.UserId is not null && sub.UserId == actor.UserId));
        return mayManage ? sub! : throw new NotFound($"No alert subscription {id} that you manage.");
    }

    /// <summary>
    /// The actor's UI deliveries: the inbox, the live stream and the unread count all read these, and re-check
    /// the alert's address (<see cref="AlertAudience"/>) as the list does.
    /// </summary>
    private static IQueryable<AlertDelivery> MineQuery(CordonDb db, Actor actor)
        => db.AlertDeliveries.AsNoTracking().Where(d => d.Channel == AlertChannel.Ui && d.AgencyId == actor.AgencyId && (d.UserId == null || d.UserId == actor.UserId))
            .VisibleTo(db, actor);

    public static async Task<Inbox> InboxAsync(CordonDb db, Actor actor, long after = 0, int limit = 50, CancellationToken ct = default)
    {
        var user = actor.UserId ?? Guid.Empty;
        var rows = await MineQuery(db, actor).Where(d => d.Id > after).OrderByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500))
            .Select(d => new { d.Id, d.Payload, d.CreatedAt, Read = db.AlertReads.Any(r => r.DeliveryId == d.Id && r.UserId == user) })
            .ToListAsync(ct);
        var items = rows.Select(r => new InboxItem(r.Id, r.Read, r.CreatedAt, JsonDocument.Parse(r.Payload).RootElement.Clone())).ToList();
        return new Inbox(await UnreadAsync(db, actor, ct), items);
    }

    public static Task<int> UnreadAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var user = actor.UserId ?? Guid.Empty;
        return MineQuery(db, actor).CountAsync(d => !db.AlertReads.Any(r => r.DeliveryId == d.Id && r.UserId == user), ct);
    }

    /// <summary>Marks the given deliveries (or all, when none given) read for this user; idempotent.</summary>
    public static async Task<int> MarkReadAsync(CordonDb db, Actor actor, long[]? ids, CancellationToken ct = default)
    {
        if (actor.UserId is not { } user)
        {
            throw new Forbidden("Read state is kept per user; an API key has none.");
        }
        var query = MineQuery(db, actor).Where(d => !db.AlertReads.Any(r => r.DeliveryId == d.Id && r.UserId == user));
        if (ids is { Length: > 0 })
        {
            query = query.Where(d => ids.Contains(d.Id));
        }
        var unread = await query.Select(d => d.Id).ToListAsync(ct);
        db.AlertReads.AddRange(unread.Select(id => new AlertRead { ReadAt = db.Clock.GetUtcNow(), DeliveryId = id, UserId = user }));
        await db.SaveChangesAsync(ct);
        AlertSignals.Delivered.Pulse();
        return unread.Count;
    }

    /// <summary>The newest delivery id the actor can see: a live stream starts after it.</summary>
    public static async Task<long> LatestAsync(CordonDb db, Actor actor, CancellationToken ct = default)
        => await MineQuery(db, actor).MaxAsync(d => (long?)d.Id, ct) ?? 0;
}
