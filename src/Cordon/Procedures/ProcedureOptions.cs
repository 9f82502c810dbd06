using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Procedures;

/// <summary>The procedures feature's settings (<c>Cordon:Procedures</c>).</summary>
public sealed class ProcedureOptions
{
    /// <summary>False turns the review-due sweep off on this node.</summary>
    public bool ReviewSweep { get; set; } = true;

    public int ReviewSweepSeconds { get; set; } = 3600;

    public static IServiceCollection AddProcedureOptions(IServiceCollection services)
        => services.AddFeatureOptions<ProcedureOptions>("Cordon:Procedures", o =>
            o.ReviewSweepSeconds < 1 ? $"ReviewSweepSeconds is {o.ReviewSweepSeconds}: use 1 or more." : null);
}
