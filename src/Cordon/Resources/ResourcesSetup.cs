using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Resources;

/// <summary>The services resources need: the alert thresholds and the sweep that raises maintenance and policy alerts.</summary>
public static class ResourcesSetup
{
    public static IServiceCollection AddResources(this IServiceCollection services, IConfiguration configuration)
        => services.AddSingleton(ResourceOptions.From(configuration)).AddHostedService<ResourceAlertWorker>();
}
