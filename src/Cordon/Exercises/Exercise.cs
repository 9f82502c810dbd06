using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Exercises;

public enum ExerciseStatus
{
    Planned,
    Running,
    Finished,
}

/// <summary>
/// A joint exercise: a scenario of injects played at times into exercise cells. Each group of participants plays in
/// its own cell, an agency of kind exercise-cell that owns everything the group sees and does, so the access policy
/// keeps the exercise out of real work by construction (decision 031).
/// </summary>
public sealed class Exercise : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Reference { get; set; }
    public required string Name { get; set; }
    public required string Objective { get; set; }
    /// <summary>The scenario file as it was given, kept so the exercise can be read and replayed as planned.</summary>
    public required string Scenario { get; set; }
    public required string ScenarioSha256 { get; set; }
    public ExerciseStatus Status { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.LawEnforcementOnly;
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? FinishedBy { get; set; }
}

/// <summary>A group of the exercise (red, blue, an umpire) and the cell agency it plays in.</summary>
public sealed class ExerciseGroup
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ExerciseId { get; set; }
    public required string Name { get; set; }
    /// <summary>The umpire group reads every other group's cell (agreements made at start) and acts in none.</summary>
    public bool Umpire { get; set; }
    /// <summary>The real agency the group stands for: its response plans are copied into the cell at start.</summary>
    public Guid ParentAgencyId { get; set; }
    /// <summary>The exercise cell (an agency of kind exercise-cell), made when the exercise starts.</summary>
    public Guid? CellAgencyId { get; set; }
}

public sealed class ExerciseParticipant
{
    public long Id { get; set; }
    public Guid ExerciseId { get; set; }
    public Guid GroupId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>One thing the scenario plays into a group's cell at a time after the start.</summary>
public sealed class ExerciseInject
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ExerciseId { get; set; }
    public int Position { get; set; }
    public double AtMinutes { get; set; }
    public required string GroupName { get; set; }
    public required string Kind { get; set; }
    /// <summary>The inject's fields as the scenario gave them (JSON).</summary>
    public required string Content { get; set; }
    public DateTimeOffset? PlayedAt { get; set; }
    /// <summary>What it made: an incident's id, an alert's id, a detection's source key.</summary>
    public string? RecordId { get; set; }
    public string? Error { get; set; }
}

/// <summary>A lesson of the after-action report: a review task on the procedure or response plan concerned.</summary>
public sealed class ExerciseLesson
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ExerciseId { get; set; }
    public required string Text { get; set; }
    public Guid? ProcedureId { get; set; }
    public Guid? ResponsePlanId { get; set; }
    public DateOnly ReviewBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

public static class ExerciseLimits
{
    public const int Name = 200, Objective = 2_000, Scenario = 1_000_000, GroupName = 8, Lesson = 4_000, Injects = 2_000;
}

internal sealed class ExerciseConfiguration : IEntityTypeConfiguration<Exercise>
{
    public void Configure(EntityTypeBuilder<Exercise> b)
    {
        b.ToTable("exercises");
        b.HasIndex(e => e.Reference).IsUnique();
        b.HasIndex(e => new { e.OwningAgencyId, e.Status });
        b.Property(e => e.Reference).HasMaxLength(32);
        b.Property(e => e.Name).HasMaxLength(ExerciseLimits.Name);
        b.Property(e => e.Objective).HasMaxLength(ExerciseLimits.Objective);
        b.Property(e => e.ScenarioSha256).HasMaxLength(64);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.CreatedBy).HasMaxLength(ExerciseLimits.Name);
        b.Property(e => e.FinishedBy).HasMaxLength(ExerciseLimits.Name);
    }
}

internal sealed class ExerciseGroupConfiguration : IEntityTypeConfiguration<ExerciseGroup>
{
    public void Configure(EntityTypeBuilder<ExerciseGroup> b)
    {
        b.ToTable("exercise_groups");
        b.HasIndex(g => new { g.ExerciseId, g.Name }).IsUnique();
        b.HasIndex(g => g.CellAgencyId);
        b.Property(g => g.Name).HasMaxLength(ExerciseLimits.GroupName);
    }
}

internal sealed class ExerciseParticipantConfiguration : IEntityTypeConfiguration<ExerciseParticipant>
{
    public void Configure(EntityTypeBuilder<ExerciseParticipant> b)
    {
        b.ToTable("exercise_participants");
        b.HasIndex(p => new { p.ExerciseId, p.UserId }).IsUnique();
        b.HasIndex(p => new { p.UserId, p.GroupId });
    }
}

internal sealed class ExerciseInjectConfiguration : IEntityTypeConfiguration<ExerciseInject>
{
    public void Configure(EntityTypeBuilder<ExerciseInject> b)
    {
        b.ToTable("exercise_injects");
        b.HasIndex(i => new { i.ExerciseId, i.Position }).IsUnique();
        b.HasIndex(i => new { i.ExerciseId, i.PlayedAt });
        b.Property(i => i.GroupName).HasMaxLength(ExerciseLimits.GroupName);
        b.Property(i => i.Kind).HasMaxLength(16);
        b.Property(i => i.RecordId).HasMaxLength(200);
        b.Property(i => i.Error).HasMaxLength(2_000);
    }
}

internal sealed class ExerciseLessonConfiguration : IEntityTypeConfiguration<ExerciseLesson>
{
    public void Configure(EntityTypeBuilder<ExerciseLesson> b)
    {
        b.ToTable("exercise_lessons");
        b.HasIndex(l => l.ExerciseId);
        b.Property(l => l.Text).HasMaxLength(ExerciseLimits.Lesson);
        b.Property(l => l.RecordedBy).HasMaxLength(ExerciseLimits.Name);
    }
}
