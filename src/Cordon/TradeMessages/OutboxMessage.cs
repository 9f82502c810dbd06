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
/// <remarks>
/// The CUSRES the intake writes with each message's record are stored as what they are made from (who answers, the
/// syntax, the document, the record and its version, the errors) and their text is made when read
/// (<see cref="Content"/>): the same bytes every time, without writing ≈ 300 characters per message in the
/// intake's transaction. CONTRLs (one per interchange), the later lane and release answers, answers whose parts do
/// not fit the columns, and the answers stored before decision 021's round 4 keep their text
/// (<see cref="StoredContent"/>).
/// </remarks>
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
    /// <summary>The declaration number the message carried, when it could be read (for a CUSCAR, the bill's reference).</summary>
    public string? DeclarationNumber { get; set; }
    /// <summary>The stored declaration, when the message was accepted.</summary>
    public Guid? DeclarationId { get; set; }
    /// <summary>SHA-256 (hex) of what is answered and the state: the same content answered twice is one answer.</summary>
    public required string AnswerKey { get; set; }
    /// <summary>The answer's text as stored, when it is not made from the columns below (see the remarks).</summary>
    public string? StoredContent { get; set; }
    /// <summary>The answering agency's code, the answer's UNB sender (made answers).</summary>
    public string? AnsweredBy { get; set; }
    /// <summary>UNB 0001 and 0002 of the interchange answered, which the answer is written in (made answers).</summary>
    public string? SyntaxIdentifier { get; set; }
    public string? SyntaxVersion { get; set; }
    /// <summary>BGM 1001 of the message answered (made answers).</summary>
    public string? DocumentCode { get; set; }
    /// <summary>The pre-arrival consignment a CUSCAR bill became, when accepted (made answers).</summary>
    public Guid? ConsignmentId { get; set; }
    /// <summary>The stored record's version (made answers).</summary>
    public int? Version { get; set; }
    /// <summary>The errors the answer reports, compactly (<see cref="AnswerErrors"/>); none when it reports none (made answers).</summary>
    public string? Errors { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The answer as an interchange (UNA … UNZ): as stored, or made from what it was made from. Setting it stores the text.</summary>
    public string Content
    {
        get => StoredContent ?? CustomsResponse.Write(this);
        set => StoredContent = value;
    }
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
        b.Property(m => m.Recipient).HasMaxLength(OutboxLimits.Recipient);
        b.Property(m => m.InterchangeReference).HasMaxLength(OutboxLimits.Reference);
        b.Property(m => m.MessageReference).HasMaxLength(OutboxLimits.Reference);
        b.Property(m => m.DeclarationNumber).HasMaxLength(Declarations.DeclarationLimits.Number);
        b.Property(m => m.AnswerKey).HasMaxLength(64);
        // The column keeps its name: the answers stored before round 4 keep their text where it was.
        b.Property(m => m.StoredContent).HasColumnName("Content");
        b.Property(m => m.AnsweredBy).HasMaxLength(OutboxLimits.Recipient);
        b.Property(m => m.SyntaxIdentifier).HasMaxLength(4);
        b.Property(m => m.SyntaxVersion).HasMaxLength(1);
        b.Property(m => m.DocumentCode).HasMaxLength(OutboxLimits.DocumentCode);
        b.Ignore(m => m.Content);
    }
}

/// <summary>How long the outbox's columns are: an answer whose parts are longer keeps its text instead.</summary>
internal static class OutboxLimits
{
    public const int Recipient = 35;
    public const int Reference = 14;
    public const int DocumentCode = 3;
}
