using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Messaging;

/// <summary>The services messaging needs.</summary>
public static class MessagingSetup
{
    /// <summary>
    /// The server keys that wrap channel keys (Cordon:Messaging:ServerKey or the key file, and the previous keys), loaded at
    /// start; this node's wake-up for message streams; the settings (checked at start) and the retention sweep.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
        => MessagingOptions.AddMessagingOptions(services)
            .AddSingleton(_ => ChannelKeys.Load(configuration)).AddSingleton<MessagePosts>().AddHostedService<ChannelRetentionWorker>();
}
