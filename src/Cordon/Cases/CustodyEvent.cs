using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

public enum CustodyKind
{
    /// <summary>The first link: the goods taken, with their items and seals.</summary>
    Seized,
    /// <summary>Custodian hands the goods over; the receiver must accept or refuse.</summary>
    Handover,
    Accepted,
    Refused,
    /// <summary>A sample taken from the goods (and seals replaced).</summary>
    Sample,
    LabResult,
    /// <summary>A photo or document added to the seizure, by its hash.</summary>
    Attachment,
}

public enum CustodyPurpose
{
    Storage,
    Laboratory,
    Court,
    Destruction,
    ReturnToOwner,
}

public sealed record CustodySample(string Label, string Description, string? Quantity);

public sealed record CustodyAttachment(string Sha256, string FileName, string ContentType, long Size);

/// <summary>
/// What one custody event says. Serialised once (nulls omitted, fields in declaration order) and
/// stored verbatim: the hash is over exactly these bytes, so the stored text is the evidence.
/// </summary>
public sealed record CustodyEntry
{
    public required string Seizure { get; init; }
    public required int Sequence { get; init; }
    public required string Kind { get; init; }
    public required string At { get; init; }
    public required string RecordedBy { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    /// <summary>
    /// The Cordon user <see cref="To"/> names, fixed when the goods are handed over (or seized by a user):
    /// only that authenticated user answers the handover and records samples and results while holding the goods.
    /// Absent on chains written before custodians had to be users.
    /// </summary>
    public Guid? ToUser { get; init; }
    /// <summary>
    /// The custody post <see cref="To"/> names, fixed at the handover: any user holding that post when they
    /// act answers the handover and records samples and results while the post holds the goods.
    /// </summary>
    public Guid? ToPost { get; init; }
    public string? Place { get; init; }
    public string? Purpose { get; init; }
    public string? Condition { get; init; }
    public string[]? SealsChecked { get; init; }
    public string[]? SealsExpected { get; init; }
    public string? SealDiscrepancy { get; init; }
    public string[]? NewSeals { get; init; }
    public CustodySample[]? Samples { get; init; }
    public string? SampleLabel { get; init; }
    public string? LabResult { get; init; }
    /// <summary>The handover an acceptance or refusal answers.</summary>
    public int? Answers { get; init; }
    public string? Reason { get; init; }
    public CustodyAttachment? Attachment { get; init; }
    public SeizedItem[]? Items { get; init; }
}

/// <summary>One hash-linked custody event: hash = SHA-256(previous hash + "\n" + content).</summary>
public sealed class CustodyEvent
{
    public long Id { get; set; }
    public Guid SeizureId { get; set; }
    public int Sequence { get; set; }
    public CustodyKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Content { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

internal sealed class CustodyEventConfiguration : IEntityTypeConfiguration<CustodyEvent>
{
    public void Configure(EntityTypeBuilder<CustodyEvent> b)
    {
        b.ToTable("custody_events");
        // Unique: two concurrent writers cannot both append the same link.
        b.HasIndex(e => new { e.SeizureId, e.Sequence }).IsUnique();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasOne<Seizure>().WithMany().HasForeignKey(e => e.SeizureId).OnDelete(DeleteBehavior.Cascade);
    }
}
