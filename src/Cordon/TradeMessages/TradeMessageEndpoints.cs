using Cordon.Alerting;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.TradeMessages;

/// <summary>UN/EDIFACT trade messages in (an interchange as the body) and the sender's answers out.</summary>
public static class TradeMessageEndpoints
{
    public static IEndpointRouteBuilder MapTradeMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/messages").RequireAuthorization().WithTags("Trade messages");
        api.MapPost("/edifact", async (HttpContext http, CordonDb db, IntakeService intake, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var name = http.Request.Headers["X-File-Name"].FirstOrDefault() ?? "api";
            var context = new IntakeContext(await IntakeAccess.ReceivingAgencyAsync(db, actor, null, ct), actor.Name, $"edifact:{name}", time.GetUtcNow())
            {
                Actor = Audit.AuditActor.Of(actor),
            };
            // The reader is synchronous and the intake hashes the interchange first: spool the body to a temporary file.
            var path = Path.GetTempFileName();
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await http.Request.Body.CopyToAsync(file, ct);
            }
            await using var upload = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
            return TypedResults.Ok(await TradeMessageIntake.ReceiveAsync(upload, db, TradeMessageIntake.Through(intake), context, time, null, ct));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DeclarationEndpoints.MaxUploadBytes))
            .Describe("receiveEdifact", "Receives a UN/EDIFACT interchange (CUSDEC, CUSCAR; the body is the interchange): its messages go through the declaration and consignment intake; the answers (CUSRES, CONTRL) go to the sender's outbox");
        api.MapGet("/outbox", async (long? after, int? limit, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TradeMessageIntake.OutboxAsync(db, Actor.FromPrincipal(http.User), after ?? 0, limit ?? 100, ct)))
            .Describe("listTradeMessageOutbox", "The caller's answers (CUSRES, CONTRL) after a cursor, in order", "after: the last sequence seen (default 0); limit (default 100).");
        // Where a sender's answers are pushed, in order, as they are written (the outbox above is the pull).
        api.MapPost("/webhooks", async Task<Created<AnswerWebhookView>> (AnswerWebhookInput input, HttpContext http, CordonDb db, WebhookDestinationOptions destinations,
            CancellationToken ct) =>
        {
            var view = await AnswerWebhooks.RegisterAsync(db, Actor.FromPrincipal(http.User), input, destinations, ct);
            return TypedResults.Created($"/api/messages/webhooks/{view.Id}", view);
        }).Describe("registerAnswerWebhook", "Registers a webhook to which the sender's answers are pushed in order, as they are written (audited)");
        api.MapGet("/webhooks", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AnswerWebhooks.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listAnswerWebhooks", "The caller's answer webhooks and their delivery state");
        api.MapDelete("/webhooks/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await AnswerWebhooks.RemoveAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        }).Describe("removeAnswerWebhook", "Removes an answer webhook (audited)");
        return app;
    }
}
