using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Cordon.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Cordon.Server;

/// <summary>
/// What every response carries and every client is held to at the edge: security headers with a strict
/// Content-Security-Policy, rate limits per client with 429 Problem Details, forwarded headers from the
/// configured proxies only, and Secure cookies outside Development. Settings: <c>Cordon:Edge</c>.
/// </summary>
public static class EdgeProtection
{
    /// <summary>Limits per client per minute; 0 turns one off. <c>Enabled=false</c> turns all off (the test hosts do).</summary>
    public sealed class RateLimitOptions
    {
        public bool Enabled { get; set; } = true;
        /// <summary>Sign-in attempts per client address (each failed one is audited: this bounds the audit log's growth).</summary>
        public int SignInPerMinute { get; set; } = 20;
        /// <summary>Sign-in attempts from all addresses together.</summary>
        public int SignInTotalPerMinute { get; set; } = 600;
        /// <summary>API requests per API key, user or (unauthenticated) address.</summary>
        public int ApiPerMinute { get; set; } = 1200;
        public int TaxiiPerMinute { get; set; } = 300;
        /// <summary>Sensor messages posted (POST /api/detections) per key or user.</summary>
        public int SensorIngestPerMinute { get; set; } = 3000;
        /// <summary>Anonymous federation requests (identity, inbox, checkpoint, consistency) per address.</summary>
        public int FederationPerMinute { get; set; } = 600;
        /// <summary>Anonymous federation requests from all addresses together (each new checkpoint is a row).</summary>
        public int FederationTotalPerMinute { get; set; } = 6000;
    }

    public sealed class EdgeOptions
    {
        public RateLimitOptions RateLimits { get; set; } = new();
        /// <summary>Proxies (addresses) whose X-Forwarded-For/-Proto are believed; none by default.</summary>
        public string[] KnownProxies { get; set; } = [];
        /// <summary>Proxy networks in CIDR notation ("10.0.0.0/8") whose forwarded headers are believed.</summary>
        public string[] KnownNetworks { get; set; } = [];
        /// <summary>
        /// Whether every cookie carries Secure. Unset: yes outside Development wherever the deployment is served
        /// over https (an https endpoint of its own, or a configured TLS-terminating proxy); a plain-http start
        /// such as the README's marks cookies Secure only on https requests, since a browser would drop them
        /// (and antiforgery refuses to issue them) over http.
        /// </summary>
        public bool? SecureCookies { get; set; }
    }

    public static IServiceCollection AddCordonEdgeProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var edge = configuration.GetSection("Cordon:Edge").Get<EdgeOptions>() ?? new EdgeOptions();
        services.AddSingleton(edge);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in edge.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in edge.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        var servedOverHttps = CordonServer.ServesHttps(configuration) || edge.KnownProxies.Length > 0 || edge.KnownNetworks.Length > 0;
        if (edge.SecureCookies ?? (!environment.IsDevelopment() && servedOverHttps))
        {
            services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectedAsync;
            var limits = edge.RateLimits;
            if (limits.Enabled)
            {
                o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(c => Partition(limits, c, perClient: true)),
                    PartitionedRateLimiter.Create<HttpContext, string>(c => Partition(limits, c, perClient: false)));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: the real client address and scheme, then the headers on every response.</summary>
    public static WebApplication UseCordonEdgeHeaders(this WebApplication app)
    {
        var edge = app.Services.GetRequiredService<EdgeOptions>();
        if (edge.KnownProxies.Length > 0 || edge.KnownNetworks.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        var policy = ContentSecurityPolicy(app.Configuration["Operations:TileUrl"]);
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // The API reference's page carries one inline script, allowed by this response's nonce only.
                headers.ContentSecurityPolicy = ApiReference.ScriptNonce(context) is { } nonce
                    ? policy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    : policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    /// <summary>After authentication, so a client is counted by its key or user, not by whatever key it made up.</summary>
    public static WebApplication UseCordonRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// No inline script at all (every script is a file under /js or /lib); styles may be inline (attributes in
    /// the pages, Leaflet's positioning). Map tiles may come from the configured tile server.
    /// </summary>
    internal static string ContentSecurityPolicy(string? tileUrl)
    {
        var images = "'self' data: blob:";
        if (TileOrigin(tileUrl) is { } tiles)
        {
            images += " " + tiles;
        }
        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src {images}; connect-src 'self'; font-src 'self'; "
               + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private static string? TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl))
        {
            return null;
        }
        var probe = tileUrl.Replace("{s}", "a", StringComparison.Ordinal).Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }
        var host = tileUrl.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.', StringComparison.Ordinal) + 1)..] : uri.Host;
        return $"{uri.Scheme}://{host}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture))}";
    }

    private enum Traffic
    {
        None,
        SignIn,
        Federation,
        Taxii,
        SensorIngest,
        Api,
    }

    private static Traffic Classify(HttpRequest request)
    {
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method) && (path.StartsWithSegments("/login") || path.StartsWithSegments("/account/login")
                                                   || path.StartsWithSegments("/api/auth") || path.StartsWithSegments("/signin-oidc")))
        {
            return Traffic.SignIn;
        }
        if (path.StartsWithSegments("/api/federation") && !path.StartsWithSegments("/api/federation/partners"))
        {
            return Traffic.Federation;
        }
        if (path.StartsWithSegments("/taxii2"))
        {
            return Traffic.Taxii;
        }
        if (HttpMethods.IsPost(request.Method) && path.StartsWithSegments("/api/detections"))
        {
            return Traffic.SensorIngest;
        }
        return path.StartsWithSegments("/api") ? Traffic.Api : Traffic.None;
    }

    private static RateLimitPartition<string> Partition(RateLimitOptions limits, HttpContext context, bool perClient)
    {
        var traffic = Classify(context.Request);
        var limit = (traffic, perClient) switch
        {
            (Traffic.SignIn, true) => limits.SignInPerMinute,
            (Traffic.SignIn, false) => limits.SignInTotalPerMinute,
            (Traffic.Federation, true) => limits.FederationPerMinute,
            (Traffic.Federation, false) => limits.FederationTotalPerMinute,
            (Traffic.Taxii, true) => limits.TaxiiPerMinute,
            (Traffic.SensorIngest, true) => limits.SensorIngestPerMinute,
            (Traffic.Api, true) => limits.ApiPerMinute,
            _ => 0,
        };
        if (limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("none");
        }
        var key = traffic + ":" + (perClient ? Client(context, byIdentity: traffic is Traffic.Taxii or Traffic.SensorIngest or Traffic.Api) : "all");
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>An authenticated client by its key or user (one per agency key); anyone else by address.</summary>
    private static string Client(HttpContext context, bool byIdentity)
    {
        if (byIdentity && context.User.Identity?.IsAuthenticated == true)
        {
            var kind = context.User.FindFirstValue(Actor.KindClaim);
            return kind + ":" + (context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.FindFirstValue(Actor.AgencyClaim) + "/" + context.User.FindFirstValue(ClaimTypes.Name));
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local");
    }

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: $"This client has reached its limit for {Classify(context.Request).ToString().ToLowerInvariant()} requests; retry after {seconds} s.")
            .ExecuteAsync(context);
    }
}
