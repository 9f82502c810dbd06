using Cordon.Screening.Matching;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Alerting;

/// <summary>Well-known alert kinds; features may raise others (dotted lower-case names).</summary>
public static class AlertKinds
{
    public const string ScreeningBlock = "screening.block";
    public const string Seizure = "seizure";
    public const string CriterionReferral = "criterion.referral";
    public const string DeadlineOverdue = "deadline.overdue";
    public const string Custom = "custom";
    /// <summary>An incident opened and its response plan tells these agencies (addressed to them).</summary>
    public const string IncidentNotify = "incident.notify";
    /// <summary>A response-plan step ran late and was escalated.</summary>
    public const string IncidentEscalation = "incident.escalation";
    /// <summary>A risk criterion failed on a declaration and counted as not fired (one alert per criterion version).</summary>
    public const string CriterionFault = Risk.Criteria.CriterionFaults.AlertKind;
    /// <summary>Someone of another agency read one of the agency's records by break-glass (addressed to the owner).</summary>
    public const string BreakGlass = "access.break-glass";

    public static readonly IReadOnlyList<string> Known = [ScreeningBlock, Seizure, CriterionReferral, DeadlineOverdue, Custom, IncidentNotify, IncidentEscalation, BreakGlass,
        Travellers.TravellerAlertKinds.Referral, Travellers.TravellerAlertKinds.WatchList, Travellers.TravellerAlertKinds.Overstay, Travellers.TravellerAlertKinds.Criterion,
        Messaging.MessageAlertKinds.Warning, Messaging.MessageAlertKinds.Mention];
}

/// <summary>Screening match bands an alert can carry (<see cref="Alert.Band"/>); only block-band hits raise alerts today.</summary>
public static class AlertBands
{
    public static readonly IReadOnlyList<string> Known = [Screening.Matching.MatchBand.Block.Name(), Screening.Matching.MatchBand.Review.Name()];

    /// <summary>A band filter from a form or request: null when empty, a field error when unknown.</summary>
    public static string? Parse(string? text, Common.FieldErrors errors, string field = "band")
    {
        var band = string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();
        if (band is not null && !Known.Contains(band))
        {
            errors.Add(field, $"'{band}' is not a screening match band: {string.Join(", ", Known)}.");
        }
        return band;
    }
}

public enum AlertSeverity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// Something an agency must learn of in time: a block-band screening hit, a seizure, a referral...
/// An alert is a record of the agency that owns the record it is about, with that record's marking
/// by default, so the access policy decides who outside that agency receives it.
/// </summary>
public sealed class Alert : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    public AlertSeverity Severity { get; set; }
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; }
    /// <summary>The caveats of the record it is about (set where it is raised).</summary>
    public Caveats Caveats { get; set; }
    public string? Office { get; set; }
    public string? Commodity { get; set; }
    /// <summary>Canonical JSON of kind-specific details (quantities, scores, names).</summary>
    public string Data { get; set; } = "{}";
    public required DateTimeOffset CreatedAt { get; set; }
    /// <summary>Who raised it (user name, or "cordon" for conditions).</summary>
    public string RaisedBy { get; set; } = "cordon";
    /// <summary>
    /// What the alert is the one alert for ("deadline.overdue:notice:&lt;seizure&gt;", "condition:&lt;id&gt;:&lt;alert&gt;"):
    /// unique, so a condition that is checked again never raises a second alert.
    /// </summary>
    public string? Key { get; set; }
    /// <summary>
    /// The agencies the alert is addressed to (lower-case agency ids, sorted, comma-separated), or null for
    /// every agency the access policy lets read it. Who may see an addressed alert is decided in one place,
    /// <see cref="AlertAudience"/>; read it through <see cref="AlertAudience.Of"/>.
    /// </summary>
    public string? Recipients { get; set; }
    /// <summary>A screening hit's match band ("block", "review"): subscriptions and conditions filter on it.</summary>
    public string? Band { get; set; }
    /// <summary>The code of the agency a risk criterion referred the record to ("NBP"): subscriptions filter on it.</summary>
    public string? ReferredTo { get; set; }

    /// <summary>Set once subscriptions were matched and deliveries created (the fan-out outbox).</summary>
    public DateTimeOffset? DispatchedAt { get; set; }
    /// <summary>A dispatcher node's lease: other nodes leave the alert alone until it passes.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
}

public sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("alerts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Kind).HasMaxLength(64);
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Summary).HasMaxLength(2000);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.RecordType).HasMaxLength(40);
        b.Property(a => a.RecordId).HasMaxLength(100);
        b.Property(a => a.Office).HasMaxLength(Declarations.DeclarationLimits.Code); // as long as the office of the record the alert is about
        b.Property(a => a.Commodity).HasMaxLength(64);
        b.Property(a => a.RaisedBy).HasMaxLength(100);
        b.Property(a => a.Recipients).HasMaxLength(1000);
        b.Property(a => a.Band).HasMaxLength(16);
        b.Property(a => a.ReferredTo).HasMaxLength(16);
        b.HasIndex(a => new { a.DispatchedAt, a.CreatedAt });
        b.HasIndex(a => new { a.OwningAgencyId, a.Marking });
        b.HasIndex(a => a.CreatedAt);
        b.Property(a => a.Key).HasMaxLength(200);
        b.HasIndex(a => a.Key).IsUnique();
    }
}
