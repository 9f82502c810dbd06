using System.Text;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Risk.Performance;

/// <summary>The API of enforcement performance: the performance view's figures (JSON and CSV) and the estimates from the random exploration sample.</summary>
public static class PerformanceEndpoints
{
    public static IEndpointRouteBuilder MapPerformance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/performance").RequireAuthorization().WithTags("Performance");
        // The period defaults to the 90 days up to today.
        api.MapGet("/estimates", async (DateOnly? from, DateOnly? to, string? office, string? lane, double? halfWidth, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var end = to ?? today;
            return TypedResults.Ok(await RandomSampleEstimates.EstimateAsync(db, Actor.FromPrincipal(http.User), from ?? end.AddDays(-90), end, office, lane, halfWidth, ct: ct));
        }).ReadsFromReplica()
            .Describe("getPerformanceEstimates", "Estimates from the random exploration share of a lane over a period: detection rates with 95 % intervals, and whether the sample is large enough", "from, to: the period (default the 90 days up to today); office; lane: red (default) or yellow; halfWidth: the interval half-width asked for.");

        // Enforcement performance, read for the statistics purpose whatever the request states; the period defaults to the
        // twelve weeks up to the latest lodgement day the reader may count. A standby may answer (its audit entries go to the primary).
        var performance = app.MapGroup("/api/risk/performance").RequireAuthorization().WithTags("Performance");
        performance.MapGet("/", async (DateOnly? from, DateOnly? to, string? office, string? lane, string? hs, string? agency, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementPerformance.ReportAsync(db, Actor.FromPrincipal(http.User), new PerformanceQuery(from, to, office, lane, hs, agency), ct))).ReadsFromReplica()
            .Describe("getEnforcementPerformance", "Enforcement performance: inspections, hit rates and seizures by lane, office and HS chapter; read for the statistics purpose", "from, to: the period (default the twelve weeks up to the latest lodgement day the reader may count); office, lane, hs, agency: filters.");
        performance.MapGet("/export.csv", async (DateOnly? from, DateOnly? to, string? office, string? lane, string? hs, string? agency, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var report = await EnforcementPerformance.ReportAsync(db, Actor.FromPrincipal(http.User), new PerformanceQuery(from, to, office, lane, hs, agency), ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"performance-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await EnforcementPerformance.WriteCsvAsync(report, writer);
        }).ReadsFromReplica()
            .Describe("exportEnforcementPerformance", "The enforcement performance figures as CSV", "The same filters as GET /api/risk/performance.");
        return app;
    }
}
