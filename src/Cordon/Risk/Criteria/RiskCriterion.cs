using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Risk.Criteria;

public enum CriterionStatus
{
    /// <summary>Being written; never evaluated on live declarations.</summary>
    Draft,
    /// <summary>Evaluated and recorded on live declarations, but changes no score, lane or referral.</summary>
    Shadow,
    /// <summary>Live: its actions apply.</summary>
    Active,
    /// <summary>Withdrawn for good; kept for history and explanations of past decisions.</summary>
    Retired,
}

/// <summary>What a criterion judges: declarations (the default) or travellers on passenger lists.</summary>
public enum CriterionSubject
{
    Declaration,
    Traveller,
}

/// <summary>
/// The content of one version of a criterion: what an analyst writes. Kept identical on the head
/// record (the current version, for listing and evaluation) and on each immutable version.
/// </summary>
public abstract class CriterionContent : ICaveatedRecord
{
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.AmberStrict;
    /// <summary>Targeting rules: law enforcement only, never passed on.</summary>
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly | Caveats.NoOnwardSharing;
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public required string Expression { get; set; }
    /// <summary>What it judges, fixed at creation: the schema its expression is checked against.</summary>
    public CriterionSubject Subject { get; set; }
    /// <summary>The expression names <c>item</c> freely and is tried per item.</summary>
    public bool ItemLevel { get; set; }
    /// <summary>Action: add this weight to the declaration's risk score when it fires.</summary>
    public double? Weight { get; set; }
    /// <summary>Action: force at least this lane when it fires.</summary>
    public Lane? Lane { get; set; }
    /// <summary>Action: refer the declaration to this agency (code) when it fires.</summary>
    public string? ReferTo { get; set; }
    /// <summary>First lodgement date it applies to (inclusive); null: no start.</summary>
    public DateOnly? ValidFrom { get; set; }
    /// <summary>Last lodgement date it applies to (inclusive); null: no end.</summary>
    public DateOnly? ValidTo { get; set; }
    public CriterionStatus Status { get; set; } = CriterionStatus.Draft;
    public int Version { get; set; } = 1;
    public Guid? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    /// <summary>Why this version was made (free text from the author).</summary>
    public string? Note { get; set; }

    public void CopyContentFrom(CriterionContent other)
    {
        OwningAgencyId = other.OwningAgencyId;
        Marking = other.Marking;
        Caveats = other.Caveats;
        Name = other.Name;
        Description = other.Description;
        Expression = other.Expression;
        Subject = other.Subject;
        ItemLevel = other.ItemLevel;
        Weight = other.Weight;
        Lane = other.Lane;
        ReferTo = other.ReferTo;
        ValidFrom = other.ValidFrom;
        ValidTo = other.ValidTo;
        Status = other.Status;
        Version = other.Version;
        AuthorUserId = other.AuthorUserId;
        AuthorName = other.AuthorName;
        Note = other.Note;
    }

    /// <summary>Same content (ignoring version, author and note): saving it again changes nothing.</summary>
    public bool SameContentAs(CriterionContent other)
        => OwningAgencyId == other.OwningAgencyId && Marking == other.Marking && Caveats == other.Caveats && Name == other.Name && Description == other.Description
           && Expression == other.Expression && Weight == other.Weight && Lane == other.Lane && ReferTo == other.ReferTo
           && ValidFrom == other.ValidFrom && ValidTo == other.ValidTo && Status == other.Status;

    public CriterionDefinition ToDefinition(Guid id) => new(id, Name, Version, Expression, Status, Weight, Lane, ReferTo, ValidFrom, ValidTo);
}

/// <summary>A risk criterion as it stands now (its latest version).</summary>
public sealed class RiskCriterion : CriterionContent
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required DateTimeOffset CreatedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One version of a criterion, never changed once written.</summary>
public sealed class RiskCriterionVersion : CriterionContent
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CriterionId { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

internal sealed class RiskCriterionConfiguration : IEntityTypeConfiguration<RiskCriterion>
{
    public void Configure(EntityTypeBuilder<RiskCriterion> b)
    {
        b.ToTable("risk_criteria");
        CriterionColumns.Configure(b);
        b.HasIndex(c => new { c.OwningAgencyId, c.Name }).IsUnique();
        b.HasIndex(c => new { c.OwningAgencyId, c.Status });
    }
}

internal sealed class RiskCriterionVersionConfiguration : IEntityTypeConfiguration<RiskCriterionVersion>
{
    public void Configure(EntityTypeBuilder<RiskCriterionVersion> b)
    {
        b.ToTable("risk_criterion_versions");
        CriterionColumns.Configure(b);
        b.HasOne<RiskCriterion>().WithMany().HasForeignKey(v => v.CriterionId).OnDelete(DeleteBehavior.Restrict);
        // Two writers saving version N+1 of the same criterion at once: one of them is refused here.
        b.HasIndex(v => new { v.CriterionId, v.Version }).IsUnique();
    }
}

internal static class CriterionColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> b) where T : CriterionContent
    {
        b.Property(c => c.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Name).HasMaxLength(CriterionRules.MaxName);
        b.Property(c => c.Description).HasMaxLength(CriterionRules.MaxDescription);
        b.Property(c => c.Expression).HasMaxLength(Language.ExpressionLimits.Default.MaxSourceLength);
        b.Property(c => c.Subject).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Lane).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.ReferTo).HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.AuthorName).HasMaxLength(200);
        b.Property(c => c.Note).HasMaxLength(CriterionRules.MaxNote);
    }
}
