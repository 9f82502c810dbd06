using Cordon.Common;
using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cordon.Operations;

/// <summary>
/// Checks response-plan timers every 30 seconds and escalates late steps. Time comes from the
/// injected <see cref="TimeProvider"/> so tests can move the clock.
/// </summary>
public sealed class EscalationService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EscalationService> log) : PeriodicSweep(scopes, clock, log)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override string Done => "Escalated {Count} late response step(s).";
    protected override TimeSpan Interval => Every;

    protected override Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
        => IncidentResponse.EscalateLateStepsAsync(db, now, ct);
}
