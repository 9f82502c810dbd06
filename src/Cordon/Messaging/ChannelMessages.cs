using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Messaging;

/// <summary>A Warning: what is coming, where, when, which vehicle or container, and how sure the sender is (low, medium, high).</summary>
public sealed record WarningInput(string? What, string? Where, DateTimeOffset? When, string? Vehicle, string? Confidence);

/// <summary>Feedback on an earlier message of the channel (a Warning, a tip-off): what came of it.</summary>
public sealed record FeedbackInput(Guid? OnMessage, string? Result);

/// <summary>A Seizure report: Cordon fills it from a recorded seizure the poster may read, named by its id or its reference.</summary>
public sealed record SeizureReportInput(Guid? Seizure, string? Reference = null);

public sealed record MessageInput(string? Text, Guid? ReplyTo = null, string? Marking = null, string[]? Caveats = null, WarningInput? Warning = null, FeedbackInput? Feedback = null,
    SeizureReportInput? SeizureReport = null, NewAttachment[]? Attachments = null);

public sealed record MessageEdit(string? Text, WarningInput? Warning = null, FeedbackInput? Feedback = null);

public sealed record WarningView(string? What, string? Where, DateTimeOffset? When, string? Vehicle, string? Confidence);

public sealed record FeedbackView(Guid? OnMessage, string? Result);

public sealed record SeizureReportItem(string? Description, string? Category, string? HsCode, decimal Quantity, string? Unit);

/// <summary>
/// What a Seizure report says, as the seizure read for its poster: what was seized, where, when, how it was hidden and found.
/// The one name it carries, the person goods were seized from (<see cref="Owner"/>), is personal: a member whose agreement
/// withholds personal data reads the report without it, as it would read the seizure.
/// </summary>
public sealed record SeizureReportView(Guid Seizure, string? Reference, string? Office, DateTimeOffset SeizedAt, string? Place, string? RouteFrom, string? RouteTo,
    IReadOnlyList<SeizureReportItem> Items, string? ConcealmentMethod, string? DetectionMethod, string? Owner);

/// <summary>
/// A file of a message as the reader may see it. <see cref="Href"/> is where its bytes are downloaded: withheld with the personal
/// fields (a photo may show people), so a reader who may not have the content is not given the way to it.
/// </summary>
public sealed record MessageAttachmentView(Guid Id, string? FileName, string ContentType, long Size, string Sha256, string? Href);

/// <summary>The shared view of a message (record type <c>message</c>): what leaves its owner, redacted by field path.</summary>
public sealed record MessageView(Guid Id, Guid Channel, Guid? ReplyTo, string Template, string? Author, string Agency, string Marking, string[] Caveats,
    DateTimeOffset PostedAt, DateTimeOffset? EditedAt, int Version, bool Deleted, string? Text, WarningView? Warning, FeedbackView? Feedback, int ReadBy)
{
    /// <summary>Fields the reader's agreement withheld.</summary>
    public string[] Redacted { get; init; } = [];

    /// <summary>A Seizure report's content; it links to the seizure (<see cref="SeizureReportView.Seizure"/>).</summary>
    public SeizureReportView? SeizureReport { get; init; }

    /// <summary>Files attached when the message was posted (kept through edits, gone with a deletion).</summary>
    public IReadOnlyList<MessageAttachmentView> Attachments { get; init; } = [];

    /// <summary>The members the text mentions (@user name), who were told through their alert subscriptions.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    /// <summary>The partner installation the message came from over the federation link (null for a message posted here).</summary>
    public string? ReceivedFrom { get; init; }
}

/// <summary>
/// Messages of a channel: posted by members, marked no higher than the channel, sealed with the channel's key, read through
/// the one access policy. A member of the poster's own country reads a message in full (membership is the owner's decision
/// to share with it, as for a joint case); a member abroad reads it only under an agreement from the poster's agency covering
/// messages, redacted as that agreement says; a non-member sees nothing, not even that the channel exists.
/// </summary>
public static class ChannelMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Confidences = ["low", "medium", "high"];

    /// <summary>Most files one message carries.</summary>
    public const int MaxAttachments = 10;

    /// <summary>A post's largest request: room for one file at the limit as base64 (4 bytes for 3), or several smaller ones.</summary>
    public const long MaxRequestBytes = AttachedFiles.MaxBytes * 2;

    /// <summary>What is sealed: the text, the template's fields, and what describes each attached file.</summary>
    private sealed record Body(string? Text, WarningView? Warning, FeedbackView? Feedback, SeizureReportView? SeizureReport = null, IReadOnlyList<SealedFile>? Attachments = null,
        IReadOnlyList<string>? Mentions = null);

    /// <summary>An attached file as described in the sealed body: its name, type, size and the SHA-256 its bytes must have when opened.</summary>
    private sealed record SealedFile(Guid Id, string FileName, string ContentType, long Size, string Sha256);

    public static async Task<MessageView> PostAsync(CordonDb db, Actor actor, ChannelKeys keys, Guid channelId, MessageInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = await Channels.ReadableAsync(db, actor, channelId, ct);
        if (actor.AgencyId is not { } agency)
        {
            throw new Forbidden($"Posting needs a user or key of a member agency.");
        }
        Open(channel, now);
        var marking = Markings.Parse(input.Marking ?? channel.Marking.Label());
        if (marking > channel.Marking)
        {
            throw ValidationFailed.Field("marking", $"A message marked {marking.Label()} cannot be posted in channel '{channel.Name}', which is marked {channel.Marking.Label()}.");
        }
        var caveats = Markings.ParseCaveats(input.Caveats ?? []) | channel.Caveats;
        SeizureReportView? report = null;
        if (input.SeizureReport is { } asked)
        {
            ReportedSeizure seizure;
            (report, seizure) = await SeizureReportAsync(db, actor, asked, now, ct);
            // The report says what the seizure says: it is marked and caveated at least as the seizure is.
            if (seizure.Marking > channel.Marking)
            {
                throw ValidationFailed.Field("seizureReport", $"Seizure {seizure.Reference} is marked {seizure.Marking.Label()}: it cannot be reported in channel '{channel.Name}', which is marked {channel.Marking.Label()}.");
            }
            marking = seizure.Marking > marking ? seizure.Marking : marking;
            caveats |= seizure.Caveats;
        }
        var (template, body, feedbackOn, files) = Validate(input.Text, input.Warning, input.Feedback, report, input.Attachments);
        if (input.ReplyTo is { } reply && !await db.ChannelMessages.AnyAsync(m => m.Id == reply && m.ChannelId == channelId, ct))
        {
            throw ValidationFailed.Field("replyTo", $"Message {reply} is not in channel '{channel.Name}'.");
        }
        if (feedbackOn is { } on && !await db.ChannelMessages.AnyAsync(m => m.Id == on && m.ChannelId == channelId, ct))
        {
            throw ValidationFailed.Field("feedback.onMessage", $"Message {on} is not in channel '{channel.Name}'.");
        }
        var message = new ChannelMessage
        {
            ChannelId = channelId, ReplyToId = input.ReplyTo, Template = template, FeedbackOnId = feedbackOn, PostedAt = now,
            AuthorUserId = actor.UserId, Author = actor.Name, OwningAgencyId = agency, Marking = marking,
            // A message carries at least the channel's caveats: what is said in a law-enforcement-only channel stays so.
            Caveats = caveats,
        };
        var sealedFiles = new List<SealedFile>();
        foreach (var file in files)
        {
            var attachment = new ChannelAttachment { MessageId = message.Id, ChannelId = channelId, Content = [] };
            attachment.Content = keys.SealAttachment(channel, message.Id, attachment.Id, file.Content);
            db.ChannelAttachments.Add(attachment);
            sealedFiles.Add(new SealedFile(attachment.Id, file.Name, file.Type, file.Content.LongLength, file.Sha256));
        }
        var mentioned = await MessageAlerts.MembersNamedAsync(db, channelId, text: body.Text, ct);
        body = body with { Attachments = sealedFiles.Count == 0 ? null : sealedFiles, Mentions = mentioned.Count == 0 ? null : mentioned.Select(u => u.Name).ToList() };
        message.Body = keys.SealBody(channel, message.Id, message.Version, JsonSerializer.Serialize(body, Json));
        db.ChannelMessages.Add(message);
        Participants? participants = null; // read only when a Warning or a mention asks who may read it: not for every post
        await MessageAlerts.RaiseAsync(db, actor, channel, message, mentioned, async (m, reader) =>
        {
            participants ??= await ParticipantsAsync(db, channelId, ct);
            var policy = await AccessPolicy.ForAsync(db, new Actor(null, reader, Roles.Officer, "channel member", ActorKind.User), Purpose.Investigation, now, ct);
            return policy.Decide(Ref(m, participants)).Allowed;
        }, ct);
        await db.SaveChangesAsync(ct);
        await MessagePosts.AnnounceAsync(db, ct);
        return (await ViewsAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, ct), keys, channel, [message], ct)).Single();
    }

    /// <summary>The author edits a message: the earlier version is kept (sealed) and the message's version goes up.</summary>
    public static async Task<MessageView> EditAsync(CordonDb db, Actor actor, ChannelKeys keys, Guid channelId, Guid messageId, MessageEdit edit, DateTimeOffset now,
        CancellationToken ct = default)
    {
        var (channel, message) = await OwnMessageAsync(db, actor, channelId, messageId, now, ct);
        if (message.Template == MessageTemplate.SeizureReport)
        {
            throw ValidationFailed.Field("template", $"A Seizure report is filled from its seizure: post a new one when the seizure has changed.");
        }
        // The files stay with the message, and so do the mentions told when it was posted (an edit tells no one anew).
        var before = Unseal(keys, channel, message);
        var (template, body, feedbackOn, _) = Validate(edit.Text, edit.Warning, edit.Feedback, null, null, before.Attachments?.Count ?? 0);
        body = body with { Attachments = before.Attachments, Mentions = before.Mentions };
        if (template != message.Template)
        {
            throw ValidationFailed.Field("template", $"A {message.Template.ToString().ToLowerInvariant()} message stays one: post a new message instead.");
        }
        db.ChannelMessageVersions.Add(new ChannelMessageVersion
        {
            MessageId = message.Id, Version = message.Version, Body = message.Body!, PostedAt = message.EditedAt ?? message.PostedAt, Author = message.Author,
        });
        message.Version++;
        message.EditedAt = now;
        message.FeedbackOnId = feedbackOn;
        message.Body = keys.SealBody(channel, message.Id, message.Version, JsonSerializer.Serialize(body, Json));
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, ct), keys, channel, [message], ct)).Single();
    }

    /// <summary>The author deletes a message: its body and earlier versions go, a tombstone (who, when) stays in the conversation.</summary>
    public static async Task DeleteAsync(CordonDb db, Actor actor, Guid channelId, Guid messageId, DateTimeOffset now, CancellationToken ct = default)
    {
        var (_, message) = await OwnMessageAsync(db, actor, channelId, messageId, now, ct);
        message.Body = null;
        message.DeletedAt = now;
        message.DeletedBy = actor.Name;
        db.ChannelMessageVersions.RemoveRange(await db.ChannelMessageVersions.Where(v => v.MessageId == messageId).ToListAsync(ct));
        db.ChannelAttachments.RemoveRange(await db.ChannelAttachments.Where(a => a.MessageId == messageId).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The conversation as the reader may see it, oldest first; messages the policy denies are left out.</summary>
    public static async Task<List<MessageView>> ListAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, Guid channelId, CancellationToken ct = default)
    {
        var channel = await Channels.ReadableAsync(db, policy.Actor, channelId, ct);
        var messages = await db.ChannelMessages.AsNoTracking().Where(m => m.ChannelId == channelId).OrderBy(m => m.PostedAt).ThenBy(m => m.Id).ToListAsync(ct);
        return await ViewsAsync(db, policy, keys, channel, messages, ct);
    }

    /// <summary>Most messages one search opens, newest first: bodies are sealed, so a search reads them (documented in decision 025).</summary>
    public const int SearchDepth = 5000;

    /// <summary>
    /// The messages of the reader's channels (or one of them) whose text, as the reader may see it, contains every word of
    /// <paramref name="query"/> (case and accents ignored), newest first. Matching is done on the redacted view, so a search
    /// never answers a question about a withheld value; only the messages returned are recorded as read.
    /// </summary>
    public static async Task<List<MessageView>> SearchAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, string? query, Guid? channelId = null, int limit = 50,
        CancellationToken ct = default)
    {
        var words = (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words.Sum(w => w.Length) < 2 || query!.Length > 200)
        {
            throw ValidationFailed.Field("q", $"Search for 2 to 200 characters of text.");
        }
        limit = Math.Clamp(limit, 1, 200);
        var channels = channelId is { } one ? [await Channels.ReadableAsync(db, policy.Actor, one, ct)] : await Channels.OfAsync(db, policy.Actor, ct);
        var ids = channels.Where(c => c.PurgedAt is null).Select(c => c.Id).ToList();
        var found = new List<ChannelMessage>();
        var compare = System.Globalization.CultureInfo.InvariantCulture.CompareInfo;
        var options = System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace;
        var scanned = 0;
        DateTimeOffset? before = null;
        while (found.Count < limit && scanned < SearchDepth)
        {
            var batch = await db.ChannelMessages.AsNoTracking()
                .Where(m => ids.Contains(m.ChannelId) && m.DeletedAt == null && (before == null || m.PostedAt < before))
                .OrderByDescending(m => m.PostedAt).Take(500).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            scanned += batch.Count;
            before = batch[^1].PostedAt;
            foreach (var inChannel in batch.GroupBy(m => m.ChannelId))
            {
                var views = await ViewsAsync(db, policy, keys, channels.First(c => c.Id == inChannel.Key), inChannel.ToList(), ct, verb: null);
                var matching = views.Where(v => words.All(w => compare.IndexOf(Searchable(v), w, options) >= 0)).Select(v => v.Id).ToHashSet();
                found.AddRange(inChannel.Where(m => matching.Contains(m.Id)));
            }
        }
        var results = new List<MessageView>();
        foreach (var inChannel in found.OrderByDescending(m => m.PostedAt).Take(limit).GroupBy(m => m.ChannelId))
        {
            results.AddRange(await ViewsAsync(db, policy, keys, channels.First(c => c.Id == inChannel.Key), inChannel.ToList(), ct, "search"));
        }
        return results.OrderByDescending(v => v.PostedAt).ThenBy(v => v.Id).ToList();
    }

    /// <summary>What a search looks in: the message's words as the reader sees them.</summary>
    private static string Searchable(MessageView v) => string.Join('\n', new[]
    {
        v.Text, v.Warning?.What, v.Warning?.Where, v.Warning?.Vehicle, v.Feedback?.Result, v.SeizureReport?.Reference, v.SeizureReport?.Place,
        v.SeizureReport?.ConcealmentMethod, v.SeizureReport?.DetectionMethod,
    }.Concat(v.SeizureReport?.Items.Select(i => i.Description) ?? []).Concat(v.Attachments.Select(a => a.FileName)).Where(t => t is not null));

    /// <summary>
    /// An attached file's bytes, for a reader whose view of the message offers it (<see cref="MessageAttachmentView.Href"/>):
    /// opened with the channel's key and checked against the SHA-256 the sealed body gives; the read is audited as the message's.
    /// </summary>
    public static async Task<(MessageAttachmentView Attachment, byte[] Content)> AttachmentAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, Guid channelId, Guid messageId,
        Guid attachmentId, CancellationToken ct = default)
    {
        var channel = await Channels.ReadableAsync(db, policy.Actor, channelId, ct);
        var message = await db.ChannelMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == channelId, ct);
        var view = message is null ? null : (await ViewsAsync(db, policy, keys, channel, [message], ct, "attachment")).SingleOrDefault();
        var file = view?.Attachments.FirstOrDefault(a => a.Id == attachmentId && a.Href is not null)
                   ?? throw new NotFound($"No attachment {attachmentId} of message {messageId} that you may read.");
        var stored = await db.ChannelAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.MessageId == messageId, ct)
                     ?? throw new NotFound($"No attachment {attachmentId} of message {messageId} that you may read.");
        var content = keys.OpenAttachment(channel, messageId, attachmentId, stored.Content);
        if (!string.Equals(Hashes.Sha256Hex(content), file.Sha256, StringComparison.Ordinal))
        {
            // Sealing already detects a changed file; a mismatch here means the body and the file were written apart.
            throw new InvalidOperationException($"Attachment {attachmentId} of message {messageId} does not have the SHA-256 its message gives ({file.Sha256}).");
        }
        return (file, content);
    }

    /// <summary>
    /// For the live stream: the messages posted at or after <paramref name="since"/> in the reader's channels, as the reader may
    /// see them, leaving out those in <paramref name="considered"/>; every message looked at is added to it, shown or denied,
    /// so a later call neither sends it twice nor records its read twice.
    /// </summary>
    public static async Task<List<MessageView>> PostedSinceAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, DateTimeOffset since, IDictionary<Guid, DateTimeOffset> considered,
        CancellationToken ct = default)
    {
        var channels = await Channels.OfAsync(db, policy.Actor, ct);
        var ids = channels.Select(c => c.Id).ToList();
        var messages = (await db.ChannelMessages.AsNoTracking().Where(m => ids.Contains(m.ChannelId) && m.PostedAt >= since).ToListAsync(ct))
            .Where(m => considered.TryAdd(m.Id, m.PostedAt)).OrderBy(m => m.PostedAt).ThenBy(m => m.Id).ToList();
        var views = new List<MessageView>();
        foreach (var inChannel in messages.GroupBy(m => m.ChannelId))
        {
            views.AddRange(await ViewsAsync(db, policy, keys, channels.First(c => c.Id == inChannel.Key), inChannel.ToList(), ct));
        }
        return views.OrderBy(v => v.PostedAt).ThenBy(v => v.Id).ToList();
    }

    /// <summary>The earlier versions of a message, under the same decision as the message itself.</summary>
    public static async Task<List<MessageView>> VersionsAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, Guid channelId, Guid messageId, CancellationToken ct = default)
    {
        var channel = await Channels.ReadableAsync(db, policy.Actor, channelId, ct);
        var message = await db.ChannelMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == channelId, ct)
                      ?? throw new NotFound($"No message {messageId} in channel {channelId}.");
        var versions = await db.ChannelMessageVersions.AsNoTracking().Where(v => v.MessageId == messageId).OrderBy(v => v.Version).ToListAsync(ct);
        var rows = versions.Select(v => new ChannelMessage
        {
            Id = message.Id, ChannelId = message.ChannelId, ReplyToId = message.ReplyToId, Template = message.Template, FeedbackOnId = message.FeedbackOnId,
            Body = v.Body, Version = v.Version, PostedAt = v.PostedAt, Author = v.Author, AuthorUserId = message.AuthorUserId,
            OwningAgencyId = message.OwningAgencyId, Marking = message.Marking, Caveats = message.Caveats,
        }).ToList();
        return await ViewsAsync(db, policy, keys, channel, rows, ct);
    }

    /// <summary>Marks every message of the channel the reader may see as read by them (a receipt per user and message).</summary>
    public static async Task<int> MarkReadAsync(CordonDb db, AccessPolicy policy, Guid channelId, DateTimeOffset now, CancellationToken ct = default)
    {
        var actor = policy.Actor;
        await Channels.ReadableAsync(db, actor, channelId, ct);
        if (actor.UserId is not { } user || actor.AgencyId is not { } agency)
        {
            return 0;
        }
        var seen = await UnreadVisibleAsync(db, policy, channelId, user, ct);
        db.MessageReceipts.AddRange(seen.Select(m => new MessageReceipt { MessageId = m.Id, ChannelId = channelId, UserId = user, AgencyId = agency, ReadAt = now }));
        await db.SaveChangesAsync(ct);
        if (seen.Count > 0)
        {
            await MessagePosts.AnnounceAsync(db, ct); // the reader's other open pages show the new unread counts
        }
        return seen.Count;
    }

    /// <summary>How many of the channel's messages by others the reader has not read and may read: a message the policy withholds is never counted (it can never be marked read).</summary>
    internal static async Task<int> UnreadCountAsync(CordonDb db, AccessPolicy policy, Guid channelId, CancellationToken ct)
        => policy.Actor.UserId is { } user ? (await UnreadVisibleAsync(db, policy, channelId, user, ct)).Count(m => m.AuthorUserId != user) : 0;

    /// <summary>The reader's unread messages of the channel that the policy lets them see: what reading marks, and what the unread count counts.</summary>
    private static async Task<List<ChannelMessage>> UnreadVisibleAsync(CordonDb db, AccessPolicy policy, Guid channelId, Guid user, CancellationToken ct)
    {
        var unread = await db.ChannelMessages.AsNoTracking()
            .Where(m => m.ChannelId == channelId && m.DeletedAt == null && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == user))
            .ToListAsync(ct);
        var participants = await ParticipantsAsync(db, channelId, ct);
        return unread.Where(m => policy.Decide(Ref(m, participants)).Allowed).ToList();
    }

    private static async Task<List<MessageView>> ViewsAsync(CordonDb db, AccessPolicy policy, ChannelKeys keys, Channel channel, IReadOnlyList<ChannelMessage> messages,
        CancellationToken ct, string? verb = "list")
    {
        var participants = await ParticipantsAsync(db, channel.Id, ct);
        var agencies = await AgencyCodes.ByIdAsync(db, ct);
        var ids = messages.Select(m => m.Id).ToList();
        var readBy = await db.MessageReceipts.Where(r => ids.Contains(r.MessageId)).GroupBy(r => r.MessageId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var decisions = new RowDecisions(policy, RecordTypes.Message);
        // Messages that came over the federation link (a partner's reply in our channel, or a partner channel's copy): from which installation.
        var received = await db.FederationCopies.AsNoTracking().Where(c => c.RecordType == RecordTypes.Message && ids.Contains(c.LocalRecordId))
            .Join(db.FederationPartners, c => c.PartnerId, p => p.Id, (c, p) => new { c.LocalRecordId, p.Name }).ToDictionaryAsync(x => x.LocalRecordId, x => x.Name, ct);
        var views = new List<MessageView>();
        foreach (var m in messages)
        {
            var decision = decisions.For(Ref(m, participants));
            if (!decision.Allowed)
            {
                continue;
            }
            var view = FullView(keys, channel, m, agencies.GetValueOrDefault(m.OwningAgencyId, "?"), readBy.GetValueOrDefault(m.Id)) with
            {
                Redacted = decision.RedactedFields.Order(StringComparer.Ordinal).ToArray(),
                ReceivedFrom = received.GetValueOrDefault(m.Id),
            };
            views.Add(Redaction.Clear(view, decision.RedactedFields));
        }
        if (verb is not null) // null: looked at to be searched, not shown; the results are recorded when shown
        {
            await SharedReads.AuditRowsAsync(db, policy, decisions, verb, ct);
        }
        return views;
    }

    /// <summary>A message's complete view (before any redaction): what its own agency reads, and what the federation outbox redacts for a partner.</summary>
    internal static MessageView FullView(ChannelKeys keys, Channel channel, ChannelMessage m, string agency, int readBy = 0)
    {
        var body = Unseal(keys, channel, m);
        return new MessageView(m.Id, m.ChannelId, m.ReplyToId, EnumText.Kebab(m.Template), m.Author, agency,
            m.Marking.Label(), CaveatText.Names(m.Caveats), m.PostedAt, m.EditedAt, m.Version, m.DeletedAt is not null, body.Text, body.Warning, body.Feedback, readBy)
        {
            SeizureReport = body.SeizureReport,
            Attachments = (body.Attachments ?? []).Select(a => new MessageAttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256,
                $"/api/channels/{m.ChannelId}/messages/{m.Id}/attachments/{a.Id}")).ToList(),
            Mentions = body.Mentions ?? [],
        };
    }

    /// <summary>
    /// A message received from a partner installation, sealed here with this channel's key: its text and template as the
    /// partner's view gave them (withheld fields stay absent). Files and mentions do not travel (their bytes and the
    /// mentioned users are the sender's); a tombstone keeps no body.
    /// </summary>
    internal static void SealReceived(ChannelKeys keys, Channel channel, ChannelMessage m, MessageView view)
    {
        m.Body = view.Deleted ? null : keys.SealBody(channel, m.Id, m.Version, JsonSerializer.Serialize(new Body(view.Text, view.Warning, view.Feedback, view.SeizureReport), Json));
    }

    /// <summary>A message's sealed body, opened (an empty one for a tombstone).</summary>
    private static Body Unseal(ChannelKeys keys, Channel channel, ChannelMessage m)
        => m.Body is null ? new Body(null, null, null) : JsonSerializer.Deserialize<Body>(keys.OpenBody(channel, m.Id, m.Version, m.Body), Json)!;

    /// <summary>What the policy decides on: the message, with the member agencies that read it in full as participants.</summary>
    private static RecordRef Ref(ChannelMessage m, Participants participants)
        => new(RecordTypes.Message, m.OwningAgencyId, m.Marking, m.Caveats, m.Id.ToString(), participants.Of(m.OwningAgencyId));

    /// <summary>The channel's active member agencies, and for each poster the members of its own country (they read its messages in full).</summary>
    private sealed class Participants(List<Agency> members, Dictionary<Guid, Agency> agencies)
    {
        private readonly Dictionary<Guid, Guid[]> _byOwner = [];

        public IReadOnlyCollection<Guid> Of(Guid owner)
        {
            if (!_byOwner.TryGetValue(owner, out var ids))
            {
                ids = agencies.TryGetValue(owner, out var o) ? members.Where(a => !Channels.Abroad(o, a)).Select(a => a.Id).ToArray() : [];
                _byOwner[owner] = ids;
            }
            return ids;
        }
    }

    private static async Task<Participants> ParticipantsAsync(CordonDb db, Guid channelId, CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var memberIds = await db.ChannelMembers.AsNoTracking().Where(m => m.ChannelId == channelId && m.EndedAt == null)
            .Select(m => m.AgencyId).Distinct().ToListAsync(ct);
        return new Participants(memberIds.Where(agencies.ContainsKey).Select(id => agencies[id]).ToList(), agencies);
    }

    /// <summary>
    /// The seizure a report is filled from, read through the access policy as the poster may read it (a field withheld from
    /// the poster stays out of the report); by id, or by its reference among the seizures the poster's agency may read.
    /// </summary>
    /// <summary>What a post needs of the reported seizure beside its view: its reference, marking and caveats.</summary>
    private sealed record ReportedSeizure(Guid Id, string Reference, Tlp Marking, Caveats Caveats);

    private static async Task<(SeizureReportView, ReportedSeizure)> SeizureReportAsync(CordonDb db, Actor actor, SeizureReportInput asked, DateTimeOffset now,
        CancellationToken ct)
    {
        var reference = asked.Reference?.Trim();
        // Only what the post needs: the seizure itself is read once, through the policy, below.
        var named = asked.Seizure is { } id ? db.Seizures.Where(s => s.Id == id)
            : string.IsNullOrEmpty(reference) ? null : db.Seizures.Where(s => s.Reference == reference);
        var seizure = named is null ? null
            : await named.Select(s => new ReportedSeizure(s.Id, s.Reference, s.Marking, s.Caveats)).FirstOrDefaultAsync(ct);
        if (seizure is null)
        {
            throw asked.Seizure is null && string.IsNullOrEmpty(reference)
                ? ValidationFailed.Field("seizureReport.seizure", $"A Seizure report names the seizure it reports (its id or reference).")
                : ValidationFailed.Field("seizureReport.seizure", $"No seizure {(object?)asked.Seizure ?? reference} that you may read.");
        }
        var (view, _) = await Cases.Seizures.ReadViewAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, ct), seizure.Id, ct);
        return (new SeizureReportView(view.Id, view.Reference, view.Office, view.SeizedAt, view.Place, view.RouteFrom, view.RouteTo,
            view.Items.Select(i => new SeizureReportItem(i.Description, i.Category, i.HsCode, i.Quantity, i.Unit)).ToList(),
            view.ConcealmentMethod, view.DetectionMethod, view.Owner), seizure);
    }

    private static (MessageTemplate, Body, Guid?, List<CheckedFile>) Validate(string? text, WarningInput? warning, FeedbackInput? feedback, SeizureReportView? report,
        IReadOnlyList<NewAttachment>? attachments, int attachedBefore = 0)
    {
        var errors = new FieldErrors();
        var files = AttachedFiles.CheckAll(errors, "attachments", attachments);
        if (files.Count > MaxAttachments)
        {
            errors.Add("attachments", $"A message carries at most {MaxAttachments} files; this one has {files.Count}.");
        }
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text?.Length > 8000)
        {
            errors.Add("text", $"A message's text is at most 8000 characters.");
        }
        if (new object?[] { warning, feedback, report }.Count(t => t is not null) > 1)
        {
            errors.Add("template", $"A message is one of a Warning, Feedback or a Seizure report, not several.");
        }
        MessageTemplate template;
        WarningView? w = null;
        FeedbackView? f = null;
        if (report is not null)
        {
            template = MessageTemplate.SeizureReport;
        }
        else if (warning is not null)
        {
            template = MessageTemplate.Warning;
            if (string.IsNullOrWhiteSpace(warning.What))
            {
                errors.Add("warning.what", $"A Warning says what is coming (warning.what).");
            }
            var confidence = warning.Confidence?.Trim().ToLowerInvariant();
            if (confidence is not null && !Confidences.Contains(confidence))
            {
                errors.Add("warning.confidence", $"Confidence '{warning.Confidence}' is not one of low, medium, high.");
            }
            foreach (var (field, value) in new[] { ("warning.what", warning.What), ("warning.where", warning.Where), ("warning.vehicle", warning.Vehicle) })
            {
                if (value?.Length > 500)
                {
                    errors.Add(field, $"{field} is at most 500 characters.");
                }
            }
            w = new WarningView(warning.What?.Trim(), NullIfBlank(warning.Where), warning.When, NullIfBlank(warning.Vehicle), confidence);
        }
        else if (feedback is not null)
        {
            template = MessageTemplate.Feedback;
            if (feedback.OnMessage is null)
            {
                errors.Add("feedback.onMessage", $"Feedback names the message it answers (feedback.onMessage).");
            }
            if (string.IsNullOrWhiteSpace(feedback.Result))
            {
                errors.Add("feedback.result", $"Feedback says what came of it (feedback.result).");
            }
            else if (feedback.Result.Length > 2000)
            {
                errors.Add("feedback.result", $"feedback.result is at most 2000 characters.");
            }
            f = new FeedbackView(feedback.OnMessage, feedback.Result?.Trim());
        }
        else
        {
            template = MessageTemplate.Text;
            if (text is null && files.Count == 0 && attachedBefore == 0)
            {
                errors.Add("text", $"A message needs text, a Warning or Feedback.");
            }
        }
        errors.ThrowIfAny();
        return (template, new Body(text, w, f, report), f?.OnMessage, files);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Open(Channel channel, DateTimeOffset now)
    {
        if (channel.IsClosed(now))
        {
            throw new Conflict($"Channel '{channel.Name}' closed on {channel.ClosedAt ?? channel.EndsAt:yyyy-MM-dd HH:mm} UTC: it is read-only and takes no posts.");
        }
    }

    private static async Task<(Channel, ChannelMessage)> OwnMessageAsync(CordonDb db, Actor actor, Guid channelId, Guid messageId, DateTimeOffset now, CancellationToken ct)
    {
        var channel = await Channels.ReadableAsync(db, actor, channelId, ct);
        var message = await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == channelId, ct)
                      ?? throw new NotFound($"No message {messageId} in channel '{channel.Name}'.");
        if (message.AuthorUserId is null || message.AuthorUserId != actor.UserId)
        {
            throw new Forbidden($"Only the author changes message {messageId}.");
        }
        if (message.DeletedAt is not null)
        {
            throw new Conflict($"Message {messageId} was deleted on {message.DeletedAt:yyyy-MM-dd HH:mm} UTC.");
        }
        Open(channel, now);
        return (channel, message);
    }
}
