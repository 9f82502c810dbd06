using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Storage;

/// <summary>
/// Read-only work (reports, statistics, exports, the estimates) may be sent to a PostgreSQL standby by configuration
/// (<c>ConnectionStrings:CordonReadOnly</c>): a request to an endpoint marked <see cref="ReadsFromReplica{TBuilder}"/>
/// runs its queries there, and whatever it writes — its audit entries above all — still goes to the primary, because
/// the context moves back before every write (<see cref="CordonDb.BackToPrimary"/>). A standby refuses writes itself,
/// so a write that went round that (a set-based update) fails loudly instead of being lost. Decision 028.
/// </summary>
public static class ReplicaReads
{
    /// <summary>The endpoint's queries may read from the standby (seconds behind the primary at most, synchronously replicated).</summary>
    public sealed class Marker;

    public static TBuilder ReadsFromReplica<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new Marker());

    /// <summary>After routing: the request's context reads from the standby when its endpoint is marked and one is configured.</summary>
    public static IApplicationBuilder UseReplicaReads(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null)
        {
            http.RequestServices.GetRequiredService<CordonDb>().ReadFromReplica();
        }
        await next(http);
    });
}
