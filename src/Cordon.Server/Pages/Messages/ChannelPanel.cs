using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;

namespace Cordon.Server.Pages.Messages;

/// <summary>
/// The channel panel of an operation, case or incident page: its channel's latest messages (as the reader may see them) and a
/// post form when the reader's agency is a member, or the action to start one when it may.
/// </summary>
public sealed record ChannelPanel(string Kind, Guid LinkId, string Name, string ReturnTo, ChannelView? Channel, List<MessageView> Latest, bool MayStart)
{
    /// <summary>How many of the latest messages the panel shows; the whole conversation is on the messaging page.</summary>
    public const int Shown = 5;

    public static async Task<ChannelPanel> LoadAsync(HttpContext http, CordonDb db, ChannelKeys keys, ChannelKind kind, Guid linkId, string name, DateTimeOffset now,
        CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        var channel = await Channels.OfRecordAsync(db, actor, kind, linkId, now, ct);
        var latest = channel is null ? [] : (await ChannelMessages.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), keys, channel.Id, ct)).TakeLast(Shown).ToList();
        return new ChannelPanel(kind.ToString().ToLowerInvariant(), linkId, name, http.Request.Path, channel, latest, channel is null && Channels.MayStart(actor));
    }
}
