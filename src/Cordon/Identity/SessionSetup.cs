using System.Collections.Concurrent;
using System.Security.Claims;
using Cordon.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cordon.Identity;

/// <summary>
/// Wires sessions into the host: the cookie is checked against the user's security stamp on every
/// request, restricted sessions (one-time password, second factor to enrol) reach only the pages that
/// lift the restriction, and every open request of a session (live map and alert streams) ends when
/// its stamp changes.
/// </summary>
public static class SessionSetup
{
    /// <param name="demo">The server runs the demo (its ServerOptions.Demo): passwords stay enough unless the operator says otherwise.</param>
    public static IServiceCollection AddCordonSessions(this IServiceCollection services, IConfiguration configuration, bool demo)
    {
        services.AddOptions<IdentitySettings>()
            .Bind(configuration.GetSection("Cordon:Identity"))
            .PostConfigure(s => s.EnforceSecondFactor ??= !demo)
            .Validate(s => !s.Problems().Any(), "Cordon:Identity is not valid (see SecondFactorRoles and StreamCheckSeconds).")
            .ValidateOnStart();
        services.AddSingleton<SessionWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionWatch>());
        return services;
    }

    /// <summary>Issues the session cookie for <paramref name="state"/> (sign-in, password change, entering or leaving an exercise).</summary>
    public static Task SignInAsync(HttpContext http, SessionState state)
        => http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Sessions.Principal(state, CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>The cookie's OnValidatePrincipal: the session follows the user record and its stamp.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var state = id is null || !Guid.TryParse(id, out var userId)
            ? null
            : await Sessions.CheckAsync(services.GetRequiredService<CordonDb>(), userId, ctx.Principal!.FindFirstValue(Sessions.StampClaim),
                services.GetRequiredService<IOptions<IdentitySettings>>().Value, ctx.Principal!.FindFirstValue(Sessions.ExerciseCellClaim), ctx.HttpContext.RequestAborted);
        if (state is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        ctx.ReplacePrincipal(Sessions.Principal(state, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static IApplicationBuilder UseCordonSessions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var principal = context.User;
        if (principal.FindFirstValue(Sessions.StampClaim) is not { } stamp
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await next(context);
            return;
        }
        if (RestrictedTo(principal) is { } only && !Allowed(context.Request.Path, only))
        {
            await RefuseAsync(context, only);
            return;
        }
        var watch = context.RequestServices.GetRequiredService<SessionWatch>();
        var lifetime = context.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>();
        // Only long-lived responses (streams) are ended from outside: an ordinary request was checked when it
        // started, and may itself be the one that changed the stamp (password change, enrolment).
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var started = clock.GetUtcNow();
        using var watched = watch.Watch(userId, stamp, lifetime.RequestAborted, () =>
            context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true
            || clock.GetUtcNow() - started > TimeSpan.FromSeconds(30));
        context.Features.Set<IHttpRequestLifetimeFeature>(new RevocableLifetime(lifetime, watched.Token));
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (watched.Revoked && !lifetime.RequestAborted.IsCancellationRequested)
        {
            // The session ended while the request was open (a stream): the response simply ends.
        }
        finally
        {
            context.Features.Set(lifetime);
        }
    });

    private static string[]? RestrictedTo(ClaimsPrincipal principal)
    {
        if (principal.HasClaim(Sessions.MustChangePasswordClaim, "true"))
        {
            return ["/account/password", "/logout"];
        }
        if (principal.HasClaim(Sessions.MustEnrolClaim, "true"))
        {
            return ["/account/two-factor", "/account/password", "/logout"];
        }
        return null;
    }

    private static readonly string[] AlwaysOpen = ["/css", "/js", "/lib", "/favicon.ico", "/health", "/login", "/denied"];

    private static bool Allowed(PathString path, string[] only)
        => only.Concat(AlwaysOpen).Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext context, string[] only)
    {
        var detail = only[0] == "/account/password"
            ? "This session was opened with a one-time password: change it first (/account/password)."
            : "Your role requires a second factor: enrol one first (/account/two-factor).";
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/taxii2"))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed yet.", detail: detail).ExecuteAsync(context);
        }
        context.Response.Redirect(only[0] == "/account/password" ? "/account/password?first=1" : "/account/two-factor");
        return Task.CompletedTask;
    }

    private sealed class RevocableLifetime(IHttpRequestLifetimeFeature inner, CancellationToken token) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get => token; set { } }

        public void Abort() => inner.Abort();
    }
}

/// <summary>
/// Open requests of cookie sessions, re-checked against their user's stamp every few seconds (changes
/// made on other nodes) and at once when this node changes a stamp.
/// </summary>
public sealed class SessionWatch(IServiceScopeFactory scopes, IOptions<IdentitySettings> settings) : BackgroundService
{
    private readonly ConcurrentDictionary<Watched, byte> _open = new();
    private readonly SemaphoreSlim _wake = new(0);

    public sealed class Watched : IDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly SessionWatch _owner;
        internal Guid UserId { get; }
        internal string Stamp { get; }

        internal Func<bool> LongLived { get; }

        internal Watched(SessionWatch owner, Guid userId, string stamp, CancellationToken aborted, Func<bool> longLived)
        {
            _owner = owner;
            LongLived = longLived;
            UserId = userId;
            Stamp = stamp;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        }

        public CancellationToken Token => _cts.Token;
        public bool Revoked { get; private set; }

        internal void Revoke()
        {
            Revoked = true;
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request ended meanwhile.
            }
        }

        public void Dispose()
        {
            _owner._open.TryRemove(this, out _);
            _cts.Dispose();
        }
    }

    public Watched Watch(Guid userId, string stamp, CancellationToken aborted, Func<bool> longLived)
    {
        var watched = new Watched(this, userId, stamp, aborted, longLived);
        _open.TryAdd(watched, 0);
        return watched;
    }

    private void OnStampChanged(Guid userId)
    {
        if (_open.Keys.Any(w => w.UserId == userId))
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sessions.StampChanged += OnStampChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(settings.Value.StreamCheckSeconds), stoppingToken);
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            Sessions.StampChanged -= OnStampChanged;
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var open = _open.Keys.ToList();
        if (open.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
            var ids = open.Select(w => w.UserId).Distinct().ToList();
            var current = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
                .Select(u => new { u.Id, u.SecurityStamp, u.Disabled }).ToDictionaryAsync(u => u.Id, ct);
            foreach (var w in open)
            {
                if ((!current.TryGetValue(w.UserId, out var user) || user.Disabled || user.SecurityStamp != w.Stamp) && w.LongLived())
                {
                    w.Revoke();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed check (database briefly unreachable) is retried at the next interval.
        }
    }
}
