using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

public enum CaseStatus
{
    Open,
    Closed,
}

/// <summary>
/// A case: inspections, seizures, persons and companies, notes and tasks, under a lead agency (the
/// owner) with participating agencies, whose members read the case through the access policy.
/// </summary>
public sealed class Case : IJointRecord, ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Reference { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    /// <summary>The lead agency.</summary>
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    /// <summary>Investigation files name suspects: law enforcement only, and personal data.</summary>
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly | Caveats.PersonalData;
    public List<Guid> ParticipantAgencyIds { get; set; } = [];
    public CaseStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    /// <summary>Optimistic concurrency: every change bumps it; a writer holding an older version gets 409.</summary>
    public int Version { get; set; } = 1;
}

public sealed class CasePerson
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    /// <summary>owner, declarant, carrier, driver, suspect, witness, company...</summary>
    public required string Role { get; set; }
    public required string Name { get; set; }
    public string? Identifier { get; set; }
    public string? Country { get; set; }
    public bool Company { get; set; }
    /// <summary>The traveller record this person is (a case naming a traveller holds it from masking and deletion, decision 030).</summary>
    public Guid? TravellerId { get; set; }
}

public sealed class CaseNote
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public Guid AgencyId { get; set; }
}

public sealed class CaseTask
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Title { get; set; }
    public Guid AssignedAgencyId { get; set; }
    public string? Assignee { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.HasIndex(c => c.Reference).IsUnique();
        b.HasIndex(c => c.OwningAgencyId);
        b.Property(c => c.Reference).HasMaxLength(20);
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.Summary).HasMaxLength(4000);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.CreatedBy).HasMaxLength(200);
        b.Property(c => c.UpdatedBy).HasMaxLength(200);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class CasePersonConfiguration : IEntityTypeConfiguration<CasePerson>
{
    public void Configure(EntityTypeBuilder<CasePerson> b)
    {
        b.ToTable("case_persons");
        b.HasIndex(p => p.CaseId);
        b.HasIndex(p => p.TravellerId);
        b.Property(p => p.Role).HasMaxLength(40);
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.Identifier).HasMaxLength(100);
        b.Property(p => p.Country).HasMaxLength(2);
        b.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> b)
    {
        b.ToTable("case_notes");
        b.HasIndex(n => n.CaseId);
        b.Property(n => n.Text).HasMaxLength(4000);
        b.Property(n => n.By).HasMaxLength(200);
        b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> b)
    {
        b.ToTable("case_tasks");
        b.HasIndex(t => t.CaseId);
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.Assignee).HasMaxLength(200);
        b.Property(t => t.DoneBy).HasMaxLength(200);
        b.Property(t => t.CreatedBy).HasMaxLength(200);
        b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
