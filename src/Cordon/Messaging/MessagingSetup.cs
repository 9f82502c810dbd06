using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Messaging;

/// <summary>The services messaging needs.</summary>
public static class MessagingSetup
{
    /// <summary>The server key that wraps channel keys (Cordon:Messaging:ServerKey or the key file), loaded at start; this node's wake-up for message streams.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
        => services.AddSingleton(_ => ChannelKeys.Load(configuration)).AddSingleton<MessagePosts>();
}
