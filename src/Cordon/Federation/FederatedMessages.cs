using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>
/// The channel a federated message belongs to, as its sender holds it. <see cref="Home"/> is null when the channel lives at
/// the sender (the receiver keeps a read-only copy of it), or names the installation the sender copied it from (the message
/// is a reply into a channel of that installation).
/// </summary>
public sealed record FederatedChannel(Guid Id, string Kind, string Name, string? Purpose, DateTimeOffset? EndsAt, DateTimeOffset? ClosedAt, Tlp Marking, Caveats Caveats,
    OriginAgency Owner, string? Home);

/// <summary>
/// Messages of channels that have a member agency on the partner installation: each message posted by the agreement's
/// provider in a channel where the agreement's recipient (the partner's agency, represented here) is an active member,
/// under the one access policy like every federated record. Its view is <see cref="MessageView"/> (so the agreement's
/// redactions name its fields) with the channel beside it (<c>channelInfo</c>). A deletion is a new version (the tombstone).
/// </summary>
internal sealed class FederatedMessages : FederatedType
{
    public override string RecordType => RecordTypes.Message;

    /// <summary>The version that travels: an edit raises the message's own, a deletion one more (the tombstone replaces the last body).</summary>
    public static int WireVersion(ChannelMessage m) => m.DeletedAt is null ? m.Version : m.Version + 1;

    public override async Task<List<Guid>> DueAsync(CordonDb db, AccessPolicy policy, Guid partnerId, SharingAgreement a, IReadOnlyCollection<Guid>? only, int limit, CancellationToken ct)
    {
        var sent = Sent(db, partnerId, a.Id);
        var recipient = a.RecipientAgencyId;
        // Only channels the partner's agency is a member of now: removing it stops delivery.
        var channels = db.ChannelMembers.Where(m => m.AgencyId == recipient && m.EndedAt == null && m.UserId == null).Select(m => m.ChannelId);
        var candidates = only is null ? db.ChannelMessages.AsNoTracking() : db.ChannelMessages.AsNoTracking().Where(m => only.Contains(m.Id));
        return await policy.Filter(candidates, RecordType, onward: true)
            .Where(m => m.OwningAgencyId == a.ProviderAgencyId && channels.Contains(m.ChannelId))
            .Where(m => !sent.Any(x => x.RecordId == m.Id.ToString().ToLower() && x.Version == (m.DeletedAt == null ? m.Version : m.Version + 1)))
            .OrderBy(m => m.PostedAt).Select(m => m.Id).Take(limit).ToListAsync(ct);
    }

    public override async Task<List<Outgoing>> LoadAsync(CordonDb db, IReadOnlyList<Guid> ids, SharingAgreement a, AccessPolicy policy, ChannelKeys? keys, CancellationToken ct)
    {
        if (keys is null)
        {
            return [];
        }
        var messages = await db.ChannelMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.PostedAt).ToListAsync(ct);
        var channelIds = messages.Select(m => m.ChannelId).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(x => x.Id, ct);
        // A channel copied from a partner names that partner as its home: the message is a reply that goes back there.
        var homes = await db.FederationAgencies.AsNoTracking().Join(db.FederationPartners, f => f.PartnerId, p => p.Id, (f, p) => new { f.AgencyId, f.RemoteCode, f.RemoteId, p.Name })
            .ToDictionaryAsync(x => x.AgencyId, ct);
        var outgoing = new List<Outgoing>();
        foreach (var m in messages)
        {
            var channel = channels[m.ChannelId];
            var owner = agencies[channel.OwningAgencyId];
            var home = homes.GetValueOrDefault(channel.OwningAgencyId);
            var view = ChannelMessages.FullView(keys, channel, m, agencies.GetValueOrDefault(m.OwningAgencyId)?.Code ?? "?");
            var node = JsonSerializer.SerializeToNode(view, StoredValues.Json)!.AsObject();
            node.Remove("readBy"); // who read it here is not the partner's business
            node.Remove("receivedFrom");
            node["channelInfo"] = JsonSerializer.SerializeToNode(new FederatedChannel(channel.Id, EnumText.Kebab(channel.Kind), channel.Name, channel.Purpose, channel.EndsAt,
                channel.ClosedAt, channel.Marking, channel.Caveats,
                home is null ? new OriginAgency(owner.Id, owner.Code, owner.Name, owner.Country) : new OriginAgency(home.RemoteId ?? Guid.Empty, home.RemoteCode, owner.Name, owner.Country),
                home?.Name), FederationJson.Options);
            outgoing.Add(new Outgoing(new RecordRef(RecordTypes.Message, m.OwningAgencyId, m.Marking, m.Caveats, m.Id.ToString()), WireVersion(m), node));
        }
        return outgoing;
    }

    /// <summary>
    /// The outbox keeps a message's redacted view sealed with its channel's key (bound to the message and the negated wire
    /// version, so it never opens as a message body), as channel_messages keeps it: the words are never in clear in the store.
    /// </summary>
    public override async Task<JsonNode> StoredViewAsync(CordonDb db, Outgoing record, JsonNode redacted, ChannelKeys? keys, CancellationToken ct)
    {
        var channelId = redacted["channelInfo"]!["id"]!.GetValue<Guid>();
        var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == channelId, ct);
        var sealedView = keys!.SealBody(channel, Guid.Parse(record.Ref.RecordId!), -record.Version, redacted.ToJsonString());
        return new JsonObject { ["sealed"] = Convert.ToBase64String(sealedView), ["channel"] = channelId.ToString() };
    }

    /// <summary>
    /// The items' bodies as they are sent: a message's sealed view opened. One whose channel key is gone (its channel purged
    /// by retention meanwhile) or that this node cannot open goes as "withheld", keeping the sequence gapless.
    /// </summary>
    internal static async Task<List<string>> OpenedBodiesAsync(CordonDb db, IReadOnlyList<FederationOutboxItem> items, ChannelKeys? keys, CancellationToken ct)
    {
        var channels = new Dictionary<Guid, Channel?>();
        var bodies = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item.Kind != ItemKinds.Record || item.RecordType != RecordTypes.Message)
            {
                bodies.Add(item.Body);
                continue;
            }
            var node = JsonNode.Parse(item.Body)!.AsObject();
            string? opened = null;
            if (keys is not null && node["view"] is JsonObject view && view["sealed"]?.GetValue<string>() is { } sealedView
                && Guid.TryParse(view["channel"]?.GetValue<string>(), out var channelId))
            {
                if (!channels.TryGetValue(channelId, out var channel))
                {
                    channels[channelId] = channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct);
                }
                try
                {
                    opened = channel is null || channel.PurgedAt is not null ? null
                        : keys.OpenBody(channel, Guid.Parse(item.RecordId!), -node["version"]!.GetValue<int>(), Convert.FromBase64String(sealedView));
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    opened = null;
                }
            }
            if (opened is null)
            {
                bodies.Add(JsonSerializer.Serialize(new FederationItem(item.Sequence, ItemKinds.Withheld), FederationJson.Options));
                continue;
            }
            node["view"] = JsonNode.Parse(opened);
            bodies.Add(node.ToJsonString());
        }
        return bodies;
    }

    /// <summary>The fields of a message view that are its sealed body: never kept in clear in the copy's provenance.</summary>
    internal static readonly string[] BodyFields = ["text", "warning", "feedback", "seizureReport", "attachments", "mentions"];

    /// <summary>Whether a message queued for a partner may still leave: its channel still has the partner's agency as a member.</summary>
    internal static async Task<HashSet<string>> NoLongerMembersAsync(CordonDb db, IReadOnlyList<FederationOutboxItem> items, IReadOnlyDictionary<Guid, SharingAgreement> agreements,
        CancellationToken ct)
    {
        var messageItems = items.Where(i => i.Kind == ItemKinds.Record && i.RecordType == RecordTypes.Message && i.AgreementId is not null).ToList();
        if (messageItems.Count == 0)
        {
            return [];
        }
        var ids = messageItems.Select(i => Guid.TryParse(i.RecordId, out var g) ? g : Guid.Empty).ToList();
        var channelOf = await db.ChannelMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id.ToString(), m => m.ChannelId, ct);
        var channelIds = channelOf.Values.Distinct().ToList();
        var members = (await db.ChannelMembers.AsNoTracking().Where(m => channelIds.Contains(m.ChannelId) && m.EndedAt == null && m.UserId == null)
            .Select(m => new { m.ChannelId, m.AgencyId }).ToListAsync(ct)).Select(m => (m.ChannelId, m.AgencyId)).ToHashSet();
        return messageItems.Where(i => !channelOf.TryGetValue(i.RecordId!, out var channel)
                                       || !agreements.TryGetValue(i.AgreementId!.Value, out var a) || !members.Contains((channel, a.RecipientAgencyId)))
            .Select(i => i.RecordId!).ToHashSet(StringComparer.Ordinal);
    }
}

public static partial class FederationInbox
{
    /// <summary>
    /// A message from a partner. Into a channel of the partner (<see cref="FederatedChannel.Home"/> null): the channel is kept
    /// here as a read-only copy owned by the partner's agency, with our recipient agency as a member, and the message
    /// is sealed with the copy's own key. Into a channel of ours (a reply): the partner's agency must still be a member of it.
    /// </summary>
    private static async Task<bool> ApplyMessageAsync(ApplyContext c, FederationItem item, CancellationToken ct)
    {
        if (c.Keys is null)
        {
            throw new ItemRejected("recordType", "This installation has no messaging key: it does not receive messages.");
        }
        if (await CheckIncomingAsync(c, item, "Message", ct) is not { } incoming)
        {
            return false;
        }
        MessageView view;
        FederatedChannel info;
        try
        {
            view = incoming.View.Deserialize<MessageView>(StoredValues.Json) ?? throw new JsonException("empty view");
            info = (incoming.View.TryGetProperty("channelInfo", out var ci) ? ci.Deserialize<FederatedChannel>(FederationJson.Options) : null)
                   ?? throw new JsonException("no channelInfo");
        }
        catch (JsonException e)
        {
            throw new ItemRejected("view", $"Message {incoming.OriginId}: the view does not read as a message with its channel ({e.Message}).");
        }
        if (!EnumText.TryParse<MessageTemplate>(view.Template, out var template))
        {
            throw new ItemRejected("template", $"Message {incoming.OriginId}: template '{view.Template}' is not known.");
        }
        if (view.Text is { Length: > 8000 } || view.Feedback?.Result is { Length: > 2000 } || info.Name.Length is 0 or > 200 || info.Purpose is { Length: > 1000 }
            || !EnumText.TryParse<ChannelKind>(info.Kind, out var kind))
        {
            throw new ItemRejected("view", $"Message {incoming.OriginId}: a text, feedback, channel name or kind outside its limits.");
        }
        var withheld = $"(withheld by {c.Partner.Name})";
        Channel channel;
        if (info.Home is null)
        {
            channel = await ChannelCopyAsync(c, item, incoming, info, kind, ct);
        }
        else
        {
            var ours = c.Db.Channels.Local.FirstOrDefault(x => x.Id == info.Id) ?? await c.Db.Channels.FirstOrDefaultAsync(x => x.Id == info.Id, ct);
            if (ours is null || await c.Db.FederationAgencies.AnyAsync(f => f.AgencyId == ours.OwningAgencyId, ct))
            {
                throw new ItemRejected("channelInfo.id", $"Message {incoming.OriginId}: there is no channel {info.Id} of this installation.");
            }
            if (!await c.Db.ChannelMembers.AnyAsync(m => m.ChannelId == ours.Id && m.AgencyId == incoming.Owner && m.EndedAt == null && m.UserId == null, ct))
            {
                throw new ItemRejected("channelInfo.id", $"Message {incoming.OriginId}: {item.Origin!.Code} of {c.Partner.Name} is not a member of channel '{ours.Name}' here.");
            }
            if (item.Marking > ours.Marking)
            {
                throw new ItemRejected("marking", $"Message {incoming.OriginId}: marked {item.Marking.Label()}, above channel '{ours.Name}' ({ours.Marking.Label()}).");
            }
            if (ours.ClosedSince(c.Now) is { } closed && incoming.Copy is null && view.PostedAt > closed)
            {
                throw new ItemRejected("channelInfo.id", $"Message {incoming.OriginId}: channel '{ours.Name}' closed before it was posted.");
            }
            channel = ours;
        }
        ChannelMessage message;
        if (incoming.Copy is null)
        {
            message = new ChannelMessage { Id = incoming.Id, ChannelId = channel.Id, Author = "" };
            c.Db.ChannelMessages.Add(message);
        }
        else
        {
            message = c.Db.ChannelMessages.Local.FirstOrDefault(x => x.Id == incoming.Id) ?? await c.Db.ChannelMessages.FirstAsync(x => x.Id == incoming.Id, ct);
            if (message.ChannelId != channel.Id)
            {
                throw new ItemRejected("channelInfo.id", $"Message {incoming.OriginId} belongs to another channel here.");
            }
            if (message.Body is not null && message.Version != view.Version)
            {
                // An edit at the sender: the copy keeps its earlier version, as an edit here does.
                c.Db.ChannelMessageVersions.Add(new ChannelMessageVersion
                {
                    MessageId = message.Id, Version = message.Version, Body = message.Body, PostedAt = message.EditedAt ?? message.PostedAt, Author = message.Author,
                });
            }
            if (view.Deleted)
            {
                c.Db.ChannelMessageVersions.RemoveRange(await c.Db.ChannelMessageVersions.Where(v => v.MessageId == message.Id).ToListAsync(ct));
            }
        }
        message.ReplyToId = view.ReplyTo;
        message.Template = template;
        message.FeedbackOnId = view.Feedback?.OnMessage;
        message.PostedAt = view.PostedAt;
        message.EditedAt = view.EditedAt;
        message.Version = Math.Max(1, view.Version);
        message.DeletedAt = view.Deleted ? view.EditedAt ?? c.Now : null;
        message.DeletedBy = view.Deleted ? $"partner installation {c.Partner.Name}" : null;
        message.AuthorUserId = null; // nobody here edits or deletes it
        message.Author = Clip(view.Author ?? withheld, 200);
        message.OwningAgencyId = incoming.Owner;
        message.Marking = item.Marking;
        // A copy is never passed on, whatever the original allowed.
        message.Caveats = item.Caveats | Caveats.NoOnwardSharing;
        ChannelMessages.SealReceived(c.Keys, channel, message, view);
        // The provenance keeps the view as received less its body: the words are stored only sealed.
        var stripped = JsonNode.Parse(incoming.View.GetRawText())!.AsObject();
        foreach (var field in FederatedMessages.BodyFields)
        {
            stripped.Remove(field);
        }
        Record(c, item, incoming with { View = JsonSerializer.SerializeToElement(stripped) }, message.Caveats);
        c.MessagesApplied = true;
        return true;
    }

    /// <summary>The read-only copy of the sender's channel (created on its first message, its settings following the sender's), with our recipient agency as its member.</summary>
    private static async Task<Channel> ChannelCopyAsync(ApplyContext c, FederationItem item, Incoming incoming, FederatedChannel info, ChannelKind kind, CancellationToken ct)
    {
        var owner = await RepresentationAsync(c, info.Owner, ct);
        var channel = c.Db.Channels.Local.FirstOrDefault(x => x.Id == info.Id) ?? await c.Db.Channels.FirstOrDefaultAsync(x => x.Id == info.Id, ct);
        if (channel is null)
        {
            channel = new Channel
            {
                Id = info.Id, Kind = kind, Name = info.Name, CreatedAt = c.Now, CreatedBy = $"partner installation {c.Partner.Name}", WrappedKey = [], KeyId = c.Keys!.KeyId,
                OwningAgencyId = owner,
            };
            channel.WrappedKey = c.Keys.NewChannelKey(channel.Id);
            c.Db.Channels.Add(channel);
        }
        else if (channel.OwningAgencyId != owner)
        {
            throw new ItemRejected("channelInfo.id", $"Message {incoming.OriginId}: channel {info.Id} exists here and is not {c.Partner.Name}'s.");
        }
        channel.Name = info.Name;
        channel.Purpose = info.Purpose;
        channel.EndsAt = info.EndsAt;
        channel.ClosedAt = info.ClosedAt;
        channel.Marking = info.Marking;
        // Not no-onward-sharing: a reply posted here inherits the channel's caveats and must be able to go back. The copy is
        // never passed on anyway (its owner is the partner's agency, whose agreements are never forwarded), and each received
        // message is no-onward-sharing itself.
        channel.Caveats = info.Caveats;
        // The channel's owner, the message's agency and our agency the agreement names are its members here.
        var mirror = c.Mirrors[incoming.AgreementId];
        foreach (var agency in new[] { owner, incoming.Owner, mirror.RecipientAgencyId }.Distinct())
        {
            var active = c.Db.ChannelMembers.Local.Any(m => m.ChannelId == channel.Id && m.AgencyId == agency && m.EndedAt == null && m.UserId == null)
                         || await c.Db.ChannelMembers.AnyAsync(m => m.ChannelId == channel.Id && m.AgencyId == agency && m.EndedAt == null && m.UserId == null, ct);
            if (!active)
            {
                c.Db.ChannelMembers.Add(new ChannelMember { ChannelId = channel.Id, AgencyId = agency, AddedAt = c.Now, AddedBy = $"partner installation {c.Partner.Name}" });
                AuditLog.Append(c.Db, new AuditEvent(AuditActor.System, "channel.member.add")
                {
                    RecordType = RecordTypes.Message,
                    RecordId = channel.Id.ToString(),
                    RecordAgencyId = owner,
                    Details = new { partner = c.Partner.Name, agency, copy = true },
                });
            }
        }
        return channel;
    }
}
