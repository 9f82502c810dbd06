using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Messaging;

/// <summary>What a channel belongs to: an operation, a case or an incident, or a closed user group standing alone.</summary>
public enum ChannelKind
{
    Operation,
    Case,
    Incident,
    Group,
}

/// <summary>The structured form of a message: plain text, a Warning, Feedback on an earlier message, or a Seizure report filled from a recorded seizure.</summary>
public enum MessageTemplate
{
    Text,
    Warning,
    Feedback,
    SeizureReport,
}

/// <summary>
/// A closed, encrypted channel between agencies: its members read and post; nobody else sees it. Its key
/// (<see cref="WrappedKey"/>) encrypts every body and is itself encrypted by the server key (<see cref="ChannelKeys"/>).
/// </summary>
public sealed class Channel : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public ChannelKind Kind { get; set; }
    /// <summary>The operation, case or incident the channel belongs to (null for a standalone group).</summary>
    public Guid? LinkId { get; set; }
    public required string Name { get; set; }
    public string? Purpose { get; set; }
    /// <summary>The channel closes at this instant: read-only afterwards, kept as the operation's record.</summary>
    public DateTimeOffset? EndsAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>
    /// When retention deleted the channel's messages, their versions and receipts and destroyed its key
    /// (<see cref="ChannelRetention"/>); the channel and its membership history stay, the audit log keeps the rest.
    /// </summary>
    public DateTimeOffset? PurgedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The channel's AES-256 key, sealed with the server key (nonce, tag, ciphertext).</summary>
    public required byte[] WrappedKey { get; set; }
    /// <summary>Which server key wrapped it (so a rotated key can re-wrap the old ones).</summary>
    public required string KeyId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; }

    public bool IsClosed(DateTimeOffset now) => ClosedAt is not null || (EndsAt is { } end && now >= end);

    /// <summary>When the channel closed (its owner's close, or its end date once passed); null while it is open.</summary>
    public DateTimeOffset? ClosedSince(DateTimeOffset now) => ClosedSince(ClosedAt, EndsAt, now);

    internal static DateTimeOffset? ClosedSince(DateTimeOffset? closedAt, DateTimeOffset? endsAt, DateTimeOffset now)
    {
        DateTimeOffset? ended = endsAt is { } end && now >= end ? end : null;
        return closedAt is { } closed && (ended is null || closed < ended) ? closed : ended;
    }
}

/// <summary>
/// An agency in a channel, or one user of it (<see cref="UserId"/> set): rows are never deleted, a member who
/// leaves or is removed keeps the row with when and by whom, so the membership's history stays readable.
/// </summary>
public sealed class ChannelMember
{
    public long Id { get; set; }
    public Guid ChannelId { get; set; }
    public Guid AgencyId { get; set; }
    public Guid? UserId { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    /// <summary>How the membership ended: "left" or "removed".</summary>
    public string? EndReason { get; set; }
}

/// <summary>
/// One message of a channel, owned by the poster's agency, with its own marking (never above the channel's) and caveats.
/// The body (text and template fields) is stored only encrypted with the channel's key; a deleted message keeps its row
/// without a body (the tombstone).
/// </summary>
public sealed class ChannelMessage : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ChannelId { get; set; }
    public Guid? ReplyToId { get; set; }
    public MessageTemplate Template { get; set; }
    /// <summary>For Feedback: the message it answers (an id, readable by other features without the key).</summary>
    public Guid? FeedbackOnId { get; set; }
    /// <summary>AES-GCM sealed JSON of the message body (text, Warning, Feedback); null once deleted.</summary>
    public byte[]? Body { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset PostedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }
    public Guid? AuthorUserId { get; set; }
    public required string Author { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; }
}

/// <summary>An earlier version of an edited message, sealed as the message was.</summary>
public sealed class ChannelMessageVersion
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public int Version { get; set; }
    public required byte[] Body { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public required string Author { get; set; }
}

/// <summary>
/// A file attached to a message: only its bytes, sealed with the channel's key and bound to the message and attachment. What
/// describes it (name, type, size, SHA-256) is sealed in the message's body, so the store shows neither name nor content.
/// </summary>
public sealed class ChannelAttachment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MessageId { get; set; }
    public Guid ChannelId { get; set; }
    /// <summary>AES-GCM sealed content (nonce, tag, ciphertext).</summary>
    public required byte[] Content { get; set; }
}

/// <summary>A user has read a message (one row per user and message).</summary>
public sealed class MessageReceipt
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid UserId { get; set; }
    public Guid AgencyId { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> b)
    {
        b.ToTable("channels");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Purpose).HasMaxLength(1000);
        b.Property(c => c.CreatedBy).HasMaxLength(200);
        b.Property(c => c.KeyId).HasMaxLength(32);
        b.HasIndex(c => new { c.Kind, c.LinkId });
    }
}

internal sealed class ChannelMemberConfiguration : IEntityTypeConfiguration<ChannelMember>
{
    public void Configure(EntityTypeBuilder<ChannelMember> b)
    {
        b.ToTable("channel_members");
        b.Property(m => m.AddedBy).HasMaxLength(200);
        b.Property(m => m.EndedBy).HasMaxLength(200);
        b.Property(m => m.EndReason).HasMaxLength(16);
        b.HasIndex(m => new { m.ChannelId, m.AgencyId });
        b.HasIndex(m => m.AgencyId);
    }
}

internal sealed class ChannelMessageConfiguration : IEntityTypeConfiguration<ChannelMessage>
{
    public void Configure(EntityTypeBuilder<ChannelMessage> b)
    {
        b.ToTable("channel_messages");
        b.Property(m => m.Template).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Author).HasMaxLength(200);
        b.Property(m => m.DeletedBy).HasMaxLength(200);
        b.HasIndex(m => new { m.ChannelId, m.PostedAt });
    }
}

internal sealed class ChannelMessageVersionConfiguration : IEntityTypeConfiguration<ChannelMessageVersion>
{
    public void Configure(EntityTypeBuilder<ChannelMessageVersion> b)
    {
        b.ToTable("channel_message_versions");
        b.Property(v => v.Author).HasMaxLength(200);
        b.HasIndex(v => new { v.MessageId, v.Version }).IsUnique();
    }
}

internal sealed class ChannelAttachmentConfiguration : IEntityTypeConfiguration<ChannelAttachment>
{
    public void Configure(EntityTypeBuilder<ChannelAttachment> b)
    {
        b.ToTable("channel_attachments");
        b.HasIndex(a => a.MessageId);
        b.HasIndex(a => a.ChannelId);
    }
}

internal sealed class MessageReceiptConfiguration : IEntityTypeConfiguration<MessageReceipt>
{
    public void Configure(EntityTypeBuilder<MessageReceipt> b)
    {
        b.ToTable("message_receipts");
        b.HasIndex(r => new { r.MessageId, r.UserId }).IsUnique();
        b.HasIndex(r => new { r.ChannelId, r.UserId });
    }
}
