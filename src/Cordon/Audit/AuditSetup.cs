using Cordon.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Audit;

/// <summary>The audit services: signing key, verification, periodic checkpoints and the auditor policy.</summary>
public static class AuditSetup
{
    /// <summary>Authorization policy: the auditor or operator role.</summary>
    public const string Policy = "auditor";

    /// <summary>The signing key (loaded or created on first use), "Verify now", periodic checkpoints, the auditor policy.</summary>
    public static IServiceCollection AddCordonAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => AuditSigner.Load(configuration));
        services.AddSingleton<AuditVerification>();
        AuditOptions.AddAuditOptions(services);
        services.AddHostedService<PeriodicCheckpoints>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAssertion(c =>
            c.User.Identity?.IsAuthenticated == true && (Actor.FromPrincipal(c.User).Roles & (Roles.Auditor | Roles.Operator)) != 0));
        return services;
    }
}
