using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cordon.Common;

/// <summary>
/// The one skeleton of a background sweep: a pass at start (unless the sweep says otherwise) and then one every
/// <see cref="Interval"/> on the injected clock (tests move time), each pass in its own scope and store context; a pass
/// that fails is logged and tried again at the next tick; a node where the sweep is off runs none.
/// </summary>
public abstract class PeriodicSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>What the log calls a pass that did something, e.g. "Raised {Count} overdue-deadline alert(s).".</summary>
    protected abstract string Done { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>The injected clock, for a sweep that needs more of it than the pass's "now".</summary>
    protected TimeProvider Clock => clock;

    protected virtual bool Enabled => true;

    /// <summary>False for a sweep whose first pass waits one interval (a checkpoint right at start would sign nothing new).</summary>
    protected virtual bool AtStart => true;

    /// <summary>One pass; returns how many things it did (0: nothing logged).</summary>
    protected abstract Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            if (!AtStart && !await timer.WaitForNextTickAsync(stoppingToken))
            {
                return;
            }
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var done = await SweepAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CordonDb>(), clock.GetUtcNow(), stoppingToken);
                    if (done > 0)
                    {
#pragma warning disable CA2254 // the template is the sweep's own constant
                        log.LogInformation(Done, done);
#pragma warning restore CA2254
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "{Sweep} failed; retrying at the next interval.", GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
