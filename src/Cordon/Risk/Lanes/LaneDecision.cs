using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Risk.Lanes;

/// <summary>The selectivity lane chosen for one declaration, with why (the JSON <see cref="LaneExplanation"/>).</summary>
public sealed class LaneDecision : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeclarationId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>Targeting output: law enforcement only by default.</summary>
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly;
    public required string Office { get; set; }
    public required string DeclarationNumber { get; set; }
    public DateOnly LodgedOn { get; set; }
    public Lane Lane { get; set; }
    /// <summary>Chosen by the exploration draw, not by risk.</summary>
    public bool RandomPick { get; set; }
    /// <summary>Forced by a watch-list block hit or a criterion's lane action (outside capacity).</summary>
    public bool Forced { get; set; }
    /// <summary>A party of the declaration held authorised economic operator status when the lane was chosen.</summary>
    public bool Aeo { get; set; }
    public int? ModelVersion { get; set; }
    public double? Probability { get; set; }
    public double? ExpectedRevenue { get; set; }
    public double CriteriaScore { get; set; }
    /// <summary>The ranking key: expected revenue plus criteria points (see <see cref="LaneOptions.RevenuePerWeightPoint"/>).</summary>
    public double Priority { get; set; }
    /// <summary>Agencies (codes) the declaration is referred to, comma-separated.</summary>
    public string Referrals { get; set; } = "";
    /// <summary>JSON of <see cref="LaneExplanation"/>.</summary>
    public required string Explanation { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public required string DecidedBy { get; set; }
}

/// <summary>How many declarations an office can check per day, by lane. Offices without a row use <see cref="LaneOptions"/> shares.</summary>
public sealed class OfficeCapacity : IOwnedRecord
{
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public required string Office { get; set; }
    /// <summary>Physical inspections per day.</summary>
    public int RedPerDay { get; set; }
    /// <summary>Documentary checks per day.</summary>
    public int YellowPerDay { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

internal sealed class LaneDecisionConfiguration : IEntityTypeConfiguration<LaneDecision>
{
    public void Configure(EntityTypeBuilder<LaneDecision> b)
    {
        b.ToTable("lane_decisions");
        // One decision per declaration: re-running an assignment never decides twice.
        b.HasIndex(d => d.DeclarationId).IsUnique();
        b.HasIndex(d => new { d.OwningAgencyId, d.Office, d.LodgedOn });
        b.HasIndex(d => new { d.OwningAgencyId, d.Lane, d.LodgedOn });
        b.Property(d => d.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Lane).HasConversion<string>().HasMaxLength(8);
        b.Property(d => d.Office).HasMaxLength(Declarations.DeclarationLimits.Code);
        b.Property(d => d.DeclarationNumber).HasMaxLength(Declarations.DeclarationLimits.Number);
        b.Property(d => d.Referrals).HasMaxLength(200);
        b.Property(d => d.DecidedBy).HasMaxLength(200);
        b.HasOne<Declarations.Declaration>().WithMany().HasForeignKey(d => d.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OfficeCapacityConfiguration : IEntityTypeConfiguration<OfficeCapacity>
{
    public void Configure(EntityTypeBuilder<OfficeCapacity> b)
    {
        b.ToTable("office_capacities");
        b.HasKey(c => new { c.OwningAgencyId, c.Office });
        b.Property(c => c.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Office).HasMaxLength(Declarations.DeclarationLimits.Code);
        b.Property(c => c.UpdatedBy).HasMaxLength(200);
    }
}
