using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cordon.Travellers;

/// <summary>
/// Passenger and crew lists in (JSON, PAXLST upload), lists and travellers out, machine-readable zones read; lost and
/// stolen document lists, the primary-line check, border crossings and overstayers.
/// </summary>
public static class TravellerEndpoints
{
    public sealed record MrzRequest(string? Mrz);

    public static IEndpointRouteBuilder MapTravellerEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/travellers").RequireAuthorization().WithTags("Travellers");
        api.MapPost("/manifests", async (ManifestInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var result = await ManifestIntake.StoreAsync(db, await ContextAsync(http, db, "api", ct), input, time, ct);
            return result.Outcome switch
            {
                ManifestOutcome.Rejected => Results.ValidationProblem(
                    result.Errors.Select(e => e.Split(": ", 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => p.Length > 1 ? p[1] : p[0]).ToArray()),
                    detail: $"The {input.List ?? "passenger"} list was refused: {string.Join("; ", result.Errors)}"),
                ManifestOutcome.Accepted => Results.Created($"/api/travellers/manifests/{result.Id}", result),
                _ => Results.Ok(result),
            };
        }).Describe("lodgeManifest", "Lodges a passenger or crew list (JSON): each traveller is checked against lost and stolen documents, watch lists and the stay rule; 201, 200 if already lodged, 400 naming the fields (audited)");
        api.MapPost("/manifests/import", async (string? format, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var passengerFormat = PassengerImport.ParseFormat(format);
            var name = http.Request.Headers["X-File-Name"].FirstOrDefault() ?? "upload";
            var context = await ContextAsync(http, db, name, ct);
            // The reader is synchronous (a TextReader, message by message) and the server allows no
            // synchronous reads of a request: the upload goes to a temporary file first, deleted on close.
            var path = Path.GetTempFileName();
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await http.Request.Body.CopyToAsync(file, ct);
            }
            await using var upload = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
            return Results.Ok(await PassengerImport.ImportAsync(upload, passengerFormat, db, context, time, null, ct));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DeclarationEndpoints.MaxUploadBytes))
            .Describe("importManifests", "Uploads passenger lists as a file (PAXLST, PNRGOV or JSON; the body is the file, its name in X-File-Name) and stores each list", "format: paxlst (default), pnrgov or json.");
        api.MapGet("/manifests", async (string? carrier, string? transport, DateOnly? date, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TravellerQueries.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), carrier, transport, date, page ?? 1, pageSize ?? 50, ct)))
            .Describe("listManifests", "Passenger and crew lists the caller may see, by carrier, transport or date", ApiDocs.PolicyRead + " carrier; transport: flight or voyage number; date (YYYY-MM-DD); page and pageSize (default 50).");
        api.MapGet("/manifests/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TravellerQueries.GetManifestAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct, RequestPurpose.BreakGlass(http))))
            .Describe("getManifest", "One passenger or crew list with its travellers", ApiDocs.PolicyReadOne);
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TravellerQueries.GetAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct, RequestPurpose.BreakGlass(http))))
            .Describe("getTraveller", "One traveller of a list, as the caller may see them (redacted fields named)", ApiDocs.PolicyReadOne);
        api.MapPost("/unmask-authorisations", async (UnmaskRequest request, HttpContext http, CordonDb db, IOptions<TravellerRetentionOptions> options, CancellationToken ct) =>
        {
            var recorded = await Unmasking.AuthoriseAsync(db, Actor.FromPrincipal(http.User), request, options.Value, ct);
            return TypedResults.Created($"/api/travellers/unmask-authorisations/{recorded.Id}", recorded);
        }).Describe("authoriseUnmasking", "Records a supervisor's authorisation for one named user to read a masked traveller's or list's personal data, with its reason and end (audited)");
        api.MapGet("/{id:guid}/unmasked", async (Guid id, HttpContext http, CordonDb db, ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await Unmasking.ReadAsync(db, Actor.FromPrincipal(http.User), keys, id, ct)))
            .Describe("getUnmaskedTraveller", "A masked traveller's personal data, for the user an authorisation in force names (each reading audited)");
        api.MapGet("/retention", async (int? take, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TravellerRetention.RunsAsync(db, Actor.FromPrincipal(http.User), take ?? 50, ct)))
            .Describe("listRetentionRuns", "The retention sweep's reports: how many travellers were masked, deleted and held per pass (counts and ids, never data)", "take: how many passes, newest first (default 50).");
        api.MapPost("/lost-documents/import", async (string? name, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var file = http.Request.Headers["X-File-Name"].FirstOrDefault() ?? "upload.csv";
            return Results.Ok(await LostDocumentImport.ImportAsync(db, Actor.FromPrincipal(http.User), name ?? "", http.Request.Body, file, time, ct));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DeclarationEndpoints.MaxUploadBytes))
            .Describe("importLostDocuments", "Imports an edition of a lost and stolen travel documents list (CSV: number,issuing_state,status; the body is the file) as a delta against the version in force", "name: the list's name.");
        api.MapGet("/lost-documents", async (CordonDb db, CancellationToken ct) => TypedResults.Ok(await LostDocumentImport.ListsAsync(db, ct)))
            .Describe("listLostDocumentLists", "The lost and stolen travel document lists and their versions in force (counts only: numbers are never listed)");
        api.MapPost("/primary-line", async (PrimaryLineRequest request, HttpContext http, CordonDb db, ITravelDocumentCheck check, ShortStayRule rule, TimeProvider time,
                CancellationToken ct)
            => TypedResults.Ok(await PrimaryLine.CheckAsync(db, Actor.FromPrincipal(http.User), check, rule, request, time, ct)))
            .Describe("checkAtPrimaryLine", "The primary-line check of one machine-readable zone: documents, watch lists and stay rule, one decision; nothing stored");
        api.MapPost("/crossings", async (CrossingInput input, HttpContext http, CordonDb db, ShortStayRule rule, TimeProvider time, CancellationToken ct) =>
        {
            var recorded = await Crossings.RecordAsync(db, Actor.FromPrincipal(http.User), input, rule, time, "api", ct);
            return TypedResults.Created($"/api/travellers/crossings/{recorded.Id}", recorded);
        }).Describe("recordCrossing", "Records a border crossing (entry or exit) of a person (audited)");
        api.MapGet("/crossings", async (string? person, string? point, int? take, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Crossings.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), person, point, take ?? 100, ct)))
            .Describe("listCrossings", "Border crossings the caller may see, by person or crossing point, newest first", ApiDocs.PolicyRead + " person; point; take (default 100).");
        api.MapGet("/overstayers", async (HttpContext http, CordonDb db, ShortStayRule rule, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Crossings.OverstayersAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), rule,
                DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct)))
            .Describe("listOverstayers", "Everyone the caller may see who is in the country overstaying the short-stay rule today, longest first", ApiDocs.PolicyRead);
        // Read for the statistics purpose whatever the request states; the period defaults to the four weeks up to today.
        api.MapGet("/statistics", async (DateOnly? from, DateOnly? to, string? point, string? agency, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await TravellerStatistics.ReportAsync(db, Actor.FromPrincipal(http.User), new TravellerStatisticsQuery(from, to, point, agency), ct))).ReadsFromReplica()
            .Describe("getTravellerStatistics", "Traveller statistics: crossings per crossing point per day, refusals by reason, decisions, watch-list and lost/stolen document hits by list; read for the statistics purpose",
                "from, to: the period (default the four weeks up to today); point: a crossing point (UN/LOCODE); agency: the owning agency's code.");
        api.MapGet("/statistics/export.csv", async (DateOnly? from, DateOnly? to, string? point, string? agency, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var report = await TravellerStatistics.ReportAsync(db, Actor.FromPrincipal(http.User), new TravellerStatisticsQuery(from, to, point, agency), ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"traveller-statistics-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
            await TravellerStatistics.WriteCsvAsync(report, writer);
        }).ReadsFromReplica()
            .Describe("exportTravellerStatistics", "The traveller statistics as CSV", "The same filters as GET /api/travellers/statistics.");
        api.MapPost("/mrz", (MrzRequest request, TimeProvider time) =>
        {
            try
            {
                return Results.Ok(MrzReader.Read(request.Mrz ?? "", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
            }
            catch (MrzFormatException e)
            {
                throw ValidationFailed.Field("mrz", e.Message);
            }
        }).Describe("readMrz", "Reads a machine-readable zone (ICAO 9303: TD1, TD2, TD3, MRV-A, MRV-B) into its fields, verifying every check digit; nothing stored");
        return app;
    }

    private static async Task<ManifestContext> ContextAsync(HttpContext http, CordonDb db, string source, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        return new ManifestContext(await IntakeAccess.ReceivingAgencyAsync(db, actor, null, ct), actor, source, http.RequestServices.GetRequiredService<CardHashKey>())
        {
            Documents = http.RequestServices.GetRequiredService<ITravelDocumentCheck>(),
            StayRule = http.RequestServices.GetRequiredService<ShortStayRule>(),
        };
    }
}
