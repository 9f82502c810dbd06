using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Audit;

/// <summary>The audit log's settings (<c>Cordon:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>A signed checkpoint this often; 0 or less: none on this node.</summary>
    public double CheckpointMinutes { get; set; } = 5;

    public static IServiceCollection AddAuditOptions(IServiceCollection services)
        => services.AddFeatureOptions<AuditOptions>("Cordon:Audit", o =>
            o.CheckpointMinutes > 24 * 60 ? $"CheckpointMinutes is {o.CheckpointMinutes}: use at most a day (1440), or 0 for none." : null);
}
