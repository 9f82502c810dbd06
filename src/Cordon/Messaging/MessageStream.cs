using System.Text.Json;
using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cordon.Messaging;

/// <summary>
/// Server-sent events of the reader's channels, as the alerts' stream does it: "message" events (the message as the reader
/// may see it, redacted by the policy) and "unread" events (the unread count of each channel and their total) whenever it
/// changes. Woken by <see cref="MessagePosts"/> (this node's posts at once, other nodes' through NOTIFY on PostgreSQL);
/// a slow poll only covers a lost LISTEN connection. An event's id is its posting time in Unix milliseconds: a
/// reconnecting EventSource resumes from it with Last-Event-ID (messages of the last <see cref="Overlap"/> may come again:
/// clients keep them by id).
/// </summary>
public static class MessageStream
{
    /// <summary>
    /// How far back each look goes before the latest message sent: a message committed late (a slow transaction, another
    /// node's clock a little behind) still arrives; what was sent already is remembered and not sent again.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext http, CordonDb db, ChannelKeys keys, MessagePosts posts, TimeProvider time, CancellationToken ct)
    {
        var policy = await RequestPurpose.PolicyAsync(http, db, ct);
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var cursor = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last)
            ? DateTimeOffset.FromUnixTimeMilliseconds(last)
            : time.GetUtcNow();
        var sent = new Dictionary<Guid, DateTimeOffset>();
        var unread = "";
        try
        {
            await http.Response.WriteAsync(": connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var next = posts.Next;
                var messages = await ChannelMessages.PostedSinceAsync(db, policy, keys, cursor - Overlap, sent, ct);
                foreach (var message in messages)
                {
                    await http.Response.WriteAsync($"id: {message.PostedAt.ToUnixTimeMilliseconds()}\nevent: message\ndata: {JsonSerializer.Serialize(message, Json)}\n\n", ct);
                    cursor = message.PostedAt > cursor ? message.PostedAt : cursor;
                }
                var channels = await Channels.ListAsync(db, policy.Actor, time.GetUtcNow(), ct);
                var counts = JsonSerializer.Serialize(new { total = channels.Sum(c => c.Unread), channels = channels.ToDictionary(c => c.Id, c => c.Unread) }, Json);
                if (counts != unread)
                {
                    unread = counts;
                    await http.Response.WriteAsync($"event: unread\ndata: {counts}\n\n", ct);
                }
                else if (messages.Count == 0)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                }
                await http.Response.Body.FlushAsync(ct);
                foreach (var old in sent.Where(s => s.Value < cursor - Overlap).Select(s => s.Key).ToList())
                {
                    sent.Remove(old); // behind the window: never looked at again
                }
                db.ChangeTracker.Clear();
                await Signal.WaitAsync(next, Poll, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
    }
}
