using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Alerting;

/// <summary>The alerting feature's settings (<c>Cordon:Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>False: this node fans out and delivers nothing (another node does).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>False: this node does not LISTEN for other nodes' alerts and messages (PostgreSQL).</summary>
    public bool Listen { get; set; } = true;

    /// <summary>False: this node does not sweep for overdue deadlines.</summary>
    public bool DeadlineSweep { get; set; } = true;

    public int DeadlineSweepSeconds { get; set; } = 300;

    public int WebhookTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>The first retry's wait; each further one doubles it.</summary>
    public int RetryBaseMilliseconds { get; set; } = 5_000;

    public int MaxAttempts { get; set; } = 8;

    public int PollMilliseconds { get; set; } = 1_000;

    public AlertDeliveryOptions Delivery => new(TimeSpan.FromMilliseconds(WebhookTimeoutMilliseconds), TimeSpan.FromMilliseconds(RetryBaseMilliseconds),
        MaxAttempts, TimeSpan.FromMilliseconds(PollMilliseconds));

    public static IServiceCollection AddAlertOptions(IServiceCollection services)
        => services.AddFeatureOptions<AlertOptions>("Cordon:Alerts", o =>
            o.DeadlineSweepSeconds < 1 ? $"DeadlineSweepSeconds is {o.DeadlineSweepSeconds}: use 1 or more."
            : o.WebhookTimeoutMilliseconds is < 100 or > 120_000 ? $"WebhookTimeoutMilliseconds is {o.WebhookTimeoutMilliseconds}: use 100 to 120000."
            : o.RetryBaseMilliseconds < 1 ? $"RetryBaseMilliseconds is {o.RetryBaseMilliseconds}: use 1 or more."
            : o.MaxAttempts is < 1 or > 50 ? $"MaxAttempts is {o.MaxAttempts}: use 1 to 50."
            : o.PollMilliseconds < 10 ? $"PollMilliseconds is {o.PollMilliseconds}: use 10 or more."
            : null);
}
