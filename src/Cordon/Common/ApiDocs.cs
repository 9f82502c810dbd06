using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

// In the root namespace so every feature's endpoints file finds it without a using (Cordon.Common.NotFound would clash with HttpResults.NotFound).
namespace Cordon;

/// <summary>
/// How an endpoint describes itself in the OpenAPI document: an operation id (camelCase, verb first, unique; also the
/// endpoint's name) and a one-line summary in the domain's words, written where the route is mapped.
/// ApiReferenceTests fail on an /api endpoint without them.
/// </summary>
public static class ApiDocs
{
    private const string Purpose = "state the purpose in the X-Cordon-Purpose header.";

    /// <summary>The description of a read through the one access policy.</summary>
    public const string PolicyRead = "Read through the access policy: " + Purpose + " Another agency's records come through its agreement's "
        + "shared view, with the fields the agreement withholds redacted, and each such read is audited.";

    /// <summary>The same, for one record, which a supervisor may read by breaking the glass.</summary>
    public const string PolicyReadOne = PolicyRead + " Where the policy denies it, a signed-in supervisor may state a justification in the "
        + "X-Cordon-Break-Glass header: the read is then allowed, audited and put to the owning agency's review.";

    /// <summary>The description of a change made through the access policy (it reads the record it changes).</summary>
    public const string PolicyWrite = "Acts through the access policy: " + Purpose;

    /// <summary>Endpoint metadata: the request must state its purpose; <see cref="BreakGlass"/>: it also takes a break-glass justification.</summary>
    public sealed record StatesPurpose(bool BreakGlass);

    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string operationId, string summary, string? description = null)
    {
        endpoint.WithName(operationId).WithSummary(summary);
        if (description is null)
        {
            return endpoint;
        }
        if (description.StartsWith(PolicyRead, StringComparison.Ordinal) || description.StartsWith(PolicyWrite, StringComparison.Ordinal))
        {
            endpoint.WithMetadata(new StatesPurpose(description.StartsWith(PolicyReadOne, StringComparison.Ordinal)));
        }
        return endpoint.WithDescription(description);
    }
}
