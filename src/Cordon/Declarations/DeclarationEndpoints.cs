using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Declarations;

/// <summary>REST intake and lookup of declarations, pre-arrival consignments and the quarantine.</summary>
public static class DeclarationEndpoints
{
    public const int MaxBatch = 10_000;
    /// <summary>Bulk file uploads may be far larger than ordinary requests.</summary>
    public const long MaxUploadBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>A batch record's result; rejected records carry a Problem Details object naming the record and its fields.</summary>
    public sealed record BatchRecord(int Index, string? Number, string Outcome, Guid? Id, int? Version, object? Problem);

    public sealed record BatchResult(long Accepted, long Rejected, long Duplicates, long Amended, IReadOnlyList<BatchRecord> Results);

    public sealed record StoredRecord(string? Number, string Outcome, Guid? Id, int? Version);

    public sealed record MarkingRequest(string? Marking, string? Reason);

    public static IEndpointRouteBuilder MapDeclarationEndpoints(this IEndpointRouteBuilder app)
    {
        var declarations = app.MapGroup("/api/declarations").RequireAuthorization().WithTags("Declarations");
        declarations.MapPost("/", (HttpContext http, CordonDb db, IntakeService intake, CancellationToken ct)
            => SubmitOneAsync(http, db, intake, IntakeJson.Default.DeclarationInput, d => d.Number, Intake.SubmitDeclarationsAsync, "/api/declarations", ct))
            .Produces<StoredRecord>(201).Produces<StoredRecord>(200).Describe("lodgeDeclaration", "Lodges one customs declaration (JSON, the intake format): 201 accepted, 200 duplicate or amendment, 400 with field errors (kept in quarantine) (audited)");
        declarations.MapPost("/batch", (HttpContext http, CordonDb db, IntakeService intake, CancellationToken ct)
            => SubmitBatchAsync(http, db, intake, IntakeJson.Default.DeclarationInput, d => d.Number, Intake.SubmitDeclarationsAsync, ct))
            .Produces<BatchResult>(200).Describe("lodgeDeclarations", "Lodges up to 10,000 declarations (a JSON array); each record's outcome, rejected ones with a Problem Details object (audited)");
        declarations.MapGet("/", async (string? from, string? to, string? office, string? importer, string? declarant, string? hs, string? origin, string? number,
                int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await DeclarationQueries.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct),
                DeclarationFilter.Parse(from, to, office, importer, declarant, hs, origin, number), page ?? 1, pageSize ?? 50, ct)))
            .Describe("listDeclarations", "Declarations the caller may see, newest first, filtered by period, office, parties, HS code, origin or number", ApiDocs.PolicyRead + " from, to (YYYY-MM-DD); office; importer; declarant; hs: a code prefix; origin: a country; number; page and pageSize (default 50).");
        declarations.MapGet("/export.csv", async (string? from, string? to, string? office, string? importer, string? declarant, string? hs, string? origin,
            string? number, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var filter = DeclarationFilter.Parse(from, to, office, importer, declarant, hs, origin, number);
            var policy = await RequestPurpose.PolicyAsync(http, db, ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"declarations.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 1 << 16);
            await DeclarationQueries.ExportCsvAsync(db, policy, filter, writer, ct);
        }).ReadsFromReplica()
            .Describe("exportDeclarations", "The declarations the caller may see as CSV, with the list's filters", ApiDocs.PolicyRead);
        declarations.MapGet("/{idOrNumber}", async (string idOrNumber, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await DeclarationQueries.GetAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), idOrNumber, ct, RequestPurpose.BreakGlass(http))))
            .Describe("getDeclaration", "One declaration by id or number, as the caller may see it", ApiDocs.PolicyReadOne);
        declarations.MapGet("/{id:guid}/versions/{version:int}", async (Guid id, int version, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Text(await DeclarationQueries.VersionContentAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, version, ct), "application/json"))
            .Describe("getDeclarationVersion", "One stored version of a declaration (its JSON as lodged)", ApiDocs.PolicyRead);
        declarations.MapPut("/{id:guid}/marking", async (Guid id, MarkingRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(new { marking = (await DeclarationQueries.ChangeMarkingAsync(db, Actor.FromPrincipal(http.User), id, request.Marking, request.Reason, ct)).Label() }))
            .Describe("changeDeclarationMarking", "The owning agency changes a declaration's TLP marking, with a reason (audited)");
        declarations.MapPost("/import", (string? format, HttpContext http, CordonDb db, CancellationToken ct)
            => ImportAsync(http, db, format, IntakeKind.Declaration, ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadBytes))
            .Produces<Jobs.JobView>(202).Describe("importDeclarations", "Uploads a file of declarations (csv, jsonl or research-csv; the body is the file, its name in X-File-Name) and queues its import; 202 with the job to follow", "format: csv (default), jsonl or research-csv.");

        var consignments = app.MapGroup("/api/consignments").RequireAuthorization().WithTags("Consignments");
        consignments.MapPost("/", (HttpContext http, CordonDb db, IntakeService intake, CancellationToken ct)
            => SubmitOneAsync(http, db, intake, IntakeJson.Default.ConsignmentInput, c => c.Reference, Intake.SubmitConsignmentsAsync, "/api/consignments", ct))
            .Produces<StoredRecord>(201).Produces<StoredRecord>(200).Describe("lodgeConsignment", "Lodges one pre-arrival consignment (JSON, the intake format): 201 accepted, 200 duplicate or amendment, 400 with field errors (kept in quarantine) (audited)");
        consignments.MapPost("/batch", (HttpContext http, CordonDb db, IntakeService intake, CancellationToken ct)
            => SubmitBatchAsync(http, db, intake, IntakeJson.Default.ConsignmentInput, c => c.Reference, Intake.SubmitConsignmentsAsync, ct))
            .Produces<BatchResult>(200).Describe("lodgeConsignments", "Lodges up to 10,000 pre-arrival consignments (a JSON array); each record's outcome (audited)");
        consignments.MapGet("/", async (string? office, string? reference, string? container, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ConsignmentQueries.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct),
                new ConsignmentQueries.ConsignmentFilter(office, reference, container), page ?? 1, pageSize ?? 50, ct)))
            .Describe("listConsignments", "Pre-arrival consignments the caller may see, by office, reference or container", ApiDocs.PolicyRead + " office; reference; container; page and pageSize (default 50).");
        consignments.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ConsignmentQueries.GetAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct, RequestPurpose.BreakGlass(http))))
            .Describe("getConsignment", "One pre-arrival consignment as the caller may see it", ApiDocs.PolicyReadOne);
        consignments.MapPost("/import", (string? format, HttpContext http, CordonDb db, CancellationToken ct)
            => ImportAsync(http, db, format, IntakeKind.Consignment, ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadBytes))
            .Produces<Jobs.JobView>(202).Describe("importConsignments", "Uploads a file of consignments (csv or jsonl; the body is the file, its name in X-File-Name) and queues its import; 202 with the job to follow", "format: csv (default) or jsonl.");

        var quarantine = app.MapGroup("/api/quarantine").RequireAuthorization().WithTags("Quarantine");
        quarantine.MapGet("/", async (string? kind, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Quarantine.ListAsync(db, Actor.FromPrincipal(http.User), ParseKind(kind), page ?? 1, pageSize ?? 50, ct)))
            .Describe("listQuarantine", "Refused intake records of the caller's agency kept in quarantine, with their errors", "kind: declaration or consignment; page and pageSize (default 50).");
        quarantine.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Quarantine.GetAsync(db, Actor.FromPrincipal(http.User), id, ct)))
            .Describe("getQuarantinedRecord", "One quarantined record: the raw record as received and why it was refused");
        quarantine.MapPost("/{id:guid}/resubmit", async (Guid id, HttpContext http, CordonDb db, StorageSetup.StoreSettings store, TimeProvider time, CancellationToken ct) =>
        {
            var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(ct);
            var result = await Quarantine.ResubmitAsync(db, store, Actor.FromPrincipal(http.User), id, body, time.GetUtcNow(), ct);
            return TypedResults.Ok(new StoredRecord(result.Number, Name(result.Outcome), result.Id, result.Version));
        }).Produces<StoredRecord>(200).Describe("resubmitQuarantinedRecord", "Submits a corrected copy (JSON) of a quarantined record through the normal intake; accepted resolves it (audited)");
        quarantine.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            await Quarantine.DiscardAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).Describe("discardQuarantinedRecord", "Discards a quarantined record (audited)");
        return app;
    }

    private static IntakeKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "declaration" or "declarations" => IntakeKind.Declaration,
        "consignment" or "consignments" => IntakeKind.Consignment,
        _ => throw ValidationFailed.Field("kind", "use declaration or consignment."),
    };

    public static string Name(IntakeOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private delegate Task<IReadOnlyList<RecordResult>> Submit<T>(IntakeService service, IntakeContext context, IReadOnlyList<Candidate<T>> candidates, CancellationToken ct)
        where T : class;

    private static async Task<IntakeContext> ContextAsync(HttpContext http, CordonDb db, string source, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        var agency = await IntakeAccess.ReceivingAgencyAsync(db, actor, null, ct);
        return new IntakeContext(agency, actor.Name, source, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) { Actor = Audit.AuditActor.Of(actor) };
    }

    private static IntakeKind Kind<T>() => typeof(T) == typeof(ConsignmentInput) ? IntakeKind.Consignment : IntakeKind.Declaration;

    private static async Task<IResult> SubmitOneAsync<T>(HttpContext http, CordonDb db, IntakeService store, JsonTypeInfo<T> type, Func<T, string?> number,
        Submit<T> submit, string location, CancellationToken ct)
        where T : class
    {
        using var doc = await ReadJsonAsync(http, ct);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw ValidationFailed.Field("", "expected one JSON object; send arrays to the /batch endpoint.");
        }
        var candidate = Candidate(doc.RootElement, 0, type, number);
        var context = await ContextAsync(http, db, "api", ct);
        var result = (await submit(store, context, [candidate], ct))[0];
        var one = new IntakeSummary();
        one.Add(result.Outcome);
        await IntakeAudit.RecordAsync(db, context.Actor!, Kind<T>(), context, one, IntakeAudit.Sha256(Encoding.UTF8.GetBytes(doc.RootElement.GetRawText())), ct: ct);
        var stored = new StoredRecord(result.Number, Name(result.Outcome), result.Id, result.Version);
        return result.Outcome switch
        {
            IntakeOutcome.Rejected => Problem(result, http.Request.Path),
            IntakeOutcome.Accepted => TypedResults.Created($"{location}/{result.Id}", stored),
            _ => TypedResults.Ok(stored),
        };
    }

    private static async Task<IResult> SubmitBatchAsync<T>(HttpContext http, CordonDb db, IntakeService store, JsonTypeInfo<T> type, Func<T, string?> number,
        Submit<T> submit, CancellationToken ct)
        where T : class
    {
        using var doc = await ReadJsonAsync(http, ct);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw ValidationFailed.Field("", "expected a JSON array of records.");
        }
        var count = doc.RootElement.GetArrayLength();
        if (count > MaxBatch)
        {
            throw ValidationFailed.Field("", $"{count:N0} records: at most {MaxBatch:N0} per batch (use a file import for more).");
        }
        var candidates = doc.RootElement.EnumerateArray().Select((e, i) => Candidate(e, i, type, number)).ToList();
        var context = await ContextAsync(http, db, "batch", ct);
        var results = await submit(store, context, candidates, ct);
        var summary = new IntakeSummary();
        foreach (var r in results)
        {
            summary.Add(r.Outcome);
        }
        await IntakeAudit.RecordAsync(db, context.Actor!, Kind<T>(), context, summary, IntakeAudit.Sha256(Encoding.UTF8.GetBytes(doc.RootElement.GetRawText())), ct: ct);
        return TypedResults.Ok(new BatchResult(summary.Accepted, summary.Rejected, summary.Duplicates, summary.Amended,
            results.Select(r => new BatchRecord(r.Index, r.Number, Name(r.Outcome), r.Id, r.Version,
                r.Outcome == IntakeOutcome.Rejected ? ProblemBody(r, http.Request.Path) : null)).ToList()));
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        BodyContentType.Require(http.Request, BodyContentType.Json);
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field("", $"the body is not valid JSON: {DeclarationFiles.JsonMessage(e)} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static Candidate<T> Candidate<T>(JsonElement element, int index, JsonTypeInfo<T> type, Func<T, string?> number)
        where T : class
    {
        var raw = element.GetRawText();
        var position = $"record {index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            var bad = new Candidate<T> { Index = index, Position = position, Raw = raw };
            bad.Errors.Add("", $"expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}.");
            return bad;
        }
        try
        {
            var input = element.Deserialize(type)!;
            return new Candidate<T> { Index = index, Position = position, Input = input, Raw = raw, Number = number(input) };
        }
        catch (JsonException e)
        {
            var bad = new Candidate<T>
            {
                Index = index,
                Position = position,
                Raw = raw,
                Number = element.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()
                    : element.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
            };
            bad.Errors.Add(DeclarationFiles.JsonPath(e.Path), DeclarationFiles.JsonMessage(e));
            return bad;
        }
    }

    private static ProblemHttpResult Problem(RecordResult r, string instance)
    {
        var problem = new HttpValidationProblemDetails(r.Errors!.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400,
            Title = "The record has invalid fields.",
            Detail = Detail(r),
            Instance = instance,
        };
        problem.Extensions["index"] = r.Index;
        problem.Extensions["number"] = r.Number;
        return TypedResults.Problem(problem);
    }

    private static Dictionary<string, object?> ProblemBody(RecordResult r, string instance) => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        ["title"] = "The record has invalid fields.",
        ["status"] = 400,
        ["detail"] = Detail(r),
        ["instance"] = instance,
        ["index"] = r.Index,
        ["number"] = r.Number,
        ["errors"] = r.Errors,
    };

    private static string Detail(RecordResult r)
        => $"Record {r.Index}{(r.Number is null ? "" : $" ({r.Number})")}: " +
           string.Join("; ", r.Errors!.Select(e => $"{(e.Key.Length == 0 ? "record" : e.Key)} {string.Join(" ", e.Value)}")) + " It was kept in quarantine.";

    /// <summary>Takes a file upload (the raw body; name in X-File-Name) and queues its import as a job: 202 with the job to follow.</summary>
    private static async Task<IResult> ImportAsync(HttpContext http, CordonDb db, string? format, IntakeKind kind, CancellationToken ct)
    {
        var fileFormat = DeclarationFiles.ParseFormat(format);
        if (kind == IntakeKind.Consignment && fileFormat == FileFormat.ResearchCsv)
        {
            throw ValidationFailed.Field("format", "the research layout holds declarations, not consignments: use csv or jsonl.");
        }
        var name = http.Request.Headers["X-File-Name"].FirstOrDefault() ?? "upload";
        var configuration = http.RequestServices.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var job = await ImportJob.EnqueueAsync(db, Actor.FromPrincipal(http.User), configuration, http.Request.Body, name, fileFormat, kind,
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", Jobs.JobView.Of(job));
    }
}
