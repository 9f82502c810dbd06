using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cordon.Server;

/// <summary>
/// The API's description for integrators: the OpenAPI document with its security schemes (an agency's
/// API key, or a bearer token from the agency's own identity provider), and an interactive reference
/// (Scalar, served from the package itself: no CDN, no fonts or telemetry from elsewhere) at /api/docs.
/// </summary>
public static class ApiReference
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddCordonOpenApi(this IServiceCollection services)
        => services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Cordon API",
                Version = "v1",
                Description = "Customs enforcement and interagency border coordination. Every read of another agency's record "
                    + "goes through its agreement's shared view and is audited; errors are RFC 9457 Problem Details naming the record and field.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An agency's API key (cdn_…), created by its administrator: `cordon apikeys create` or the API keys page.",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from an agency's own identity provider, once the agency administrator has registered it.",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            ];
            return Task.CompletedTask;
        }));

    public static WebApplication MapCordonApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("Cordon API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce()); // EdgeProtection puts the nonce in this response's Content-Security-Policy
        return app;
    }

    /// <summary>The nonce Scalar emitted on this response's script tags, if any.</summary>
    internal static string? ScriptNonce(HttpContext context)
        => context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
