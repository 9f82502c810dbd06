using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Resources;

/// <summary>The services resources need: the alert thresholds and the sweep that raises maintenance and policy alerts.</summary>
public static class ResourcesSetup
{
    public static IServiceCollection AddResources(this IServiceCollection services)
        => ResourceOptions.AddResourceOptions(services).AddHostedService<ResourceAlertWorker>();
}
