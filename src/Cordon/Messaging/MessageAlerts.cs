using System.Text.RegularExpressions;
using Cordon.Alerting;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Messaging;

/// <summary>Alert kinds a message raises, for the users' alert subscriptions.</summary>
public static class MessageAlertKinds
{
    /// <summary>A Warning was posted in a channel of the subscriber's agency.</summary>
    public const string Warning = "message.warning";
    /// <summary>The subscriber was mentioned (@user) in a message; a personal subscription hears only its own user's mentions.</summary>
    public const string Mention = "message.mention";
}

/// <summary>
/// What a post tells people beyond the conversation: the members it mentions (@user name), and an alert for a Warning and for
/// the mentions, raised with the message (one unit of work) and fanned out through the users' alert subscriptions like every
/// alert. The alerts quote nothing sealed — only the channel — so the store keeps no plaintext of a message; they carry
/// the message's marking and caveats and are addressed only to member agencies that may read the message.
/// </summary>
public static partial class MessageAlerts
{
    /// <summary>The lower-case user names written as @name in a text (an e-mail address is not a mention).</summary>
    public static List<string> MentionedNames(string? text)
        => text is null ? [] : MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', '-').ToLowerInvariant()).Where(n => n.Length >= 2).Distinct().ToList();

    /// <summary>The mentioned users who are members of the channel (their agency is, or they are by name), active.</summary>
    public static async Task<List<(Guid Id, string Name, Guid Agency)>> MembersNamedAsync(CordonDb db, Guid channelId, string? text, CancellationToken ct)
    {
        var names = MentionedNames(text);
        if (names.Count == 0)
        {
            return [];
        }
        var members = await db.ChannelMembers.AsNoTracking().Where(m => m.ChannelId == channelId && m.EndedAt == null).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName) && !u.Disabled)
            .Select(u => new { u.Id, u.UserName, u.AgencyId }).ToListAsync(ct);
        return users.Where(u => members.Any(m => m.AgencyId == u.AgencyId && (m.UserId == null || m.UserId == u.Id)))
            .OrderBy(u => names.IndexOf(u.UserName)).Select(u => (u.Id, u.UserName, u.AgencyId)).ToList();
    }

    /// <summary>Raises the Warning's and the mentions' alerts for a message being posted (the caller saves them with it).</summary>
    internal static async Task RaiseAsync(CordonDb db, Actor actor, Channel channel, ChannelMessage message, IReadOnlyList<(Guid Id, string Name, Guid Agency)> mentioned,
        Func<ChannelMessage, Guid, Task<bool>> mayRead, CancellationToken ct)
    {
        if (message.Template == MessageTemplate.Warning)
        {
            var members = await db.ChannelMembers.AsNoTracking().Where(m => m.ChannelId == channel.Id && m.EndedAt == null).Select(m => m.AgencyId).Distinct().ToListAsync(ct);
            var readers = new List<Guid>();
            foreach (var agency in members)
            {
                if (await mayRead(message, agency))
                {
                    readers.Add(agency);
                }
            }
            Raise(db, channel, message, MessageAlertKinds.Warning, $"Warning posted in channel '{channel.Name}'", AlertSeverity.High, readers, null);
        }
        var told = new List<(Guid Id, string Name, Guid Agency)>();
        foreach (var user in mentioned.Where(u => u.Id != actor.UserId))
        {
            if (await mayRead(message, user.Agency))
            {
                told.Add(user);
            }
        }
        if (told.Count > 0)
        {
            Raise(db, channel, message, MessageAlertKinds.Mention, $"Mentioned in channel '{channel.Name}'", AlertSeverity.Medium, told.Select(u => u.Agency).Distinct().ToList(),
                told.Select(u => u.Id).ToArray());
        }
    }

    /// <summary>Whether a personal subscription hears this alert: a mention only for the user mentioned; every other alert as its filters say.</summary>
    public static bool Concerns(Alert alert, Guid? subscriber)
        => alert.Kind != MessageAlertKinds.Mention || subscriber is not { } user || alert.Data.Contains(user.ToString(), StringComparison.Ordinal);

    private static void Raise(CordonDb db, Channel channel, ChannelMessage message, string kind, string title, AlertSeverity severity, List<Guid> recipients,
        Guid[]? mentioned)
    {
        if (recipients.Count == 0)
        {
            return;
        }
        Alerts.Raise(db, new AlertDraft(kind, title, message.OwningAgencyId, message.Marking)
        {
            RecordType = RecordTypes.Message,
            RecordId = message.Id.ToString(),
            Caveats = message.Caveats,
            Severity = severity,
            Summary = $"Open the channel to read it: /messages?channel={channel.Id}",
            Data = new { channel = channel.Id, message = message.Id, mentioned },
            Recipients = recipients,
            // Raised by Cordon, not by the author: who wrote a message is personal and sealed with it (the sharing crawler found the name here).
        });
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}._@-])@([\p{L}\p{N}][\p{L}\p{N}._-]{1,63})")]
    private static partial Regex MentionPattern();
}
