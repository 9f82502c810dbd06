using System.Security.Claims;
using System.Text.Json.Serialization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Reference;
using Cordon.Sharing;
using Cordon.Risk.Criteria;
using Cordon.Screening;
using Cordon.Storage;
using Cordon.Taxii;
using Cordon.Server.Ui;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cordon.Server;

public static class CordonServer
{
    public const string SmartScheme = "Cordon";

    public static string[] NormaliseArgs(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo":
                    result.Add("--Cordon:Demo=true");
                    break;
                case "--no-migrate":
                    result.Add("--Database:MigrateOnStart=false");
                    break;
                case "--provider" when i + 1 < args.Length:
                    result.Add($"--Database:Provider={args[++i]}");
                    break;
                case "--connection" when i + 1 < args.Length:
                    result.Add($"--ConnectionStrings:Cordon={args[++i]}");
                    break;
                default:
                    result.Add(args[i]);
                    break;
            }
        }
        return result.ToArray();
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json and the static assets travel with the binaries, so the server starts
            // the same from the repository root, from its own folder, or from a published copy.
            ContentRootPath = AppContext.BaseDirectory,
            // Pages and endpoints are discovered from this assembly also when a test hosts the server.
            ApplicationName = typeof(CordonServer).Assembly.GetName().Name,
        });
        // `dotnet run` (any environment) serves wwwroot from the project through the build's static web
        // assets manifest; a published copy has no such manifest and serves its own wwwroot instead.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        var server = ServerOptions.Add(services, configuration);
        if (server.JsonLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes);
        StoreStartOptions.Add(services);

        services.AddSingleton(TimeProvider.System); // the one clock; tests replace it
        services.AddCordonEdgeProtection(configuration, builder.Environment);
        services.AddCordonStorage(configuration);
        services.AddCordonAudit(configuration);
        Cordon.Federation.FederationSetup.AddCordonFederation(services, configuration);
        services.AddSingleton(_ => ReferenceData.Instance);
        DataProtectionKeys.Add(services, configuration);
        services.AddSingleton<JobRunner>();
        JobOptions.AddJobOptions(services);
        services.AddHostedService<JobWorker>();
        Cordon.Alerting.AlertOptions.AddAlertOptions(services);
        services.AddHostedService<Cordon.Alerting.AlertWorker>();
        Cordon.Alerting.WebhookDestinations.AddWebhookDelivery(services, configuration);
        Cordon.TradeMessages.AnswerWebhookOptions.AddAnswerWebhookOptions(services);
        services.AddHostedService<Cordon.TradeMessages.AnswerWebhookWorker>();
        services.AddHostedService<Cordon.Alerting.DeadlineAlertWorker>();
        services.AddHostedService<Cordon.Alerting.AlertListener>();
        services.AddJobHandler<Cordon.Declarations.ImportJob>();
        services.AddJobHandler<Cordon.Screening.Hits.IntakeScreeningJob>();
        services.AddJobHandler<Cordon.Screening.Hits.RescreenJob>();
        services.AddHostedService<Cordon.Screening.Hits.ScreeningBacklogWatcher>();
        services.AddJobHandler<Cordon.Risk.TrainModelJob>().AddJobHandler<Cordon.Risk.EvaluateModelJob>().AddJobHandler<Cordon.Risk.AssignLanesJob>();
        Cordon.Risk.RiskJobs.AddRiskScheduling(services);
        services.AddSingleton<Cordon.Declarations.IntakeService>();
        // Documents are checked against Cordon's national lost and stolen lists; an outside service registers here instead.
        services.AddScoped<Cordon.Travellers.ITravelDocumentCheck, Cordon.Travellers.NationalDocumentList>();
        services.AddSingleton(Cordon.Travellers.ShortStayRule.From(builder.Configuration));
        Cordon.Operations.OperationsSetup.AddOperations(services);
        Cordon.Procedures.ProceduresSetup.AddProcedures(services);
        Cordon.Risk.Measures.MeasuresSetup.AddMeasures(services);
        Cordon.Exercises.ExercisesSetup.AddExercises(services);
        Cordon.Resources.ResourcesSetup.AddResources(services);
        Cordon.Messaging.MessagingSetup.AddMessaging(services, configuration);
        Cordon.Travellers.TravellerSetup.AddTravellerRetention(services);
        Cordon.Travellers.TravellerSetup.AddTravellerCardKey(services, configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddExceptionHandler<Ui.BrowserErrorPages>(); // unexpected failures: a page for browsers
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddCordonOpenApi();
        services.AddCordonTelemetry(configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealth>("database", tags: ["ready"]);

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "API key or cookie", o =>
                o.ForwardDefaultSelector = ctx => ApiKeyAuthentication.Presented(ctx.Request) is not null
                    ? ApiKeyAuthentication.SchemeName
                    : SingleSignOnSetup.BearerPresented(ctx.Request) ? SingleSignOnSetup.BearerScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCordonSingleSignOn()
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "cordon.session";
                o.Cookie.HttpOnly = true;
                // Strict same-site cookies keep cross-site requests unauthenticated (CSRF defence for
                // the JSON API); forms additionally carry antiforgery tokens.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, 401, "Authentication is required.");
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, 403, "Your roles do not allow this.");
                o.Events.OnValidatePrincipal = SessionSetup.ValidateAsync;
            });
        services.AddCordonSessions(configuration, server.Demo);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy("admin", p => p.RequireAssertion(c => HasAny(c.User, Roles.AgencyAdmin | Roles.Operator)))
            .AddPolicy("operator", p => p.RequireAssertion(c => HasAny(c.User, Roles.Operator)));
        services.AddCordonLanguages();
        services.AddAntiforgery(o => o.Cookie.SameSite = SameSiteMode.Strict);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
            o.Conventions.AuthorizeFolder("/Admin", "admin");
        }).AddMvcOptions(o =>
        {
            o.Filters.Add<Ui.RefusalsOnTheForm>();
            // What a form needs is the feature's own validation, shown by RefusalsOnTheForm; a bound property left out of
            // a query (a list filter, a default lane) is not an error of its own.
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        });
        return builder.Build().Configure();
    }

    private static WebApplication Configure(this WebApplication app)
    {
        app.UseCordonEdgeHeaders(); // First: the real client address, and the security headers on every response.
        app.UseTaxiiErrors(); // TAXII clients get TAXII error messages, whatever below writes the error.
        app.UseExceptionHandler();
        // Routing first, so the body limit can honour an endpoint's own (upload endpoints declare larger ones).
        app.UseRouting();
        app.Use(LimitRequestBody(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes));
        app.UseStatusCodePages(Ui.BrowserErrorPages.HandleStatusAsync); // pages for browsers, Problem Details for the API
        // Redirect to https only where the server has an https endpoint; a plain-http start (the README's,
        // or behind a TLS-terminating proxy) would otherwise warn on every request that it has no https port.
        if (!app.Environment.IsDevelopment() && ServesHttps(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseRequestLocalization(); // each user's language (Ui/Languages.cs): pages, dates and numbers
        app.UseCordonAuthentication(); // authentication, single sign-on schemes, session checks
        app.UseCordonRateLimits(); // after authentication: the API is limited per key or user
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseReplicaReads(); // reports, statistics and exports read from a standby when one is configured
        app.UseCordonAuditScope(); // the request's actor for what the store audits; other agencies' records read, recorded at the end

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapCordonApiReference();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapIdentityEndpoints();
        app.MapSingleSignOn();
        app.MapReferenceEndpoints();
        app.MapJobEndpoints();
        app.MapSharingEndpoints();
        app.MapRiskCriteriaEndpoints();
        Cordon.Risk.RiskTargetingEndpoints.MapRiskTargetingEndpoints(app);
        app.MapAuditEndpoints();
        app.MapScreeningEndpoints();
        app.MapTaxiiEndpoints();
        Cordon.Federation.FederationEndpoints.MapFederationEndpoints(app);
        Cordon.Alerting.AlertEndpoints.MapAlertEndpoints(app);
        Cordon.Declarations.DeclarationEndpoints.MapDeclarationEndpoints(app);
        Cordon.Cases.CaseEndpoints.MapCaseEndpoints(app);
        Cordon.Travellers.TravellerEndpoints.MapTravellerEndpoints(app);
        Cordon.TradeMessages.TradeMessageEndpoints.MapTradeMessageEndpoints(app);
        Cordon.Operations.OperationEndpoints.MapOperationEndpoints(app);
        Cordon.Procedures.ProcedureEndpoints.MapProcedures(app);
        Cordon.Risk.Performance.PerformanceEndpoints.MapPerformance(app);
        Cordon.Risk.Measures.MeasureEndpoints.MapMeasures(app);
        Cordon.Exercises.ExerciseEndpoints.MapExercises(app);
        Cordon.Resources.ResourceEndpoints.MapResources(app);
        Cordon.Messaging.MessagingEndpoints.MapMessagingEndpoints(app);
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    /// <summary>Migrates (unless Database:MigrateOnStart=false), creates the first operator, seeds the demo when asked.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cordon");
        var settings = app.Services.GetRequiredService<StorageSetup.StoreSettings>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
        if (app.Services.GetRequiredService<IOptions<StoreStartOptions>>().Value.MigrateOnStart)
        {
            var applied = await Migrator.MigrateAsync(db);
            log.LogInformation("Database {Provider} ready ({Applied} migration(s) applied): {Where}.", settings.Provider, applied.Count, settings.Describe());
        }
        var clock = app.Services.GetRequiredService<TimeProvider>();
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Demo)
        {
            var added = await DemoSeed.SeedAsync(db, clock.GetUtcNow());
            log.LogInformation("Demo data: {Agencies} agencies and {Users} users ({Added} added now). Every demo user's password is {Password}.",
                await db.Agencies.CountAsync(), await db.Users.CountAsync(), added, DemoSeed.Password);
            var declarations = await DemoSeed.SeedDeclarationsAsync(settings, clock, cards: app.Services.GetRequiredService<Cordon.Travellers.CardHashKey>());
            if (declarations > 0)
            {
                log.LogInformation("Demo data: {Count} generated declarations taken in for NCA.", declarations);
            }
            if (await ConsignmentGenerator.SeedAsync(settings, clock) is > 0 and var consignments)
            {
                log.LogInformation("Demo data: {Count} pre-arrival consignments taken in for NCA.", consignments);
            }
            await Cordon.Messaging.MessagingDemo.SeedAsync(db, app.Services.GetRequiredService<Cordon.Messaging.ChannelKeys>(), clock.GetUtcNow());
        }
        if (await Bootstrap.EnsureOperatorAsync(db, app.Configuration, time: clock) is { GeneratedPassword: { } password } first)
        {
            // Printed once, to the console of whoever started the server: there is no other way in.
            Console.WriteLine($"First start: created operator '{first.UserName}' with one-time password: {password}");
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Cordon is running: open {url.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal)}");
            }
        });
    }

    /// <summary>
    /// Refuses a declared-too-large body up front with 413 Problem Details, whatever the host, and sets
    /// the same limit on the server for undeclared (chunked) bodies. An endpoint that takes large uploads
    /// declares its own limit as metadata ([RequestSizeLimit] on a page, WithMetadata on an endpoint).
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> LimitRequestBody(long limit) => async (context, next) =>
    {
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>();
        var effective = declared is null ? limit : declared.MaxRequestBodySize;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = effective;
        }
        if (effective is { } max && context.Request.ContentLength is { } length && length > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem(statusCode: 413, title: "The request body is too large.",
                detail: $"The body is {length:N0} bytes; the limit is {max:N0} bytes.").ExecuteAsync(context);
            return;
        }
        await next(context);
    };

    internal static bool ServesHttps(IConfiguration configuration)
        => configuration["https_port"] is not null || configuration["HttpsRedirection:HttpsPort"] is not null
            || (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static bool HasAny(ClaimsPrincipal user, Roles roles)
        => user.Identity?.IsAuthenticated == true && (Actor.FromPrincipal(user).Roles & roles) != 0;

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status, string detail)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/taxii2"))
        {
            ctx.Response.StatusCode = status;
            return Results.Problem(statusCode: status, title: status == 401 ? "Not authenticated." : "Not allowed.", detail: detail).ExecuteAsync(ctx.HttpContext);
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private sealed class DatabaseHealth(CordonDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await db.Database.CanConnectAsync(cancellationToken) && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("database unreachable or not migrated");
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("database error", e);
            }
        }
    }
}
