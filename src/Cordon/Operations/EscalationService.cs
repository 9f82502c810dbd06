using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cordon.Operations;

/// <summary>
/// Checks response-plan timers every 30 seconds and escalates late steps. Time comes from the
/// injected <see cref="TimeProvider"/> so tests can move the clock.
/// </summary>
public sealed class EscalationService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EscalationService> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
                var escalated = await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), stoppingToken);
                if (escalated > 0)
                {
                    log.LogInformation("Escalated {Count} late response step(s).", escalated);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Escalation check failed; retrying at the next interval.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
