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
            => TypedResults.Ok(await Channels.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)))
            .Describe("listChannels", "The channels the caller is a member of, with unread counts");
        api.MapPost("", async (ChannelInput input, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time, CancellationToken ct) =>
        {
            var channel = await Channels.CreateAsync(db, Actor.FromPrincipal(http.User), keys, input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/channels/{channel.Id}", channel);
        }).Describe("createChannel", "Creates a channel between agencies with its first members; its messages are sealed at rest with the channel's own key (audited)");
        api.MapGet("/stream", MessageStream.StreamAsync)
            .Describe("streamChannels", "Server-sent events: new messages of the caller's channels (redacted by the policy) and unread counts; resumes with Last-Event-ID", ApiDocs.PolicyRead);
        api.MapGet("/search", async (string? q, Guid? channel, int? limit, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.SearchAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, q, channel, limit ?? 50, ct)))
            .Describe("searchMessages", "Searches the messages the caller may read, optionally in one channel", ApiDocs.PolicyRead + " q: words; channel; limit (default 50).");
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.GetAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .Describe("getChannel", "One channel with its members");
        api.MapPost("/{id:guid}/members", async (Guid id, MemberInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.AddMemberAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)))
            .Describe("addChannelMember", "Adds an agency or one of its users to a channel (audited)");
        api.MapPost("/{id:guid}/members/remove", async (Guid id, MemberInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.RemoveMemberAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)))
            .Describe("removeChannelMember", "Removes an agency or user from a channel (audited)");
        api.MapPost("/{id:guid}/leave", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            await Channels.LeaveAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).Describe("leaveChannel", "The caller leaves a channel (audited)");
        api.MapPost("/{id:guid}/close", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Channels.CloseAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .Describe("closeChannel", "Closes a channel: no more messages (audited)");
        api.MapGet("/{id:guid}/messages", async (Guid id, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, ct)))
            .Describe("listChannelMessages", "A channel's messages as the caller may read them", ApiDocs.PolicyRead);
        api.MapPost("/{id:guid}/messages", async (Guid id, MessageInput input, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time, CancellationToken ct) =>
        {
            var message = await ChannelMessages.PostAsync(db, Actor.FromPrincipal(http.User), keys, id, input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/channels/{id}/messages/{message.Id}", message);
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ChannelMessages.MaxRequestBytes))
            .Describe("postMessage", "Posts a message (with optional attachments and a marking) to a channel; the body is sealed at rest (audited)");
        api.MapPut("/{id:guid}/messages/{messageId:guid}", async (Guid id, Guid messageId, MessageEdit edit, HttpContext http, CordonDb db, ChannelKeys keys, TimeProvider time,
                CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.EditAsync(db, Actor.FromPrincipal(http.User), keys, id, messageId, edit, time.GetUtcNow(), ct)))
            .Describe("editMessage", "Edits the caller's message; the earlier version is kept sealed (audited)");
        api.MapDelete("/{id:guid}/messages/{messageId:guid}", async (Guid id, Guid messageId, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            await ChannelMessages.DeleteAsync(db, Actor.FromPrincipal(http.User), id, messageId, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).Describe("deleteMessage", "Deletes the caller's message: the body is cleared, a tombstone kept (audited)");
        api.MapGet("/{id:guid}/messages/{messageId:guid}/versions", async (Guid id, Guid messageId, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await ChannelMessages.VersionsAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, messageId, ct)))
            .Describe("listMessageVersions", "Every version of an edited message", ApiDocs.PolicyRead);
        api.MapGet("/{id:guid}/messages/{messageId:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid messageId, Guid attachmentId, HttpContext http, CordonDb db,
            ChannelKeys keys, CancellationToken ct) =>
        {
            var (file, content) = await ChannelMessages.AttachmentAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, id, messageId, attachmentId, ct);
            return TypedResults.File(content, file.ContentType, file.FileName ?? file.Sha256);
        }).Describe("getMessageAttachment", "Downloads a message's attachment", ApiDocs.PolicyRead);
        api.MapPost("/{id:guid}/read", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(new { read = await ChannelMessages.MarkReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, time.GetUtcNow(), ct) }))
            .Describe("markChannelRead", "Marks every message of the channel the caller may see as read by them", ApiDocs.PolicyWrite);
        return app;
    }
}
