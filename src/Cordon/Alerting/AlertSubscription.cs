using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Alerting;

public enum AlertChannel
{
    /// <summary>The Cordon UI: the top-bar badge and the alerts page, live.</summary>
    Ui,
    /// <summary>An HTTP POST to another system, signed with the subscription's secret.</summary>
    Webhook,
}

/// <summary>
/// What an agency (UserId null) or one user wants to hear of. Empty filters match everything; the
/// access policy still decides, under the subscription's purpose, whether each alert may reach it.
/// </summary>
public sealed class AlertSubscription
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgencyId { get; set; }
    public Guid? UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>Alert kinds, comma-separated; empty = all kinds.</summary>
    public string Kinds { get; set; } = "";
    public string? Office { get; set; }
    /// <summary>Matches alerts whose commodity starts with it (HS heading "0901", or "cocaine").</summary>
    public string? CommodityPrefix { get; set; }
    /// <summary>Only screening alerts of this match band ("block").</summary>
    public string? Band { get; set; }
    /// <summary>Only criterion referrals to this agency (its code, "NBP").</summary>
    public string? ReferredTo { get; set; }
    public Tlp MaxMarking { get; set; } = Tlp.Amber;
    public Purpose Purpose { get; set; } = Purpose.RiskAnalysis;
    public AlertChannel Channel { get; set; }
    public string? WebhookUrl { get; set; }
    /// <summary>
    /// The HMAC key for webhook signatures. Kept (not hashed) because signing needs it; shown to the
    /// subscriber once at creation.
    /// </summary>
    public string? WebhookSecret { get; set; }
    public bool Active { get; set; } = true;
    public required DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public IReadOnlyList<string> KindList => Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Whether the alert fits the filters; not whether it is addressed to this agency (<see cref="AlertAudience"/>)
    /// nor whether the policy lets it through: the fan-out checks those.
    /// </summary>
    public bool Matches(Alert alert)
        => Active
           && (KindList.Count == 0 || KindList.Contains(alert.Kind, StringComparer.Ordinal))
           && (string.IsNullOrEmpty(Office) || string.Equals(Office, alert.Office, StringComparison.OrdinalIgnoreCase))
           && (string.IsNullOrEmpty(CommodityPrefix) || (alert.Commodity ?? "").StartsWith(CommodityPrefix, StringComparison.OrdinalIgnoreCase))
           && (string.IsNullOrEmpty(Band) || string.Equals(Band, alert.Band, StringComparison.OrdinalIgnoreCase))
           && (string.IsNullOrEmpty(ReferredTo) || string.Equals(ReferredTo, alert.ReferredTo, StringComparison.OrdinalIgnoreCase))
           && alert.Marking <= MaxMarking
           && Messaging.MessageAlerts.Concerns(alert, UserId);

    /// <summary>
    /// The office and commodity filters asked again of the alert as this subscriber reads it: a value withheld from
    /// the reader never matches, so whether a delivery arrives answers no question about a value the reader may not see.
    /// </summary>
    public bool MatchesAsRead(System.Text.Json.Nodes.JsonNode payload)
        => (string.IsNullOrEmpty(Office) || string.Equals(Office, (string?)payload["office"], StringComparison.OrdinalIgnoreCase))
           && (string.IsNullOrEmpty(CommodityPrefix) || ((string?)payload["commodity"] ?? "").StartsWith(CommodityPrefix, StringComparison.OrdinalIgnoreCase));
}

public sealed class AlertSubscriptionConfiguration : IEntityTypeConfiguration<AlertSubscription>
{
    public void Configure(EntityTypeBuilder<AlertSubscription> b)
    {
        b.ToTable("alert_subscriptions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Kinds).HasMaxLength(500);
        b.Property(s => s.Office).HasMaxLength(Declarations.DeclarationLimits.Code);
        b.Property(s => s.CommodityPrefix).HasMaxLength(64);
        b.Property(s => s.Band).HasMaxLength(16);
        b.Property(s => s.ReferredTo).HasMaxLength(16);
        b.Property(s => s.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.WebhookUrl).HasMaxLength(2000);
        b.Property(s => s.WebhookSecret).HasMaxLength(200);
        b.Property(s => s.CreatedBy).HasMaxLength(100);
        b.Ignore(s => s.KindList);
        b.HasIndex(s => new { s.AgencyId, s.UserId });
    }
}

public enum DeliveryStatus
{
    /// <summary>Waiting to be sent (webhook) or unseen-by-design (UI deliveries are Delivered at once).</summary>
    Pending,
    Delivered,
    /// <summary>Gave up after the configured number of attempts; the subscriber's admin may retry.</summary>
    DeadLetter,
}

/// <summary>
/// One alert for one subscription, with the payload as the access policy let it through (redactions
/// applied). The (alert, subscription) pair is unique: its idempotency key travels with webhooks.
/// </summary>
public sealed class AlertDelivery
{
    /// <summary>Increasing: live streams follow it as their cursor.</summary>
    public long Id { get; set; }
    public Guid AlertId { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid AgencyId { get; set; }
    public Guid? UserId { get; set; }
    public AlertChannel Channel { get; set; }
    public required string IdempotencyKey { get; set; }
    /// <summary>The JSON the subscriber receives.</summary>
    public required string Payload { get; set; }
    public bool Redacted { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public string? LastError { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

public sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> b)
    {
        b.ToTable("alert_deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedOnAdd();
        b.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.IdempotencyKey).HasMaxLength(80);
        b.Property(d => d.LastError).HasMaxLength(1000);
        b.HasIndex(d => d.IdempotencyKey).IsUnique();
        b.HasIndex(d => new { d.AlertId, d.SubscriptionId }).IsUnique();
        b.HasIndex(d => new { d.Channel, d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.AgencyId, d.UserId, d.Id });
        b.HasIndex(d => new { d.SubscriptionId, d.Status });
    }
}

/// <summary>That a user has read a UI delivery (agency-wide deliveries are read per user).</summary>
public sealed class AlertRead
{
    public long DeliveryId { get; set; }
    public Guid UserId { get; set; }
    public required DateTimeOffset ReadAt { get; set; }
}

public sealed class AlertReadConfiguration : IEntityTypeConfiguration<AlertRead>
{
    public void Configure(EntityTypeBuilder<AlertRead> b)
    {
        b.ToTable("alert_reads");
        b.HasKey(r => new { r.DeliveryId, r.UserId });
        b.HasIndex(r => r.UserId);
    }
}
