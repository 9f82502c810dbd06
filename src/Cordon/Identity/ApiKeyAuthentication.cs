using System.Security.Claims;
using System.Text.Encodings.Web;
using Cordon.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Identity;

/// <summary>Authenticates machine clients by "X-Api-Key: cdn_…" or "Authorization: ApiKey cdn_…".</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CordonDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string FailureKey = "cordon:apikey-failure";

    public static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0)
        {
            return header[0];
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        var (check, actor) = await ApiKeys.AuthenticateAsync(db, presented, Context.RequestAborted, TimeProvider);
        if (check != ApiKeyCheck.Valid)
        {
            var reason = check switch
            {
                ApiKeyCheck.Malformed => "The API key is malformed: expected 'cdn_' followed by an 8-character prefix, '_' and a 43-character secret.",
                ApiKeyCheck.Revoked => "The API key has been revoked.",
                _ => "The API key is not valid.",
            };
            Context.Items[FailureKey] = reason;
            return AuthenticateResult.Fail(reason);
        }
        var identity = new ClaimsIdentity(actor!.ToClaims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        var detail = Context.Items[FailureKey] as string ?? "Authentication is required.";
        await Results.Problem(statusCode: 401, title: "Not authenticated.", detail: detail).ExecuteAsync(Context);
    }
}
