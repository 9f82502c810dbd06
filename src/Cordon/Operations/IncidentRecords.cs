using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Operations;

public enum IncidentType
{
    IllegalCrossing,
    SmugglingAttempt,
    Seizure,
    Pursuit,
    HumanitarianEmergency,
    InfrastructureDamage,
    Other,
}

public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>How sure the reporter is that it happened as reported (the source's word, not the analyst's).</summary>
public enum IncidentConfidence
{
    Confirmed,
    Probable,
    Possible,
    Doubtful,
}

public enum IncidentStatus
{
    Open,
    Responding,
    Resolved,
}

/// <summary>Something that happened in the field, reported by an officer or raised by a sensor track.</summary>
public sealed class Incident : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public IncidentType Type { get; set; }
    public Severity Severity { get; set; }
    public IncidentStatus Status { get; set; } = IncidentStatus.Open;
    /// <summary>Confirmed by default for a field report; a sensor's incident is possible until someone looks.</summary>
    public IncidentConfidence Confidence { get; set; } = IncidentConfidence.Confirmed;
    public required string Title { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    /// <summary>When it happened (for a sensor incident: the first detection of the track).</summary>
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    /// <summary>First step of the response done.</summary>
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string[] Units { get; set; } = [];
    public Guid? OperationId { get; set; }
    /// <summary>Case references this incident is linked to.</summary>
    public string[] CaseRefs { get; set; } = [];
    public Guid? TrackId { get; set; }
    public Guid? WatchedAreaId { get; set; }
    public required string ReportedBy { get; set; }
    /// <summary>For a sensor incident: the watched pattern that raised it (entry, border-crossing, loitering, low-slow).</summary>
    public string? Pattern { get; set; }
    /// <summary>For a sensor incident: the detections that triggered it.</summary>
    public Guid[]? TriggerDetections { get; set; }
    /// <summary>Keeps a sensor incident from being raised twice for the same track and area (idempotent ingest).</summary>
    public string? SourceKey { get; set; }
    public Guid? ResponsePlanId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
}

/// <summary>One entry of an incident's timeline.</summary>
public sealed class IncidentUpdate
{
    public long Id { get; set; }
    public Guid IncidentId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Author { get; set; }
    /// <summary>report, note, plan, notify, step, escalation, status.</summary>
    public required string Kind { get; set; }
    public required string Text { get; set; }
}

/// <summary>One step of a response plan: who does what, by when, and whom to escalate to when late.</summary>
public sealed record PlanStep(string Title, string Role, string OwnerAgency, int DueMinutes, string EscalateTo);

/// <summary>What an agency does when an incident of one type opens.</summary>
public sealed class ResponsePlan : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public IncidentType IncidentType { get; set; }
    public required string Name { get; set; }
    public string[] NotifyAgencies { get; set; } = [];
    public List<PlanStep> Steps { get; set; } = [];
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Green;
}

/// <summary>A checklist item started from a plan step when an incident opens.</summary>
public sealed class IncidentTask
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid IncidentId { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
    public required string Role { get; set; }
    public required string OwnerAgency { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneBy { get; set; }
    public required string EscalateTo { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("incidents");
        b.Property(i => i.Type).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Severity).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Confidence).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Title).HasMaxLength(300);
        b.Property(i => i.ReportedBy).HasMaxLength(200);
        b.Property(i => i.SourceKey).HasMaxLength(100);
        b.Property(i => i.Units).AsJson();
        b.Property(i => i.CaseRefs).AsJson();
        b.Property(i => i.Pattern).HasMaxLength(32);
        b.Property(i => i.TriggerDetections!).AsJson();
        b.HasIndex(i => new { i.OwningAgencyId, i.SourceKey }).IsUnique();
        b.HasIndex(i => i.ReportedAt);
        b.HasIndex(i => i.OperationId);
    }
}

internal sealed class IncidentUpdateConfiguration : IEntityTypeConfiguration<IncidentUpdate>
{
    public void Configure(EntityTypeBuilder<IncidentUpdate> b)
    {
        b.ToTable("incident_updates");
        b.Property(u => u.Author).HasMaxLength(200);
        b.Property(u => u.Kind).HasMaxLength(20);
        b.Property(u => u.Text).HasMaxLength(4000);
        b.HasIndex(u => new { u.IncidentId, u.At });
    }
}

internal sealed class ResponsePlanConfiguration : IEntityTypeConfiguration<ResponsePlan>
{
    public void Configure(EntityTypeBuilder<ResponsePlan> b)
    {
        b.ToTable("response_plans");
        b.Property(p => p.IncidentType).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.NotifyAgencies).AsJson();
        b.Property(p => p.Steps).AsJson();
        b.HasIndex(p => new { p.OwningAgencyId, p.IncidentType }).IsUnique();
    }
}

internal sealed class IncidentTaskConfiguration : IEntityTypeConfiguration<IncidentTask>
{
    public void Configure(EntityTypeBuilder<IncidentTask> b)
    {
        b.ToTable("incident_tasks");
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.Role).HasMaxLength(100);
        b.Property(t => t.OwnerAgency).HasMaxLength(16);
        b.Property(t => t.EscalateTo).HasMaxLength(200);
        b.Property(t => t.DoneBy).HasMaxLength(200);
        b.HasIndex(t => t.IncidentId);
        // The escalation sweep looks for open, unescalated steps by due time.
        b.HasIndex(t => new { t.DoneAt, t.EscalatedAt, t.DueAt });
    }
}
