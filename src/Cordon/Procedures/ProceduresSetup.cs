using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Procedures;

/// <summary>The services procedures need: the daily sweep that raises review-due alerts.</summary>
public static class ProceduresSetup
{
    public static IServiceCollection AddProcedures(this IServiceCollection services)
        => ProcedureOptions.AddProcedureOptions(services).AddHostedService<ProcedureReviewWorker>();
}
