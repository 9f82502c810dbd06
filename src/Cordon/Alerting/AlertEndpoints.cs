using System.Text.Json;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Alerting;

public static class AlertEndpoints
{
    public sealed record ReadRequest(long[]? Ids);

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").RequireAuthorization().WithTags("Alerts");
        group.MapGet("/", async (int? limit, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Alerts.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), limit ?? 100, ct)))
            .Describe("listAlerts", "Alerts the caller may see, newest first", ApiDocs.PolicyRead + " limit (default 100).");
        group.MapPost("/", async Task<Created<AlertView>> (CustomAlertRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Alerts.RaiseCustomAsync(db, Actor.FromPrincipal(http.User), request, ct);
            return TypedResults.Created($"/api/alerts/{view.Id}", view);
        }).Describe("raiseAlert", "Raises a custom alert for the caller's agency (audited)");

        group.MapGet("/inbox", async (long? after, int? limit, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertSubscriptions.InboxAsync(db, Actor.FromPrincipal(http.User), after ?? 0, limit ?? 50, ct)))
            .Describe("getAlertInbox", "The caller's alert deliveries after a cursor, with the unread count", "after: the last delivery id seen (default 0); limit (default 50).");
        group.MapPost("/inbox/read", async (ReadRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(new { marked = await AlertSubscriptions.MarkReadAsync(db, Actor.FromPrincipal(http.User), request.Ids, ct) }))
            .Describe("markAlertsRead", "Marks the caller's alert deliveries read: the ids given, or all");
        group.MapGet("/stream", StreamAsync)
            .Describe("streamAlerts", "Server-sent events: the caller's new alert deliveries and unread count as they happen; resumes with Last-Event-ID", "after: the delivery id to start after (default: now, or the Last-Event-ID header).");

        var conditions = group.MapGroup("/conditions");
        conditions.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertConditions.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listAlertConditions", "The alert conditions the caller's agency has defined");
        conditions.MapPost("/", async Task<Created<ConditionView>> (ConditionInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await AlertConditions.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/alerts/conditions/{view.Id}", view);
        }).Describe("createAlertCondition", "Defines an alert condition for the agency (audited)");
        conditions.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await AlertConditions.CancelAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        }).Describe("cancelAlertCondition", "Cancels an alert condition (audited)");

        var subs = group.MapGroup("/subscriptions");
        subs.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertSubscriptions.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listAlertSubscriptions", "The caller's alert subscriptions and their delivery state");
        subs.MapPost("/", async Task<Created<SubscriptionView>> (SubscriptionInput input, HttpContext http, CordonDb db, WebhookDestinationOptions destinations, CancellationToken ct) =>
        {
            var view = await AlertSubscriptions.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct, destinations);
            return TypedResults.Created($"/api/alerts/subscriptions/{view.Id}", view);
        }).Describe("createAlertSubscription", "Subscribes the caller or their agency to alerts, delivered in the UI or to a signed webhook on an allowed destination; the webhook secret is returned once (audited)");
        subs.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await AlertSubscriptions.CancelAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        }).Describe("cancelAlertSubscription", "Cancels an alert subscription (audited)");
        subs.MapPost("/{id:guid}/retry", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(new { queued = await AlertSubscriptions.RetryAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct) }))
            .Describe("retryAlertSubscription", "Sends a subscription's dead letters and waiting retries at the next pass, with a fresh attempt budget");
        return app;
    }

    /// <summary>
    /// Server-sent events: the user's new UI deliveries ("alert" events, id = delivery id, so a
    /// reconnecting EventSource resumes with Last-Event-ID) and the unread count ("unread" events).
    /// Woken by this node's dispatcher; polls every 2 s for deliveries made by other nodes.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, CordonDb db, long? after, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var cursor = after
            ?? (long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last) ? last : await AlertSubscriptions.LatestAsync(db, actor, ct));
        var unread = -1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var next = AlertSignals.Delivered.Next;
                var inbox = await AlertSubscriptions.InboxAsync(db, actor, cursor, 100, ct);
                foreach (var item in inbox.Items.OrderBy(i => i.DeliveryId))
                {
                    await http.Response.WriteAsync($"id: {item.DeliveryId}\nevent: alert\ndata: {JsonSerializer.Serialize(item, Alerts.Json)}\n\n", ct);
                    cursor = item.DeliveryId;
                }
                if (inbox.Unread != unread)
                {
                    unread = inbox.Unread;
                    await http.Response.WriteAsync($"event: unread\ndata: {unread}\n\n", ct);
                }
                else if (inbox.Items.Count == 0)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                }
                await http.Response.Body.FlushAsync(ct);
                await Signal.WaitAsync(next, TimeSpan.FromSeconds(2), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
    }
}
