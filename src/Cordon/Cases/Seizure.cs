using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

/// <summary>One kind of goods seized. Category is the reporting commodity (e.g. cocaine, cigarettes, ivory).</summary>
public sealed record SeizedItem(string Description, string? HsCode, decimal Quantity, string Unit, decimal? WeightKg, decimal? EstimatedValue, string? Currency, string Category);

/// <summary>Where the legal process after a seizure stands (see <see cref="LegalProcess"/>).</summary>
public enum LegalState
{
    Seized,
    NoticeIssued,
    NoticeDelivered,
    AppealFiled,
    AppealDecided,
    Forfeited,
    Released,
    Destroyed,
}

/// <summary>
/// Goods taken into custody: what, where, when, by whom, witnessed by whom, on what legal basis, how
/// they were hidden and found, under which seals, and where they are kept. The legal process and its
/// deadlines live on the same row; the custody chain and the legal steps in their own tables.
/// </summary>
public sealed class Seizure : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Reference { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.PersonalData;
    public Guid? CaseId { get; set; }
    public Guid? InspectionId { get; set; }
    public Guid? DeclarationId { get; set; }
    public required string Office { get; set; }
    public string? Place { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public DateTimeOffset SeizedAt { get; set; }
    /// <summary>Route for reporting: ISO 3166 countries of departure and destination.</summary>
    public string? RouteFrom { get; set; }
    public string? RouteTo { get; set; }
    public List<SeizedItem> Items { get; set; } = [];
    public List<string> SeizingOfficers { get; set; } = [];
    public List<string> Witnesses { get; set; } = [];
    /// <summary>The owner or declarant the notice goes to (a natural or legal person).</summary>
    public string? Owner { get; set; }
    public required string LegalBasis { get; set; }
    public string? ConcealmentMethod { get; set; }
    public string? DetectionMethod { get; set; }
    /// <summary>Seals applied at seizure (and re-seals recorded in the custody chain).</summary>
    public List<string> SealNumbers { get; set; } = [];
    public string? StorageLocation { get; set; }
    public bool Perishable { get; set; }
    public bool Hazardous { get; set; }

    // The legal process.
    public LegalState LegalState { get; set; } = LegalState.Seized;
    public int AppealPeriodDays { get; set; } = 30;
    public DateTimeOffset? NoticeIssuedAt { get; set; }
    public DateTimeOffset? NoticeDeliveredAt { get; set; }
    public string? NoticeDeliveryMethod { get; set; }
    public DateTimeOffset? AppealFiledAt { get; set; }
    public string? AppealGrounds { get; set; }
    public DateTimeOffset? AppealDecidedAt { get; set; }
    /// <summary>"allowed" (the owner wins: release) or "dismissed" (the seizure stands).</summary>
    public string? AppealDecision { get; set; }
    /// <summary>Duties and penalties that must be paid before release to the owner.</summary>
    public decimal PaymentDue { get; set; }
    public DateTimeOffset? PaymentRecordedAt { get; set; }
    public string? PaymentReference { get; set; }
    public string? DisposalMethod { get; set; }
    public List<string> DisposalWitnesses { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public int Version { get; set; } = 1;
}

/// <summary>
/// A photo or document of a seizure. The bytes live once per content hash in <see cref="EvidenceBlob"/>;
/// the attachment's hash is also written into the seizure's custody chain, so it cannot be swapped.
/// </summary>
public sealed class SeizureAttachment
{
    public long Id { get; set; }
    public Guid SeizureId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
}

/// <summary>Content-addressed evidence bytes: the key is the SHA-256 of the content.</summary>
public sealed class EvidenceBlob
{
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public long Size { get; set; }
}

/// <summary>One step of the legal process: who moved it from which state to which, when and why.</summary>
public sealed class LegalStep
{
    public long Id { get; set; }
    public Guid SeizureId { get; set; }
    public int Sequence { get; set; }
    public required string Action { get; set; }
    public LegalState From { get; set; }
    public LegalState To { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Reason { get; set; }
    /// <summary>Supervisor who authorised an early disposal of perishable or hazardous goods.</summary>
    public string? AuthorisedBy { get; set; }
    public string? Details { get; set; }
}

internal sealed class SeizureConfiguration : IEntityTypeConfiguration<Seizure>
{
    public void Configure(EntityTypeBuilder<Seizure> b)
    {
        b.ToTable("seizures");
        b.HasIndex(s => s.Reference).IsUnique();
        b.HasIndex(s => s.CaseId);
        b.HasIndex(s => new { s.OwningAgencyId, s.SeizedAt });
        b.Property(s => s.Reference).HasMaxLength(20);
        b.Property(s => s.Office).HasMaxLength(35);
        b.Property(s => s.Place).HasMaxLength(300);
        b.Property(s => s.RouteFrom).HasMaxLength(2);
        b.Property(s => s.RouteTo).HasMaxLength(2);
        b.Property(s => s.Items).AsJson();
        b.Property(s => s.Owner).HasMaxLength(300);
        b.Property(s => s.LegalBasis).HasMaxLength(300);
        b.Property(s => s.ConcealmentMethod).HasMaxLength(200);
        b.Property(s => s.DetectionMethod).HasMaxLength(200);
        b.Property(s => s.StorageLocation).HasMaxLength(300);
        b.Property(s => s.LegalState).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.NoticeDeliveryMethod).HasMaxLength(100);
        b.Property(s => s.AppealGrounds).HasMaxLength(4000);
        b.Property(s => s.AppealDecision).HasMaxLength(20);
        b.Property(s => s.PaymentDue).HasPrecision(18, 2);
        b.Property(s => s.PaymentReference).HasMaxLength(100);
        b.Property(s => s.DisposalMethod).HasMaxLength(300);
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class SeizureAttachmentConfiguration : IEntityTypeConfiguration<SeizureAttachment>
{
    public void Configure(EntityTypeBuilder<SeizureAttachment> b)
    {
        b.ToTable("seizure_attachments");
        b.HasIndex(a => new { a.SeizureId, a.Sha256 }).IsUnique();
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.AddedBy).HasMaxLength(200);
        b.HasOne<Seizure>().WithMany().HasForeignKey(a => a.SeizureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceBlobConfiguration : IEntityTypeConfiguration<EvidenceBlob>
{
    public void Configure(EntityTypeBuilder<EvidenceBlob> b)
    {
        b.ToTable("evidence_blobs");
        b.HasKey(x => x.Sha256);
        b.Property(x => x.Sha256).HasMaxLength(64);
    }
}

internal sealed class LegalStepConfiguration : IEntityTypeConfiguration<LegalStep>
{
    public void Configure(EntityTypeBuilder<LegalStep> b)
    {
        b.ToTable("legal_steps");
        b.HasIndex(s => new { s.SeizureId, s.Sequence }).IsUnique();
        b.Property(s => s.Action).HasMaxLength(40);
        b.Property(s => s.From).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.To).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.By).HasMaxLength(200);
        b.Property(s => s.Reason).HasMaxLength(2000);
        b.Property(s => s.AuthorisedBy).HasMaxLength(200);
        b.HasOne<Seizure>().WithMany().HasForeignKey(s => s.SeizureId).OnDelete(DeleteBehavior.Cascade);
    }
}
