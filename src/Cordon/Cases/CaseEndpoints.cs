using System.Text;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

/// <summary>The API of inspections, seizures (custody, legal process, evidence, reporting) and cases.</summary>
public static class CaseEndpoints
{
    public sealed record AssignRequest(string[]? Officers, int? Version);

    private static Actor Who(HttpContext http) => Actor.FromPrincipal(http.User);

    private static Task<AccessPolicy> PolicyAsync(HttpContext http, CordonDb db, CancellationToken ct) => RequestPurpose.PolicyAsync(http, db, ct);

    private static string? BreakGlass(HttpContext http) => RequestPurpose.BreakGlass(http);

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var inspections = app.MapGroup("/api/inspections").RequireAuthorization().WithTags("Inspections");
        inspections.MapGet("/", async (Guid? declaration, string? status, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.ListAsync(db, await PolicyAsync(http, db, ct), declaration, status, ct)));
        inspections.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.ReadAsync(db, await PolicyAsync(http, db, ct), id, BreakGlass(http), ct)));
        inspections.MapPost("/", async (NewInspection request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Inspections.OpenAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/inspections/{view.Id}", view);
        });
        inspections.MapPost("/{id:guid}/assign", async (Guid id, AssignRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.AssignAsync(db, Who(http), id, request.Officers ?? [], request.Version, ct)));
        inspections.MapPost("/{id:guid}/start", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.StartAsync(db, Who(http), id, ct)));
        inspections.MapPost("/{id:guid}/outcome", async (Guid id, OutcomeRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.RecordOutcomeAsync(db, Who(http), id, request, ct)));
        app.MapPost("/api/declarations/{id:guid}/release", async (Guid id, ReleaseRequest? request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.ReleaseAsync(db, Who(http), id, request ?? new ReleaseRequest(null), ct))).RequireAuthorization().WithTags("Inspections");

        var posts = app.MapGroup("/api/custody-posts").RequireAuthorization().WithTags("Seizures");
        posts.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct) => TypedResults.Ok(await CustodyPosts.ListAsync(db, Who(http), ct)));
        posts.MapPut("/{name}", async (string name, CustodyPostInput request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Who(http);
            var agency = request.Agency ?? await db.Agencies.Where(a => a.Id == actor.AgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct)
                ?? throw ValidationFailed.Field("agency", "Name the agency whose post this is.");
            return TypedResults.Ok(await CustodyPosts.SaveAsync(db, actor, agency, name, request, ct));
        });
        var seizures = app.MapGroup("/api/seizures").RequireAuthorization().WithTags("Seizures");
        seizures.MapGet("/", async (Guid? @case, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Seizures.ListAsync(db, await PolicyAsync(http, db, ct), @case, ct)));
        seizures.MapGet("/export.csv", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var rows = await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct, onward: true);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"seizures.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await SeizureReporting.WriteCsvAsync(rows, writer);
        }).ReadsFromReplica();
        seizures.MapGet("/export.json", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct, onward: true)))
            .ReadsFromReplica();
        seizures.MapGet("/statistics", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(SeizureReporting.Statistics(await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct))))
            .ReadsFromReplica();
        seizures.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Seizures.ReadAsync(db, await PolicyAsync(http, db, ct), id, BreakGlass(http), ct)));
        seizures.MapPost("/", async (NewSeizure request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Seizures.CreateAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/seizures/{view.Id}", view);
        });
        // The body is the file; its name comes in the query, its type in Content-Type.
        seizures.MapPost("/{id:guid}/attachments", async (Guid id, string? fileName, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            var view = await Seizures.AttachAsync(db, Who(http), id, fileName, http.Request.ContentType, buffer.ToArray(), ct);
            return TypedResults.Created($"/api/seizures/{id}/attachments/{view.Sha256}", view);
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AttachedFiles.MaxBytes + 1024));
        seizures.MapGet("/{id:guid}/attachments/{sha256}", async (Guid id, string sha256, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var (a, content) = await Seizures.AttachmentAsync(db, await PolicyAsync(http, db, ct), id, sha256, ct);
            return TypedResults.File(content, a.ContentType, a.FileName ?? a.Sha256);
        });
        seizures.MapGet("/{id:guid}/verify", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await Seizures.ReadAsync(db, await PolicyAsync(http, db, ct), id, null, ct);
            return TypedResults.Ok(await Custody.VerifyAsync(db, id, ct));
        });
        seizures.MapPost("/{id:guid}/custody/handover", async (Guid id, HandoverRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.HandoverAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/custody/answer", async (Guid id, AnswerRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.AnswerAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/custody/samples", async (Guid id, SampleRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.SampleAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/custody/lab-results", async (Guid id, LabResultRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.LabResultAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/penalties", async (Guid id, PenaltyRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Bonds.AssessPenaltyAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/bonds", async (Guid id, BondRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Bonds.LodgeAsync(db, Who(http), id, request, ct)));
        seizures.MapPost("/{id:guid}/legal/{action}", async (Guid id, string action, LegalRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            if (!EnumText.TryParse<LegalAction>(action, out var a))
            {
                throw ValidationFailed.Field("action", $"'{action}' is not a step of the legal process; use one of: {EnumText.Choices<LegalAction>()}.");
            }
            return TypedResults.Ok(await Seizures.ActAsync(db, Who(http), id, a, request, ct));
        });

        var cases = app.MapGroup("/api/cases").RequireAuthorization().WithTags("Cases");
        cases.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.ListAsync(db, await PolicyAsync(http, db, ct), ct)));
        cases.MapGet("/deadlines", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Deadlines.ListAsync(db, await PolicyAsync(http, db, ct), time.GetUtcNow(), ct)));
        cases.MapGet("/approvals", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Deadlines.AwaitingSupervisorAsync(db, await PolicyAsync(http, db, ct), time.GetUtcNow(), ct)));
        cases.MapGet("/{id}", async (string id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.ReadAsync(db, await PolicyAsync(http, db, ct), (await EnforcementCases.FindAsync(db, id, ct)).Id, BreakGlass(http), ct)));
        cases.MapGet("/{id:guid}/verify", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await EnforcementCases.ReadAsync(db, await PolicyAsync(http, db, ct), id, null, ct);
            return TypedResults.Ok(await Custody.VerifyCaseAsync(db, id, ct));
        });
        cases.MapPost("/", async (NewCase request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await EnforcementCases.CreateAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/cases/{view.Id}", view);
        });
        cases.MapPut("/{id:guid}", async (Guid id, CaseChange request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.UpdateAsync(db, Who(http), id, request, ct)));
        cases.MapPost("/{id:guid}/persons", async (Guid id, NewPerson request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddPersonAsync(db, Who(http), id, request, ct)));
        cases.MapPost("/{id:guid}/notes", async (Guid id, NewNote request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddNoteAsync(db, Who(http), id, request, ct)));
        cases.MapPost("/{id:guid}/tasks", async (Guid id, NewTask request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddTaskAsync(db, Who(http), id, request, ct)));
        cases.MapPost("/{id:guid}/tasks/{task:long}/done", async (Guid id, long task, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.CompleteTaskAsync(db, Who(http), id, task, ct)));
        return app;
    }
}
