using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cordon.Common;

/// <summary>
/// A feature's settings the one way: a class with its defaults, bound from its configuration section, checked when the
/// server starts (a wrong value stops it with the key named, instead of a worker misbehaving later), and injected as
/// <see cref="IOptions{T}"/>.
/// </summary>
public static class FeatureOptions
{
    /// <param name="check">The first wrong value as "Key is X: use …", or null when all are right.</param>
    public static IServiceCollection AddFeatureOptions<T>(this IServiceCollection services, string section, Func<T, string?> check) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Check<T>(section, check));
        return services;
    }

    /// <summary>
    /// The same for settings the server needs while it is still being built (its logging, Kestrel's limits, whether telemetry is on):
    /// bound and checked now, once, stopping the start with the key named, and registered as <see cref="IOptions{T}"/> like the others.
    /// </summary>
    public static T AddFeatureOptionsNow<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, string?> check)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        if (check(options) is { } wrong)
        {
            throw new InvalidOperationException($"{section}:{wrong}");
        }
        services.AddSingleton(Options.Create(options));
        return options;
    }

    private sealed class Check<T>(string section, Func<T, string?> check) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
            => check(options) is { } wrong ? ValidateOptionsResult.Fail($"{section}:{wrong}") : ValidateOptionsResult.Success;
    }
}
