using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Risk.Backtest;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk;

public static class RiskTargetingEndpoints
{
    public static IEndpointRouteBuilder MapRiskTargetingEndpoints(this IEndpointRouteBuilder app)
    {
        var risk = app.MapGroup("/api/risk").RequireAuthorization().WithTags("Risk targeting");

        risk.MapGet("/models", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskModels.ListAsync(db, Actor.FromPrincipal(http.User), ct: ct)))
            .Describe("listRiskModels", "The agency's trained risk models, with their measures and which one is active");
        risk.MapPost("/models/train", async (TrainRequest? request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var who = JobActor.Of(actor);
            RiskModels.RequireAnalyst(actor, who.AgencyId);
            var job = await JobQueue.EnqueueAsync(db, actor, TrainModelJob.JobKind, TrainModelJob.Title(request?.Until),
                new TrainJobPayload(who, request?.Until, request?.Activate ?? true), time.GetUtcNow(), ct: ct);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
        }).Describe("trainRiskModel", "Queues the training of a new risk model on the agency's declarations and outcomes; 202 with the job to follow (analysts)");
        risk.MapPost("/models/{version:int}/activate", async (int version, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            return TypedResults.Ok(await RiskModels.ActivateAsync(db, actor, JobActor.Of(actor).AgencyId, version, ct));
        }).Describe("activateRiskModel", "Makes a trained model version the one that scores the agency's declarations (audited)");
        risk.MapGet("/models/{version:int}/after", async (int version, int? weeks, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            return TypedResults.Ok(await RiskModels.AfterTrainingAsync(db, JobActor.Of(actor).AgencyId, version, weeks ?? 4, ct));
        }).Describe("getRiskModelAfterTraining", "How a model ranked the declarations lodged in the weeks after its cut-off, against the outcomes known now", "weeks: how many weeks after the cut-off (default 4).");
        risk.MapGet("/models/weeks", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskModels.WeeksAsync(db, JobActor.Of(Actor.FromPrincipal(http.User)).AgencyId, ct)))
            .ReadsFromReplica()
            .Describe("listRiskModelWeeks", "The stored weekly measures after training of the agency's models, by version then week");
        risk.MapPost("/models/weeks", async (int? weeks, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var who = JobActor.Of(actor);
            RiskModels.RequireAnalyst(actor, who.AgencyId);
            var job = await JobQueue.EnqueueAsync(db, actor, AssessWeeksJob.JobKind, "Measure each model's weeks after training",
                new AssessJobPayload(who.AgencyId, Math.Clamp(weeks ?? 12, 1, 104)), time.GetUtcNow(), ct: ct);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
        }).Describe("assessRiskModelWeeks", "Queues the measurement of each model's weeks after training; 202 with the job to follow (analysts)", "weeks: how many weeks to measure (1–104, default 12).");
        risk.MapGet("/models/schedule", async (HttpContext http, CordonDb db, Microsoft.Extensions.Configuration.IConfiguration configuration, CancellationToken ct) =>
        {
            var options = RetrainOptions.From(configuration);
            var agency = JobActor.Of(Actor.FromPrincipal(http.User)).AgencyId;
            return TypedResults.Ok(new { every = options.Every, nextDue = await Retraining.NextDueAsync(db, agency, options, ct), minGain = options.MinGain, rule = Retraining.Rule(options.MinGain) });
        }).Describe("getRiskModelSchedule", "When the agency's model is next due for retraining, and the rule for activating a retrained one");
        risk.MapPost("/evaluate", async (EvaluateWindowRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var who = JobActor.Of(actor);
            RiskModels.RequireAnalyst(actor, who.AgencyId);
            var errors = new FieldErrors();
            if (request.TrainUntil is null) errors.Add("trainUntil", "Required (YYYY-MM-DD).");
            if (request.TestFrom is null) errors.Add("testFrom", "Required (YYYY-MM-DD).");
            if (request.TestTo is null) errors.Add("testTo", "Required (YYYY-MM-DD).");
            if (request.TestFrom < request.TrainUntil) errors.Add("testFrom", "The test window must start on or after trainUntil.");
            errors.ThrowIfAny();
            var job = await JobQueue.EnqueueAsync(db, actor, EvaluateModelJob.JobKind, $"Evaluate: train before {request.TrainUntil:yyyy-MM-dd}, test {request.TestFrom:yyyy-MM-dd} … {request.TestTo:yyyy-MM-dd}",
                new EvaluateJobPayload(who, request.TrainUntil!.Value, request.TestFrom!.Value, request.TestTo!.Value), time.GetUtcNow(), ct: ct);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
        }).Describe("evaluateRiskModel", "Queues an evaluation: train before one date, test on a later window; 202 with the job to follow (analysts)");

        risk.MapPost("/lanes/assign", async (AssignLanesRequest? request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var who = JobActor.Of(actor);
            if ((actor.Roles & (Roles.Supervisor | Roles.Analyst | Roles.Operator)) == 0)
            {
                throw new Forbidden("Assigning lanes is for the agency's supervisors, analysts and operators.");
            }
            var from = request?.From ?? await LaneQueries.LastLodgementDayAsync(db, who.AgencyId, ct) ?? throw ValidationFailed.Field("from", "The agency has no declarations.");
            var to = request?.To ?? from;
            if (to < from) throw ValidationFailed.Field("to", "The period ends before it starts.");
            var job = await JobQueue.EnqueueAsync(db, actor, AssignLanesJob.JobKind, AssignLanesJob.Title(from, to, request?.Office),
                new LaneJobPayload(who, from, to, request?.Office), time.GetUtcNow(), ct: ct);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
        }).Describe("assignLanes", "Queues lane assignment (green, yellow, red, blue) for the agency's declarations of a period and office; 202 with the job to follow");
        risk.MapGet("/lanes", async (string? office, DateOnly? day, string? lane, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            var query = policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision);
            if (!string.IsNullOrWhiteSpace(office)) query = policy.WhereSeen(query, RecordTypes.LaneDecision, "office", d => d.Office == office);
            if (day is { } dd) query = policy.WhereSeen(query, RecordTypes.LaneDecision, "lodgedOn", d => d.LodgedOn == dd);
            if (lane is not null)
            {
                if (!LaneText.TryParse(lane, out var l)) throw ValidationFailed.Field("lane", $"Unknown lane '{lane}': green, yellow, red or blue.");
                query = query.Where(d => d.Lane == l);
            }
            var size = Math.Clamp(pageSize ?? 100, 1, 1000);
            var rows = await query.OrderByDescending(d => d.LodgedOn).ThenByDescending(d => d.Priority).Skip((Math.Max(1, page ?? 1) - 1) * size).Take(size).ToListAsync(ct);
            return TypedResults.Ok(await SharedReads.ViewsAsync(db, policy, RecordTypes.LaneDecision, rows, d => d.Id, LaneDecisionView.Of, "list", ct));
        }).Describe("listLaneDecisions", "Lane decisions the caller may see, newest first, by office, lodgement day or lane", ApiDocs.PolicyRead + " office; day (YYYY-MM-DD); lane: green, yellow, red or blue; page and pageSize (1–1000, default 100).");
        risk.MapGet("/lanes/distribution", async (int? days, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            return TypedResults.Ok(await LaneQueries.DistributionAsync(policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision), days ?? 30, ct, policy));
        }).ReadsFromReplica()
            .Describe("getLaneDistribution", "How many declarations went to each lane per day over the last days", ApiDocs.PolicyRead + " days: how far back (default 30).");
        risk.MapGet("/lanes/{declarationId:guid}", async (Guid declarationId, string? breakGlass, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            var d = await db.LaneDecisions.AsNoTracking().SingleOrDefaultAsync(x => x.DeclarationId == declarationId, ct)
                ?? throw new Common.NotFound($"Declaration {declarationId} has no lane decision.");
            var decision = await SharedReads.AuthorizeAsync(db, policy, new RecordRef(RecordTypes.LaneDecision, d.OwningAgencyId, d.Marking, d.Caveats, d.Id.ToString()), breakGlass, ct);
            return TypedResults.Ok(SharedReads.View(LaneDecisionView.Of(d), decision));
        }).Describe("getLaneDecision", "A declaration's lane decision: lane, model probability, criteria score, priority, referrals and explanation", ApiDocs.PolicyReadOne);
        risk.MapGet("/worklist", async (string? office, DateOnly? day, int? limit, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            return TypedResults.Ok(await LaneQueries.WorklistAsync(policy.Filter(db.LaneDecisions, RecordTypes.LaneDecision), office, day, limit ?? 200, ct, db, policy));
        }).Describe("getInspectionWorklist", "The red and yellow lane decisions of a day, by priority, for an office's inspectors", ApiDocs.PolicyRead + " office; day (YYYY-MM-DD, default the latest); limit (default 200).");
        risk.MapPut("/capacity/{office}", async (string office, CapacityRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var errors = new FieldErrors();
            if (request.Red is null) errors.Add("red", "Required: physical inspections per day.");
            if (request.Yellow is null) errors.Add("yellow", "Required: documentary checks per day.");
            errors.ThrowIfAny();
            var c = await Lanes.Lanes.SetCapacityAsync(db, actor, JobActor.Of(actor).AgencyId, office, request.Red!.Value, request.Yellow!.Value, ct);
            return TypedResults.Ok(new { c.Office, red = c.RedPerDay, yellow = c.YellowPerDay, c.UpdatedAt, c.UpdatedBy });
        }).Describe("setOfficeCapacity", "Sets an office's daily capacity: physical inspections (red) and documentary checks (yellow) (audited)");
        // Single-declaration scoring: a stored declaration (read through the access policy), or a posted one not stored.
        risk.MapPost("/score/{declarationId:guid}", async (Guid declarationId, string? breakGlass, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            Scoring.RiskScoring.RequireScorer(actor);
            var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(http), ct: ct);
            var d = await db.Declarations.AsNoTracking().Where(x => x.Id == declarationId).Select(x => new { x.OwningAgencyId, x.Marking }).SingleOrDefaultAsync(ct)
                ?? throw new Common.NotFound($"No declaration {declarationId}.");
            var decision = await SharedReads.AuthorizeAsync(db, policy, new RecordRef(RecordTypes.Declaration, d.OwningAgencyId, d.Marking, RecordId: declarationId.ToString()), breakGlass, ct);
            if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != d.OwningAgencyId)
            {
                // Scoring applies the owner's criteria and model: sharing a declaration does not share those.
                throw new Forbidden("Only the declaration's owning agency scores it (its criteria and model are its own).");
            }
            return TypedResults.Ok(SharedReads.View(await Scoring.RiskScoring.ScoreStoredAsync(db, declarationId, ct: ct), decision));
        }).Describe("scoreDeclaration", "Scores a stored declaration with its owning agency's criteria and model (the owner only)", ApiDocs.PolicyReadOne);
        risk.MapPost("/score", async (Declarations.DeclarationInput? input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            if (input is null) throw ValidationFailed.Field("", "A declaration (JSON, the intake format) is required.");
            return TypedResults.Ok(await Scoring.RiskScoring.ScorePostedAsync(db, Actor.FromPrincipal(http.User), input, ct: ct));
        }).Describe("scorePostedDeclaration", "Scores a declaration posted in the intake format without storing it, with the caller's agency's criteria and model");
        risk.MapGet("/criteria/{id:guid}/effectiveness", async (Guid id, int? weeks, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(http), ct: ct);
            return TypedResults.Ok(await Criteria.CriterionEffectiveness.WeeklyAsync(db, actor, policy, id, weeks ?? 12, ct));
        }).ReadsFromReplica()
            .Describe("getRiskCriterionEffectiveness", "A criterion's weekly effectiveness: how often it fired and what inspections found", ApiDocs.PolicyRead + " weeks: how many weeks back (default 12).");
        risk.MapPost("/criteria/{id:guid}/backtest", async (Guid id, int? days, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await CriterionBacktest.RunAsync(db, Actor.FromPrincipal(http.User), id, days ?? 90, ct: ct)))
            .Describe("backtestRiskCriterion", "Evaluates a criterion, whatever its status, on the agency's declarations of the last days, with what was known before each", "days: how far back (default 90).");
        return app;
    }
}
