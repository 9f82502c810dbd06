using Cordon.Operations.Detections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Operations;

/// <summary>The services operations need: planning rules, track correlation bounds, the live feed and its background work.</summary>
public static class OperationsSetup
{
    public static void AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new PlanningRules(TimeSpan.FromHours(configuration.GetValue("Operations:MinimumRestHours", 11.0)),
            configuration.GetValue("Operations:RouteCoverageKm", BorderCoverage.DefaultRouteCoverMetres / 1000) * 1000));
        services.AddSingleton(new CorrelationBounds(configuration.GetValue("Operations:TrackMaxDistanceMetres", 500.0),
            TimeSpan.FromSeconds(configuration.GetValue("Operations:TrackMaxGapSeconds", 300.0))));
        services.AddSingleton<LiveFeed>();
        services.AddHostedService<EscalationService>();
        services.AddHostedService<LiveFeedRelay>();
    }
}
