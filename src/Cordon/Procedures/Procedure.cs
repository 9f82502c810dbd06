using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Procedures;

/// <summary>Where the work a procedure governs happens; pages of these processes link the procedures in scope.</summary>
public static class ProcedureProcesses
{
    public const string Inspection = "inspection", Seizure = "seizure", Custody = "custody", Patrol = "patrol", Incident = "incident", DataHandling = "data-handling";

    public static readonly IReadOnlyList<string> All = [Inspection, Seizure, Custody, Patrol, Incident, DataHandling];
}

public enum ProcedureVersionStatus
{
    Draft,
    Approved,
    /// <summary>Was current until a later version was approved.</summary>
    Superseded,
}

/// <summary>
/// A standard operating procedure: who it applies to (agencies, roles, processes), how often it is reviewed,
/// and which approved version is current. Its text lives in <see cref="ProcedureVersion"/>s: a draft is not
/// current until a supervisor or agency admin of the owner approves it.
/// </summary>
public sealed class Procedure : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"SOP-NCA-0001": the owner's code and a running number.</summary>
    public required string Reference { get; set; }
    public required string Title { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Green;
    public Caveats Caveats { get; set; }
    /// <summary>Codes of the agencies whose users the procedure applies to (the owner's included).</summary>
    public List<string> ScopeAgencies { get; set; } = [];
    public Roles ScopeRoles { get; set; }
    /// <summary>Names from <see cref="ProcedureProcesses"/>.</summary>
    public List<string> Processes { get; set; } = [];
    public int ReviewPeriodMonths { get; set; } = 12;
    /// <summary>Set when a version is approved or the current one confirmed at a review; null before the first approval.</summary>
    public DateOnly? NextReviewOn { get; set; }
    /// <summary>The approved version in force (null: none approved yet).</summary>
    public int? CurrentVersion { get; set; }
    public int LatestVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    /// <summary>Qualification kinds (kebab names) every member of a patrol this procedure governs needs, while it is in force.</summary>
    public string[] Needs { get; set; } = [];
    /// <summary>Whether a member lacking one of <see cref="Needs"/> refuses the plan (else it is planned with a warning).</summary>
    public bool NeedsRefuse { get; set; }
}

/// <summary>One text of a procedure. Approved versions never change; a new text is a new draft.</summary>
public sealed class ProcedureVersion
{
    public Guid ProcedureId { get; set; }
    public int Number { get; set; }
    /// <summary>Markdown-like text: "#" headings, paragraphs, "- " list items; shown as text, never as HTML.</summary>
    public required string Body { get; set; }
    public required string ChangeNote { get; set; }
    public ProcedureVersionStatus Status { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public required string DraftedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
}

/// <summary>A user's confirmation that they read one version of a procedure.</summary>
public sealed class ProcedureAcknowledgment
{
    public Guid ProcedureId { get; set; }
    public int Version { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The user's agency: whose supervisors see the acknowledgment.</summary>
    public Guid UserAgencyId { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}

/// <summary>Limits of a procedure's fields, checked before the store sees them.</summary>
public static class ProcedureLimits
{
    public const int Title = 200, Body = 20_000, ChangeNote = 500, Name = 200;
}

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.ToTable("procedures");
        b.HasIndex(p => p.Reference).IsUnique();
        b.HasIndex(p => p.OwningAgencyId);
        b.Property(p => p.Reference).HasMaxLength(32);
        b.Property(p => p.Title).HasMaxLength(ProcedureLimits.Title);
        b.Property(p => p.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.CreatedBy).HasMaxLength(ProcedureLimits.Name);
        b.Property(p => p.UpdatedBy).HasMaxLength(ProcedureLimits.Name);
        b.Property(p => p.Needs).AsJson();
    }
}

internal sealed class ProcedureVersionConfiguration : IEntityTypeConfiguration<ProcedureVersion>
{
    public void Configure(EntityTypeBuilder<ProcedureVersion> b)
    {
        b.ToTable("procedure_versions");
        b.HasKey(v => new { v.ProcedureId, v.Number });
        b.Property(v => v.Body).HasMaxLength(ProcedureLimits.Body);
        b.Property(v => v.ChangeNote).HasMaxLength(ProcedureLimits.ChangeNote);
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(v => v.DraftedBy).HasMaxLength(ProcedureLimits.Name);
        b.Property(v => v.ApprovedBy).HasMaxLength(ProcedureLimits.Name);
        b.HasOne<Procedure>().WithMany().HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcedureAcknowledgmentConfiguration : IEntityTypeConfiguration<ProcedureAcknowledgment>
{
    public void Configure(EntityTypeBuilder<ProcedureAcknowledgment> b)
    {
        b.ToTable("procedure_acknowledgments");
        b.HasKey(a => new { a.ProcedureId, a.Version, a.UserId });
        b.HasIndex(a => new { a.UserId, a.ProcedureId });
        b.HasOne<Procedure>().WithMany().HasForeignKey(a => a.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}
