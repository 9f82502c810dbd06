using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Declarations;

public enum DeclarationKind
{
    Import,
    Export,
    Transit,
}

/// <summary>Mode of transport at the border (as in the EU customs data model, simplified).</summary>
public enum TransportMode
{
    Sea,
    Rail,
    Road,
    Air,
    Post,
    FixedInstallation,
    InlandWaterway,
}

/// <summary>
/// Which codes of a record are anonymised research codes (CNTRY680, OFFICE92, IMP826164) rather than
/// real ones: they were accepted as opaque identifiers and were not checked against reference data.
/// </summary>
[Flags]
public enum OpaqueCodes
{
    None = 0,
    Office = 1,
    Declarant = 2,
    Importer = 4,
    Exporter = 8,
    Consignee = 16,
    OriginCountry = 32,
    ExportCountry = 64,
    DestinationCountry = 128,
}

/// <summary>
/// A customs declaration as currently stored (its latest version). Parties are columns, not rows:
/// every declaration has at most one importer, exporter and consignee, and intake writes hundreds of
/// thousands per minute, so fewer rows and joins win. Items live in their own table.
/// </summary>
public sealed class Declaration : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The receiving customs agency.</summary>
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>Parties may be natural persons (names, addresses): personal data by default.</summary>
    public Caveats Caveats { get; set; } = Caveats.PersonalData;

    public DeclarationKind Kind { get; set; }
    /// <summary>Customs office of lodgement (e.g. NL000396) — with declarant and number, the idempotency key.</summary>
    public required string Office { get; set; }
    /// <summary>Who lodged it (EORI or national trader number of the declarant or broker).</summary>
    public required string Declarant { get; set; }
    /// <summary>The declarant's own reference (MRN/LRN in EU terms).</summary>
    public required string Number { get; set; }
    /// <summary>1 for the first lodgement, +1 for each amendment.</summary>
    public int Version { get; set; } = 1;
    public DateOnly LodgedOn { get; set; }
    public TransportMode? TransportMode { get; set; }
    /// <summary>Vessel IMO number, flight number or vehicle registration, by transport mode.</summary>
    public string? Conveyance { get; set; }

    public string? ImporterCode { get; set; }
    public string? ImporterName { get; set; }
    public string? ImporterAddress { get; set; }
    public string? ImporterCountry { get; set; }
    public string? ExporterCode { get; set; }
    public string? ExporterName { get; set; }
    public string? ExporterAddress { get; set; }
    public string? ExporterCountry { get; set; }
    public string? ConsigneeCode { get; set; }
    public string? ConsigneeName { get; set; }
    public string? ConsigneeAddress { get; set; }
    public string? ConsigneeCountry { get; set; }

    public string? OriginCountry { get; set; }
    public string? ExportCountry { get; set; }
    public string? DestinationCountry { get; set; }
    /// <summary>UN/LOCODE.</summary>
    public string? PortOfLoading { get; set; }
    /// <summary>UN/LOCODE.</summary>
    public string? PortOfDischarge { get; set; }

    /// <summary>ISO 4217 currency of every value on the declaration.</summary>
    public string? Currency { get; set; }
    public decimal? TotalFob { get; set; }
    public decimal? TotalCif { get; set; }
    /// <summary>Declared duties plus taxes, summed over the items.</summary>
    public decimal TotalDutiesAndTaxes { get; set; }
    public int ItemCount { get; set; }
    public OpaqueCodes Opaque { get; set; }

    /// <summary>SHA-256 of the canonical content: the same content again is a duplicate.</summary>
    public required byte[] ContentHash { get; set; }
    public DateTimeOffset FirstReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public List<DeclarationItem> Items { get; set; } = [];
}

public sealed class DeclarationItem
{
    public Guid DeclarationId { get; set; }
    /// <summary>1-based item number.</summary>
    public int Line { get; set; }
    /// <summary>6 to 10 digits; the first six are an HS 2022 subheading.</summary>
    public required string HsCode { get; set; }
    public string? Description { get; set; }
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    public decimal? GrossKg { get; set; }
    public decimal? NetKg { get; set; }
    public decimal? Fob { get; set; }
    public decimal? Cif { get; set; }
    public decimal? Duties { get; set; }
    public decimal? Taxes { get; set; }
}

/// <summary>Every version ever received, with its full canonical content, who sent it and when.</summary>
public sealed class DeclarationVersion
{
    public Guid DeclarationId { get; set; }
    public int Version { get; set; }
    public required byte[] ContentHash { get; set; }
    /// <summary>Canonical JSON of the declaration as received (normalised).</summary>
    public required string Content { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    /// <summary>api, batch, or the imported file's name.</summary>
    public required string Source { get; set; }
}

/// <summary>
/// The outcome of a past inspection of a declaration (from the research layout's illicit/revenue
/// columns): training data for the risk model.
/// </summary>
public sealed class InspectionOutcome : IOwnedRecord
{
    public Guid DeclarationId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public bool Illicit { get; set; }
    /// <summary>Extra duties and taxes the inspection raised, in the declaration's currency.</summary>
    public decimal Revenue { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string Source { get; set; }
}

internal sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> b)
    {
        b.ToTable("declarations");
        // Bulk intake writes rows with its own column list: the store supplies the default caveats. An
        // impossible sentinel makes EF always send the value it holds (even None) rather than the default.
        b.Property(d => d.Caveats).HasDefaultValue(Caveats.PersonalData).HasSentinel((Caveats)(-1));
        // The idempotency key; a unique index so concurrent senders cannot both insert.
        b.HasIndex(d => new { d.Office, d.Declarant, d.Number }).IsUnique();
        b.HasIndex(d => d.LodgedOn);
        b.HasIndex(d => new { d.Office, d.LodgedOn });
        b.HasIndex(d => d.ImporterCode);
        // The access policy's filter tests (owner, marking): counts and lists under it read this index only.
        b.HasIndex(d => new { d.OwningAgencyId, d.Marking, d.Caveats });
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.TransportMode).HasConversion<string>().HasMaxLength(24);
        foreach (var code in new[] { nameof(Declaration.Office), nameof(Declaration.Declarant), nameof(Declaration.ImporterCode), nameof(Declaration.ExporterCode), nameof(Declaration.ConsigneeCode) })
        {
            b.Property(code).HasMaxLength(DeclarationLimits.Code);
        }
        b.Property(d => d.Number).HasMaxLength(DeclarationLimits.Number);
        b.Property(d => d.Conveyance).HasMaxLength(DeclarationLimits.Code);
        foreach (var name in new[] { nameof(Declaration.ImporterName), nameof(Declaration.ExporterName), nameof(Declaration.ConsigneeName) })
        {
            b.Property(name).HasMaxLength(DeclarationLimits.Name);
        }
        foreach (var address in new[] { nameof(Declaration.ImporterAddress), nameof(Declaration.ExporterAddress), nameof(Declaration.ConsigneeAddress) })
        {
            b.Property(address).HasMaxLength(DeclarationLimits.Address);
        }
        foreach (var country in new[] { nameof(Declaration.ImporterCountry), nameof(Declaration.ExporterCountry), nameof(Declaration.ConsigneeCountry), nameof(Declaration.OriginCountry), nameof(Declaration.ExportCountry), nameof(Declaration.DestinationCountry) })
        {
            b.Property(country).HasMaxLength(DeclarationLimits.Code);
        }
        b.Property(d => d.PortOfLoading).HasMaxLength(5);
        b.Property(d => d.PortOfDischarge).HasMaxLength(5);
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.TotalFob).HasPrecision(18, 2);
        b.Property(d => d.TotalCif).HasPrecision(18, 2);
        b.Property(d => d.TotalDutiesAndTaxes).HasPrecision(18, 2);
        b.Property(d => d.ContentHash).HasMaxLength(32);
        b.Property(d => d.UpdatedBy).HasMaxLength(200);
        b.HasMany(d => d.Items).WithOne().HasForeignKey(i => i.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeclarationItemConfiguration : IEntityTypeConfiguration<DeclarationItem>
{
    public void Configure(EntityTypeBuilder<DeclarationItem> b)
    {
        b.ToTable("declaration_items");
        b.HasKey(i => new { i.DeclarationId, i.Line });
        // HS prefix filters are range scans on this index (hs >= '8703' and hs < '8704').
        b.HasIndex(i => i.HsCode);
        b.Property(i => i.HsCode).HasMaxLength(10);
        b.Property(i => i.Description).HasMaxLength(DeclarationLimits.Description);
        b.Property(i => i.Unit).HasMaxLength(8);
        b.Property(i => i.Quantity).HasPrecision(18, 3);
        b.Property(i => i.GrossKg).HasPrecision(18, 3);
        b.Property(i => i.NetKg).HasPrecision(18, 3);
        b.Property(i => i.Fob).HasPrecision(18, 2);
        b.Property(i => i.Cif).HasPrecision(18, 2);
        b.Property(i => i.Duties).HasPrecision(18, 2);
        b.Property(i => i.Taxes).HasPrecision(18, 2);
    }
}

internal sealed class DeclarationVersionConfiguration : IEntityTypeConfiguration<DeclarationVersion>
{
    public void Configure(EntityTypeBuilder<DeclarationVersion> b)
    {
        b.ToTable("declaration_versions");
        b.HasKey(v => new { v.DeclarationId, v.Version });
        b.Property(v => v.ContentHash).HasMaxLength(32);
        b.Property(v => v.ReceivedBy).HasMaxLength(200);
        b.Property(v => v.Source).HasMaxLength(300);
        b.HasOne<Declaration>().WithMany().HasForeignKey(v => v.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionOutcomeConfiguration : IEntityTypeConfiguration<InspectionOutcome>
{
    public void Configure(EntityTypeBuilder<InspectionOutcome> b)
    {
        b.ToTable("inspection_outcomes");
        b.HasKey(o => o.DeclarationId);
        b.Property(o => o.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Revenue).HasPrecision(18, 2);
        b.Property(o => o.Source).HasMaxLength(300);
        b.HasOne<Declaration>().WithOne().HasForeignKey<InspectionOutcome>(o => o.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Field lengths, shared by the schema and validation (so an over-long field is a validation error, never a database error).</summary>
public static class DeclarationLimits
{
    public const int Code = 35;
    public const int Number = 35;
    public const int Name = 200;
    public const int Address = 400;
    public const int Description = 512;
    public const int MaxItems = 999;
    public const int MaxContainers = 99;
    /// <summary>A seal number (UN/EDIFACT 9308, an..35).</summary>
    public const int Seal = 35;
    /// <summary>Seal numbers of one container, space-separated.</summary>
    public const int Seals = 200;
}
