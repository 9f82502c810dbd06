using Cordon.Common;

namespace Cordon.Server;

/// <summary>The server's own settings (<c>Cordon</c>): read once when it is built, and injected where they are used.</summary>
public sealed class ServerOptions
{
    public const string Section = "Cordon";

    /// <summary>Structured JSON logs on stdout instead of single lines.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>Larger request bodies get 413 Problem Details (an upload endpoint declares its own limit).</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Seed the demo agencies, users and records (never in production).</summary>
    public bool Demo { get; set; }

    public static ServerOptions Add(IServiceCollection services, IConfiguration configuration)
        => services.AddFeatureOptionsNow<ServerOptions>(configuration, Section, o =>
            o.MaxRequestBodyBytes < 1 ? $"MaxRequestBodyBytes is {o.MaxRequestBodyBytes}: use a number of bytes, 1 or more." : null);
}

/// <summary>What the server does with its store when it starts (<c>Database</c>; the store itself is <see cref="Storage.StorageSetup.Read"/>'s).</summary>
public sealed class StoreStartOptions
{
    /// <summary>Apply pending migrations when the server starts (<c>--no-migrate</c> turns it off).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public static IServiceCollection Add(IServiceCollection services)
        => services.AddFeatureOptions<StoreStartOptions>("Database", _ => null);
}
