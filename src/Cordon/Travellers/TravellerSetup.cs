using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Travellers;

/// <summary>The services traveller retention needs (the server keys that seal masked data come from messaging's setup).</summary>
public static class TravellerSetup
{
    /// <summary>The retention settings (checked at start) and the sweep that masks and deletes on schedule.</summary>
    public static IServiceCollection AddTravellerRetention(this IServiceCollection services)
        => TravellerRetentionOptions.Add(services).AddHostedService<TravellerRetentionWorker>();

    /// <summary>The installation's key for card hashes (configuration or the key file in the data directory, created on first start).</summary>
    public static IServiceCollection AddTravellerCardKey(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
        => services.AddSingleton(_ => CardHashKey.Load(configuration));
}
