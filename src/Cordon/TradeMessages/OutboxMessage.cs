using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.TradeMessages;

/// <summary>Kinds of answer Cordon sends to a trader's system.</summary>
public static class AnswerKinds
{
    /// <summary>The syntax acknowledgement of an interchange.</summary>
    public const string Contrl = "CONTRL";
    /// <summary>The customs response to one message.</summary>
    public const string Cusres = "CUSRES";
}

/// <summary>The state a CUSRES reports.</summary>
public static class AnswerStates
{
    public const string Acknowledged = "acknowledged";
    public const string Rejected = "rejected";
    public const string Accepted = "accepted";
    /// <summary>Red lane: selected for physical inspection.</summary>
    public const string Physical = "physical";
    /// <summary>Yellow lane: selected for documentary check.</summary>
    public const string Documentary = "documentary";
    /// <summary>Released without control (green, blue), after an inspection, or after payment.</summary>
    public const string Released = "released";
    /// <summary>The inspection decided release after payment of what it raised.</summary>
    public const string PaymentDue = "payment-due";
    public const string Detained = "detained";
    public const string Seized = "seized";
}

/// <summary>
/// One answer waiting for the sender of a trade message: a CONTRL for an interchange or a CUSRES for a message,
/// as UN/EDIFACT text. Kept in the receiving agency's outbox in the order written (<see cref="Sequence"/> counts
/// per agency), once per state: the same interchange sent again finds its answers by <see cref="AnswerKey"/>
/// instead of getting new ones.
/// </summary>
public sealed class OutboxMessage : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>1, 2, 3 … per agency: the order in which the sender's system should read its answers.</summary>
    public long Sequence { get; set; }
    /// <summary>CONTRL or CUSRES.</summary>
    public required string Kind { get; set; }
    /// <summary>acknowledged or rejected (CONTRL); accepted or rejected, then the clearance states of <see cref="AnswerStates"/> (CUSRES).</summary>
    public required string State { get; set; }
    /// <summary>The sender of the interchange answered (UNB interchange sender), to whom this goes.</summary>
    public required string Recipient { get; set; }
    /// <summary>The answered interchange's control reference (UNB 0020).</summary>
    public required string InterchangeReference { get; set; }
    /// <summary>The answered message's reference (UNH 0062); none for a CONTRL.</summary>
    public string? MessageReference { get; set; }
    /// <summary>The declaration number the message carried, when it could be read.</summary>
    public string? DeclarationNumber { get; set; }
    /// <summary>The stored declaration, when the message was accepted.</summary>
    public Guid? DeclarationId { get; set; }
    /// <summary>SHA-256 (hex) of what is answered and the state: the same content answered twice is one answer.</summary>
    public required string AnswerKey { get; set; }
    /// <summary>The answer as an interchange (UNA … UNZ).</summary>
    public required string Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("trade_message_outbox");
        b.HasIndex(m => new { m.OwningAgencyId, m.Sequence }).IsUnique();
        b.HasIndex(m => new { m.OwningAgencyId, m.AnswerKey }).IsUnique();
        b.Property(m => m.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Kind).HasMaxLength(8);
        b.Property(m => m.State).HasMaxLength(16);
        b.Property(m => m.Recipient).HasMaxLength(35);
        b.Property(m => m.InterchangeReference).HasMaxLength(14);
        b.Property(m => m.MessageReference).HasMaxLength(14);
        b.Property(m => m.DeclarationNumber).HasMaxLength(Declarations.DeclarationLimits.Number);
        b.Property(m => m.AnswerKey).HasMaxLength(64);
    }
}
