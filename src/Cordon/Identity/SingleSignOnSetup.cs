using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Cordon.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Cordon.Identity;

/// <summary>
/// The OpenID Connect side of single sign-on: one authentication scheme per agency provider, added
/// when first needed (authorization code flow with PKCE, the account made or updated at sign-in), and
/// a bearer scheme that accepts the access tokens (JWT) of any enabled agency provider from machines.
/// </summary>
public static class SingleSignOnSetup
{
    public const string BearerScheme = "AgencyBearer";
    public const string ProtectorPurpose = "Cordon.Identity.ProviderClientSecret";

    public static AuthenticationBuilder AddCordonSingleSignOn(this AuthenticationBuilder auth)
    {
        auth.Services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ProviderOptions>();
        // What AddOpenIdConnect would register: fills in the protectors, backchannel and configuration manager.
        auth.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        auth.Services.AddSingleton<ProviderMetadata>();
        auth.AddScheme<AuthenticationSchemeOptions, AgencyBearerAuthentication>(BearerScheme, null);
        return auth;
    }

    /// <summary>Machines present provider tokens as "Authorization: Bearer eyJ…".</summary>
    public static bool BearerPresented(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// GET /login/sso/{agency}: off to the agency's provider. The provider's redirect back is a navigation
    /// another site started, so the browser withholds the SameSite=Strict session cookie from it and from
    /// every redirect that follows; the callback therefore ends on <c>/login/sso/continue</c>, a page of
    /// ours whose own navigation (a meta refresh, no script) is same-site and carries the new session.
    /// </summary>
    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login/sso/{agency}", async (string agency, string? returnUrl, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            if (await SingleSignOn.ProviderAsync(db, agency, ct) is null)
            {
                return Results.Problem(statusCode: 404, title: "No single sign-on.", detail: $"Agency '{agency}' has no enabled identity provider.");
            }
            var scheme = await EnsureSchemeAsync(http.RequestServices, agency);
            var continueAt = "/login/sso/continue?to=" + Uri.EscapeDataString(LocalTarget(returnUrl));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = continueAt }, [scheme]);
        }).AllowAnonymous()
            .Describe("startSingleSignOn", "Starts single sign-on with the agency's identity provider (a browser redirect); 404 when the agency has none");
        app.MapGet("/login/sso/continue", (string? to) =>
        {
            var target = HtmlEncoder.Default.Encode(LocalTarget(to));
            return Results.Content($"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><title>Signing in – Cordon</title></head>
                <body><p><a href="{target}">Continue to Cordon</a></p></body></html>
                """, "text/html; charset=utf-8");
        }).AllowAnonymous()
            .Describe("continueSingleSignOn", "The page single sign-on ends on, which continues to the local address the sign-in started from");
        return app;
    }

    /// <summary>
    /// Only a path on this server: not "//host" or "/\host", which browsers read as another host, and no control
    /// characters (browsers drop tabs and newlines from addresses, so "/\t/host" would become "//host").
    /// </summary>
    internal static string LocalTarget(string? url)
        => url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
           && !url.Any(char.IsControl)
            ? url
            : "/";

    /// <summary>Provider schemes exist before authentication runs, so a callback finds its handler also after a restart.</summary>
    public static IApplicationBuilder UseCordonAuthentication(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/signin-oidc/", StringComparison.OrdinalIgnoreCase))
            {
                await EnsureSchemeAsync(context.RequestServices, path["/signin-oidc/".Length..].Split('/')[0]);
            }
            await next(context);
        });
        app.UseAuthentication();
        return app.UseCordonSessions();
    }

    /// <summary>Forgets a provider's cached handler options after its configuration changed.</summary>
    public static void Forget(IServiceProvider services, string agencyCode)
        => services.GetRequiredService<IOptionsMonitorCache<OpenIdConnectOptions>>().TryRemove(SingleSignOn.SchemeFor(agencyCode));

    private static async Task<string> EnsureSchemeAsync(IServiceProvider services, string agencyCode)
    {
        var name = SingleSignOn.SchemeFor(agencyCode);
        var schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(name) is null)
        {
            schemes.TryAddScheme(new AuthenticationScheme(name, agencyCode.ToUpperInvariant(), typeof(OpenIdConnectHandler)));
        }
        return name;
    }

    /// <summary>Configures an agency's scheme from its stored provider.</summary>
    private sealed class ProviderOptions(IServiceScopeFactory scopes, IDataProtectionProvider protection) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, OpenIdConnectOptions options)
        {
            if (name is null || !name.StartsWith("oidc-", StringComparison.Ordinal))
            {
                return;
            }
            var code = name["oidc-".Length..];
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
            var upper = code.ToUpperInvariant();
            // Options are built synchronously by the framework; this runs once per scheme until forgotten.
            var provider = db.AgencyIdentityProviders.AsNoTracking().Include(p => p.Agency).FirstOrDefault(p => p.Agency!.Code == upper && p.Enabled);
            if (provider is null)
            {
                options.Authority = "https://invalid.invalid/";
                options.ClientId = "none";
                return;
            }
            options.Authority = provider.Issuer;
            options.RequireHttpsMetadata = new Uri(provider.Issuer).Scheme == Uri.UriSchemeHttps;
            options.ClientId = provider.ClientId;
            options.ClientSecret = provider.ProtectedClientSecret is { } secret ? protection.CreateProtector(ProtectorPurpose).Unprotect(secret) : null;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The code comes back as a top-level GET, which carries the Lax correlation and nonce cookies
            // (a cross-site form_post would not, and SameSite=None needs https).
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CallbackPath = SingleSignOn.CallbackPathFor(code);
            options.SignedOutCallbackPath = "/signout-oidc/" + code;
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.Scope.Clear();
            foreach (var s in new[] { "openid", "profile", "email" })
            {
                options.Scope.Add(s);
            }
            options.ClaimActions.MapJsonKey(provider.RoleClaim, provider.RoleClaim);
            options.TokenValidationParameters.NameClaimType = "preferred_username";
            // After the userinfo response is in (roles often come only there), not at token validation.
            options.Events.OnTicketReceived = ctx => SignedInAsync(ctx, upper);
            options.Events.OnRemoteFailure = ctx =>
            {
                ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Cordon.SingleSignOn")
                    .LogWarning(ctx.Failure, "Single sign-on for {Agency} failed.", upper);
                ctx.Response.Redirect("/login?sso=failed");
                ctx.HandleResponse();
                return Task.CompletedTask;
            };
        }
    }

    /// <summary>The provider vouched for the person: make or update the account, and start a Cordon session for it.</summary>
    private static async Task SignedInAsync(TicketReceivedContext ctx, string agencyCode)
    {
        var services = ctx.HttpContext.RequestServices;
        var db = services.GetRequiredService<CordonDb>();
        var provider = await SingleSignOn.ProviderAsync(db, agencyCode, ctx.HttpContext.RequestAborted);
        var principal = ctx.Principal!;
        var subject = principal.FindFirstValue("sub");
        if (provider is null || subject is null)
        {
            Refuse(ctx, "The provider is not configured, or gave no subject.");
            return;
        }
        try
        {
            var user = await SingleSignOn.SignInAsync(db, provider, subject,
                principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue("email"), principal.FindFirstValue("name"),
                RoleValues(principal, provider.RoleClaim), ctx.HttpContext.RequestAborted, services.GetRequiredService<TimeProvider>());
            var state = await Sessions.StartAsync(db, user.Id, services.GetRequiredService<IOptions<IdentitySettings>>().Value, ctx.HttpContext.RequestAborted);
            ctx.Principal = Sessions.Principal(state, CookieAuthenticationDefaults.AuthenticationScheme);
            Sharing.RequestPurpose.StateForNewSession(ctx.HttpContext);
        }
        catch (Common.Forbidden e)
        {
            Refuse(ctx, e.Message);
        }
    }

    /// <summary>No Cordon session: back to the sign-in page, the reason on the server's log (the audit log has the attempt).</summary>
    private static void Refuse(TicketReceivedContext ctx, string reason)
    {
        ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Cordon.SingleSignOn").LogWarning("Single sign-on refused: {Reason}", reason);
        ctx.Response.Redirect("/login?sso=refused");
        ctx.HandleResponse();
    }

    internal static IEnumerable<string> RoleValues(ClaimsPrincipal principal, string roleClaim)
        => principal.FindAll(roleClaim).SelectMany(c => c.Value.StartsWith('[')
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(c.Value) ?? []
            : [c.Value]);

    /// <summary>Signing keys and issuer of each provider's discovery document, cached and refreshed as Microsoft.IdentityModel does.</summary>
    internal sealed class ProviderMetadata
    {
        private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new(StringComparer.Ordinal);

        public Task<OpenIdConnectConfiguration> GetAsync(string issuer, CancellationToken ct)
            => _managers.GetOrAdd(issuer, i => new ConfigurationManager<OpenIdConnectConfiguration>(
                i.TrimEnd('/') + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = new Uri(i).Scheme == Uri.UriSchemeHttps })).GetConfigurationAsync(ct);
    }

    /// <summary>
    /// Accepts a provider's JWT access token from a machine client: the issuer must be an enabled agency
    /// provider, the signature one of its published keys, the token unexpired, the audience the agency's
    /// client id; the agency's role mapping gives the roles (never operator).
    /// </summary>
    private sealed class AgencyBearerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        CordonDb db, ProviderMetadata metadata) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!BearerPresented(Request))
            {
                return AuthenticateResult.NoResult();
            }
            var token = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
            var handler = new JsonWebTokenHandler();
            if (!handler.CanReadToken(token))
            {
                return AuthenticateResult.Fail("The bearer token is not a JWT.");
            }
            var issuer = handler.ReadJsonWebToken(token).Issuer;
            var provider = await SingleSignOn.ProviderByIssuerAsync(db, issuer, Context.RequestAborted);
            if (provider is null)
            {
                return AuthenticateResult.Fail("The token's issuer is not an agency's identity provider.");
            }
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await metadata.GetAsync(provider.Issuer, Context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
            {
                return AuthenticateResult.Fail("The identity provider's keys could not be read.");
            }
            var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = provider.Issuer,
                IssuerSigningKeys = configuration.SigningKeys,
                ValidAudiences = [provider.ClientId],
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            });
            if (!result.IsValid)
            {
                return AuthenticateResult.Fail(result.Exception?.Message ?? "The token is not valid.");
            }
            var claims = new ClaimsPrincipal(result.ClaimsIdentity);
            var roles = SingleSignOn.MapRoles(provider, RoleValues(claims, provider.RoleClaim)) & ~Roles.Operator;
            if (roles == Roles.None)
            {
                return AuthenticateResult.Fail("The token carries no role that the agency maps to a Cordon role.");
            }
            var subject = claims.FindFirstValue("client_id") ?? claims.FindFirstValue("sub") ?? "client";
            var actor = new Actor(null, provider.AgencyId, roles, $"{subject} (token from {provider.Agency!.Code} provider)", ActorKind.ApiKey);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(actor.ToClaims(), BearerScheme)), BearerScheme));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 401;
            Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: 401, title: "Not authenticated.", detail: "The bearer token was refused.").ExecuteAsync(Context);
        }
    }
}
