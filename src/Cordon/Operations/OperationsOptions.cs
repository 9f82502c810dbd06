using Cordon.Common;
using Cordon.Operations.Detections;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Operations;

/// <summary>The operations feature's settings (<c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    /// <summary>The rest an officer needs between two patrols.</summary>
    public double MinimumRestHours { get; set; } = 11;

    /// <summary>How far either side of a patrol route counts as covered.</summary>
    public double RouteCoverageKm { get; set; } = BorderCoverage.DefaultRouteCoverMetres / 1000;

    /// <summary>The farthest and the longest apart two detections may be and still join one track.</summary>
    public double TrackMaxDistanceMetres { get; set; } = 500;

    public double TrackMaxGapSeconds { get; set; } = 300;

    /// <summary>False: this node does not relay live-map events to and from other nodes (PostgreSQL).</summary>
    public bool LiveRelay { get; set; } = true;

    public PlanningRules Planning => new(TimeSpan.FromHours(MinimumRestHours), RouteCoverageKm * 1000);

    public CorrelationBounds Correlation => new(TrackMaxDistanceMetres, TimeSpan.FromSeconds(TrackMaxGapSeconds));

    public static IServiceCollection AddOperationsOptions(IServiceCollection services)
        => services.AddFeatureOptions<OperationsOptions>("Operations", o =>
            o.MinimumRestHours is < 0 or > 72 ? $"MinimumRestHours is {o.MinimumRestHours}: use 0 to 72."
            : o.RouteCoverageKm is <= 0 or > 100 ? $"RouteCoverageKm is {o.RouteCoverageKm}: use more than 0, at most 100."
            : o.TrackMaxDistanceMetres <= 0 ? $"TrackMaxDistanceMetres is {o.TrackMaxDistanceMetres}: use more than 0."
            : o.TrackMaxGapSeconds <= 0 ? $"TrackMaxGapSeconds is {o.TrackMaxGapSeconds}: use more than 0."
            : null);
}
