using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Jobs;

public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// A unit of background work (a file import, a re-screening run, a retraining). Any server node may
/// claim it; progress and a resume checkpoint are stored so a restart picks it up where it stopped.
/// </summary>
public sealed class Job : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Which handler runs it, e.g. "declarations.import".</summary>
    public required string Kind { get; set; }
    /// <summary>In English (the API, the CLI, an operator's SQL); <see cref="TitleWording"/> is what a page says in the reader's language.</summary>
    public required string Title { get; set; }
    /// <summary>The title as its template and arguments (<see cref="Common.StoredWordings"/>).</summary>
    public string? TitleWording { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;
    /// <summary>Handler input, JSON.</summary>
    public string Payload { get; set; } = "{}";
    /// <summary>Where a resumed run continues from, written by the handler (JSON); null at the start.</summary>
    public string? Checkpoint { get; set; }
    /// <summary>Handler output, JSON, when it succeeded.</summary>
    public string? Result { get; set; }
    public string? Error { get; set; }
    /// <summary>What the job was refused with, by field, as templates and arguments; null for a fault that is not a refusal (stays English).</summary>
    public string? ErrorWording { get; set; }
    public long Done { get; set; }
    public long? Total { get; set; }
    public string? Message { get; set; }
    public string? MessageWording { get; set; }
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public bool CancelRequested { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Guid? CreatedByUserId { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.ToTable("jobs");
        b.Property(j => j.Kind).HasMaxLength(64);
        b.Property(j => j.Title).HasMaxLength(300);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        // Markings are stored as their ordinal so the access-policy filter can compare them.
        b.Property(j => j.ClaimedBy).HasMaxLength(200);
        b.HasIndex(j => new { j.Status, j.CreatedAt });
        b.HasIndex(j => new { j.OwningAgencyId, j.CreatedAt });
    }
}
