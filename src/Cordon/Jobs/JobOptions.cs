using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Jobs;

/// <summary>The job runner's settings (<c>Cordon:Jobs</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Job loops on this node; 0 for a node that only serves.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>How long an idle loop waits before looking for a job again.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    public static IServiceCollection AddJobOptions(IServiceCollection services)
        => services.AddFeatureOptions<JobOptions>("Cordon:Jobs", o =>
            o.Workers is < 0 or > 64 ? $"Workers is {o.Workers}: use 0 to 64."
            : o.PollMilliseconds < 10 ? $"PollMilliseconds is {o.PollMilliseconds}: use 10 or more."
            : null);
}
