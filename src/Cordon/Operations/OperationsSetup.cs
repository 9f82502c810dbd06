using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cordon.Operations;

/// <summary>The services operations need: planning rules, track correlation bounds, the live feed and its background work.</summary>
public static class OperationsSetup
{
    public static void AddOperations(this IServiceCollection services)
    {
        OperationsOptions.AddOperationsOptions(services);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperationsOptions>>().Value.Planning);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperationsOptions>>().Value.Correlation);
        services.AddFeatureOptions<ImpactLevelOptions>("ImpactLevels", ImpactLevelOptions.Check);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ImpactLevelOptions>>().Value.Rules);
        services.AddSingleton<LiveFeed>();
        services.AddHostedService<EscalationService>();
        services.AddHostedService<LiveFeedRelay>();
    }
}
