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
            => TypedResults.Ok(await Inspections.ListAsync(db, await PolicyAsync(http, db, ct), declaration, status, ct)))
            .Describe("listInspections", "Inspections the caller may see, optionally of one declaration or status", ApiDocs.PolicyRead);
        inspections.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.ReadAsync(db, await PolicyAsync(http, db, ct), id, BreakGlass(http), ct)))
            .Describe("getInspection", "One inspection: declaration, officers, findings and outcome", ApiDocs.PolicyReadOne);
        inspections.MapPost("/", async (NewInspection request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Inspections.OpenAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/inspections/{view.Id}", view);
        }).Describe("openInspection", "Opens an inspection of a declaration (audited)");
        inspections.MapPost("/{id:guid}/assign", async (Guid id, AssignRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.AssignAsync(db, Who(http), id, request.Officers ?? [], request.Version, ct)))
            .Describe("assignInspection", "Assigns officers to an inspection (audited)");
        inspections.MapPost("/{id:guid}/start", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.StartAsync(db, Who(http), id, ct)))
            .Describe("startInspection", "Starts an assigned inspection (audited)");
        inspections.MapPost("/{id:guid}/outcome", async (Guid id, OutcomeRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.RecordOutcomeAsync(db, Who(http), id, request, ct)))
            .Describe("recordInspectionOutcome", "Records an inspection's outcome and findings (audited)");
        app.MapPost("/api/declarations/{id:guid}/release", async (Guid id, ReleaseRequest? request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Inspections.ReleaseAsync(db, Who(http), id, request ?? new ReleaseRequest(null), ct))).RequireAuthorization().WithTags("Inspections")
            .Describe("releaseDeclaration", "Releases a declaration's goods, unless an inspection is open or goods are detained or seized; after payment, with its reference (audited)");

        var posts = app.MapGroup("/api/custody-posts").RequireAuthorization().WithTags("Seizures");
        posts.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct) => TypedResults.Ok(await CustodyPosts.ListAsync(db, Who(http), ct)))
            .Describe("listCustodyPosts", "The custody posts (stores) where seized goods can be held");
        posts.MapPut("/{name}", async (string name, CustodyPostInput request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Who(http);
            var agency = request.Agency ?? await db.Agencies.Where(a => a.Id == actor.AgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct)
                ?? throw ValidationFailed.Field("agency", "Name the agency whose post this is.");
            return TypedResults.Ok(await CustodyPosts.SaveAsync(db, actor, agency, name, request, ct));
        }).Describe("saveCustodyPost", "Creates or changes an agency's custody post by name (audited)");
        var seizures = app.MapGroup("/api/seizures").RequireAuthorization().WithTags("Seizures");
        seizures.MapGet("/", async (Guid? @case, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Seizures.ListAsync(db, await PolicyAsync(http, db, ct), @case, ct)))
            .Describe("listSeizures", "Seizures the caller may see, optionally of one case", ApiDocs.PolicyRead);
        seizures.MapGet("/export.csv", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var rows = await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct, onward: true);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"seizures.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await SeizureReporting.WriteCsvAsync(rows, writer);
        }).ReadsFromReplica()
            .Describe("exportSeizures", "Seizures the caller may see over a period as CSV, for onward reporting", ApiDocs.PolicyRead);
        seizures.MapGet("/export.json", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct, onward: true)))
            .ReadsFromReplica()
            .Describe("exportSeizuresJson", "Seizures the caller may see over a period as JSON rows, for onward reporting", ApiDocs.PolicyRead);
        seizures.MapGet("/statistics", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(SeizureReporting.Statistics(await SeizureReporting.RowsAsync(db, await PolicyAsync(http, db, ct), from, to, ct))))
            .ReadsFromReplica()
            .Describe("getSeizureStatistics", "Seizure statistics over a period: seizures and weight by commodity, route, office and month", ApiDocs.PolicyRead);
        seizures.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Seizures.ReadAsync(db, await PolicyAsync(http, db, ct), id, BreakGlass(http), ct)))
            .Describe("getSeizure", "One seizure: goods, place, officers, seals, attachments, custody chain, legal steps, penalties and bonds", ApiDocs.PolicyReadOne);
        seizures.MapPost("/", async (NewSeizure request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await Seizures.CreateAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/seizures/{view.Id}", view);
        }).Describe("recordSeizure", "Records a seizure of goods, starting its custody chain (audited)");
        // The body is the file; its name comes in the query, its type in Content-Type.
        seizures.MapPost("/{id:guid}/attachments", async (Guid id, string? fileName, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            var view = await Seizures.AttachAsync(db, Who(http), id, fileName, http.Request.ContentType, buffer.ToArray(), ct);
            return TypedResults.Created($"/api/seizures/{id}/attachments/{view.Sha256}", view);
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AttachedFiles.MaxBytes + 1024))
            .Describe("attachSeizureEvidence", "Attaches an evidence file to a seizure (the body is the file, its type in Content-Type); hashed into the custody chain (audited)", "fileName: the file's name.");
        seizures.MapGet("/{id:guid}/attachments/{sha256}", async (Guid id, string sha256, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var (a, content) = await Seizures.AttachmentAsync(db, await PolicyAsync(http, db, ct), id, sha256, ct);
            return TypedResults.File(content, a.ContentType, a.FileName ?? a.Sha256);
        }).Describe("getSeizureAttachment", "Downloads a seizure's evidence file by its SHA-256", ApiDocs.PolicyRead);
        seizures.MapGet("/{id:guid}/verify", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await Seizures.ReadAsync(db, await PolicyAsync(http, db, ct), id, null, ct);
            return TypedResults.Ok(await Custody.VerifyAsync(db, id, ct));
        }).Describe("verifySeizureCustody", "Verifies a seizure's custody chain: sequence, hashes, stored content and every attachment's bytes", ApiDocs.PolicyRead);
        seizures.MapPost("/{id:guid}/custody/handover", async (Guid id, HandoverRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.HandoverAsync(db, Who(http), id, request, ct)))
            .Describe("handOverSeizedGoods", "The current custodian hands the goods over; they stay custodian until the receiver accepts (audited)");
        seizures.MapPost("/{id:guid}/custody/answer", async (Guid id, AnswerRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.AnswerAsync(db, Who(http), id, request, ct)))
            .Describe("answerCustodyHandover", "The receiver accepts the goods (checking the seals) or refuses them with a reason (audited)");
        seizures.MapPost("/{id:guid}/custody/samples", async (Guid id, SampleRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.SampleAsync(db, Who(http), id, request, ct)))
            .Describe("takeSeizureSample", "Records a sample taken from seized goods for a laboratory (audited)");
        seizures.MapPost("/{id:guid}/custody/lab-results", async (Guid id, LabResultRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Custody.LabResultAsync(db, Who(http), id, request, ct)))
            .Describe("recordLabResult", "Records a laboratory's result for a sample (audited)");
        seizures.MapPost("/{id:guid}/penalties", async (Guid id, PenaltyRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Bonds.AssessPenaltyAsync(db, Who(http), id, request, ct)))
            .Describe("assessPenalty", "Assesses a penalty for a seizure (audited)");
        seizures.MapPost("/{id:guid}/bonds", async (Guid id, BondRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Bonds.LodgeAsync(db, Who(http), id, request, ct)))
            .Describe("lodgeBond", "Lodges a security bond against a seizure (audited)");
        seizures.MapPost("/{id:guid}/legal/{action}", async (Guid id, string action, LegalRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            if (!EnumText.TryParse<LegalAction>(action, out var a))
            {
                throw ValidationFailed.Field("action", $"'{action}' is not a step of the legal process; use one of: {EnumText.Choices<LegalAction>()}.");
            }
            return TypedResults.Ok(await Seizures.ActAsync(db, Who(http), id, a, request, ct));
        }).Describe("actOnSeizure", "Moves a seizure's legal process one step under its guards, recording who, when and why (audited)", "action: issue-notice, record-delivery, file-appeal, decide-appeal, record-payment, forfeit, release or destroy; an early disposal needs a supervisor's authorisation.");

        var cases = app.MapGroup("/api/cases").RequireAuthorization().WithTags("Cases");
        cases.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.ListAsync(db, await PolicyAsync(http, db, ct), ct)))
            .Describe("listCases", "Enforcement cases the caller may see", ApiDocs.PolicyRead);
        cases.MapGet("/deadlines", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Deadlines.ListAsync(db, await PolicyAsync(http, db, ct), time.GetUtcNow(), ct)))
            .Describe("listCaseDeadlines", "Deadlines of the legal process and case tasks the caller may see: seizure notices, appeal decisions, appeal periods, tasks", ApiDocs.PolicyRead);
        cases.MapGet("/approvals", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Deadlines.AwaitingSupervisorAsync(db, await PolicyAsync(http, db, ct), time.GetUtcNow(), ct)))
            .Describe("listAwaitingApprovals", "Perishable or hazardous goods held back by the legal process that only a supervisor's authorisation can dispose of early", ApiDocs.PolicyRead);
        cases.MapGet("/{id}", async (string id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.ReadAsync(db, await PolicyAsync(http, db, ct), (await EnforcementCases.FindAsync(db, id, ct)).Id, BreakGlass(http), ct)))
            .Describe("getCase", "One enforcement case by id or reference: persons, notes, tasks, inspections and seizures", ApiDocs.PolicyReadOne);
        cases.MapGet("/{id:guid}/verify", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await EnforcementCases.ReadAsync(db, await PolicyAsync(http, db, ct), id, null, ct);
            return TypedResults.Ok(await Custody.VerifyCaseAsync(db, id, ct));
        }).Describe("verifyCaseCustody", "Verifies the custody chain of every seizure of a case", ApiDocs.PolicyRead);
        cases.MapPost("/", async (NewCase request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await EnforcementCases.CreateAsync(db, Who(http), request, ct);
            return TypedResults.Created($"/api/cases/{view.Id}", view);
        }).Describe("openCase", "Opens an enforcement case (audited)");
        cases.MapPut("/{id:guid}", async (Guid id, CaseChange request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.UpdateAsync(db, Who(http), id, request, ct)))
            .Describe("updateCase", "Changes a case's title, summary, status or participants (audited)");
        cases.MapPost("/{id:guid}/persons", async (Guid id, NewPerson request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddPersonAsync(db, Who(http), id, request, ct)))
            .Describe("addCasePerson", "Adds a person of interest to a case (audited)");
        cases.MapPost("/{id:guid}/notes", async (Guid id, NewNote request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddNoteAsync(db, Who(http), id, request, ct)))
            .Describe("addCaseNote", "Adds a note to a case (audited)");
        cases.MapPost("/{id:guid}/tasks", async (Guid id, NewTask request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.AddTaskAsync(db, Who(http), id, request, ct)))
            .Describe("addCaseTask", "Adds a task (assignee, agency, due date) to a case (audited)");
        cases.MapPost("/{id:guid}/tasks/{task:long}/done", async (Guid id, long task, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await EnforcementCases.CompleteTaskAsync(db, Who(http), id, task, ct)))
            .Describe("completeCaseTask", "Marks a case task done (audited)");
        return app;
    }
}
