using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Messaging;

public sealed record ChannelInput(string? Kind, Guid? LinkId, string? Name, string? Purpose, DateTimeOffset? EndsAt, string? Marking, string[]? Caveats, string[]? Members);

/// <summary>An agency to add (by code), optionally only one of its users (by user name).</summary>
public sealed record MemberInput(string? Agency, string? User);

/// <summary>A membership row; the names of who added or ended it, and of a member user, are shown to their own agency only.</summary>
public sealed record MemberView(string Agency, string? User, DateTimeOffset AddedAt, string? AddedBy, DateTimeOffset? EndedAt, string? EndedBy, string? EndReason);

public sealed record ChannelView(Guid Id, string Kind, Guid? LinkId, string Name, string? Purpose, DateTimeOffset? EndsAt, bool Closed, string Agency, string Marking,
    string[] Caveats, List<MemberView> Members, int Messages, int Unread, DateTimeOffset? LastMessageAt)
{
    /// <summary>When retention deleted its messages (the channel and its members stay); null until then.</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    /// <summary>Whether the reader may add and remove members and close it (<see cref="Channels.MayManage"/>), while it is open.</summary>
    public bool MayManage { get; init; }

    /// <summary>
    /// For a copy of a partner installation's channel: that installation (its settings and members are managed there; members
    /// here read and reply). Null for a channel of this installation.
    /// </summary>
    public string? ReceivedFrom { get; init; }
}

/// <summary>
/// Channels between agencies: created by an agency for an operation, a case, an incident or as a closed group; members
/// are agencies (or single users of them); only members see a channel at all. A member abroad from the channel's owner is
/// admitted only while an agreement from the owner covering messages is in force. Every change of membership is kept
/// (rows are ended, never deleted) and audited.
/// </summary>
public static class Channels
{
    /// <summary>Who may create channels and manage their members: the owning agency's officers and above.</summary>
    private const Roles Managers = Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin | Roles.Analyst;

    public static async Task<ChannelView> CreateAsync(CordonDb db, Actor actor, ChannelKeys keys, ChannelInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        if (actor.AgencyId is not { } owner || (actor.Roles & Managers) == 0)
        {
            throw new Forbidden($"Creating a channel needs a user or key of an agency with the officer, analyst, supervisor or agency-admin role.");
        }
        var errors = new FieldErrors();
        if (!EnumText.TryParse(input.Kind, out ChannelKind kind))
        {
            errors.Add("kind", $"Channel kind '{input.Kind}' is not known: use operation, case, incident or group.");
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", $"A channel needs a name of 1 to 200 characters.");
        }
        if (kind != ChannelKind.Group && input.LinkId is null)
        {
            errors.Add("linkId", $"A channel of kind {kind.ToString().ToLowerInvariant()} names the record it belongs to (linkId).");
        }
        if (kind == ChannelKind.Group && (string.IsNullOrWhiteSpace(input.Purpose) || input.EndsAt is null))
        {
            errors.Add("purpose", $"A closed user group states its purpose and its end date (endsAt).");
        }
        if (input.EndsAt is { } end && end <= now)
        {
            errors.Add("endsAt", $"The end date {end:u} has already passed.");
        }
        if (input.Purpose?.Length > 1000)
        {
            errors.Add("purpose", $"The purpose is longer than 1000 characters.");
        }
        errors.ThrowIfAny();
        if (kind != ChannelKind.Group && !await LinkExistsAsync(db, kind, input.LinkId!.Value, ct))
        {
            throw ValidationFailed.Field("linkId", $"No {kind.ToString().ToLowerInvariant()} {input.LinkId}.");
        }
        var channel = new Channel
        {
            Kind = kind, LinkId = input.LinkId, Name = name, Purpose = input.Purpose?.Trim(), EndsAt = input.EndsAt, CreatedAt = now, CreatedBy = actor.Name,
            OwningAgencyId = owner, Marking = Markings.Parse(input.Marking ?? "TLP:AMBER"), Caveats = Markings.ParseCaveats(input.Caveats ?? []),
            WrappedKey = [], KeyId = keys.KeyId,
        };
        channel.WrappedKey = keys.NewChannelKey(channel.Id);
        db.Channels.Add(channel);
        db.ChannelMembers.Add(new ChannelMember { ChannelId = channel.Id, AgencyId = owner, AddedAt = now, AddedBy = actor.Name });
        AuditLog.Append(db, actor, "channel.member.join", RecordTypes.Message, channel.Id.ToString(), owner, new { agency = owner, by = actor.Name });
        foreach (var code in input.Members ?? [])
        {
            await AddMemberCoreAsync(db, actor, channel, new MemberInput(code, null), now, ct);
        }
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, actor, channel, now, ct);
    }

    /// <summary>The channel if the actor may read it; otherwise not found, whether it exists or not (a non-member learns nothing).</summary>
    public static async Task<Channel> ReadableAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (channel is null || !(actor.Kind == ActorKind.LocalOperator || await IsMemberAsync(db, actor, id, ct)))
        {
            throw new NotFound($"No channel {id} that you are a member of.");
        }
        return channel;
    }

    public static Task<bool> IsMemberAsync(CordonDb db, Actor actor, Guid channelId, CancellationToken ct)
        => Members(db, actor).AnyAsync(m => m.ChannelId == channelId, ct);

    /// <summary>The active membership rows that let the actor in: its agency's, or its own as a user.</summary>
    private static IQueryable<ChannelMember> Members(CordonDb db, Actor actor)
    {
        var agency = actor.AgencyId ?? Guid.Empty;
        var user = actor.UserId;
        return db.ChannelMembers.Where(m => m.EndedAt == null && m.AgencyId == agency && (m.UserId == null || m.UserId == user));
    }

    /// <summary>The channels the actor is a member of (every channel for the local operator).</summary>
    internal static async Task<List<Channel>> OfAsync(CordonDb db, Actor actor, CancellationToken ct) => actor.Kind == ActorKind.LocalOperator
        ? await db.Channels.AsNoTracking().ToListAsync(ct)
        : await db.Channels.AsNoTracking().Where(c => Members(db, actor).Any(m => m.ChannelId == c.Id)).ToListAsync(ct);

    /// <summary>The channels the actor is a member of, with message and unread counts (newest activity first).</summary>
    public static async Task<List<ChannelView>> ListAsync(CordonDb db, Actor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var channels = await OfAsync(db, actor, ct);
        // One policy for the whole list: its agreements are read once, not once per channel.
        var reader = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, ct);
        var views = new List<ChannelView>();
        foreach (var channel in channels)
        {
            views.Add(await ViewAsync(db, actor, channel, now, ct, reader));
        }
        return views.OrderByDescending(v => v.LastMessageAt ?? DateTimeOffset.MinValue).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest channel of an operation, case or incident that the actor is a member of; null when there is none it may see.</summary>
    public static async Task<ChannelView?> OfRecordAsync(CordonDb db, Actor actor, ChannelKind kind, Guid linkId, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = (await OfAsync(db, actor, ct)).Where(c => c.Kind == kind && c.LinkId == linkId).OrderByDescending(c => c.CreatedAt).FirstOrDefault();
        return channel is null ? null : await ViewAsync(db, actor, channel, now, ct);
    }

    /// <summary>Whether the actor may start channels (an agency's officers, analysts, supervisors and admins).</summary>
    public static bool MayStart(Actor actor) => actor.AgencyId is not null && (actor.Roles & Managers) != 0;

    public static async Task<ChannelView> GetAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
        => await ViewAsync(db, actor, await ReadableAsync(db, actor, id, ct), now, ct);

    private static async Task<ChannelView> ViewAsync(CordonDb db, Actor actor, Channel channel, DateTimeOffset now, CancellationToken ct, AccessPolicy? reader = null)
    {
        var agencies = await AgencyCodes.ByIdAsync(db, ct);
        var memberRows = await db.ChannelMembers.AsNoTracking().Where(m => m.ChannelId == channel.Id).OrderBy(m => m.Id).ToListAsync(ct);
        var userIds = memberRows.Where(m => m.UserId is not null).Select(m => m.UserId!.Value).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        // Who added or removed a member, and member users, are people of one agency: named to that agency (and the owner) only.
        bool Named(Guid agency) => actor.Kind == ActorKind.LocalOperator || actor.AgencyId == agency;
        var messages = db.ChannelMessages.Where(m => m.ChannelId == channel.Id);
        var count = await messages.CountAsync(ct);
        var last = count == 0 ? (DateTimeOffset?)null : await messages.MaxAsync(m => m.PostedAt, ct);
        var unread = actor.UserId is null ? 0
            : await ChannelMessages.UnreadCountAsync(db, reader ?? await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, ct), channel.Id, ct);
        return new ChannelView(channel.Id, channel.Kind.ToString().ToLowerInvariant(), channel.LinkId, channel.Name, channel.Purpose, channel.EndsAt,
            channel.IsClosed(now),
            agencies.GetValueOrDefault(channel.OwningAgencyId, "?"), channel.Marking.Label(), CaveatText.Names(channel.Caveats),
            memberRows.Select(m => new MemberView(agencies.GetValueOrDefault(m.AgencyId, "?"), m.UserId is { } u && Named(m.AgencyId) ? users.GetValueOrDefault(u) : null,
                m.AddedAt, Named(channel.OwningAgencyId) ? m.AddedBy : null, m.EndedAt, m.EndedBy is { } by && (Named(channel.OwningAgencyId) || Named(m.AgencyId)) ? by : null,
                m.EndReason)).ToList(),
            count, unread, last)
        {
            PurgedAt = channel.PurgedAt, MayManage = MayManage(actor, channel.OwningAgencyId) && !channel.IsClosed(now),
            ReceivedFrom = await db.FederationAgencies.AsNoTracking().Where(f => f.AgencyId == channel.OwningAgencyId)
                .Join(db.FederationPartners, f => f.PartnerId, p => p.Id, (f, p) => p.Name).FirstOrDefaultAsync(ct),
        };
    }

    public static async Task<ChannelView> AddMemberAsync(CordonDb db, Actor actor, Guid id, MemberInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = await ManagedAsync(db, actor, id, now, ct);
        await AddMemberCoreAsync(db, actor, channel, input, now, ct);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, actor, channel, now, ct);
    }

    private static async Task AddMemberCoreAsync(CordonDb db, Actor actor, Channel channel, MemberInput input, DateTimeOffset now, CancellationToken ct)
    {
        var code = input.Agency?.Trim() ?? "";
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct)
                     ?? throw ValidationFailed.Field("agency", $"No agency with code '{code}'.");
        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(input.User))
        {
            var name = input.User.Trim();
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name && u.AgencyId == agency.Id, ct)
                       ?? throw ValidationFailed.Field("user", $"No user '{name}' in agency {code}.");
            userId = user.Id;
        }
        var owner = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == channel.OwningAgencyId, ct);
        if (Abroad(owner, agency))
        {
            // A partner abroad joins only under an agreement of the owner covering messages with it, in force now.
            var agreements = await db.SharingAgreements.AsNoTracking()
                .Where(a => a.ProviderAgencyId == owner.Id && a.RecipientAgencyId == agency.Id).ToListAsync(ct);
            if (!agreements.Any(a => a.InForce(now) && a.RecordTypes.Contains(RecordTypes.Message)))
            {
                throw ValidationFailed.Field("agency", $"{code} is abroad: it can join {owner.Code}'s channel only under an agreement in force from {owner.Code} to {code} that covers message records.");
            }
        }
        var active = db.ChannelMembers.Local.Where(m => m.ChannelId == channel.Id && m.EndedAt == null)
            .Concat(await db.ChannelMembers.Where(m => m.ChannelId == channel.Id && m.EndedAt == null).ToListAsync(ct)).Distinct();
        if (active.Any(m => m.AgencyId == agency.Id && (m.UserId == null || m.UserId == userId)))
        {
            var who = userId is null ? code : code + " " + input.User!.Trim();
            throw new Conflict($"{who} is already a member of channel '{channel.Name}'.");
        }
        db.ChannelMembers.Add(new ChannelMember { ChannelId = channel.Id, AgencyId = agency.Id, UserId = userId, AddedAt = now, AddedBy = actor.Name });
        AuditLog.Append(db, actor, "channel.member.add", RecordTypes.Message, channel.Id.ToString(), channel.OwningAgencyId,
            new { agency = code, user = input.User?.Trim() });
    }

    /// <summary>The owner removes a member (an agency, or one user of it): the row is ended, not deleted.</summary>
    public static async Task<ChannelView> RemoveMemberAsync(CordonDb db, Actor actor, Guid id, MemberInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = await ManagedAsync(db, actor, id, now, ct);
        var code = input.Agency?.Trim() ?? "";
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct)
                     ?? throw ValidationFailed.Field("agency", $"No agency with code '{code}'.");
        if (agency.Id == channel.OwningAgencyId && string.IsNullOrWhiteSpace(input.User))
        {
            throw ValidationFailed.Field("agency", $"{code} owns channel '{channel.Name}' and stays its member: close the channel instead.");
        }
        var rows = await db.ChannelMembers.Where(m => m.ChannelId == id && m.AgencyId == agency.Id && m.EndedAt == null).ToListAsync(ct);
        var userName = input.User?.Trim();
        if (!string.IsNullOrEmpty(userName))
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName && u.AgencyId == agency.Id, ct);
            rows = rows.Where(r => r.UserId == user?.Id).ToList();
        }
        if (rows.Count == 0)
        {
            var who = string.IsNullOrEmpty(userName) ? code : code + " " + userName;
            throw new NotFound($"{who} is not a member of channel '{channel.Name}'.");
        }
        End(rows, actor, now, "removed");
        AuditLog.Append(db, actor, "channel.member.remove", RecordTypes.Message, id.ToString(), channel.OwningAgencyId, new { agency = code, user = userName });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, actor, channel, now, ct);
    }

    /// <summary>A member leaves: a user's own membership, or (no user membership) the whole agency's. The owner cannot leave its channel.</summary>
    public static async Task LeaveAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = await ReadableAsync(db, actor, id, ct);
        var rows = await Members(db, actor).Where(m => m.ChannelId == id).ToListAsync(ct);
        var own = rows.Where(r => r.UserId != null).ToList();
        if (own.Count == 0 && actor.AgencyId == channel.OwningAgencyId)
        {
            throw ValidationFailed.Field("channel", $"Your agency owns channel '{channel.Name}': close it instead of leaving.");
        }
        End(own.Count > 0 ? own : rows, actor, now, "left");
        AuditLog.Append(db, actor, "channel.member.leave", RecordTypes.Message, id.ToString(), channel.OwningAgencyId, new { user = own.Count > 0 ? actor.Name : null });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The owner closes the channel before its end date: read-only from now on.</summary>
    public static async Task<ChannelView> CloseAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var channel = await ManagedAsync(db, actor, id, now, ct);
        channel.ClosedAt = now;
        AuditLog.Append(db, actor, "channel.close", RecordTypes.Message, id.ToString(), channel.OwningAgencyId);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, actor, channel, now, ct);
    }

    private static void End(IEnumerable<ChannelMember> rows, Actor actor, DateTimeOffset now, string reason)
    {
        foreach (var row in rows)
        {
            row.EndedAt = now;
            row.EndedBy = actor.Name;
            row.EndReason = reason;
        }
    }

    /// <summary>A channel the actor's agency owns and that is still open, for a change of its members or state.</summary>
    private static async Task<Channel> ManagedAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var channel = await ReadableAsync(db, actor, id, ct);
        if (!MayManage(actor, channel.OwningAgencyId))
        {
            throw new Forbidden($"Only the owning agency's officers, analysts, supervisors and admins manage channel '{channel.Name}'.");
        }
        if (channel.IsClosed(now))
        {
            throw new Conflict($"Channel '{channel.Name}' is closed: it is read-only.");
        }
        return channel;
    }

    /// <summary>The one rule of who manages a channel (members, closing): the owning agency's officers, analysts, supervisors and admins, and the local operator.</summary>
    public static bool MayManage(Actor actor, Guid owningAgency)
        => actor.Kind == ActorKind.LocalOperator || (actor.AgencyId == owningAgency && (actor.Roles & Managers) != 0);

    /// <summary>The reader's agency is abroad as seen from the owner: a partner administration abroad, or an agency of another country.</summary>
    internal static bool Abroad(Agency owner, Agency other)
        => owner.Id != other.Id && (other.Kind == AgencyKind.PartnerCustomsAbroad || owner.Kind == AgencyKind.PartnerCustomsAbroad
                                    || !owner.Country.Equals(other.Country, StringComparison.OrdinalIgnoreCase));

    private static async Task<bool> LinkExistsAsync(CordonDb db, ChannelKind kind, Guid id, CancellationToken ct) => kind switch
    {
        ChannelKind.Operation => await db.Operations.AnyAsync(o => o.Id == id, ct),
        ChannelKind.Case => await db.Cases.AnyAsync(c => c.Id == id, ct),
        ChannelKind.Incident => await db.Incidents.AnyAsync(i => i.Id == id, ct),
        _ => true,
    };
}
