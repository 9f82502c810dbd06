using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Jobs;

/// <summary>Runs one kind of job. Handlers must be safe to re-run from their last checkpoint.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work; the returned value (if any) is stored as the job's JSON result.</summary>
    Task<object?> RunAsync(JobContext context);
}

public static class JobHandlerRegistration
{
    public static IServiceCollection AddJobHandler<T>(this IServiceCollection services) where T : class, IJobHandler
        => services.AddSingleton<IJobHandler, T>();
}
