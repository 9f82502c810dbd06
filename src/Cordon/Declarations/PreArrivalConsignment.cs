using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Declarations;

/// <summary>
/// A pre-arrival manifest line (as an EU ICS2 entry summary declaration): what a carrier or
/// forwarder says is coming, before it arrives. Keyed, like a declaration, by office of first entry
/// + filer + transport document reference, and versioned the same way.
/// </summary>
public sealed class PreArrivalConsignment : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>Consignor and consignee may be natural persons: personal data by default.</summary>
    public Caveats Caveats { get; set; } = Caveats.PersonalData;

    /// <summary>Customs office of first entry.</summary>
    public required string Office { get; set; }
    /// <summary>Who filed it (carrier or forwarder EORI).</summary>
    public required string Filer { get; set; }
    /// <summary>Transport document (house bill / air waybill) reference.</summary>
    public required string Reference { get; set; }
    public int Version { get; set; } = 1;

    /// <summary>The consignor's EORI or other identifier, as filed.</summary>
    public string? ConsignorCode { get; set; }
    public string? ConsignorName { get; set; }
    public string? ConsignorAddress { get; set; }
    public string? ConsignorCountry { get; set; }
    public string? ConsigneeCode { get; set; }
    public string? ConsigneeName { get; set; }
    public string? ConsigneeAddress { get; set; }
    public string? ConsigneeCountry { get; set; }
    /// <summary>Who the carrier tells of the arrival (often a forwarder or the real buyer): a party officers look at.</summary>
    public string? NotifyCode { get; set; }
    public string? NotifyName { get; set; }
    public string? NotifyAddress { get; set; }
    public string? NotifyCountry { get; set; }
    /// <summary>UN/LOCODE of the port (or airport) where the goods were loaded, e.g. CNSHA.</summary>
    public string? PortOfLoading { get; set; }
    /// <summary>UN/LOCODE of the port where they are to be discharged, e.g. NLRTM.</summary>
    public string? PortOfDischarge { get; set; }
    public required string GoodsDescription { get; set; }
    /// <summary>HS 2022 subheading, six digits.</summary>
    public required string HsCode { get; set; }
    public decimal GrossKg { get; set; }
    public int Packages { get; set; }
    public TransportMode TransportMode { get; set; }
    public string? Conveyance { get; set; }
    /// <summary>Countries of routing in order, ISO alpha-2, space-separated (e.g. "CN SG NL").</summary>
    public string? Route { get; set; }
    public DateTimeOffset ExpectedArrival { get; set; }
    public int ContainerCount { get; set; }

    public required byte[] ContentHash { get; set; }
    public DateTimeOffset FirstReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public List<ConsignmentContainer> Containers { get; set; } = [];
}

/// <summary>A container of a consignment (ISO 6346), in its own table so a container number can be looked up.</summary>
public sealed class ConsignmentContainer
{
    public Guid ConsignmentId { get; set; }
    public int Seq { get; set; }
    public required string ContainerNumber { get; set; }
    /// <summary>The container's seal numbers as filed, space-separated (a seal number has no spaces); none when no seal was filed.</summary>
    public string? Seals { get; set; }
}

public sealed class ConsignmentVersion
{
    public Guid ConsignmentId { get; set; }
    public int Version { get; set; }
    public required byte[] ContentHash { get; set; }
    public required string Content { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public required string Source { get; set; }
}

internal sealed class PreArrivalConsignmentConfiguration : IEntityTypeConfiguration<PreArrivalConsignment>
{
    public void Configure(EntityTypeBuilder<PreArrivalConsignment> b)
    {
        b.ToTable("pre_arrival_consignments");
        // Bulk intake writes rows with its own column list: the store supplies the default caveats. An
        // impossible sentinel makes EF always send the value it holds (even None) rather than the default.
        b.Property(c => c.Caveats).HasDefaultValue(Caveats.PersonalData).HasSentinel((Caveats)(-1));
        b.HasIndex(c => new { c.Office, c.Filer, c.Reference }).IsUnique();
        b.HasIndex(c => c.ExpectedArrival);
        // The access policy's filter tests (owner, marking).
        b.HasIndex(c => new { c.OwningAgencyId, c.Marking, c.Caveats });
        b.Property(c => c.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.TransportMode).HasConversion<string>().HasMaxLength(24);
        b.Property(c => c.Office).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.Filer).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.Reference).HasMaxLength(DeclarationLimits.Number);
        b.Property(c => c.ConsignorName).HasMaxLength(DeclarationLimits.Name);
        b.Property(c => c.ConsigneeName).HasMaxLength(DeclarationLimits.Name);
        b.Property(c => c.ConsignorAddress).HasMaxLength(DeclarationLimits.Address);
        b.Property(c => c.ConsigneeAddress).HasMaxLength(DeclarationLimits.Address);
        b.Property(c => c.ConsignorCountry).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.ConsigneeCountry).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.ConsignorCode).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.ConsigneeCode).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.NotifyCode).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.NotifyName).HasMaxLength(DeclarationLimits.Name);
        b.Property(c => c.NotifyAddress).HasMaxLength(DeclarationLimits.Address);
        b.Property(c => c.NotifyCountry).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.PortOfLoading).HasMaxLength(5);
        b.Property(c => c.PortOfDischarge).HasMaxLength(5);
        b.Property(c => c.GoodsDescription).HasMaxLength(DeclarationLimits.Description);
        b.Property(c => c.HsCode).HasMaxLength(6);
        b.Property(c => c.GrossKg).HasPrecision(18, 3);
        b.Property(c => c.Conveyance).HasMaxLength(DeclarationLimits.Code);
        b.Property(c => c.Route).HasMaxLength(200);
        b.Property(c => c.ContentHash).HasMaxLength(32);
        b.Property(c => c.UpdatedBy).HasMaxLength(200);
        b.HasMany(c => c.Containers).WithOne().HasForeignKey(c => c.ConsignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsignmentContainerConfiguration : IEntityTypeConfiguration<ConsignmentContainer>
{
    public void Configure(EntityTypeBuilder<ConsignmentContainer> b)
    {
        b.ToTable("consignment_containers");
        b.HasKey(c => new { c.ConsignmentId, c.Seq });
        b.HasIndex(c => c.ContainerNumber);
        b.Property(c => c.ContainerNumber).HasMaxLength(11);
        b.Property(c => c.Seals).HasMaxLength(DeclarationLimits.Seals);
    }
}

internal sealed class ConsignmentVersionConfiguration : IEntityTypeConfiguration<ConsignmentVersion>
{
    public void Configure(EntityTypeBuilder<ConsignmentVersion> b)
    {
        b.ToTable("consignment_versions");
        b.HasKey(v => new { v.ConsignmentId, v.Version });
        b.Property(v => v.ContentHash).HasMaxLength(32);
        b.Property(v => v.ReceivedBy).HasMaxLength(200);
        b.Property(v => v.Source).HasMaxLength(300);
        b.HasOne<PreArrivalConsignment>().WithMany().HasForeignKey(v => v.ConsignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
