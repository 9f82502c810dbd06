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
            => TypedResults.Ok(await Alerts.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), limit ?? 100, ct)));
        group.MapPost("/", async Task<Created<AlertView>> (CustomAlertRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Alerts.RaiseCustomAsync(db, Actor.FromPrincipal(http.User), request, ct);
            return TypedResults.Created($"/api/alerts/{view.Id}", view);
        });

        group.MapGet("/inbox", async (long? after, int? limit, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertSubscriptions.InboxAsync(db, Actor.FromPrincipal(http.User), after ?? 0, limit ?? 50, ct)));
        group.MapPost("/inbox/read", async (ReadRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(new { marked = await AlertSubscriptions.MarkReadAsync(db, Actor.FromPrincipal(http.User), request.Ids, ct) }));
        group.MapGet("/stream", StreamAsync);

        var conditions = group.MapGroup("/conditions");
        conditions.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertConditions.ListAsync(db, Actor.FromPrincipal(http.User), ct)));
        conditions.MapPost("/", async Task<Created<ConditionView>> (ConditionInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await AlertConditions.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/alerts/conditions/{view.Id}", view);
        });
        conditions.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await AlertConditions.CancelAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        });

        var subs = group.MapGroup("/subscriptions");
        subs.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AlertSubscriptions.ListAsync(db, Actor.FromPrincipal(http.User), ct)));
        subs.MapPost("/", async Task<Created<SubscriptionView>> (SubscriptionInput input, HttpContext http, CordonDb db, WebhookDestinationOptions destinations, CancellationToken ct) =>
        {
            var view = await AlertSubscriptions.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct, destinations);
            return TypedResults.Created($"/api/alerts/subscriptions/{view.Id}", view);
        });
        subs.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await AlertSubscriptions.CancelAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        });
        subs.MapPost("/{id:guid}/retry", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(new { queued = await AlertSubscriptions.RetryAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct) }));
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
