using Cordon.Common;
using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Exercises;

/// <summary>The exercises feature's settings (<c>Cordon:Exercises</c>).</summary>
public sealed class ExerciseOptions
{
    /// <summary>False stops this node playing injects (another node plays them).</summary>
    public bool Runner { get; set; } = true;

    public int RunnerSeconds { get; set; } = 5;
}

/// <summary>
/// Plays due injects (<see cref="ExerciseInjects.PlayDueAsync"/>) every <c>Cordon:Exercises:RunnerSeconds</c> (default 5)
/// on the injected clock; an inject is claimed before it is played, so several nodes may run it.
/// </summary>
public sealed class ExerciseRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ExerciseOptions> options, ILogger<ExerciseRunner> log)
    : PeriodicSweep(scopes, clock, log)
{
    protected override string Done => "Played {Count} exercise inject(s).";
    protected override bool Enabled => options.Value.Runner;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RunnerSeconds);

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => ExerciseInjects.PlayDueAsync(db, now, services.GetService<Messaging.ChannelKeys>(), ct);
}

public static class ExercisesSetup
{
    public static IServiceCollection AddExercises(this IServiceCollection services)
        => services.AddFeatureOptions<ExerciseOptions>("Cordon:Exercises", o =>
            o.RunnerSeconds is < 1 or > 3600 ? $"RunnerSeconds is {o.RunnerSeconds}: use 1 to 3600." : null).AddHostedService<ExerciseRunner>();
}
