using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Federation;

/// <summary>The federation services: partners, outbox, inbox and the worker that delivers.</summary>
public static class FederationSetup
{
    /// <summary>The installation's name and federation key, and the delivery worker.</summary>
    public static IServiceCollection AddCordonFederation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => Installation.Load(configuration));
        services.AddHttpClient(FederationWorker.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        FederationOptions.AddFederationOptions(services);
        services.AddHostedService<FederationWorker>();
        services.AddHostedService<FederationListener>();
        return services;
    }
}
