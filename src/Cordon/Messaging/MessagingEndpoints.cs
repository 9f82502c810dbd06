using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Messaging;

/// <summary>Channels between agencies and their messages: create, members, post, edit, delete, read receipts.</summary>
public static class MessagingEndpoints
{
    public static IEndpointRouteBuilder MapMessagingEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/channels").RequireAuthorization().WithTags("Messaging");
        api.MapGet("", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)));
        api.MapPost("", async (ChannelInput input, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time, CancellationToken ct) =>
        {
            var channel = await Channels.CreateAsync(db, Actor.FromPrincipal(http.User), keys, input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/channels/{channel.Id}", channel);
        });
        api.MapGet("/stream", MessageStream.StreamAsync);
        api.MapGet("/search", async (string? q, Guid? channel, int? limit, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.SearchAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, q, channel, limit ?? 50, ct)));
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.GetAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/members", async (Guid id, MemberInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.AddMemberAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/members/remove", async (Guid id, MemberInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.RemoveMemberAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/leave", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            await Channels.LeaveAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/{id:guid}/close", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.CloseAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)));
        api.MapGet("/{id:guid}/messages", async (Guid id, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, ct)));
        api.MapPost("/{id:guid}/messages", async (Guid id, MessageInput input, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time, CancellationToken ct) =>
        {
            var message = await ChannelMessages.PostAsync(db, Actor.FromPrincipal(http.User), keys, id, input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/channels/{id}/messages/{message.Id}", message);
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ChannelMessages.MaxRequestBytes));
        api.MapPut("/{id:guid}/messages/{messageId:guid}", async (Guid id, Guid messageId, MessageEdit edit, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time,
                CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.EditAsync(db, Actor.FromPrincipal(http.User), keys, id, messageId, edit, time.GetUtcNow(), ct)));
        api.MapDelete("/{id:guid}/messages/{messageId:guid}", async (Guid id, Guid messageId, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            await ChannelMessages.DeleteAsync(db, Actor.FromPrincipal(http.User), id, messageId, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/{id:guid}/messages/{messageId:guid}/versions", async (Guid id, Guid messageId, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.VersionsAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, messageId, ct)));
        api.MapGet("/{id:guid}/messages/{messageId:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid messageId, Guid attachmentId, HttpContext http, CordonDb db,
            ChannelKeys keys, CancellationToken ct) =>
        {
            var (file, content) = await ChannelMessages.AttachmentAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, messageId, attachmentId, ct);
            return TypedResults.File(content, file.ContentType, file.FileName ?? file.Sha256);
        });
        api.MapPost("/{id:guid}/read", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(new { read = await ChannelMessages.MarkReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, time.GetUtcNow(), ct) }));
        return app;
    }
}
