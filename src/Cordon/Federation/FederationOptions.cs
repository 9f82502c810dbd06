using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Federation;

/// <summary>The federation worker's settings (<c>Cordon:Federation</c>).</summary>
public sealed class FederationOptions
{
    /// <summary>False turns delivery and the wake-up listener off on this node.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>At the latest, a round this often even when no commit woke the worker.</summary>
    public double PollMilliseconds { get; set; } = 1000;

    /// <summary>How often each partner's audit checkpoint is witnessed.</summary>
    public double WitnessSeconds { get; set; } = 60;

    public int BatchSize { get; set; } = DeliveryOptions.Default.BatchSize;

    /// <summary>The longest wait between attempts to an unreachable partner.</summary>
    public double MaxBackoffSeconds { get; set; } = DeliveryOptions.Default.MaxBackoff.TotalSeconds;

    /// <summary>Between full looks at everything shared, rounds look only at what this node's commits changed.</summary>
    public double FullScanSeconds { get; set; } = 30;

    public DeliveryOptions Delivery => DeliveryOptions.Default with { BatchSize = BatchSize, MaxBackoff = TimeSpan.FromSeconds(MaxBackoffSeconds) };

    public static IServiceCollection AddFederationOptions(IServiceCollection services)
        => services.AddFeatureOptions<FederationOptions>("Cordon:Federation", o =>
            o.PollMilliseconds < 10 ? $"PollMilliseconds is {o.PollMilliseconds}: use 10 or more."
            : o.WitnessSeconds <= 0 ? $"WitnessSeconds is {o.WitnessSeconds}: use more than 0."
            : o.BatchSize is < 1 or > 10_000 ? $"BatchSize is {o.BatchSize}: use 1 to 10000."
            : o.MaxBackoffSeconds < 1 ? $"MaxBackoffSeconds is {o.MaxBackoffSeconds}: use 1 or more."
            : o.FullScanSeconds <= 0 ? $"FullScanSeconds is {o.FullScanSeconds}: use more than 0."
            : null);
}
